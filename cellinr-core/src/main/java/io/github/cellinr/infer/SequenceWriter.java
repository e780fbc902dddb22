package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.io.CtcWriter;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.MeshWriter;
import io.github.cellinr.io.OmeZarrWriter;
import io.github.cellinr.io.TiffWriter;
import io.github.cellinr.io.Track;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes one sequence, frame by frame, into {@code <out>/<name>/}:
 * <ul>
 *   <li>{@code masks/}: a Cell Tracking Challenge result folder, {@code mask###.tif} (uint16 labels, Deflate,
 *       ImageJ calibration in micrometres) and {@code res_track.txt} (a cell that splits ends and its daughters
 *       start new tracks with it as parent);</li>
 *   <li>{@code meshes/mesh###.<ply|stl|obj>}: the zero level set by marching cubes, in micrometres around the
 *       cell centre, closed at the grid border (optional);</li>
 *   <li>{@code sdf.ome.zarr}: the SDF in micrometres as OME-Zarr (NGFF 0.4, t,z,y,x) (optional);</li>
 *   <li>{@code provenance.json} in the sequence folder and in each of its sub-folders.</li>
 * </ul>
 * Everything is written into a hidden staging folder beside the target and renamed into place by
 * {@link #finish()}, so a killed run never leaves a sequence folder that looks complete.
 */
final class SequenceWriter implements ShapeEvaluator.FrameConsumer, AutoCloseable {
    static final String MASKS = "masks";
    static final String MESHES = "meshes";
    static final String ZARR = "sdf.ome.zarr";

    private final Path target;
    private final Path staging;
    private final Shape shape;
    private final OutputGrid grid;
    private final int frames;
    private final OutputOptions options;
    private final Provenance provenance;
    private final int threads;
    private final CtcWriter masks;
    private final OmeZarrWriter zarr;
    private final OverlapTracker tracker;
    private final int[] labels;
    private final int[] cellsPerFrame;
    private final double[] volumes;
    private final long started = System.nanoTime();
    private long pointsEvaluated;
    private long voxels;
    private double evaluationSeconds;
    private long labellingNanos;
    private long masksNanos;
    private long meshesNanos;
    private long zarrNanos;
    private int received;
    private boolean done;

    SequenceWriter(Path outDir, Shape shape, OutputGrid grid, double[] times, OutputOptions options,
                   Provenance provenance, int threads) {
        this.target = outDir.toAbsolutePath().normalize().resolve(shape.name());
        this.shape = shape;
        this.grid = grid;
        this.frames = times.length;
        this.options = options;
        this.provenance = provenance;
        this.threads = threads;
        if (Files.exists(target) && !options.overwrite()) {
            throw CellInrException.of(target, "exists already; choose another output folder, remove it, or"
                    + " allow replacing it (--overwrite)");
        }
        this.staging = outDir.toAbsolutePath().normalize().resolve("." + shape.name() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        AtomicFiles.createDirectories(staging);
        CtcWriter m = null;
        OmeZarrWriter z = null;
        try {
            m = CtcWriter.result(staging.resolve(MASKS), frames, new TiffWriter(TiffWriter.Compression.DEFLATE));
            if (options.mesh() != null) {
                AtomicFiles.createDirectories(staging.resolve(MESHES));
            }
            if (options.zarr()) {
                OmeZarrWriter.Options zo = OmeZarrWriter.Options.defaults()
                        .withName(shape.name())
                        .withAttributes(Map.of("cellinr", Map.of(
                                "sdf", "signed distance to the cell surface, micrometres, negative inside",
                                "times", times.clone(),
                                "provenance", provenance.toJsonNode())));
                z = OmeZarrWriter.create(staging.resolve(ZARR), grid.dimensions(), frames, grid.voxelSize(), zo);
            }
        } catch (RuntimeException e) {
            if (m != null) {
                m.close();
            }
            deleteTree(staging);
            throw e;
        }
        this.masks = m;
        this.zarr = z;
        this.tracker = new OverlapTracker(grid.dimensions(), options.minFragment());
        this.labels = new int[grid.dimensions().voxelCount()];
        this.cellsPerFrame = new int[frames];
        this.volumes = new double[frames];
    }

    @Override
    public void accept(FrameSdf frame) {
        int t = frame.frame();
        if (t != received) {
            throw new IllegalStateException("frames must arrive in order: got " + t + ", expected " + received);
        }
        float[] sdf = frame.sdfUm().values();
        long t0 = System.nanoTime();
        cellsPerFrame[t] = tracker.next(sdf, labels);
        volumes[t] = frame.insideVolumeUm3();
        pointsEvaluated += frame.stats().pointsEvaluated();
        voxels += frame.stats().voxels();
        evaluationSeconds += frame.stats().seconds();
        long t1 = System.nanoTime();
        masks.writeFrame(t, new LabelVolume(grid.dimensions(), grid.voxelSize(), labels));
        long t2 = System.nanoTime();
        labellingNanos += t1 - t0;
        masksNanos += t2 - t1;
        if (options.mesh() != null) {
            double[] origin = grid.originUm();
            TriangleMesh mesh = MarchingCubes.extract(sdf, grid.dimensions(), grid.voxelSize(),
                    MarchingCubes.Settings.defaults().withOriginUm(origin[0], origin[1], origin[2])
                            .withThreads(threads).withCloseAtBorder(true));
            String file = String.format(Locale.ROOT, "mesh%0" + digits() + "d.%s", t, options.mesh().extension());
            MeshWriter.write(staging.resolve(MESHES).resolve(file), mesh, options.mesh(),
                    String.format(Locale.ROOT, "CellINR %s frame %d t=%.6f um", shape.name(), t, frame.time()));
            meshesNanos += System.nanoTime() - t2;
        }
        if (zarr != null) {
            long t3 = System.nanoTime();
            zarr.writeFrame(t, sdf);
            zarrNanos += System.nanoTime() - t3;
        }
        received++;
    }

    private int digits() {
        return frames > 1000 ? 4 : 3;
    }

    /** Completes the lineage and the metadata and publishes the sequence folder. */
    SequenceSummary finish() {
        if (received != frames) {
            throw new IllegalStateException(received + " of " + frames + " frames were written");
        }
        Lineage lineage = tracker.lineage();
        String json = provenance.toJson();
        masks.writeText(Provenance.FILE_NAME, json);
        masks.finish(lineage);
        if (options.mesh() != null) {
            AtomicFiles.writeString(staging.resolve(MESHES).resolve(Provenance.FILE_NAME), json);
        }
        if (zarr != null) {
            zarr.finish();
            AtomicFiles.writeString(staging.resolve(ZARR).resolve(Provenance.FILE_NAME), json);
        }
        AtomicFiles.writeString(staging.resolve(Provenance.FILE_NAME), json);
        publish();
        done = true;
        Set<Integer> parents = new HashSet<>();
        for (Track track : lineage.tracks()) {
            if (track.hasParent()) {
                parents.add(track.parent());
            }
        }
        return new SequenceSummary(shape.name(), target, frames, cellsPerFrame.clone(), parents.size(),
                volumes.clone(), pointsEvaluated, voxels, evaluationSeconds,
                (System.nanoTime() - started) * 1e-9, new SequenceSummary.WriteSeconds(labellingNanos * 1e-9,
                        masksNanos * 1e-9, meshesNanos * 1e-9, zarrNanos * 1e-9));
    }

    private void publish() {
        try {
            if (Files.exists(target)) {
                // --overwrite: move the old folder aside first, so that a failure leaves one of the two intact
                Path old = target.resolveSibling("." + shape.name() + ".old-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                Files.move(target, old);
                try {
                    AtomicFiles.publish(staging, target);
                } catch (IOException e) {
                    Files.move(old, target);
                    throw e;
                }
                deleteTree(old);
            } else {
                AtomicFiles.publish(staging, target);
            }
        } catch (IOException e) {
            throw AtomicFiles.writeError(target, e);
        }
    }

    static void deleteTree(Path root) {
        if (Files.notExists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException e) {
            // best effort: a stray hidden staging folder is harmless and named as such
        }
    }

    /** Removes everything staged unless {@link #finish()} published it. */
    @Override
    public void close() {
        if (!done) {
            if (zarr != null) {
                zarr.close();
            }
            masks.close();
            deleteTree(staging);
            done = true;
        }
    }
}
