package io.github.cellinr.interop;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.DatasetManifest;
import io.github.cellinr.dataset.DatasetWriter;
import io.github.cellinr.dataset.Precision;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.io.torch.SdfVideo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The released code's training data (one {@link SdfVideo} HDF5 file per sequence, as its {@code DataSource}
 * folder holds them) written as a CellINR dataset: each frame's per-frame normalised SDF is turned back into
 * micrometres ({@link SdfVideo#frameUm}) on the same N^3 grid and times, so the trainer sees the data the paper
 * trained on in consistent units. The released files carry no physical scale: the caller gives it.
 */
public final class SdfVideoImport {
    private SdfVideoImport() {
    }

    /** What was written. */
    public record Result(Path dataset, int sequences, int frames, int gridSize) {
    }

    /**
     * The {@code .h5}/{@code .hdf5} files of {@code inputs} (files, or folders whose such files are taken in name
     * order), as they would be listed for the released loader.
     */
    public static List<Path> sequenceFiles(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.list(in)) {
                    s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches("(?i).*\\.(h5|hdf5)"))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw CellInrException.of(in, "cannot list: " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in);
            } else {
                throw CellInrException.of(in, "no such file or folder");
            }
        }
        if (files.isEmpty()) {
            throw CellInrException.of(inputs.get(0), "holds no .h5 sequence files");
        }
        return files;
    }

    /**
     * Writes the dataset {@code out}.
     *
     * @param micrometresPerUnit micrometres per normalised unit (the grid spans 2 units)
     * @param nearUm             near/far split of the sampling index
     * @param replace            replace {@code out} when it is an earlier cellinr output
     */
    public static Result importTo(List<Path> files, Path out, double micrometresPerUnit, double nearUm,
            Precision precision, boolean replace, List<String> command, ProgressSink progress) {
        if (!(micrometresPerUnit > 0) || Double.isInfinite(micrometresPerUnit)) {
            throw CellInrException.of("micrometres per unit must be positive, got " + micrometresPerUnit);
        }
        int n = -1;
        int totalFrames = 0;
        Map<String, Object> voxelsPerValue = new LinkedHashMap<>();
        Provenance.Builder provenance = Provenance.builder(command)
                .parameter("import.format", "sdf_vid HDF5 sequences of the paper's released code")
                .parameter("import.micrometresPerUnit", micrometresPerUnit);
        DatasetWriter writer = null;
        try (Progress p = progress.start("importing sequences", files.size(), "sequences")) {
            for (Path file : files) {
                SdfVideo video = SdfVideo.read(file);
                if (writer == null) {
                    n = video.gridSize();
                    writer = DatasetWriter.create(out, new DatasetWriter.Settings(n, micrometresPerUnit, nearUm,
                            precision), replace);
                } else if (video.gridSize() != n) {
                    throw CellInrException.of(file, "has " + video.gridSize() + "^3 frames but " + files.get(0)
                            + " has " + n + "^3: one dataset has one grid");
                }
                String id = idOf(file);
                int s = writer.addSequence(id, file.toString(), SequenceInfo.evenTimes(video.frameCount()), -1);
                double voxelUm = writer.settings().voxelSizeUm();
                List<Double> factors = new ArrayList<>();
                for (int t = 0; t < video.frameCount(); t++) {
                    double factor = video.voxelsPerValue(t);
                    factors.add(factor);
                    float[] um = video.frameUm(t, voxelUm);
                    long inside = 0;
                    for (float v : um) {
                        inside += v <= 0 ? 1 : 0;
                    }
                    writer.writeFrame(s, t, um, new DatasetManifest.FrameOrigin(file.toString(), t, inside,
                            inside * voxelUm * voxelUm * voxelUm, List.of()));
                }
                voxelsPerValue.put(id, factors);
                totalFrames += video.frameCount();
                provenance.input("sequence", file);
                p.step(1);
            }
            Map<String, Object> preparation = new LinkedHashMap<>();
            preparation.put("method", "released sdf_vid frames; each frame's values times its voxels per stored unit"
                    + " (the inverse median gradient magnitude) times the voxel size");
            preparation.put("micrometresPerUnit", micrometresPerUnit);
            preparation.put("voxelsPerStoredUnit", voxelsPerValue);
            Path dataset = writer.finish(0, "paper released sdf_vid (" + files.size() + " files)", List.of(
                    "SDF values were stored divided by their per-frame maximum; distances restored from the gradient",
                    "the physical scale (" + micrometresPerUnit + " um per unit) was given at import, the files have none"),
                    preparation, provenance.build());
            return new Result(dataset, files.size(), totalFrames, n);
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
