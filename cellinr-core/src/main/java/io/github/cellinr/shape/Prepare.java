package io.github.cellinr.shape;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.DatasetManifest;
import io.github.cellinr.dataset.DatasetWriter;
import io.github.cellinr.dataset.SequenceInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code prepare} stage: label masks in, training dataset out (paper 4.4).
 *
 * <ol>
 *   <li>Measure: read every frame once, find the background, measure every cell (moments, principal
 *       axes, extents) and forget the voxels.</li>
 *   <li>Plan: follow cells over time (lineage, label, or one frame each; see {@link TrackingMode}), up to
 *       {@code maxFrames} frames from each cell's inception; skip cells cut by the border or too small.</li>
 *   <li>Align: centre each frame on the centroid and turn it to the principal axes, consistently over time
 *       (daughters after a division aligned separately, see {@link Placement}); one scale for the whole
 *       dataset from the largest aligned cell, so sizes stay comparable.</li>
 *   <li>Compute: read each frame again, resample each of its cells onto the isotropic aligned N^3 grid,
 *       take the exact signed distance transform in micrometres and stream the frame to disk.</li>
 * </ol>
 * Memory holds one input frame and one grid at a time, whatever the number of sequences.
 */
public final class Prepare {

    /** Cells smaller than this many grid voxels are skipped. */
    static final int MIN_GRID_VOXELS = 8;

    private Prepare() {
    }

