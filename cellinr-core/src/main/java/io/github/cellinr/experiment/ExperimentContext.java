package io.github.cellinr.experiment;

import io.github.cellinr.core.ProgressSink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an experiment run shares with its steps: the output folder, {@code --quick}, the root seed, the worker
 * threads, where to print its progress lines and bars, and the command line (for provenance).
 *
 * @param folder   the run's output folder (created by the runner)
 * @param quick    the small variant (minutes; what the tests run)
 * @param seed     root of every random choice
 * @param threads  worker threads of training, inference and evaluation
 * @param log      one line per step (training this model, scoring that one)
 * @param progress bars of the long steps
 * @param command  the command line
 */
public record ExperimentContext(Path folder, boolean quick, long seed, int threads, PrintWriter log,
                                ProgressSink progress, List<String> command) {

    public ExperimentContext {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(progress, "progress");
        command = List.copyOf(command);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** A path inside the output folder. */
    public Path path(String first, String... more) {
        Path p = folder.resolve(first);
        for (String m : more) {
            p = p.resolve(m);
        }
        return p;
    }

    /** Prints one progress line. */
    public void say(String format, Object... args) {
        log.println(String.format(Locale.ROOT, format, args));
        log.flush();
    }
}
