package io.github.cellinr.cli;

import io.github.cellinr.core.CellInrException;
import picocli.CommandLine.Option;

/**
 * {@code --threads N}, the same on every verb (0 = one per core). Used as a picocli mixin, so the spelling, the
 * default and the checks live here once: a negative count is refused rather than read as "all cores", and a
 * count far beyond any machine is refused rather than allocating per-thread buffers until memory runs out.
 */
public final class ThreadsOption {

    /** The largest count accepted (or the machine's processors, if it has more). */
    static final int MAX = 256;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Worker threads (0 = all cores, at most " + MAX + ").")
    int count;

    /** The threads to use: the option, or one per available processor when it is 0. */
    int resolved() {
        return resolve(count);
    }

    /** Checks a thread count given on the command line and resolves 0 to the processor count. */
    static int resolve(int count) {
        int processors = Runtime.getRuntime().availableProcessors();
        if (count < 0) {
            throw CellInrException.of("--threads must be 0 (all cores) or positive, got " + count);
        }
        int max = Math.max(MAX, processors);
        if (count > max) {
            throw CellInrException.of("--threads " + count + " is more than " + max + " (this machine has "
                    + processors + " cores; 0 uses them all)");
        }
        return count == 0 ? processors : count;
    }
}
