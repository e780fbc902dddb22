package io.github.cellinr.spark;

import io.github.cellinr.cli.RenderOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --render DIR} and the options of {@code cellinr render}: render each sequence right after it is made. */
final class RenderTarget {

    @Option(names = "--render", paramLabel = "DIR",
            description = "Also render every sequence as {@code cellinr render --masks OUT --out DIR} would (same"
                    + " seed, same names NN, NN_GT, mip/), each in the task that made it.")
    String out;

    @Mixin
    RenderOptions options;
}
