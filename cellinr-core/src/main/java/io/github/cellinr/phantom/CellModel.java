package io.github.cellinr.phantom;

import java.util.List;
import java.util.Map;

/** The continuous shape of one phantom cell over its sequence, in its body frame (micrometres). */
interface CellModel {

    /** The parts of the cell at frame {@code frame}, normalised time {@code tau} in [0, 1]. */
    List<Part> parts(int frame, double tau);

    /** The lineage of the labels this cell uses over {@code frames} frames. */
    List<PhantomTrack> tracks();

    /** The random parameters this cell was drawn with (physical units in the names), for provenance. */
    Map<String, Object> parameters();

    /**
     * The radius of a body whose volume grows linearly from {@code radius0Um}'s to {@code volumeGrowth} times
     * that as {@code tau} goes from 0 to 1.
     */
    static double linearVolumeRadiusUm(double radius0Um, double volumeGrowth, double tau) {
        return radius0Um * Math.cbrt(1 + (volumeGrowth - 1) * tau);
    }

    /** The lineage of a cell that stays one label, 1, and never divides. */
    static List<PhantomTrack> singleTrack(int frames) {
        return List.of(new PhantomTrack(1, 0, frames - 1, 0));
    }
}
