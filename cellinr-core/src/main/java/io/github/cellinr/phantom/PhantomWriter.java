package io.github.cellinr.phantom;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.StagingFolder;
import io.github.cellinr.io.CtcWriter;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.TiffWriter;
import io.github.cellinr.io.Track;
import io.github.cellinr.core.Parallel;
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
 * Writes phantom sequences as a Cell Tracking Challenge folder: sequence i as {@code NN_GT/TRA/man_track###.tif}
 * with {@code man_track.txt} and the same masks as {@code NN_GT/SEG/man_seg###.tif} (uint16, Deflate-compressed,
 * voxel size in the ImageJ calibration), plus {@code provenance.json} with every sequence's random parameters. Frames are
 * rasterised in parallel; the folder appears only when complete.
 */
public final class PhantomWriter {

    private PhantomWriter() {
    }

    /**
     * What was written.
     *
     * @param folder     the output folder
     * @param sequences  sequence count
     * @param frames     frames per sequence
     * @param dimensions volume size (z, y, x)
     * @param voxelSize  voxel size in micrometres
     * @param bytes      folder size
     * @param seconds    wall time
     */
    public record Result(Path folder, int sequences, int frames, Dimensions dimensions, VoxelSize voxelSize,
                         long bytes, double seconds) {
    }

    /** CTC sequence folder name of sequence {@code index} (0-based): 01, 02, ... */
    public static String sequenceName(int index) {
        return String.format(Locale.ROOT, "%02d", index + 1);
    }

    public static Result write(PhantomSpec spec, Path out, boolean replace, int threads, List<String> command,
                               ProgressSink progress) {
        long started = System.nanoTime();
        List<PhantomSequence> sequences = PhantomGenerator.sequences(spec);
        try (StagingFolder folder = StagingFolder.create(out, replace)) {
            List<CtcWriter> writers = new ArrayList<>();
            try {
                for (PhantomSequence s : sequences) {
                    // masks are mostly background: Deflate makes them ~50x smaller (33 x 30 frames of 256^3
                    // would be 63 GB uncompressed, SEG and TRA together)
                    writers.add(CtcWriter.groundTruth(folder.path().resolve(sequenceName(s.index()) + "_GT"),
                            spec.frames(), new TiffWriter(TiffWriter.Compression.DEFLATE)));
                }
                int frames = spec.frames();
                int jobs = sequences.size() * frames;
                try (Progress p = progress.start("rasterising " + spec.type() + " phantoms", jobs, "frames")) {
                    Parallel.forRange(threads, jobs, (from, to) -> {
                        for (int j = from; j < to; j++) {
                            PhantomSequence s = sequences.get(j / frames);
                            LabelVolume volume = s.frame(j % frames);
                            CtcWriter w = writers.get(j / frames);
                            synchronized (w) {
                                w.writeFrame(j % frames, volume);
                            }
                            p.step(1);
                        }
                    });
                }
                for (PhantomSequence s : sequences) {
                    List<Track> tracks = new ArrayList<>();
                    for (PhantomTrack t : s.tracks()) {
                        tracks.add(new Track(t.label(), t.firstFrame(), t.lastFrame(), t.parent()));
                    }
                    writers.get(s.index()).finish(Lineage.of(tracks));
                }
            } finally {
                for (CtcWriter w : writers) {
                    w.close();
                }
            }
            provenance(spec, sequences, command).writeTo(folder.path());
            Path written = folder.publish();
            return new Result(written, sequences.size(), spec.frames(), spec.dimensions(), spec.effectiveVoxelSize(),
                    folderBytes(written), (System.nanoTime() - started) / 1e9);
        }
    }

    static Provenance provenance(PhantomSpec spec, List<PhantomSequence> sequences, List<String> command) {
        Provenance.Builder b = Provenance.builder(command).seed(spec.seed());
        b.parameter("type", spec.type().cliName());
        b.parameter("count", spec.count());
        b.parameter("frames", spec.frames());
        b.parameter("size", spec.size());
        b.parameter("dimensionsZyx", spec.dimensions().toString());
        b.parameter("voxelSizeUmZyx", spec.effectiveVoxelSize().toString());
        b.parameter("fieldOfViewUm", spec.type().fieldOfViewUm());
        b.parameter("orientation", "uniform on SO(3) per sequence");
        List<Map<String, Object>> params = new ArrayList<>();
        for (PhantomSequence s : sequences) {
            params.add(new LinkedHashMap<>(s.parameters()));
        }
        b.parameter("sequences", params);
        return b.build();
    }

    private static long folderBytes(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
