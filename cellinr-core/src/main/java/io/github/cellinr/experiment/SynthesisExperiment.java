package io.github.cellinr.experiment;

import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.eval.Evaluation;
import io.github.cellinr.eval.EvaluationResult;
import io.github.cellinr.eval.KolmogorovSmirnov;
import io.github.cellinr.eval.MaskSequence;
import io.github.cellinr.eval.ShapeDescriptors.Descriptor;
import io.github.cellinr.eval.report.Figure;
import io.github.cellinr.eval.report.Report;
import io.github.cellinr.eval.report.Table;
import io.github.cellinr.eval.view.MeshViewer;
import io.github.cellinr.eval.view.SurfaceSeries;
import io.github.cellinr.infer.CodeSpan;
import io.github.cellinr.infer.LatentSampler;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Paper section 5.1, "Random sampling of latent codes", per sampler: the {@code reconstruction} experiment's
 * growing and dividing models (same data, sizes, options and seed, so the same models; a run continued in a
 * folder that holds them reuses them), and from each of them as many synthetic sequences per sampler as there
 * are training sequences. Per sampler: the share of synthetic dividing sequences that divide (two or more cells
 * after mid-sequence, the check {@code generate} prints), the share of drawn codes within the learned codes'
 * support, and the two-sample Kolmogorov-Smirnov p-values of surface, volume and sphericity against the real
 * cells, exactly as the {@code reconstruction} experiment tests its synthetic set.
 */
public final class SynthesisExperiment implements Experiment {

    static final List<PhantomType> TYPES = List.of(PhantomType.GROWING, PhantomType.DIVIDING);
    /**
     * System property naming the types to run (comma separated; default both), so that one run can be split over
     * processes into folders of their own; each type's numbers are the same either way.
     */
    static final String TYPES_PROPERTY = "cellinr.synthesis.types";

    /**
     * System property setting the frames per sequence (default: the reconstruction experiment's), for a shorter
     * variant on a busy machine: training time is proportional to it.
     */
    static final String FRAMES_PROPERTY = "cellinr.synthesis.frames";

    static ReconstructionExperiment.Sizes sizes(boolean quick) {
        ReconstructionExperiment.Sizes z = ReconstructionExperiment.sizes(quick);
        String frames = System.getProperty(FRAMES_PROPERTY);
        if (frames == null || frames.isBlank()) {
            return z;
        }
        return new ReconstructionExperiment.Sizes(z.count(), Integer.parseInt(frames.strip()), z.volume(),
                z.filopodialVolume(), z.grid(), z.epochs());
    }

    /** System property naming the samplers to compare (comma separated; default all but auto). */
    static final String SAMPLERS_PROPERTY = "cellinr.synthesis.samplers";

    static List<LatentSampler.Kind> samplers() {
        String only = System.getProperty(SAMPLERS_PROPERTY);
        if (only == null || only.isBlank()) {
            return SAMPLERS;
        }
        List<LatentSampler.Kind> out = new ArrayList<>();
        for (String k : only.split(",")) {
            out.add(LatentSampler.Kind.parse(k));
        }
        return out;
    }

    static List<PhantomType> types() {
        String only = System.getProperty(TYPES_PROPERTY);
        if (only == null || only.isBlank()) {
            return TYPES;
        }
        List<PhantomType> out = new ArrayList<>();
        for (String t : only.split(",")) {
            out.add(PhantomType.parse(t.strip()));
        }
        return out;
    }
    static final List<LatentSampler.Kind> SAMPLERS = List.of(LatentSampler.Kind.GAUSSIAN, LatentSampler.Kind.NEAR,
            LatentSampler.Kind.GMM, LatentSampler.Kind.PPCA, LatentSampler.Kind.MIX);

    @Override
    public String name() {
        return "synthesis";
    }

    @Override
    public String reproduces() {
        return "5.1 (random sampling of latent codes): synthetic cells per sampler";
    }

    @Override
    public String title() {
        return "Synthetic cells per latent sampler: divisions, support, KS p-values against the real cells";
    }

