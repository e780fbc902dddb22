package io.github.cellinr.io;

import io.github.cellinr.core.CellInrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds Cell Tracking Challenge sequences in a folder.
 *
 * <p>Understood: the challenge layout ({@code NN/t###.tif}, {@code NN_GT/SEG/man_seg###.tif},
 * {@code NN_GT/TRA/man_track###.tif} + {@code man_track.txt}, {@code NN_RES/mask###.tif} +
 * {@code res_track.txt}, silver truth {@code NN_ST/SEG}), any folder up to three levels down holding one of
 * these file families, and a bare folder holding them directly. Frame numbers have 3 or 4 digits. The
 * 2D slice annotations of 3D ground truth ({@code man_seg_TTT_ZZZ.tif}) are skipped with a note.
 */
public final class CtcLayout {
    private CtcLayout() {
    }

    private static final int MAX_DEPTH = 3;
    private static final Pattern SLICE_ANNOTATION = Pattern.compile("man_seg_\\d{3,4}_\\d{3,4}\\.tiff?");
    private static final Pattern CTC_FOLDER = Pattern.compile("(\\d+)(?:_GT|_ST|_RES)?(?:/(?:SEG|TRA))?");
    private static final Pattern CTC_ROOT = Pattern.compile("(\\d+)(?:_GT|_ST|_RES)?");

    /** What {@link #discover} found: sequences ordered by name then kind, and notes on skipped files. */
    public record Discovery(List<CtcSequence> sequences, List<String> notes) {
        public Discovery {
            sequences = List.copyOf(sequences);
            notes = List.copyOf(notes);
        }

        /** The sequences of one kind. */
        public List<CtcSequence> ofKind(CtcKind kind) {
            return sequences.stream().filter(s -> s.kind() == kind).toList();
        }
    }

    /** Digits of frame numbers in file names: 3, or 4 when there are more than 1000 frames. */
    public static int frameDigits(int frameCount) {
        return frameCount > 1000 ? 4 : 3;
    }

    /**
     * Finds every CTC file family in {@code root} and its subfolders (hidden folders skipped).
     *
     * @throws CellInrException if {@code root} is missing, not a folder, holds no CTC files, or holds the same
     *                          frame twice (e.g. {@code t001.tif} and {@code t0001.tif})
     */
    public static Discovery discover(Path root) {
        if (!Files.exists(root)) {
            throw CellInrException.of(root, "folder does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw CellInrException.of(root, "is a file, not a folder of Cell Tracking Challenge sequences");
        }
        List<CtcSequence> sequences = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
            walk.filter(Files::isDirectory).filter(p -> p.equals(root) || !isHidden(root.relativize(p)))
                    .sorted().forEach(folders::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw CellInrException.of(root, "cannot list folder: " + e.getMessage(), e);
        }
        for (Path folder : folders) {
            scan(root, folder, sequences, notes);
        }
        if (sequences.isEmpty()) {
            throw CellInrException.of(root, "holds no Cell Tracking Challenge files (expected t###.tif,"
                    + " man_seg###.tif, man_track###.tif or mask###.tif, directly or in NN/, NN_GT/SEG/, NN_GT/TRA/,"
                    + " NN_RES/)" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
        }
        sequences.sort(Comparator.comparing(CtcSequence::name).thenComparing(CtcSequence::kind));
        return new Discovery(sequences, notes);
    }

    /** Reads one folder as a sequence of {@code kind} (e.g. a result folder given on the command line). */
    public static CtcSequence open(Path folder, CtcKind kind) {
        if (!Files.isDirectory(folder)) {
            throw CellInrException.of(folder, Files.exists(folder) ? "is a file, not a folder" : "folder does not exist");
        }
        List<CtcSequence> found = new ArrayList<>();
        scan(folder, folder, found, new ArrayList<>());
        return found.stream().filter(s -> s.kind() == kind).findFirst().orElseThrow(() -> CellInrException.of(folder,
                "holds no " + kind.prefix() + "###.tif files"));
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static void scan(Path root, Path folder, List<CtcSequence> sequences, List<String> notes) {
        Map<CtcKind, TreeMap<Integer, Path>> families = new EnumMap<>(CtcKind.class);
        int sliceAnnotations = 0;
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw CellInrException.of(folder, "cannot list folder: " + e.getMessage(), e);
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            if (SLICE_ANNOTATION.matcher(fileName).matches()) {
                sliceAnnotations++;
                continue;
            }
            for (CtcKind kind : CtcKind.values()) {
                int frame = kind.frameOf(fileName);
                if (frame >= 0) {
                    Path previous = families.computeIfAbsent(kind, k -> new TreeMap<>()).put(frame, file);
                    if (previous != null) {
                        throw CellInrException.of(folder, "holds frame " + frame + " twice: "
                                + previous.getFileName() + " and " + fileName);
                    }
                }
            }
        }
        String name = sequenceName(root, folder);
        if (sliceAnnotations > 0) {
            notes.add(name + ": skipped " + sliceAnnotations + " 2D slice annotation(s) man_seg_TTT_ZZZ.tif"
                    + " (only whole-frame man_seg###.tif files are read)");
        }
        for (var e : families.entrySet()) {
            CtcKind kind = e.getKey();
            Optional<Path> lineage = kind.lineageFileName().map(folder::resolve).filter(Files::isRegularFile);
            if (kind.lineageFileName().isPresent() && lineage.isEmpty()) {
                notes.add(name + ": " + kind.prefix() + " files without " + kind.lineageFileName().get()
                        + " (no lineage)");
            }
            sequences.add(new CtcSequence(name, kind, folder, e.getValue(), lineage));
        }
    }

    private static String sequenceName(Path root, Path folder) {
        String relative = root.relativize(folder).toString().replace('\\', '/');
        if (!relative.isEmpty()) {
            Matcher m = CTC_FOLDER.matcher(relative);
            return m.matches() ? m.group(1) : relative;
        }
        Path abs = folder.toAbsolutePath().normalize();
        String own = abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
        Matcher m = CTC_ROOT.matcher(own);
        if (m.matches()) {
            return m.group(1);
        }
        if ((own.equals("SEG") || own.equals("TRA")) && abs.getParent() != null
                && abs.getParent().getFileName() != null) {
            Matcher parent = Pattern.compile("(\\d+)_(?:GT|ST)").matcher(abs.getParent().getFileName().toString());
            if (parent.matches()) {
                return parent.group(1);
            }
        }
        return own;
    }
}
