package io.github.cellinr.eval;

import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.eval.Evaluation.CellRecord;
import io.github.cellinr.eval.Evaluation.DiceRecord;
import io.github.cellinr.eval.ShapeDescriptors.Descriptor;
import io.github.cellinr.eval.report.Charts;
import io.github.cellinr.eval.report.Figure;
import io.github.cellinr.eval.report.Charts.SummaryPoint;
import io.github.cellinr.eval.report.Report;
import io.github.cellinr.eval.report.Table;
import io.github.cellinr.eval.view.MeshViewer;
import io.github.cellinr.eval.view.SurfaceMontage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@link Evaluation#run} found: every cell's descriptors, per-time summaries, KS tests, Dice, and the
 * latent-space analysis. {@link #writeTo} writes the CSVs, figures and {@code report.html};
 * {@link #addTo} adds the sections to a report another stage builds (the demo, the experiments).
 */
public final class EvaluationResult {

    /** One KS test: a descriptor of {@code set} against the same descriptor of {@code reference}. */
    public record KsRow(String reference, String set, Descriptor descriptor, KolmogorovSmirnov.Result result) {
    }

    /**
     * The latent-space analysis.
     *
     * @param pca                  null with fewer than two codes
     * @param tsne                 null with fewer than three codes
     * @param leaveOneOutAccuracy  nearest-centroid accuracy in latent space (NaN with one class)
     */
    public record Latent(Evaluation.LatentCodes codes, Pca pca, Tsne.Result tsne, double leaveOneOutAccuracy) {
    }

    /** CSV with one row per cell and time point. */
    public static final String DESCRIPTORS_CSV = "descriptors.csv";
    public static final String PER_TIME_CSV = "descriptors_per_time.csv";
    public static final String KS_CSV = "ks.csv";
    public static final String DICE_CSV = "dice.csv";
    public static final String DICE_SEQUENCES_CSV = "dice_per_sequence.csv";

    private final List<String> setNames;
    private final Map<String, List<CellRecord>> cells;
    private final List<DiceRecord> dice;
    private final List<KsRow> ks;
    private final Latent latent;
    private final Evaluation.Settings settings;
    private final List<String> notes;
    private final SurfaceViews views;

    EvaluationResult(List<String> setNames, Map<String, List<CellRecord>> cells, List<DiceRecord> dice, List<KsRow> ks,
                     Latent latent, Evaluation.Settings settings, List<String> notes, SurfaceViews views) {
        this.setNames = List.copyOf(setNames);
        this.cells = cells;
        this.dice = List.copyOf(dice);
        this.ks = List.copyOf(ks);
        this.latent = latent;
        this.settings = settings;
        this.notes = List.copyOf(notes);
        this.views = views;
    }

    /** Surfaces of a few cells of each set, for the 3D montage and the interactive viewer. */
    public SurfaceViews views() {
        return views;
    }

    /**
     * The montage of rendered surfaces (real / reconstructed / synthetic side by side at a few time points), or
     * null when no chosen frame holds a cell.
     */
    public Figure surfaceMontage(String name, String title) {
        if (views == null || views.isEmpty()) {
            return null;
        }
        return SurfaceMontage.figure(name, title, "Surfaces of one cell of each set (rows) at evenly spaced time"
                + " points (columns), rendered from the same direction and at the same scale in every panel (scale"
                + " bars in micrometres); the surface is the marching-cubes mesh of the mask that the descriptors"
                + " measure. Colours: real blue-grey, reconstructed orange, synthetic green.", views.montage(), 170);
    }

    public List<String> setNames() {
        return setNames;
    }

    /** Every cell at every time point of a set. */
    public List<CellRecord> cells(String set) {
        return List.copyOf(cells.getOrDefault(set, List.of()));
    }

    public List<DiceRecord> dice() {
        return dice;
    }

    public List<KsRow> ks() {
        return ks;
    }

    public Latent latent() {
        return latent;
    }

    public List<String> notes() {
        return notes;
    }

    /** Mean and inter-quartile range of a descriptor at each time point, over the set's cells there. */
    public List<SummaryPoint> perTime(String set, Descriptor d) {
        Map<Integer, List<Double>> byTime = new TreeMap<>();
        for (CellRecord c : cells.getOrDefault(set, List.of())) {
            byTime.computeIfAbsent(c.timePoint(), k -> new ArrayList<>()).add(d.of(c.descriptors()));
        }
        List<SummaryPoint> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Double>> e : byTime.entrySet()) {
            out.add(new SummaryPoint(e.getKey(), Summary.of(e.getValue().stream().mapToDouble(Double::doubleValue)
                    .toArray())));
        }
        return out;
    }

    /** Summary over cells of each cell's mean over time (the KS samples). */
    public Summary perCellSummary(String set, Descriptor d) {
        return Summary.of(Evaluation.perCellMeans(cells.getOrDefault(set, List.of()), d));
    }

    public int sequenceCount(String set) {
        return (int) cells.getOrDefault(set, List.of()).stream().map(CellRecord::sequence).distinct().count();
    }

    public int cellCount(String set) {
        return (int) cells.getOrDefault(set, List.of()).stream().map(CellRecord::key).distinct().count();
    }

    /** Sets that were compared with the reference by Dice. */
    public List<String> pairedSets() {
        Set<String> s = new LinkedHashSet<>();
        dice.forEach(d -> s.add(d.set()));
        return new ArrayList<>(s);
    }

    /** Dice per time point of a paired set, over its sequences. */
    public List<SummaryPoint> dicePerTime(String set) {
        Map<Integer, List<Double>> byTime = new TreeMap<>();
        for (DiceRecord d : dice) {
            if (d.set().equals(set)) {
                byTime.computeIfAbsent(d.timePoint(), k -> new ArrayList<>()).add(d.dice());
            }
        }
        List<SummaryPoint> out = new ArrayList<>();
        byTime.forEach((t, v) -> out.add(new SummaryPoint(t, Summary.of(v.stream().mapToDouble(x -> x).toArray()))));
        return out;
    }

    /** Per sequence of a paired set: the mean of its per-frame Dice. */
    public Map<String, Double> dicePerSequence(String set) {
        Map<String, double[]> sums = new TreeMap<>();
        for (DiceRecord d : dice) {
            if (d.set().equals(set)) {
                double[] s = sums.computeIfAbsent(d.sequence(), k -> new double[2]);
                s[0] += d.dice();
                s[1]++;
            }
        }
        Map<String, Double> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        return out;
    }

    /** Summary over sequences of the per-sequence mean Dice. */
    public Summary diceSummary(String set) {
        return Summary.of(dicePerSequence(set).values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    // ---- tables ----

    Table descriptorTable() {
        Table.Builder t = Table.builder("descriptors", "Shape descriptors of every cell at every time point", "set",
                "sequence", "cell", "parent", "time_point", "frame", "voxels", "volume_um3", "mesh_volume_um3",
                "surface_um2", "sphericity");
        for (String set : setNames) {
            for (CellRecord c : cells.getOrDefault(set, List.of())) {
                ShapeDescriptors d = c.descriptors();
                t.row(set, c.sequence(), c.cell(), c.parent(), c.timePoint(), c.frame(), d.voxelCount(), d.volumeUm3(),
                        d.meshVolumeUm3(), d.surfaceUm2(), d.sphericity());
            }
        }
        return t.build();
    }

    Table perTimeTable() {
        Table.Builder t = Table.builder("descriptors-per-time", "Descriptor summaries per time point", "set",
                "descriptor", "time_point", "n", "mean", "std", "q1", "median", "q3");
        for (String set : setNames) {
            for (Descriptor d : Descriptor.values()) {
                for (SummaryPoint p : perTime(set, d)) {
                    Summary s = p.summary();
                    t.row(set, d.key(), (int) p.x(), s.count(), s.mean(), s.std(), s.q1(), s.median(), s.q3());
                }
            }
        }
        return t.build();
    }

    /** The paper's Table 1: KS p-values, one row per compared set, one column per descriptor. */
    public Table ksTable() {
        Table.Builder t = Table.builder("ks-p-values", "p-values of the two-sample Kolmogorov-Smirnov test of each"
                + " set against the " + (setNames.isEmpty() ? "reference" : setNames.get(0)) + " set (samples: each"
                + " cell's descriptor averaged over its time points)", "comparison", "Surface", "Volume", "Sphericity");
        Map<String, Map<Descriptor, KolmogorovSmirnov.Result>> byComparison = new LinkedHashMap<>();
        for (KsRow r : ks) {
            byComparison.computeIfAbsent(r.set() + " vs " + r.reference(), k -> new LinkedHashMap<>())
                    .put(r.descriptor(), r.result());
        }
        byComparison.forEach((name, m) -> t.row(name,
                pCell(m.get(Descriptor.SURFACE)), pCell(m.get(Descriptor.VOLUME)), pCell(m.get(Descriptor.SPHERICITY))));
        return t.build();
    }

    private static Table.Cell pCell(KolmogorovSmirnov.Result r) {
        return r == null ? new Table.Cell("n/a", Double.NaN) : new Table.Cell(Table.formatPValue(r.pValue()), r.pValue());
    }

    Table ksDetailTable() {
        Table.Builder t = Table.builder("ks", "Kolmogorov-Smirnov tests", "reference", "set", "descriptor", "n", "m", "D",
                "p_value");
        for (KsRow r : ks) {
            t.row(r.reference(), r.set(), r.descriptor().key(), r.result().n(), r.result().m(), r.result().statistic(),
                    r.result().pValue());
        }
        return t.build();
    }

    Table summaryTable() {
        Table.Builder t = Table.builder("set-summary", "Each set: cells, and each descriptor's mean \u00b1 standard"
                + " deviation over cells (a cell's value is its mean over time)", "set", "sequences", "cells",
                "Surface [\u00b5m\u00b2]", "Volume [\u00b5m\u00b3]", "Sphericity");
        for (String set : setNames) {
            List<Object> row = new ArrayList<>(List.of(set, sequenceCount(set), cellCount(set)));
            for (Descriptor d : Descriptor.values()) {
                Summary s = perCellSummary(set, d);
                row.add(new Table.Cell(formatMeanStd(s, d), s.mean()));
            }
            t.row(row.toArray());
        }
        return t.build();
    }

    private static String formatMeanStd(Summary s, Descriptor d) {
        if (s.count() == 0) {
            return "n/a";
        }
        return d == Descriptor.SPHERICITY ? Table.formatMeanStd(s.mean(), s.std())
                : Table.formatNumber(s.mean()) + " \u00b1 " + Table.formatNumber(s.std());
    }

    Table diceTable() {
        Table.Builder t = Table.builder("dice", "Dice per time point", "set", "sequence", "time_point", "dice",
                "voxels_reference", "voxels_set", "voxels_both");
        for (DiceRecord d : dice) {
            t.row(d.set(), d.sequence(), d.timePoint(), d.dice(), d.overlap().a(), d.overlap().b(),
                    d.overlap().intersection());
        }
        return t.build();
    }

    Table dicePerSequenceTable() {
        Table.Builder t = Table.builder("dice-per-sequence", "Dice per sequence: mean over its time points, and the"
                + " Dice of the whole 3D+t volume", "set", "sequence", "time_points", "mean_dice", "min_dice",
                "dice_3d_t");
        for (String set : pairedSets()) {
            Map<String, List<DiceRecord>> bySequence = new TreeMap<>();
            for (DiceRecord d : dice) {
                if (d.set().equals(set)) {
                    bySequence.computeIfAbsent(d.sequence(), k -> new ArrayList<>()).add(d);
                }
            }
            bySequence.forEach((seq, list) -> {
                Dice.Overlap total = new Dice.Overlap(0, 0, 0);
                double min = 1;
                double sum = 0;
                for (DiceRecord d : list) {
                    total = total.plus(d.overlap());
                    min = Math.min(min, d.dice());
                    sum += d.dice();
                }
                t.row(set, seq, list.size(), sum / list.size(), min, total.dice());
            });
        }
        return t.build();
    }

    // ---- report ----

    /** Adds the evaluation's sections to {@code report} (figure and table names are prefixed). */
    public void addTo(Report report, String prefix) {
        String reference = setNames.get(0);
        StringBuilder intro = new StringBuilder();
        for (String set : setNames) {
            intro.append(String.format(Locale.ROOT, "%s: %d sequences, %d cells, %d cell time points. ", set,
                    sequenceCount(set), cellCount(set), cells.getOrDefault(set, List.of()).size()));
        }
        intro.append("\n\nEach sequence is a time-lapse of label masks; each cell is its own time series, and after a"
                + " division each daughter is a new cell from the division on (from the lineage file where there is"
                + " one, from connected components otherwise), as in the paper's section 5. A time point is a frame"
                + " number counted from the sequence's first frame. Volume is the voxel count times the voxel volume;"
                + " surface is the area of"
                + " a marching-cubes mesh of the mask (voxel sides from the mask, positions from the mask smoothed by"
                + " a Gaussian of 0.85 voxel, so thin protrusions are kept); sphericity is"
                + " \u03c0^(1/3) (6V)^(2/3) / A of that mesh.");
        for (String note : notes) {
            intro.append("\n\nNote: ").append(note).append('.');
        }
        report.addSection("Sets evaluated", intro.toString());
        report.addTable(rename(summaryTable(), prefix));
        addViews(report, prefix);

        report.addSection("Shape descriptors over time", "Mean and inter-quartile range (25th to 75th percentile) of"
                + " each descriptor at each time point over all cells of each set, as the paper's Fig. 4. The closer"
                + " the curves and bands, the more alike the sets.");
        for (Descriptor d : Descriptor.values()) {
            Map<String, List<SummaryPoint>> series = new LinkedHashMap<>();
            for (String set : setNames) {
                series.put(set, perTime(set, d));
            }
            report.addFigure(Charts.descriptorOverTime(prefix + d.key() + "-over-time", d.label(), series));
        }

        if (setNames.size() > 1) {
            StringBuilder text = new StringBuilder("Two-sample Kolmogorov-Smirnov tests of each set against the "
                    + reference + " set, as the paper's Table 1. Each cell contributes one value, its descriptor"
                    + " averaged over its time points (time points of one cell are not independent samples). A"
                    + " p-value above 0.05 retains the hypothesis that both come from one distribution.");
            List<String> rejected = new ArrayList<>();
            for (KsRow r : ks) {
                if (r.result().pValue() <= 0.05) {
                    rejected.add(r.descriptor().title().toLowerCase(Locale.ROOT) + " of " + r.set());
                }
            }
            text.append(rejected.isEmpty() ? " Here every test retains it."
                    : " Here it is rejected for: " + String.join(", ", rejected) + ".");
            report.addSection("Distribution tests", text.toString());
            report.addTable(rename(ksTable(), prefix));
        }

        for (String set : pairedSets()) {
            Summary s = diceSummary(set);
            String text = String.format(Locale.ROOT, "Dice similarity of each %s sequence with the %s sequence of the"
                    + " same name, frame by frame (grids of different sizes are compared after nearest-neighbour"
                    + " upsampling of the smaller, as the paper's section 5.5). Mean over sequences of their mean Dice:"
                    + " %s (min %s, %d sequences).", set, reference, Table.formatMeanStd(s.mean(), s.std()),
                    Table.formatNumber(s.min()), s.count());
            if (settings.trainedEvery() > 0) {
                text += " Only every " + settings.trainedEvery() + "th time point was in training: the others are"
                        + " interpolated by the model (paper Fig. 9).";
            }
            report.addSection("Reconstruction similarity: " + set, text);
            Set<Integer> interpolated = new LinkedHashSet<>();
            for (SummaryPoint p : dicePerTime(set)) {
                if (settings.interpolated((int) p.x())) {
                    interpolated.add((int) p.x());
                }
            }
            report.addFigure(Charts.dicePerFrame(prefix + "dice-per-time-" + slug(set), dicePerTime(set),
                    interpolated));
            report.addTable(rename(dicePerSequenceTable(), prefix + slug(set) + "-"));
        }

        if (latent != null) {
            addLatent(report, prefix);
        }
    }

    /** The cells in 3D: the montage, and the interactive viewer. */
    private void addViews(Report report, String prefix) {
        Figure montage = surfaceMontage(prefix + "cells-3d", "Cells in 3D: " + String.join(" / ", setNames));
        if (montage == null) {
            return;
        }
        report.addSection("Cells in 3D", "What the numbers below describe: the surface of one cell of each set over"
                + " time (paper Figs. 5, 8, 9 and 12). Reconstructed cells are shown beside the real cell of the same"
                + " name.");
        report.addFigure(montage);
        MeshViewer.addTo(report, prefix + "viewer", VIEWER_CAPTION, views.viewer());
    }

    /** How to use the interactive viewer (the demo's and the experiments' reports say it too). */
    public static final String VIEWER_CAPTION = "The same cells to turn and play: drag to rotate, scroll to zoom,"
            + " the buttons switch between the sets, the list picks a cell, the slider and Play move through time."
            + " Surfaces are simplified to at most " + SurfaceViews.VIEWER_TRIANGLES + " triangles for display.";

    private void addLatent(Report report, String prefix) {
        Evaluation.LatentCodes codes = latent.codes();
        int n = codes.codes().length, dim = n == 0 ? 0 : codes.codes()[0].length;
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d latent codes of %d dimensions from %s.",
                n, dim, codes.source()));
        if (latent.pca() != null) {
            Pca p = latent.pca();
            text.append(String.format(Locale.ROOT, " Principal component analysis: %d components carry 90 %% of the"
                    + " codes' variance, %d carry 99 %% and %d carry 99.9 %% (the paper's Fig. 7a compares this"
                    + " between the equivariant and the non-equivariant model).", p.componentsFor(0.9),
                    p.componentsFor(0.99), p.componentsFor(0.999)));
        }
        if (latent.tsne() != null) {
            text.append(String.format(Locale.ROOT, " The t-SNE embedding (perplexity %.3g, KL divergence %.3g) shows"
                    + " how the codes group.", latent.tsne().perplexity(), latent.tsne().klDivergence()));
        }
        if (!Double.isNaN(latent.leaveOneOutAccuracy())) {
            text.append(String.format(Locale.ROOT, " A nearest-centroid classifier in latent space (leave-one-out)"
                    + " assigns %.1f %% of the codes to their class.", 100 * latent.leaveOneOutAccuracy()));
        }
        report.addSection("Latent space", text.toString());
        if (latent.pca() != null) {
            Map<String, Pca> m = new LinkedHashMap<>();
            m.put("model", latent.pca());
            report.addFigure(Charts.explainedVariance(prefix + "latent-pca", m));
        }
        if (latent.tsne() != null) {
            report.addFigure(Charts.embedding(prefix + "latent-tsne", "t-SNE of latent codes",
                    latent.tsne().embedding(), codes.names(), codes.classes()));
        }
    }

    private static String slug(String s) {
        String x = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return x.isEmpty() ? "set" : x;
    }

    private static Table rename(Table t, String prefix) {
        return prefix.isEmpty() ? t : new Table(prefix + t.name(), t.title(), t.columns(), t.rows());
    }

    /**
     * Writes the CSVs ({@value #DESCRIPTORS_CSV}, {@value #PER_TIME_CSV}, {@value #KS_CSV}, {@value #DICE_CSV},
     * {@value #DICE_SEQUENCES_CSV}), the report with its figures, and {@code provenance.json} last.
     *
     * @return the report's path
     */
    public Path writeTo(Path dir, Provenance provenance, String title) {
        AtomicFiles.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(DESCRIPTORS_CSV), descriptorTable().toCsv());
        AtomicFiles.writeString(dir.resolve(PER_TIME_CSV), perTimeTable().toCsv());
        if (!ks.isEmpty()) {
            AtomicFiles.writeString(dir.resolve(KS_CSV), ksDetailTable().toCsv());
        }
        if (!dice.isEmpty()) {
            AtomicFiles.writeString(dir.resolve(DICE_CSV), diceTable().toCsv());
            AtomicFiles.writeString(dir.resolve(DICE_SEQUENCES_CSV), dicePerSequenceTable().toCsv());
        }
        Report report = new Report(title);
        addTo(report, "");
        report.addSection("Data files", "The numbers behind this report, as CSV beside it: " + DESCRIPTORS_CSV
                + " (every cell at every time point), " + PER_TIME_CSV + " (the curves of the descriptor figures)"
                + (ks.isEmpty() ? "" : ", " + KS_CSV + " (statistics and sample sizes of the KS tests)")
                + (dice.isEmpty() ? "" : ", " + DICE_CSV + " and " + DICE_SEQUENCES_CSV + " (Dice per frame and per"
                + " sequence)") + "; each figure's own numbers are in figures/, each table's in tables/.");
        report.setProvenance(provenance);
        Path html = report.write(dir);
        provenance.writeTo(dir);
        return html;
    }

    /** A machine-readable summary (the {@code --json} output of {@code evaluate}). */
    public Map<String, Object> summary(Path reportPath) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("report", reportPath == null ? null : reportPath.toAbsolutePath().toString());
        List<Object> sets = new ArrayList<>();
        for (String set : setNames) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", set);
            s.put("sequences", sequenceCount(set));
            s.put("cells", cellCount(set));
            s.put("cell_time_points", cells.getOrDefault(set, List.of()).size());
            Map<String, Object> descriptors = new LinkedHashMap<>();
            for (Descriptor d : Descriptor.values()) {
                Summary sum = perCellSummary(set, d);
                descriptors.put(d.key(), Map.of("mean", finite(sum.mean()), "std", finite(sum.std())));
            }
            s.put("descriptors", descriptors);
            if (pairedSets().contains(set)) {
                Summary ds = diceSummary(set);
                s.put("dice", Map.of("mean", finite(ds.mean()), "std", finite(ds.std()), "min", finite(ds.min()),
                        "sequences", ds.count()));
            }
            sets.add(s);
        }
        out.put("sets", sets);
        List<Object> tests = new ArrayList<>();
        for (KsRow r : ks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reference", r.reference());
            m.put("set", r.set());
            m.put("descriptor", r.descriptor().key());
            m.put("n", r.result().n());
            m.put("m", r.result().m());
            m.put("statistic", finite(r.result().statistic()));
            m.put("p_value", finite(r.result().pValue()));
            tests.add(m);
        }
        out.put("ks", tests);
        if (latent != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("codes", latent.codes().codes().length);
            if (latent.pca() != null) {
                m.put("components_for_90", latent.pca().componentsFor(0.9));
                m.put("components_for_99", latent.pca().componentsFor(0.99));
                m.put("explained_variance_ratio", latent.pca().explainedVarianceRatio());
            }
            m.put("nearest_centroid_accuracy", finite(latent.leaveOneOutAccuracy()));
            out.put("latent", m);
        }
        out.put("notes", notes);
        return out;
    }

    /** JSON has no NaN: absent values are null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
