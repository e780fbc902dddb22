package io.github.cellinr.io;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.LabelVolume;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One family of frame files of a Cell Tracking Challenge sequence, found by {@link CtcLayout#discover}:
 * the frames by number (files not read yet: read them one at a time with {@link #readLabels(int)} so that
 * memory stays bounded) and the lineage file where the family has one.
 *
 * @param name    sequence name: {@code 01} for {@code 01/}, {@code 01_GT/SEG}, {@code 01_RES}; otherwise the
 *                folder's path relative to the discovered root (or the root's name)
 * @param kind    the file family
 * @param folder  the folder holding the frame files
 * @param frames  frame number to file, ascending (not necessarily contiguous: SEG ground truth is sparse)
 * @param lineage the {@code man_track.txt} / {@code res_track.txt} file, when present
 */
public record CtcSequence(String name, CtcKind kind, Path folder, SortedMap<Integer, Path> frames,
        Optional<Path> lineage) {

    public CtcSequence {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(folder, "folder");
        frames = Collections.unmodifiableSortedMap(new TreeMap<>(frames));
        Objects.requireNonNull(lineage, "lineage");
    }

    public int frameCount() {
        return frames.size();
    }

    public int firstFrame() {
        return frames.firstKey();
    }

    public int lastFrame() {
        return frames.lastKey();
    }

    /** Whether the frames are numbered without gaps. */
    public boolean isContiguous() {
        return frames.isEmpty() || lastFrame() - firstFrame() + 1 == frames.size();
    }

    /** The file of frame {@code t}. */
    public Path frame(int t) {
        Path file = frames.get(t);
        if (file == null) {
            throw CellInrException.of(folder, "sequence " + name + " has no " + kind.prefix() + " file for frame " + t
                    + " (frames " + (frames.isEmpty() ? "none" : firstFrame() + ".." + lastFrame()) + ")");
        }
        return file;
    }

    /** Reads frame {@code t} as a label volume. */
    public LabelVolume readLabels(int t) {
        return TiffReader.readLabels(frame(t));
    }

    /** Reads frame {@code t} with its original sample type (for {@link CtcKind#IMAGES}). */
    public TiffImage readImage(int t) {
        return TiffReader.read(frame(t));
    }

    /** Reads and validates the lineage file, when the sequence has one. */
    public Optional<Lineage> readLineage() {
        return lineage.map(Lineage::read);
    }

    @Override
    public String toString() {
        return name + " " + kind + " (" + frames.size() + " frames in " + folder + ")";
    }
}
