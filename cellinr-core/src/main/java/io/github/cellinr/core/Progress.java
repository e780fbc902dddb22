package io.github.cellinr.core;

/**
 * Progress of one long task. Obtained from a {@link ProgressSink}; close it when the task ends.
 * Implementations are safe to call from several worker threads.
 */
public interface Progress extends AutoCloseable {

    /** Advances by {@code n} units. */
    void step(long n);

    /** Sets the absolute position (for resumed work that starts half way). */
    void stepTo(long position);

    /** A short status shown beside the bar or in the log line, e.g. {@code "loss 0.0123"}. */
    void status(String text);

    @Override
    void close();
}