    /**
     * Prepares {@code inputs} into a dataset folder {@code out}.
     *
     * @param seed       the seed to record (the phantoms' seed, or 0 for real data)
     * @param provenance command line and any extra inputs; prepare adds its inputs' checksums and options
     */
    public static PrepareSummary run(List<LabelSeries> inputs, Path out, PrepareOptions options, long seed,
                                     Provenance.Builder provenance, ProgressSink progress) {
        long started = System.nanoTime();
        if (inputs.isEmpty()) {
            throw CellInrException.of("nothing to prepare: no input series");
        }
        List<String> notes = new ArrayList<>();
        Map<String, Integer> backgrounds = new LinkedHashMap<>();
        List<SequencePlanner.SeriesScan> scans = new ArrayList<>();
        int emptyFrames = 0;
        int totalFrames = inputs.stream().mapToInt(LabelSeries::frameCount).sum();
        try (Progress p = progress.start("measuring cells", totalFrames, "frames")) {
            for (LabelSeries series : inputs) {
                MessageDigest digest = sha256();
                Integer background = options.backgroundLabel();
                Set<String> seriesNotes = new LinkedHashSet<>();
                List<TreeMap<Integer, CellFrame>> frames = new ArrayList<>();
                for (int i = 0; i < series.frameCount(); i++) {
                    LabelVolume volume = readFrame(series, i, options, seriesNotes);
                    hashFile(digest, series, i);
                    if (background == null) {
                        background = Background.detect(volume, series.frameFile(i), seriesNotes);
                    }
                    TreeMap<Integer, CellFrame> cells = FrameScanner.scan(volume, background, options.threads());
                    if (cells.isEmpty()) {
                        emptyFrames++;
                        seriesNotes.add(series.frameFile(i) + ": empty mask (no cell besides background label "
                                + background + ")");
                    }
                    frames.add(cells);
                    p.step(1);
                }
                if (series.source() != null) {
                    provenance.input("masks " + series.name(), series.source(),
                            HexFormat.of().formatHex(digest.digest()));
                }
                backgrounds.put(series.name(), background);
                notes.addAll(seriesNotes);
                scans.add(new SequencePlanner.SeriesScan(series, frames));
            }
        }
        if (emptyFrames == totalFrames) {
            throw CellInrException.of("no cells in the input: every mask is empty (background label"
                    + (backgrounds.size() == 1 ? " " + backgrounds.values().iterator().next() : "s " + backgrounds)
                    + "); check --background-label");
        }

        SequencePlanner.Plan plan = SequencePlanner.plan(scans, options);
        notes.addAll(plan.notes);
        List<List<Placement.FramePlacement>> placements = new ArrayList<>();
        double largest = 0;
        for (SequencePlanner.PlannedSequence s : plan.sequences) {
            List<Placement.FramePlacement> placed = Placement.place(s, scans);
            placements.add(placed);
            for (Placement.FramePlacement f : placed) {
                largest = Math.max(largest, f.halfExtentUm());
            }
        }
        double mpu = options.extentUm() != null ? options.extentUm() / 2 : largest * options.margin();
        double gridVoxelUm3 = Math.pow(2 * mpu / (options.gridSize() - 1), 3);
        int skippedTooLarge = 0;
        int tooCoarse = 0;
        List<Integer> kept = new ArrayList<>();
        for (int s = 0; s < plan.sequences.size(); s++) {
            boolean fits = placements.get(s).stream().allMatch(f -> f.halfExtentUm() <= mpu);
            // a cell of a few grid voxels has no shape left to learn (and may vanish on the grid)
            boolean visible = placements.get(s).stream().flatMap(f -> f.cells().stream())
                    .allMatch(c -> c.cell().volumeUm3() >= MIN_GRID_VOXELS * gridVoxelUm3);
            if (!fits) {
                skippedTooLarge++;
            } else if (!visible) {
                tooCoarse++;
            } else {
                kept.add(s);
            }
        }
        if (tooCoarse > 0) {
            plan.skippedSmall += tooCoarse;
            notes.add(tooCoarse + " sequence" + (tooCoarse == 1 ? " has a cell" : "s have cells") + " smaller than "
                    + MIN_GRID_VOXELS + " voxels of the " + options.gridSize() + "^3 grid (the grid is sized to the"
                    + " largest cell): skipped; a larger --grid keeps them");
        }
        if (kept.isEmpty()) {
            throw CellInrException.of("no cell sequence to prepare: " + plan.sequences.size() + " fit"
                    + (skippedTooLarge > 0 ? ", " + skippedTooLarge + " larger than --extent-um" : "")
                    + (plan.skippedBorder > 0 ? ", " + plan.skippedBorder + " cut by the volume border"
                    + " (--keep-border-cells keeps them)" : "")
                    + (plan.skippedSmall > 0 ? ", " + plan.skippedSmall + " smaller than --min-voxels "
                    + options.minVoxels() : "")
                    + (plan.skippedShort > 0 ? ", " + plan.skippedShort + " shorter than --min-frames "
                    + options.minFrames() : ""));
        }

        int n = options.gridSize();
        DatasetWriter.Settings settings = new DatasetWriter.Settings(n, mpu, options.nearUm(), options.precision());
        int framesWritten = 0;
        int divisions = 0;
        int singleFrame = 0;
        Path written;
        try (DatasetWriter writer = DatasetWriter.create(out, settings, options.replace())) {
            // jobs[series][frame index] -> (dataset sequence, frame within it)
            List<TreeMap<Integer, List<int[]>>> jobs = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                jobs.add(new TreeMap<>());
            }
            for (int k : kept) {
                SequencePlanner.PlannedSequence s = plan.sequences.get(k);
                double[] times = new double[s.frames().size()];
                double[] all = SequenceInfo.evenTimes(options.maxFrames());
                System.arraycopy(all, 0, times, 0, times.length);
                int index = writer.addSequence(s.id(), s.source(), times, s.divisionFrame());
                for (int t = 0; t < s.frames().size(); t++) {
                    SequencePlanner.PlannedFrame f = s.frames().get(t);
                    jobs.get(f.series()).computeIfAbsent(f.index(), x -> new ArrayList<>()).add(new int[] {index, t, k});
                }
                framesWritten += times.length;
                divisions += s.divisionFrame() >= 0 ? 1 : 0;
                singleFrame += times.length == 1 ? 1 : 0;
            }
            double gridVoxel = settings.voxelSizeUm();
            try (Progress p = progress.start("computing SDFs", framesWritten, "frames")) {
                for (int si = 0; si < inputs.size(); si++) {
                    LabelSeries series = inputs.get(si);
                    for (var entry : jobs.get(si).entrySet()) {
                        int i = entry.getKey();
                        LabelVolume volume = readFrame(series, i, options, new LinkedHashSet<>());
                        for (int[] job : entry.getValue()) {
                            Placement.FramePlacement placed = placements.get(job[2]).get(job[1]);
                            boolean[] inside = Resampler.mask(volume, placed.cells(), n, mpu, options.threads());
                            float[] sdf = DistanceTransform.signedDistanceUm(inside, Dimensions.cube(n), gridVoxel,
                                    options.threads());
                            if (Float.isInfinite(sdf[0]) || Float.isInfinite(sdf[sdf.length - 1])) {
                                throw CellInrException.of(Path.of(series.frameFile(i)), "cell "
                                        + placed.cells().get(0).label() + " covers no voxel of the " + n
                                        + "^3 grid; use a larger --grid or --min-voxels");
                            }
                            writer.writeFrame(job[0], job[1], sdf, origin(series, i, placed, volume));
                            p.step(1);
                        }
                    }
                }
            }
            Map<String, Object> preparation = new LinkedHashMap<>(options.toMap());
            preparation.put("micrometresPerUnit", mpu);
            preparation.put("largestAlignedHalfExtentUm", largest);
            preparation.put("background", backgrounds);
            preparation.put("tracking", plan.trackingPerSeries);
            for (var e : preparation.entrySet()) {
                provenance.parameter(e.getKey(), e.getValue());
            }
            provenance.seed(seed);
            written = writer.finish(seed, describe(inputs), notes, preparation, provenance.build());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new PrepareSummary(written, kept.size(), framesWritten, singleFrame, divisions, plan.skippedBorder,
                plan.skippedSmall, plan.skippedShort, skippedTooLarge, plan.truncated, emptyFrames, n, mpu,
                settings.voxelSizeUm(), folderBytes(written), seconds, plan.trackingPerSeries, backgrounds, notes);
    }

