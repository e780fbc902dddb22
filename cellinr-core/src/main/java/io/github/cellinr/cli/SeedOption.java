package io.github.cellinr.cli;

import picocli.CommandLine.Option;

/**
 * {@code --seed K}, the same on every verb: one spelling, one default (1) and one meaning, the root seed every
 * random choice of the run is derived from (so the same seed and inputs give the same output). Used as a
 * picocli mixin.
 */
public final class SeedOption {

    /** The default of every verb (evaluate used 42 while the others used 1). */
    static final long DEFAULT = 1;

    @Option(names = "--seed", defaultValue = "" + DEFAULT, paramLabel = "K",
            description = "Root seed of every random choice (the same seed and inputs give the same output).")
    long value;
}
