package io.github.cellinr.eval;

import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.io.Lineage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A time-lapse of label masks to evaluate: read one frame at a time, so that memory holds one or two frames
 * whatever the sequence's length.
 */
public interface MaskSequence {

    /** Pairs sequences of two sets (e.g. "01" in real and in reconstructed). */
    String name();

    /** Frame numbers, ascending. A time point of the evaluation is a frame number minus the first one. */
    List<Integer> frames();

    LabelVolume read(int frame);

    /** The division lineage (CTC {@code L B E P}), when the sequence has one. */
    Optional<Lineage> lineage();

    /** A Cell Tracking Challenge sequence found by {@link io.github.cellinr.io.CtcLayout}. */
    static MaskSequence of(CtcSequence ctc) {
        return new MaskSequence() {
            @Override
            public String name() {
                return ctc.name();
            }

            @Override
            public List<Integer> frames() {
                return new ArrayList<>(ctc.frames().keySet());
            }

            @Override
            public LabelVolume read(int frame) {
                return ctc.readLabels(frame);
            }

            @Override
            public Optional<Lineage> lineage() {
                return ctc.readLineage();
            }

            @Override
            public String toString() {
                return ctc.toString();
            }
        };
    }

    /** Frames held in memory (tests, and stages that evaluate what they just generated). */
    static MaskSequence inMemory(String name, List<LabelVolume> frames, Lineage lineage) {
        List<LabelVolume> copy = List.copyOf(frames);
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < copy.size(); i++) {
            numbers.add(i);
        }
        return new MaskSequence() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Integer> frames() {
                return numbers;
            }

            @Override
            public LabelVolume read(int frame) {
                return copy.get(frame);
            }

            @Override
            public Optional<Lineage> lineage() {
                return Optional.ofNullable(lineage).filter(l -> !l.isEmpty());
            }
        };
    }
}
