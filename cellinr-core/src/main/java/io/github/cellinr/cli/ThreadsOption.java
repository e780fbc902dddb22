package io.github.cellinr.cli;

import picocli.CommandLine.Option;

/** {@code --threads N} for the verbs whose 0 means every core. Used as a picocli mixin. */
public final class ThreadsOption {

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Worker threads (0 = all cores).")
    int count;

    /** The threads to use: the option, or one per available processor when it is 0 (or negative). */
    int resolved() {
        return count > 0 ? count : Runtime.getRuntime().availableProcessors();
    }
}