    @Override
    public String description(boolean quick) {
        ReconstructionExperiment.Sizes z = sizes(quick);
        return String.format(Locale.ROOT, "The reconstruction experiment's growing and dividing models (%d sequences"
                + " of %d frames, %d^3 grid, %d epochs, equivariant) and, per model and sampler (%s), %d synthetic"
                + " sequences at the training grid. Per sampler: the share of synthetic dividing sequences with two"
                + " or more cells after mid-sequence, the share of drawn codes within the learned codes' support,"
                + " and two-sample KS p-values of surface, volume and sphericity (each cell's descriptor averaged"
                + " over time, daughters as cells of their own) against the real cells.", z.count(), z.frames(),
                z.grid(), z.epochs(), String.join(", ", SAMPLERS.stream().map(LatentSampler.Kind::cliName)
                        .toList()), z.count());
    }

    @Override
    public Scaling scaling(boolean quick) {
        ReconstructionExperiment.Sizes z = sizes(quick);
        return new Scaling()
                .add("data", "Platynereis, C. elegans segmentations", "growing, dividing phantoms")
                .add("sequences x frames per type", "33 x 30", z.count() + " x " + z.frames())
                .sdfGrid(z.grid())
                .epochs(z.epochs())
                .samplesPerFrame(quick)
                .add("synthetic sequences per type and sampler", 33, z.count());
    }

    @Override
    public String expectedTime(boolean quick) {
        return quick ? "1 min" : "30 min";
    }

