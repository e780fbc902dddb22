package io.github.cellinr.spark;

import picocli.CommandLine.Option;

/** Where the job runs when it is not started by spark-submit (which sets the master itself). */
final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not given by spark-submit, e.g. local[4] (default: local[*]).")
    String master;
}
