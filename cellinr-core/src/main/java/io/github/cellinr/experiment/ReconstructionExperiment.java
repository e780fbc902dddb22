package io.github.cellinr.experiment;

import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.eval.Evaluation;
import io.github.cellinr.eval.EvaluationResult;
import io.github.cellinr.eval.KolmogorovSmirnov;
import io.github.cellinr.eval.MaskSequence;
import io.github.cellinr.eval.ShapeDescriptors.Descriptor;
import io.github.cellinr.eval.Summary;
import io.github.cellinr.eval.report.Charts;
import io.github.cellinr.eval.report.Charts.SummaryPoint;
import io.github.cellinr.eval.report.Figure;
import io.github.cellinr.eval.view.MeshViewer;
import io.github.cellinr.eval.view.SurfaceSeries;
import io.github.cellinr.eval.report.Report;
import io.github.cellinr.eval.report.Table;
import io.github.cellinr.infer.LatentSampler;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Paper section 5.1 (Table 1, Fig. 4): one equivariant model per phantom type; its reconstructions of the training
 * sequences and as many new synthetic sequences (codes from {@code generate}'s default sampler, {@code auto}: for
 * these models latent interpolation between neighbouring learned codes; {@link SynthesisExperiment} compares it with
 * the paper's Gaussian and the other samplers) are compared with the data by
 * surface, volume and sphericity over time (daughters separately after a division), two-sample
 * Kolmogorov-Smirnov tests (Table 1) and Dice. Each type's complete evaluation (the {@code evaluate} report) is
 * in {@code outputs/<type>/evaluation}.
 */
public final class ReconstructionExperiment implements Experiment {

    /** The paper's Table 1: KS p-values of real vs reconstructed (surface, volume, sphericity; 0 for <0.001). */
    private static final Map<PhantomType, double[]> PAPER_TABLE1 = Map.of(
            PhantomType.GROWING, new double[] {0.634, 0.252, 0.387},
            PhantomType.DIVIDING, new double[] {0.077, 0.472, 0},
            PhantomType.FILOPODIAL, new double[] {0.064, 0.230, 0});

    record Sizes(int count, int frames, int volume, int filopodialVolume, int grid, int epochs) {
    }

    static Sizes sizes(boolean quick) {
        return quick ? new Sizes(3, 4, 40, 48, 24, 60) : new Sizes(8, 30, 96, 128, 64, 40);
    }

    @Override
    public String name() {
        return "reconstruction";
    }

    @Override
    public String reproduces() {
        return "5.1 (reconstruction and synthesis): Table 1, Fig. 4";
    }

    @Override
    public String title() {
        return "Real vs reconstructed vs synthetic shapes per cell type: descriptors over time, KS p-values, Dice";
    }

    @Override
    public String description(boolean quick) {
        Sizes z = sizes(quick);
        return String.format(Locale.ROOT, "For each phantom type (growing for Platynereis, dividing for C. elegans,"
                + " filopodial for A549): %d sequences of %d frames, one equivariant model, its reconstruction of"
                + " every training sequence (learned code and rotation) and %d new synthetic sequences (codes from"
                + " generate's default sampler, auto: points between neighbouring learned codes; the paper used a"
                + " Gaussian fitted to the codes for growing and dividing cells and learned code plus noise for"
                + " filopodial cells; the synthesis experiment compares the samplers), all on the %d^3 training grid. Each set is described by surface, volume and"
                + " sphericity at every time point (daughters as their own cells after a division), and the"
                + " reconstructed and synthetic sets are tested against the real one by two-sample"
                + " Kolmogorov-Smirnov tests on each cell's descriptor averaged over time.", z.count(), z.frames(),
                z.count(), z.grid());
    }

    @Override
    public Scaling scaling(boolean quick) {
        Sizes z = sizes(quick);
        return new Scaling()
                .add("data", "Platynereis, C. elegans, A549 segmentations", "growing, dividing, filopodial phantoms")
                .add("sequences x frames per type", "33 x 30", z.count() + " x " + z.frames())
                .sdfGrid(z.grid())
                .epochs(z.epochs())
                .samplesPerFrame(quick)
                .add("synthetic sequences per type", 33, z.count());
    }

    @Override
    public String expectedTime(boolean quick) {
        return quick ? "1 min" : "40 min";
    }

    @Override
    public Outcome run(ExperimentContext c, Report report) {
        Sizes z = sizes(c.quick());
        Map<String, Object> results = new LinkedHashMap<>();
        List<String> headlines = new ArrayList<>();
        Map<PhantomType, EvaluationResult> evaluations = new EnumMap<>(PhantomType.class);
        for (PhantomType type : PhantomType.values()) {
            String t = type.cliName();
            int volume = type == PhantomType.FILOPODIAL ? z.filopodialVolume() : z.volume();
            PhantomData spec = new PhantomData(type, z.count(), z.frames(), volume, z.grid());
            try (MappedSdfDataset data = spec.open(c, t, c.seed())) {
                TrainingOptions o = ModelTraining.equivariant(c, z.epochs()).build();
                Path dir = c.path("models", t);
                CellShapeModel model = ModelTraining.trainOrReuse(c, data, PhantomData.checksum(data), o, dir,
                        t + " (" + spec.paperCellType() + ")");
                String modelId = CellShapeModel.id(dir);
                Provenance provenance = Provenance.builder(c.command()).seed(c.seed()).modelId(modelId).build();
                List<Shape> reconstructions = Shapes.reconstruct(model, List.of(), RotationChoice.LEARNED, c.seed());
                LatentSampler sampler = LatentSampler.of(LatentSampler.Kind.AUTO, model, c.seed());
                List<Shape> synthetic = Shapes.generate(sampler, data.sequenceCount(), RotationChoice.IDENTITY,
                        c.seed(), "synthetic");
                c.say("  %s: reconstructing %d and generating %d sequences of %d frames at %d^3", t,
                        reconstructions.size(), synthetic.size(), z.frames(), z.grid());
                List<MaskSequence> rec = ModelOutputs.write(model, reconstructions, c.path("outputs", t,
                        "reconstructed"), z.grid(), z.frames(), c.threads(), provenance, c.progress());
                List<MaskSequence> syn = ModelOutputs.write(model, synthetic, c.path("outputs", t, "synthetic"),
                        z.grid(), z.frames(), c.threads(), provenance, c.progress());
                List<Evaluation.SequenceSet> sets = List.of(
                        new Evaluation.SequenceSet(Evaluation.REAL, ModelOutputs.dataset(data, id -> true), false),
                        new Evaluation.SequenceSet("reconstructed", rec, true),
                        new Evaluation.SequenceSet("synthetic", syn, false));
                EvaluationResult r = Evaluation.run(sets, null, Evaluation.Settings.defaults().withThreads(c.threads())
                        .withSeed(c.seed()), c.progress());
                r.writeTo(c.path("outputs", t, "evaluation"), Provenance.builder(c.command()).seed(c.seed())
                        .modelId(modelId).parameter("experiment", name()).parameter("type", t).build(),
                        "CellINR evaluation: " + t + " phantoms (" + spec.paperCellType() + ")");
                evaluations.put(type, r);
                addType(report, type, r, z);
                results.put(t, summary(r));
                Summary dice = r.diceSummary("reconstructed");
                headlines.add(String.format(Locale.ROOT, "%s: reconstruction Dice %s; KS p (surface, volume,"
                        + " sphericity) reconstructed %s, synthetic %s", t, Stats.meanStd(dice),
                        pValues(r, "reconstructed"), pValues(r, "synthetic")));
            }
        }
        addTable1(report, evaluations);
        List<SurfaceSeries> cells = new ArrayList<>();
        evaluations.values().forEach(r -> cells.addAll(r.views().viewerFirstPerSet()));
        if (!cells.isEmpty()) {
            report.addSection("Cells in 3D, interactive", "One cell of each type and set from the montages above, to"
                    + " turn and play through time (paper Figs. 5 and 8 show such cells).");
            MeshViewer.addTo(report, "viewer", EvaluationResult.VIEWER_CAPTION, cells);
        }
        return new Outcome(results, headlines);
    }

    private static void addType(Report report, PhantomType type, EvaluationResult r, Sizes z) {
        Summary dice = r.diceSummary("reconstructed");
        report.addSection(type.cliName() + " phantoms (" + PhantomData.paperCellType(type) + ")",
                String.format(Locale.ROOT, "Mean and inter-quartile range of each descriptor at each time point over"
                        + " the cells of each set (paper Fig. 4). Real: %d cells; reconstructed: %d; synthetic: %d."
                        + " Reconstruction Dice (mean over sequences of the mean over frames): %s. The complete"
                        + " evaluation of this type is in outputs/%s/evaluation/report.html.",
                        r.cellCount("real"), r.cellCount("reconstructed"), r.cellCount("synthetic"),
                        Stats.meanStd(dice), type.cliName()));
        Figure surfaces = r.surfaceMontage(type.cliName() + "-3d", "Cells in 3D: " + type.cliName()
                + " (real / reconstructed / synthetic)");
        if (surfaces != null) {
            report.addFigure(surfaces);
        }
        for (Descriptor d : Descriptor.values()) {
            Map<String, List<SummaryPoint>> series = new LinkedHashMap<>();
            for (String set : r.setNames()) {
                series.put(set, r.perTime(set, d));
            }
            report.addFigure(Charts.descriptorOverTime(type.cliName() + "-" + d.key(), d.label() + ", "
                    + type.cliName(), series));
        }
    }

    private static void addTable1(Report report, Map<PhantomType, EvaluationResult> evaluations) {
        report.addSection("Kolmogorov-Smirnov tests (Table 1)", "p-values of two-sample Kolmogorov-Smirnov tests of"
                + " the reconstructed (and synthetic) cells against the real ones, per descriptor; each cell contributes"
                + " its descriptor averaged over its time points. p > 0.05 retains the hypothesis of one distribution."
                + " The paper's Table 1 (real vs reconstructed) is beside it. With a few cells per set the tests have"
                + " little power: a high p-value is weak evidence of a match.");
        Table.Builder t = Table.builder("table1-ks-p-values", "KS p-values against the real cells", "cell type",
                "set", "cells (real / set)", "Surface", "Volume", "Sphericity", "paper: Surface", "paper: Volume",
                "paper: Sphericity");
        evaluations.forEach((type, r) -> {
            for (String set : List.of("reconstructed", "synthetic")) {
                double[] paper = PAPER_TABLE1.get(type);
                boolean rec = set.equals("reconstructed");
                t.row(PhantomData.paperCellType(type) + " (" + type.cliName() + ")", set,
                        r.cellCount("real") + " / " + r.cellCount(set),
                        p(r, set, Descriptor.SURFACE), p(r, set, Descriptor.VOLUME), p(r, set, Descriptor.SPHERICITY),
                        rec ? paperP(paper[0]) : "", rec ? paperP(paper[1]) : "", rec ? paperP(paper[2]) : "");
            }
        });
        report.addTable(t.build());
    }

    private static Object paperP(double p) {
        return p == 0 ? new Table.Cell("<0.001", 0.0) : p;
    }

    private static Table.Cell p(EvaluationResult r, String set, Descriptor d) {
        for (EvaluationResult.KsRow row : r.ks()) {
            if (row.set().equals(set) && row.descriptor() == d) {
                KolmogorovSmirnov.Result k = row.result();
                return new Table.Cell(Table.formatPValue(k.pValue()), k.pValue());
            }
        }
        return new Table.Cell("n/a", Double.NaN);
    }

    private static String pValues(EvaluationResult r, String set) {
        List<String> out = new ArrayList<>();
        for (Descriptor d : Descriptor.values()) {
            out.add(p(r, set, d).text());
        }
        return String.join(", ", out);
    }

    private static Map<String, Object> summary(EvaluationResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dice_reconstructed", Stats.json(r.diceSummary("reconstructed")));
        Map<String, Object> ks = new LinkedHashMap<>();
        for (EvaluationResult.KsRow row : r.ks()) {
            ks.put(row.set() + "." + row.descriptor().key(), Map.of("D", row.result().statistic(),
                    "p", row.result().pValue(), "n", row.result().n(), "m", row.result().m()));
        }
        m.put("ks", ks);
        Map<String, Object> cells = new LinkedHashMap<>();
        for (String set : r.setNames()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("cells", r.cellCount(set));
            for (Descriptor d : Descriptor.values()) {
                s.put(d.key(), Stats.json(r.perCellSummary(set, d)));
            }
            cells.put(set, s);
        }
        m.put("sets", cells);
        return m;
    }
}
