package io.github.cellinr.shape;

import io.github.cellinr.core.CellInrException;
import java.util.Locale;

/** How {@code prepare} follows cells over time. */
public enum TrackingMode {
    /** The lineage file when there is one; otherwise by label if labels are linked over time, else none. */
    AUTO,
    /** The {@code L B E P} lineage file: a sequence is a root track, then its two daughters after it divides. */
    LINEAGE,
    /** The same label in consecutive frames is the same cell (no divisions). */
    LABEL,
    /** Labels are unrelated across frames: every cell in every frame is a one-frame sequence. */
    NONE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TrackingMode parse(String text) {
        for (TrackingMode m : values()) {
            if (m.id().equalsIgnoreCase(text.strip())) {
                return m;
            }
        }
        throw CellInrException.of("tracking '" + text + "' is not one of auto, lineage, label, none");
    }
}
