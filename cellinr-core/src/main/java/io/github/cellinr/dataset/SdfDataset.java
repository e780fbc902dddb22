package io.github.cellinr.dataset;

/**
 * The read side of a prepared training set, as the trainer, the evaluation and the experiments see it:
 * per sequence a list of SDF frames on an N^3 grid over [-1,1]^3, each with its near/far sample index.
 *
 * <p>Implementations must allow concurrent {@link #frame} calls from worker threads.
 */
public interface SdfDataset extends AutoCloseable {

    DatasetInfo info();

    default int sequenceCount() {
        return info().sequences().size();
    }

    /** One frame of one sequence; a cheap view (memory-mapped or in memory). */
    SdfFrame frame(int sequence, int frame);

    @Override
    void close();
}
