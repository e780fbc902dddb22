package io.github.cellinr.render;

import io.github.cellinr.core.LabelVolume;
import java.util.List;
import java.util.Map;

/**
 * The input of a render: label masks over time (label = track id, as in the Cell Tracking Challenge) and the
 * division lineage. Frames are read one at a time, so a sequence need not fit in memory.
 */
public interface MaskSequence {

    int frameCount();

    /** Frame {@code t} (0-based). File-backed sequences throw a one-line error naming the file. */
    LabelVolume frame(int t);

    /** Daughter label -> mother label for cells born by division; empty when the input has no lineage. */
    Map<Integer, Integer> parents();

    /** True when the input came with a lineage (then TRA ground truth can be written). */
    default boolean hasLineage() {
        return !parents().isEmpty();
    }

    /** An in-memory sequence. */
    static MaskSequence of(List<LabelVolume> frames, Map<Integer, Integer> parents) {
        List<LabelVolume> copy = List.copyOf(frames);
        Map<Integer, Integer> lineage = Map.copyOf(parents);
        return new MaskSequence() {
            @Override
            public int frameCount() {
                return copy.size();
            }

            @Override
            public LabelVolume frame(int t) {
                return copy.get(t);
            }

            @Override
            public Map<Integer, Integer> parents() {
                return lineage;
            }
        };
    }
}
