package io.github.cellinr.train;

import io.github.cellinr.core.ProgressSink;
import java.nio.file.Path;
import java.util.List;

/** A training run in its own JVM, for the kill -9 test: {@code TrainerChild OUT_DIR}. */
public final class TrainerChild {
    private TrainerChild() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        new Trainer(TrainerResumeTest.data(), null, out, List.of("child"), ProgressSink.NONE)
                .train(TrainerResumeTest.options());
    }
}
