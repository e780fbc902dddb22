package io.github.cellinr.shape;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.io.CtcKind;
import io.github.cellinr.io.CtcLayout;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.io.Hdf5Volumes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns the {@code --in} path of {@code prepare} into label series:
 * <ul>
 *   <li>a Cell Tracking Challenge folder: every sequence in it, each from its tracking ground truth
 *       ({@code NN_GT/TRA} + {@code man_track.txt}) when present, else its results ({@code NN_RES} +
 *       {@code res_track.txt}), else its segmentations ({@code NN_GT/SEG}, no lineage);</li>
 *   <li>a folder of label TIFFs, one 3D file per frame, in file-name order;</li>
 *   <li>a folder of HDF5 files, one per frame, in file-name order;</li>
 *   <li>a single TIFF or HDF5 file: one frame.</li>
 * </ul>
 */
public final class PrepareInputs {

    private PrepareInputs() {
    }

    /**
     * The series found, and what the discovery wants the user to know.
     *
     * @param series the input series
     * @param notes  e.g. files skipped
     * @param seed   the seed in the input's provenance.json (phantoms), or 0
     */
    public record Inputs(List<LabelSeries> series, List<String> notes, long seed) {
    }

    public static Inputs open(Path in) {
        if (!Files.exists(in)) {
            throw CellInrException.of(in, "does not exist");
        }
        long seed = seedOf(in);
        if (Files.isRegularFile(in)) {
            String name = stem(in);
            if (isTiff(in)) {
                return new Inputs(List.of(LabelSeries.tiffFiles(name, in, List.of(in))), List.of(), seed);
            }
            if (isHdf5(in)) {
                return new Inputs(List.of(hdf5(name, in, List.of(in))), List.of(), seed);
            }
            throw CellInrException.of(in, "is neither a TIFF nor an HDF5 file (nor a folder of them)");
        }
        List<Path> files = list(in);
        List<Path> tiffs = files.stream().filter(PrepareInputs::isTiff).toList();
        List<Path> h5 = files.stream().filter(PrepareInputs::isHdf5).toList();
        boolean ctcNames = tiffs.stream().anyMatch(PrepareInputs::isCtcName) || tiffs.isEmpty();
        if (ctcNames && h5.isEmpty()) {
            CtcLayout.Discovery found = CtcLayout.discover(in);
            Map<String, CtcSequence> best = new LinkedHashMap<>();
            for (CtcKind kind : new CtcKind[] {CtcKind.TRACKING, CtcKind.RESULT, CtcKind.SEGMENTATION}) {
                for (CtcSequence s : found.ofKind(kind)) {
                    best.putIfAbsent(s.name(), s);
                }
            }
            if (best.isEmpty()) {
                throw CellInrException.of(in, "holds only raw images (t###.tif); prepare needs label masks"
                        + " (man_track###.tif, mask###.tif or man_seg###.tif)");
            }
            List<LabelSeries> series = new ArrayList<>();
            List<String> notes = new ArrayList<>(found.notes());
            for (CtcSequence s : best.values()) {
                if (s.kind() == CtcKind.SEGMENTATION && !s.isContiguous()) {
                    notes.add(s.name() + ": segmentation frames are not contiguous (" + s.frameCount()
                            + " of frames " + s.firstFrame() + ".." + s.lastFrame() + "); each is prepared on its own");
                }
                series.add(LabelSeries.ctc(s));
            }
            return new Inputs(series, notes, seed);
        }
        if (!tiffs.isEmpty() && h5.isEmpty()) {
            return new Inputs(List.of(LabelSeries.tiffFiles(folderName(in), in, tiffs)), List.of(), seed);
        }
        if (!h5.isEmpty() && tiffs.isEmpty()) {
            return new Inputs(List.of(hdf5(folderName(in), in, h5)), List.of(), seed);
        }
        if (!h5.isEmpty()) {
            throw CellInrException.of(in, "holds both TIFF and HDF5 files; point --in at one kind");
        }
        throw CellInrException.of(in, "holds no label masks (a CTC folder, label TIFFs or HDF5 files)");
    }

    private static LabelSeries hdf5(String name, Path source, List<Path> files) {
        return LabelSeries.files(name, source, files, file -> {
            Hdf5Volumes.Labels labels = Hdf5Volumes.read(file, null);
            return new LabelSeries.LabelFrame(labels.labels(), labels.note().map(n -> file.getFileName() + ": " + n));
        });
    }

    /** The seed recorded in a provenance.json in the input folder (or beside the input file), else 0. */
    static long seedOf(Path in) {
        Path dir = Files.isDirectory(in) ? in : in.toAbsolutePath().getParent();
        if (dir == null) {
            return 0;
        }
        Path p = dir.resolve(Provenance.FILE_NAME);
        if (!Files.isRegularFile(p)) {
            return 0;
        }
        try {
            Long seed = Provenance.read(p).seed();
            return seed == null ? 0 : seed;
        } catch (CellInrException e) {
            return 0; // someone else's provenance.json: no seed to carry over
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                    .toList();
        } catch (IOException e) {
            throw CellInrException.of(dir, "cannot list folder: " + e.getMessage(), e);
        }
    }

    private static boolean isTiff(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".tif") || n.endsWith(".tiff");
    }

    private static boolean isHdf5(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".hdf");
    }

    private static boolean isCtcName(Path p) {
        String n = p.getFileName().toString();
        for (CtcKind k : CtcKind.values()) {
            if (k.frameOf(n) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String folderName(Path dir) {
        Path f = dir.toAbsolutePath().normalize().getFileName();
        return f == null ? "input" : f.toString();
    }
}
