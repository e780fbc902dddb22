package io.github.cellinr.fiji;

import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import ij.IJ;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Stage progress in ImageJ's status bar and progress bar ("Generate: 12/90 frames"). */
final class ImageJProgress implements ProgressSink {
    private final String command;

    ImageJProgress(String command) {
        this.command = command;
    }

    @Override
    public Progress start(String task, long total, String unit) {
        IJ.showStatus(command + ": " + task + "...");
        AtomicLong position = new AtomicLong();
        return new Progress() {
            private volatile String status = "";

            @Override
            public void step(long n) {
                show(position.addAndGet(n));
            }

            @Override
            public void stepTo(long p) {
                position.set(p);
                show(p);
            }

            @Override
            public void status(String text) {
                status = text == null ? "" : " (" + text + ")";
            }

            private void show(long p) {
                if (total > 0) {
                    IJ.showProgress((double) p / total);
                    IJ.showStatus(String.format(Locale.ROOT, "%s: %s %d/%d %s%s", command, task, p, total, unit,
                            status));
                } else {
                    IJ.showStatus(String.format(Locale.ROOT, "%s: %s %d %s%s", command, task, p, unit, status));
                }
            }

            @Override
            public void close() {
                IJ.showProgress(1.0);
            }
        };
    }
}
