package io.github.cellinr.io;

import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.core.CellInrException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The tracks of one Cell Tracking Challenge sequence, read from or written to the {@code L B E P} text format
 * ({@code man_track.txt} / {@code res_track.txt}): one line per track, four non-negative integers separated
 * by white space: label, first frame, last frame, parent label (0 for none).
 *
 * <p>Validated on construction: labels unique, {@code B <= E}, every parent a label of this lineage that
 * ends before its child begins (the CTC rule for divisions and gap-closing links).
 */
public final class Lineage {
    private final List<Track> tracks;
    private final Map<Integer, Track> byLabel;

    private Lineage(List<Track> tracks, Map<Integer, Track> byLabel) {
        this.tracks = tracks;
        this.byLabel = byLabel;
    }

    /** A validated lineage of {@code tracks}; the order is normalised to ascending label. */
    public static Lineage of(List<Track> tracks) {
        Map<Integer, Track> byLabel = new TreeMap<>();
        for (Track t : tracks) {
            if (byLabel.put(t.label(), t) != null) {
                throw CellInrException.of("lineage lists label " + t.label() + " twice");
            }
        }
        for (Track t : tracks) {
            String problem = parentProblem(t, byLabel);
            if (problem != null) {
                throw CellInrException.of(problem);
            }
        }
        List<Track> sorted = new ArrayList<>(tracks);
        sorted.sort(Comparator.comparingInt(Track::label));
        return new Lineage(Collections.unmodifiableList(sorted), Collections.unmodifiableMap(byLabel));
    }

    public static Lineage empty() {
        return of(List.of());
    }

    private static String parentProblem(Track t, Map<Integer, Track> byLabel) {
        if (!t.hasParent()) {
            return null;
        }
        Track parent = byLabel.get(t.parent());
        if (parent == null) {
            return "track " + t.label() + " names parent " + t.parent() + ", which is not a track of this lineage";
        }
        if (parent.end() >= t.begin()) {
            return "track " + t.label() + " begins in frame " + t.begin() + " but its parent " + t.parent()
                    + " lasts until frame " + parent.end() + " (a parent must end before its child begins)";
        }
        return null;
    }

    /**
     * Reads and validates a lineage file. Empty lines are ignored.
     *
     * @throws CellInrException naming the file, and the line number where a line is at fault
     */
    public static Lineage read(Path file) {
        List<Track> tracks = new ArrayList<>();
        Map<Integer, Integer> lineOf = new TreeMap<>();
        Map<Integer, Track> byLabel = new TreeMap<>();
        if (Files.isDirectory(file)) {
            throw CellInrException.of(file, "is a folder, not a lineage file");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                String[] parts = text.split("\\s+");
                if (parts.length != 4) {
                    throw lineError(file, number, "has " + parts.length + " fields, expected 4 ('L B E P': label,"
                            + " begin, end, parent): '" + abbreviate(text) + "'");
                }
                int[] v = new int[4];
                for (int i = 0; i < 4; i++) {
                    try {
                        v[i] = Integer.parseInt(parts[i]);
                    } catch (NumberFormatException e) {
                        throw lineError(file, number, "field " + (i + 1) + " '" + abbreviate(parts[i])
                                + "' is not a whole number");
                    }
                    if (v[i] < 0) {
                        throw lineError(file, number, "field " + (i + 1) + " is negative (" + v[i] + ")");
                    }
                }
                Track track;
                try {
                    track = new Track(v[0], v[1], v[2], v[3]);
                } catch (CellInrException e) {
                    throw lineError(file, number, e.getMessage());
                }
                Integer previous = lineOf.put(track.label(), number);
                if (previous != null) {
                    throw lineError(file, number, "label " + track.label() + " was already listed on line " + previous);
                }
                byLabel.put(track.label(), track);
                tracks.add(track);
            }
        } catch (NoSuchFileException e) {
            throw CellInrException.of(file, "lineage file does not exist", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw CellInrException.of(file, "is not a text lineage file (it holds binary data)", e);
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read: " + e.getMessage(), e);
        }
        for (Track t : tracks) {
            String problem = parentProblem(t, byLabel);
            if (problem != null) {
                throw lineError(file, lineOf.get(t.label()), problem);
            }
        }
        return of(tracks);
    }

    private static CellInrException lineError(Path file, int line, String problem) {
        return CellInrException.of(file, "line " + line + ": " + problem);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Writes the lineage atomically, one {@code L B E P} line per track in ascending label order. */
    public void write(Path file) {
        AtomicFiles.writeString(file, toText());
    }

    /** The file content: one {@code L B E P} line per track, each ending in a newline. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Track t : tracks) {
            sb.append(t.toLine()).append('\n');
        }
        return sb.toString();
    }

    /** Tracks in ascending label order. */
    public List<Track> tracks() {
        return tracks;
    }

    public Optional<Track> track(int label) {
        return Optional.ofNullable(byLabel.get(label));
    }

    /** The tracks whose parent is {@code label} (two after a division), in ascending label order. */
    public List<Track> children(int label) {
        List<Track> children = new ArrayList<>();
        for (Track t : tracks) {
            if (t.parent() == label) {
                children.add(t);
            }
        }
        return children;
    }

    /** The labels present in {@code frame} according to the lineage, ascending. */
    public List<Integer> labelsIn(int frame) {
        List<Integer> labels = new ArrayList<>();
        for (Track t : tracks) {
            if (t.contains(frame)) {
                labels.add(t.label());
            }
        }
        return labels;
    }

    public int size() {
        return tracks.size();
    }

    public boolean isEmpty() {
        return tracks.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lineage other && tracks.equals(other.tracks);
    }

    @Override
    public int hashCode() {
        return tracks.hashCode();
    }

    @Override
    public String toString() {
        return "Lineage" + tracks;
    }
}