    @Override
    public Outcome run(ExperimentContext c, Report report) {
        ReconstructionExperiment.Sizes z = sizes(c.quick());
        Map<String, Object> results = new LinkedHashMap<>();
        List<String> headlines = new ArrayList<>();
        Table.Builder table = Table.builder("synthesis-by-sampler", "Synthetic cells per sampler", "cell type",
                "sampler", "sequences dividing", "codes within support", "cells (real / synthetic)", "Surface p",
                "Volume p", "Sphericity p");
        List<Figure> montages = new ArrayList<>();
        List<SurfaceSeries> viewers = new ArrayList<>();
        for (PhantomType type : types()) {
            String t = type.cliName();
            PhantomData spec = new PhantomData(type, z.count(), z.frames(), z.volume(), z.grid());
            try (MappedSdfDataset data = spec.open(c, t, c.seed())) {
                TrainingOptions o = ModelTraining.equivariant(c, z.epochs()).build();
                Path dir = c.path("models", t);
                CellShapeModel model = ModelTraining.trainOrReuse(c, data, PhantomData.checksum(data), o, dir,
                        t + " (" + spec.paperCellType() + ")");
                String modelId = CellShapeModel.id(dir);
                Provenance provenance = Provenance.builder(c.command()).seed(c.seed()).modelId(modelId).build();
                CodeSpan span = CodeSpan.of(model.latentCodes());
                List<Evaluation.SequenceSet> sets = new ArrayList<>();
                sets.add(new Evaluation.SequenceSet(Evaluation.REAL, ModelOutputs.dataset(data, id -> true), false));
                Map<String, int[]> counts = new LinkedHashMap<>();
                Map<String, Object> typeResults = new LinkedHashMap<>();
                for (LatentSampler.Kind kind : samplers()) {
                    String k = kind.cliName();
                    LatentSampler sampler = LatentSampler.of(kind, model, c.seed());
                    List<Shape> synthetic = Shapes.generate(sampler, data.sequenceCount(), RotationChoice.IDENTITY,
                            c.seed(), "synthetic");
                    int within = 0;
                    for (Shape s : synthetic) {
                        within += span.contains(s.latent()) ? 1 : 0;
                    }
                    c.say("  %s, sampler %s: generating %d sequences of %d frames at %d^3 (%d of %d codes within"
                            + " the support)", t, k, synthetic.size(), z.frames(), z.grid(), within, synthetic.size());
                    List<MaskSequence> syn = ModelOutputs.write(model, synthetic, c.path("outputs", t, k), z.grid(),
                            z.frames(), c.threads(), provenance, c.progress());
                    int dividing = 0;
                    for (MaskSequence m : syn) {
                        dividing += dividesAfterMiddle(m) ? 1 : 0;
                    }
                    counts.put(k, new int[] {dividing, syn.size(), within});
                    sets.add(new Evaluation.SequenceSet(k, syn, false));
                }
                EvaluationResult r = Evaluation.run(sets, null, Evaluation.Settings.defaults().withThreads(c.threads())
                        .withSeed(c.seed()), c.progress());
                Figure montage = r.surfaceMontage(t + "-3d", "Cells in 3D: " + t + " (real / synthetic by"
                        + " sampler)");
                if (montage != null) {
                    montages.add(montage);
                }
                viewers.addAll(r.views().viewerFirstPerSet());
                r.writeTo(c.path("outputs", t, "evaluation"), Provenance.builder(c.command()).seed(c.seed())
                        .modelId(modelId).parameter("experiment", name()).parameter("type", t).build(),
                        "CellINR synthesis by sampler: " + t + " phantoms (" + spec.paperCellType() + ")");
                for (LatentSampler.Kind kind : samplers()) {
                    String k = kind.cliName();
                    int[] n = counts.get(k);
                    table.row(PhantomData.paperCellType(type) + " (" + t + ")", k, n[0] + " / " + n[1],
                            n[2] + " / " + n[1], r.cellCount(Evaluation.REAL) + " / " + r.cellCount(k),
                            p(r, k, Descriptor.SURFACE), p(r, k, Descriptor.VOLUME), p(r, k, Descriptor.SPHERICITY));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("sampler", LatentSampler.of(kind, model, c.seed()).describe().get(LatentSampler.SAMPLER_KEY));
                    m.put("sequencesDividing", n[0]);
                    m.put("sequences", n[1]);
                    m.put("codesWithinSupport", n[2]);
                    m.put("cells", r.cellCount(k));
                    Map<String, Object> ks = new LinkedHashMap<>();
                    for (Descriptor d : Descriptor.values()) {
                        ks.put(d.key(), p(r, k, d).value());
                        m.put("mean_" + d.key(), Stats.json(r.perCellSummary(k, d)));
                    }
                    m.put("ksP", ks);
                    typeResults.put(k, m);
                    headlines.add(String.format(Locale.ROOT, "%s, %s: %d/%d dividing, %d/%d codes within support,"
                            + " KS p surface %s, volume %s, sphericity %s", t, k, n[0], n[1], n[2], n[1],
                            p(r, k, Descriptor.SURFACE).text(), p(r, k, Descriptor.VOLUME).text(),
                            p(r, k, Descriptor.SPHERICITY).text()));
                }
                Map<String, Object> real = new LinkedHashMap<>();
                for (Descriptor d : Descriptor.values()) {
                    real.put("mean_" + d.key(), Stats.json(r.perCellSummary(Evaluation.REAL, d)));
                }
                typeResults.put("real", real);
                results.put(t, typeResults);
            }
        }
        report.addSection("Synthetic cells per sampler", "Per cell type and sampler: synthetic sequences with two or"
                + " more cells after mid-sequence (a division), drawn codes within the learned codes' support (nearest"
                + " learned code no farther than the most isolated code's nearest other, at most "
                + CodeSpan.OFF_SPAN_TOLERANCE + " of the codes' RMS radius off their span), and KS p-values of each"
                + " descriptor against the real cells (p > 0.05 retains the hypothesis of one distribution). The"
                + " default sampler ('auto') is mix for models with learned codes.");
        report.addTable(table.build());
        montages.forEach(report::addFigure);
        if (!viewers.isEmpty()) {
            report.addSection("Cells in 3D, interactive", "The first cell of each set, to turn and play through"
                    + " time.");
            MeshViewer.addTo(report, "viewer", EvaluationResult.VIEWER_CAPTION, viewers);
        }
        return new Outcome(results, headlines);
    }

    /** Two or more labelled cells at some frame from mid-sequence on (as {@code SequenceSummary}). */
    static boolean dividesAfterMiddle(MaskSequence m) {
        List<Integer> frames = m.frames();
        for (int i = frames.size() / 2; i < frames.size(); i++) {
            LabelVolume v = m.read(frames.get(i));
            Set<Integer> labels = new HashSet<>();
            for (int l : v.labels()) {
                if (l != 0) {
                    labels.add(l);
                    if (labels.size() >= 2) {
                        return true;
                    }
                }
            }
        }
        return false;
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
}
