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
}