    private static LabelVolume readFrame(LabelSeries series, int i, PrepareOptions options, Set<String> notes) {
        LabelSeries.LabelFrame frame = series.read(i);
        LabelVolume volume = frame.volume();
        if (options.voxelSize() != null) {
            volume = volume.withVoxelSize(options.voxelSize());
        } else {
            frame.note().ifPresent(notes::add);
        }
        if (volume.depth() < 2) {
            throw CellInrException.of(Path.of(series.frameFile(i)), "is 2D (" + volume.dimensions()
                    + "); prepare needs 3D label volumes");
        }
        return volume;
    }

    private static DatasetManifest.FrameOrigin origin(LabelSeries series, int i, Placement.FramePlacement placed,
                                                      LabelVolume volume) {
        long voxels = 0;
        List<DatasetManifest.CellPose> poses = new ArrayList<>();
        for (Placement.CellPlacement c : placed.cells()) {
            voxels += c.cell().voxelCount();
            poses.add(new DatasetManifest.CellPose(c.label(), c.cell().voxelCount(), c.centroidUm(), c.rotation(),
                    c.offsetUm()));
        }
        return new DatasetManifest.FrameOrigin(series.frameFile(i), series.frameNumber(i), voxels,
                voxels * volume.voxelSize().volumeUm3(), poses);
    }

    private static String describe(List<LabelSeries> inputs) {
        Set<String> sources = new LinkedHashSet<>();
        for (LabelSeries s : inputs) {
            sources.add(s.source() == null ? s.name() : s.source().toString());
        }
        return String.join(", ", sources);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Adds a frame file (name and bytes) to the series digest: the checksum covers exactly what was read. */
    private static void hashFile(MessageDigest digest, LabelSeries series, int i) {
        if (series.source() == null) {
            return;
        }
        Path file = Path.of(series.frameFile(i));
        digest.update(String.valueOf(file.getFileName()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buffer)) > 0) {
                digest.update(buffer, 0, r);
            }
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read to checksum it (" + e.getMessage() + ")", e);
        }
    }

    private static long folderBytes(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
