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
import java.util.Locale;
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
 *       dataset, sized to a high percentile of the aligned cells (see {@link ExtentRule}; the few larger
 *       ones are skipped and listed), so sizes stay comparable; fragments far below the median volume are
 *       skipped.</li>
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
                    MeasuredFrame measured = measureFrame(series, i, options, background);
                    hashFile(digest, series, i);
                    background = measured.background();
                    seriesNotes.addAll(measured.notes());
                    TreeMap<Integer, CellFrame> cells = measured.cells();
                    if (cells.isEmpty()) {
                        emptyFrames++;
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

        Layout layout = layout(scans, options);
        notes.addAll(layout.notes);
        SequencePlanner.Plan plan = layout.plan;
        List<Integer> kept = layout.kept;
        double mpu = layout.mpu;
        int skippedTooLarge = layout.skippedTooLarge;

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
            for (int j = 0; j < kept.size(); j++) {
                int k = kept.get(j);
                SequencePlanner.PlannedSequence s = plan.sequences.get(k);
                int index = layout.addSequence(writer, j);
                int kj = j;
                for (int t = 0; t < s.frames().size(); t++) {
                    SequencePlanner.PlannedFrame f = s.frames().get(t);
                    jobs.get(f.series()).computeIfAbsent(f.index(), x -> new ArrayList<>()).add(new int[] {index, t, kj});
                }
                framesWritten += s.frames().size();
                divisions += s.divisionFrame() >= 0 ? 1 : 0;
                singleFrame += s.frames().size() == 1 ? 1 : 0;
            }
            try (Progress p = progress.start("computing SDFs", framesWritten, "frames")) {
                for (int si = 0; si < inputs.size(); si++) {
                    LabelSeries series = inputs.get(si);
                    for (var entry : jobs.get(si).entrySet()) {
                        int i = entry.getKey();
                        LabelVolume volume = readFrame(series, i, options, new LinkedHashSet<>());
                        for (int[] job : entry.getValue()) {
                            layout.writeFrame(writer, job[0], job[2], job[1], series, i, volume);
                            p.step(1);
                        }
                    }
                }
            }
            Map<String, Object> preparation = layout.preparation(backgrounds);
            for (var e : preparation.entrySet()) {
                provenance.parameter(e.getKey(), e.getValue());
            }
            provenance.seed(seed);
            written = writer.finish(seed, describe(inputs), notes, preparation, provenance.build());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ExtentChoice extent = layout.extent;
        return new PrepareSummary(written, kept.size(), framesWritten, singleFrame, divisions, plan.skippedBorder,
                plan.skippedSmall, extent.fragments(), plan.skippedShort, skippedTooLarge, plan.truncated, emptyFrames,
                n, mpu, settings.voxelSizeUm(), extent.rule(), extent.medianHalfExtentUm(), layout.largest,
                folderBytes(written), seconds, plan.trackingPerSeries, backgrounds, extent.outliers(), notes);
    }

    /**
     * How the grid extent was chosen and what it left out: the rule's description, the median aligned half-extent
     * and cell volume it was judged against, the fragments skipped and one line per cell too large for the grid.
     */
    record ExtentChoice(String rule, double medianHalfExtentUm, double medianCellVolumeUm3, int fragments,
                        List<String> outliers) {
        ExtentChoice {
            outliers = List.copyOf(outliers);
        }
    }

    /**
     * One input frame measured (prepare's first pass): its cells, the notes reading it gave (in the order the
     * single-machine run records them) and the background label used. A unit of work of a distributed prepare
     * (cellinr-spark): {@link #run} measures every frame of a series in order with the same method.
     *
     * @param background the background label: the given one, or the one detected in this frame
     */
    public record MeasuredFrame(TreeMap<Integer, CellFrame> cells, List<String> notes, int background)
            implements java.io.Serializable {
    }

    /**
     * Measures frame {@code i} of {@code series}: reads it, detects the background when {@code background} is
     * null (the first frame of a series without --background-label), and measures its cells.
     */
    public static MeasuredFrame measureFrame(LabelSeries series, int i, PrepareOptions options, Integer background) {
        Set<String> notes = new LinkedHashSet<>();
        LabelVolume volume = readFrame(series, i, options, notes);
        int used = background != null ? background : Background.detect(volume, series.frameFile(i), notes);
        TreeMap<Integer, CellFrame> cells = FrameScanner.scan(volume, used, options.threads());
        if (cells.isEmpty()) {
            notes.add(series.frameFile(i) + ": empty mask (no cell besides background label " + used + ")");
        }
        return new MeasuredFrame(cells, List.copyOf(notes), used);
    }

    /**
     * The checksum {@link #run} records for a series ({@code masks NAME} in provenance): SHA-256 over the name
     * and bytes of each frame file in order; null for a series without a source folder.
     */
    public static String checksum(LabelSeries series) {
        if (series.source() == null) {
            return null;
        }
        MessageDigest digest = sha256();
        for (int i = 0; i < series.frameCount(); i++) {
            hashFile(digest, series, i);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** What {@code prepare} records as the dataset's source (its manifest's {@code source}). */
    public static String source(List<LabelSeries> inputs) {
        return describe(inputs);
    }

    /**
     * Plans the dataset from the measured frames ({@code frames.get(s).get(i)}: frame i of series s, as
     * {@link #measureFrame} returned its cells): the sequences, their alignment and the dataset's scale.
     */
    public static Layout layout(List<LabelSeries> inputs, List<List<TreeMap<Integer, CellFrame>>> frames,
                                PrepareOptions options) {
        if (inputs.size() != frames.size()) {
            throw new IllegalArgumentException(inputs.size() + " series but " + frames.size() + " measured");
        }
        List<SequencePlanner.SeriesScan> scans = new ArrayList<>();
        for (int s = 0; s < inputs.size(); s++) {
            scans.add(new SequencePlanner.SeriesScan(inputs.get(s), frames.get(s)));
        }
        return layout(scans, options);
    }

    private static Layout layout(List<SequencePlanner.SeriesScan> scans, PrepareOptions options) {
        SequencePlanner.Plan plan = SequencePlanner.plan(scans, options);
        List<String> notes = new ArrayList<>();
        notes.addAll(plan.notes);
        List<List<Placement.FramePlacement>> placements = new ArrayList<>();
        double largest = 0;
        int planned = plan.sequences.size();
        double[] halfExtents = new double[planned];
        double[] smallestCell = new double[planned];
        List<Double> cellVolumes = new ArrayList<>();
        for (int s = 0; s < planned; s++) {
            List<Placement.FramePlacement> placed = Placement.place(plan.sequences.get(s), scans);
            placements.add(placed);
            double smallest = Double.POSITIVE_INFINITY;
            for (Placement.FramePlacement f : placed) {
                halfExtents[s] = Math.max(halfExtents[s], f.halfExtentUm());
                for (Placement.CellPlacement c : f.cells()) {
                    smallest = Math.min(smallest, c.cell().volumeUm3());
                    cellVolumes.add(c.cell().volumeUm3());
                }
            }
            smallestCell[s] = smallest;
            largest = Math.max(largest, halfExtents[s]);
        }
        // fragments: objects far smaller than the typical cell (pieces of cells left by the segmentation)
        double medianVolume = ExtentRule.median(cellVolumes.stream().mapToDouble(Double::doubleValue).toArray());
        double fragmentUm3 = options.minVolumeFraction() * medianVolume;
        boolean[] fragment = new boolean[planned];
        int fragments = 0;
        for (int s = 0; s < planned; s++) {
            fragment[s] = smallestCell[s] < fragmentUm3;
            fragments += fragment[s] ? 1 : 0;
        }
        if (fragments > 0) {
            notes.add(String.format(Locale.ROOT, "%d sequence%s with a cell under %.3g um^3 (%.3g x the median cell"
                    + " volume %.4g um^3): skipped as fragments (--min-volume-fraction sets the share, 0 keeps them)",
                    fragments, fragments == 1 ? "" : "s", fragmentUm3, options.minVolumeFraction(), medianVolume));
        }
        double[] candidates = new double[planned - fragments];
        for (int s = 0, k = 0; s < planned; s++) {
            if (!fragment[s]) {
                candidates[k++] = halfExtents[s];
            }
        }
        double mpu = options.extentUm() != null ? options.extentUm() / 2
                : ExtentRule.halfEdgeUm(candidates, options.extentPercentile(), options.margin());
        if (mpu <= 0) {
            mpu = largest * options.margin();
        }
        String extentRule = options.extentUm() != null ? "--extent-um"
                : candidates.length < ExtentRule.MIN_SEQUENCES || options.extentPercentile() >= 100
                ? "the largest cell x --margin"
                : String.format(Locale.ROOT, "the %s percentile of the cells' aligned half-extents x --margin",
                        ordinal(options.extentPercentile()));
        double gridVoxelUm3 = Math.pow(2 * mpu / (options.gridSize() - 1), 3);
        int skippedTooLarge = 0;
        int tooCoarse = 0;
        List<Integer> kept = new ArrayList<>();
        List<String> outliers = new ArrayList<>();
        double medianExtent = ExtentRule.median(candidates);
        double[] sortedVolumes = cellVolumes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mergedUm3 = sortedVolumes.length == 0 ? 0 : 2 * ExtentRule.percentile(sortedVolumes, 95);
        for (int s = 0; s < planned; s++) {
            double half = halfExtents[s];
            boolean fits = half <= mpu;
            // a cell of a few grid voxels has no shape left to learn (and may vanish on the grid)
            boolean visible = placements.get(s).stream().flatMap(f -> f.cells().stream())
                    .allMatch(c -> c.cell().volumeUm3() >= MIN_GRID_VOXELS * gridVoxelUm3);
            if (fragment[s]) {
                continue;
            }
            if (!fits) {
                skippedTooLarge++;
                SequencePlanner.PlannedSequence p = plan.sequences.get(s);
                double volume = placements.get(s).stream().flatMap(f -> f.cells().stream())
                        .mapToDouble(c -> c.cell().volumeUm3()).max().orElse(0);
                outliers.add(String.format(Locale.ROOT, "%s (%s): half-extent %.3g um > grid half-edge %.3g um"
                                + " (%.2g x the median cell's), volume %.4g um^3 (%.2g x the median)%s", p.id(),
                        p.source(), half, mpu, half / medianExtent, volume, volume / medianVolume,
                        volume > mergedUm3 ? "; over twice the 95th percentile volume: merged cells?" : ""));
            } else if (!visible) {
                tooCoarse++;
            } else {
                kept.add(s);
            }
        }
        if (skippedTooLarge > 0) {
            notes.add(String.format(Locale.ROOT, "%d sequence%s larger than the grid (half-edge %.3g um from %s):"
                    + " skipped and listed; --extent-um or --extent-percentile 100 keeps them", skippedTooLarge,
                    skippedTooLarge == 1 ? "" : "s", mpu, extentRule));
            for (String o : outliers) {
                notes.add("larger than the grid: " + o);
            }
        }
        if (tooCoarse > 0) {
            plan.skippedSmall += tooCoarse;
            notes.add(tooCoarse + " sequence" + (tooCoarse == 1 ? " has a cell" : "s have cells") + " smaller than "
                    + MIN_GRID_VOXELS + " voxels of the " + options.gridSize() + "^3 grid: skipped; a larger --grid"
                    + " keeps them");
        }
        if (kept.isEmpty()) {
            throw CellInrException.of("no cell sequence to prepare: " + kept.size() + " fit"
                    + (skippedTooLarge > 0 ? ", " + skippedTooLarge + " larger than the grid (" + extentRule + ")" : "")
                    + (fragments > 0 ? ", " + fragments + " fragments (under --min-volume-fraction "
                    + options.minVolumeFraction() + " of the median volume)" : "")
                    + (plan.skippedBorder > 0 ? ", " + plan.skippedBorder + " cut by the volume border"
                    + " (--keep-border-cells keeps them)" : "")
                    + (plan.skippedSmall > 0 ? ", " + plan.skippedSmall + " smaller than --min-voxels "
                    + options.minVoxels() : "")
                    + (plan.skippedShort > 0 ? ", " + plan.skippedShort + " shorter than --min-frames "
                    + options.minFrames() : ""));
        }

        return new Layout(scans, options, plan, placements, largest, mpu, kept, skippedTooLarge, notes,
                new ExtentChoice(extentRule, medianExtent, medianVolume, fragments, outliers));
    }

    /**
     * A planned dataset: which cells of which frames make each sequence, how they are aligned, and the scale.
     * Sequence {@code j} (0-based, in dataset order) is written as {@code seq_j} by {@link #run}; a distributed
     * prepare writes each with {@link #writeSequence} and gets the same bytes.
     */
    public static final class Layout {
        private final List<SequencePlanner.SeriesScan> scans;
        private final PrepareOptions options;
        final SequencePlanner.Plan plan;
        private final List<List<Placement.FramePlacement>> placements;
        final double largest;
        final double mpu;
        final List<Integer> kept;
        final int skippedTooLarge;
        final List<String> notes;
        final ExtentChoice extent;

        private Layout(List<SequencePlanner.SeriesScan> scans, PrepareOptions options, SequencePlanner.Plan plan,
                       List<List<Placement.FramePlacement>> placements, double largest, double mpu,
                       List<Integer> kept, int skippedTooLarge, List<String> notes, ExtentChoice extent) {
            this.scans = scans;
            this.options = options;
            this.plan = plan;
            this.placements = placements;
            this.largest = largest;
            this.mpu = mpu;
            this.kept = List.copyOf(kept);
            this.skippedTooLarge = skippedTooLarge;
            this.notes = List.copyOf(notes);
            this.extent = extent;
        }

        /** Sequences in the dataset. */
        public int sequenceCount() {
            return kept.size();
        }

        /** Frames of dataset sequence {@code j}. */
        public int frameCount(int j) {
            return plan.sequences.get(kept.get(j)).frames().size();
        }

        /** The dataset's id of sequence {@code j}. */
        public String sequenceId(int j) {
            return plan.sequences.get(kept.get(j)).id();
        }

        /** Micrometres per grid unit (the dataset's scale). */
        public double micrometresPerUnit() {
            return mpu;
        }

        /** The planner's notes, in the order {@code prepare} records them after the measuring notes. */
        public List<String> notes() {
            return notes;
        }

        /** The grid and storage of the dataset. */
        public DatasetWriter.Settings settings() {
            return new DatasetWriter.Settings(options.gridSize(), mpu, options.nearUm(), options.precision());
        }

        /** The manifest's {@code preparation} (also provenance's parameters), given each series' background. */
        public Map<String, Object> preparation(Map<String, Integer> backgrounds) {
            Map<String, Object> preparation = new LinkedHashMap<>(options.toMap());
            preparation.put("micrometresPerUnit", mpu);
            preparation.put("largestAlignedHalfExtentUm", largest);
            preparation.put("medianAlignedHalfExtentUm", extent.medianHalfExtentUm());
            preparation.put("extentRule", extent.rule());
            preparation.put("medianCellVolumeUm3", extent.medianCellVolumeUm3());
            preparation.put("background", backgrounds);
            preparation.put("tracking", plan.trackingPerSeries);
            return preparation;
        }

        /** Adds dataset sequence {@code j} to {@code writer} (id, source, times, division); returns its index there. */
        public int addSequence(DatasetWriter writer, int j) {
            SequencePlanner.PlannedSequence s = plan.sequences.get(kept.get(j));
            double[] times = new double[s.frames().size()];
            double[] all = SequenceInfo.evenTimes(options.maxFrames());
            System.arraycopy(all, 0, times, 0, times.length);
            return writer.addSequence(s.id(), s.source(), times, s.divisionFrame());
        }

        /**
         * Computes and writes every frame of dataset sequence {@code j} into {@code writer}'s sequence
         * {@code index} (added by {@link #addSequence}), in frame order, reading each input frame it needs.
         */
        public void writeSequence(DatasetWriter writer, int index, int j) {
            SequencePlanner.PlannedSequence s = plan.sequences.get(kept.get(j));
            for (int t = 0; t < s.frames().size(); t++) {
                SequencePlanner.PlannedFrame f = s.frames().get(t);
                LabelSeries series = scans.get(f.series()).series();
                LabelVolume volume = readFrame(series, f.index(), options, new LinkedHashSet<>());
                writeFrame(writer, index, j, t, series, f.index(), volume);
            }
        }

        /** Frame {@code t} of dataset sequence {@code j}, from {@code volume} (frame {@code i} of {@code series}). */
        void writeFrame(DatasetWriter writer, int index, int j, int t, LabelSeries series, int i, LabelVolume volume) {
            int n = options.gridSize();
            double gridVoxel = writer.settings().voxelSizeUm();
            Placement.FramePlacement placed = placements.get(kept.get(j)).get(t);
            boolean[] inside = Resampler.mask(volume, placed.cells(), n, mpu, options.threads());
            float[] sdf = DistanceTransform.signedDistanceUm(inside, Dimensions.cube(n), gridVoxel, options.threads());
            if (Float.isInfinite(sdf[0]) || Float.isInfinite(sdf[sdf.length - 1])) {
                throw CellInrException.of(Path.of(series.frameFile(i)), "cell " + placed.cells().get(0).label()
                        + " covers no voxel of the " + n + "^3 grid; use a larger --grid or --min-voxels");
            }
            writer.writeFrame(index, t, sdf, origin(series, i, placed, volume));
        }
    }

    /** "95th", "90th", "99.5th". */
    static String ordinal(double p) {
        String n = p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
        long last = (long) p % 100;
        String suffix = p != Math.rint(p) || (last >= 11 && last <= 13) ? "th"
                : switch ((int) (last % 10)) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
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
