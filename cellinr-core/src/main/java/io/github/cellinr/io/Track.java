package io.github.cellinr.io;

import io.github.cellinr.core.CellInrException;

/**
 * One line of a Cell Tracking Challenge lineage file ({@code man_track.txt}, {@code res_track.txt}):
 * the object with {@code label} exists in frames {@code begin..end} (inclusive) and descends from
 * {@code parent} (0 when it has no parent in the sequence).
 */
public record Track(int label, int begin, int end, int parent) {

    public Track {
        if (label < 1) {
            throw CellInrException.of("track label must be at least 1, got " + label);
        }
        if (begin < 0 || end < begin) {
            throw CellInrException.of("track " + label + " has frames " + begin + ".." + end
                    + "; need 0 <= begin <= end");
        }
        if (parent < 0 || parent == label) {
            throw CellInrException.of("track " + label + " has parent " + parent
                    + "; need 0 (none) or another track's label");
        }
    }

    /** A track without parent. */
    public static Track root(int label, int begin, int end) {
        return new Track(label, begin, end, 0);
    }

    public boolean hasParent() {
        return parent != 0;
    }

    public boolean contains(int frame) {
        return frame >= begin && frame <= end;
    }

    /** The {@code L B E P} line, without newline. */
    public String toLine() {
        return label + " " + begin + " " + end + " " + parent;
    }
}
