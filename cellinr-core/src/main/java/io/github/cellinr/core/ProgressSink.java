package io.github.cellinr.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Where stages report progress. Stages receive a sink from their caller, so tests pass {@link #NONE}
 * and the CLI passes {@link #console()}: a bar with rate and ETA on a terminal, plain log lines otherwise
 * (CI logs, pipes, files).
 */
@FunctionalInterface
public interface ProgressSink {

    /** Starts a task of {@code total} units (e.g. "frames", "points"); total 0 means unknown. */
    Progress start(String task, long total, String unit);

    /** Reports nothing. */
    ProgressSink NONE = (task, total, unit) -> new Progress() {
        @Override
        public void step(long n) {
        }

        @Override
        public void stepTo(long position) {
        }

        @Override
        public void status(String text) {
        }

        @Override
        public void close() {
        }
    };

    /** A progress bar on an interactive terminal, periodic log lines on stderr otherwise. */
    static ProgressSink console() {
        return isTerminal() ? ProgressSink::bar : log(System.err, Duration.ofSeconds(10));
    }

    /** Plain log lines at most every {@code interval}, plus one at the end. */
    static ProgressSink log(PrintStream out, Duration interval) {
        return (task, total, unit) -> new LogProgress(out, task, total, unit, interval.toNanos());
    }

    private static Progress bar(String task, long total, String unit) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total > 0 ? total : -1)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .build();
        return new Progress() {
            @Override
            public void step(long n) {
                bar.stepBy(n);
            }

            @Override
            public void stepTo(long position) {
                bar.stepTo(position);
            }

            @Override
            public void status(String text) {
                bar.setExtraMessage(" " + text);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** True when stderr is an interactive terminal (JDK 22+ asks the console itself). */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only when attached to a terminal
        }
    }

    /** Log-line progress: "task: 120/990 frames (12%), 3.2 frames/s, ETA 4m33s [status]". */
    final class LogProgress implements Progress {
        private final PrintStream out;
        private final String task;
        private final long total;
        private final String unit;
        private final long intervalNanos;
        private final long startNanos = System.nanoTime();
        private final AtomicLong position = new AtomicLong();
        private volatile long lastPrintNanos = startNanos;
        private volatile String status = "";
        private volatile boolean closed;

        LogProgress(PrintStream out, String task, long total, String unit, long intervalNanos) {
            this.out = out;
            this.task = task;
            this.total = total;
            this.unit = unit;
            this.intervalNanos = intervalNanos;
        }

        @Override
        public void step(long n) {
            position.addAndGet(n);
            maybePrint();
        }

        @Override
        public void stepTo(long p) {
            position.set(p);
            maybePrint();
        }

        @Override
        public void status(String text) {
            status = text == null ? "" : text;
        }

        private void maybePrint() {
            long now = System.nanoTime();
            if (now - lastPrintNanos >= intervalNanos) {
                synchronized (this) {
                    if (now - lastPrintNanos >= intervalNanos) {
                        lastPrintNanos = now;
                        out.println(line(now));
                    }
                }
            }
        }

        String line(long now) {
            long p = position.get();
            double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
            double rate = p / seconds;
            StringBuilder sb = new StringBuilder(task).append(": ").append(p);
            if (total > 0) {
                sb.append('/').append(total);
            }
            sb.append(' ').append(unit);
            if (total > 0) {
                sb.append(String.format(java.util.Locale.ROOT, " (%d%%)", Math.round(100.0 * p / total)));
            }
            sb.append(String.format(java.util.Locale.ROOT, ", %.3g %s/s", rate, unit));
            if (total > 0 && p > 0 && p < total) {
                sb.append(", ETA ").append(formatDuration((long) ((total - p) / rate)));
            } else {
                sb.append(", elapsed ").append(formatDuration((long) seconds));
            }
            if (!status.isEmpty()) {
                sb.append(", ").append(status);
            }
            return sb.toString();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                out.println(line(System.nanoTime()));
            }
        }
    }

    static String formatDuration(long seconds) {
        if (seconds >= 3600) {
            return String.format(java.util.Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
        }
        if (seconds >= 60) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }
}
