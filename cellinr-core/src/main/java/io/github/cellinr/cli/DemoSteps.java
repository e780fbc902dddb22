package io.github.cellinr.cli;

import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.DatasetManifest;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.eval.Evaluation;
import io.github.cellinr.eval.EvaluationResult;
import io.github.cellinr.eval.MaskSequence;
import io.github.cellinr.experiment.ModelOutputs;
import io.github.cellinr.experiment.PhantomMix;
import io.github.cellinr.infer.GaussianMixture;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.LatentSampler;
import io.github.cellinr.infer.OutputGrid;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.infer.SignExactGrid;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.phantom.PhantomSpec;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.phantom.PhantomWriter;
import io.github.cellinr.render.CtcRender;
import io.github.cellinr.render.RenderSettings;
import io.github.cellinr.shape.LabelSeries;
import io.github.cellinr.shape.Prepare;
import io.github.cellinr.shape.PrepareInputs;
import io.github.cellinr.shape.PrepareOptions;
import io.github.cellinr.shape.PrepareSummary;
import io.github.cellinr.train.Trainer;
import io.github.cellinr.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's steps: phantoms of the three types, one prepared dataset of all of them, one equivariant model,
 * its reconstructions and class-conditional synthetic cells, the evaluation per type, rendered microscopy of a
 * few synthetic cells, and the report ({@link DemoReport}).
 */
final class DemoSteps {

    private DemoSteps() {
    }

    /** Sequences per phantom type. */
    static int count(DemoContext c) {
        return c.quick() ? 3 : 8;
    }

    static int frames(DemoContext c) {
        return c.quick() ? 6 : 20;
    }

    /** Phantom volume edge. */
    static int size(DemoContext c) {
        return c.quick() ? 64 : 96;
    }

    /** SDF grid edge of the prepared dataset, and the grid of every reconstruction and synthetic cell. */
    static int grid(DemoContext c) {
        return c.quick() ? 40 : 64;
    }

    /**
     * Training epochs and samples per frame. The full demo trains 24 epochs of 2,048 samples per frame: per epoch it
     * learns as much as with the trainer's 4,096 (loss after 8 epochs 0.0407 against 0.0410) at half the cost, and
     * its Dice is within 0.01 of 30 epochs x 4,096 at 0.4 of the compute (docs/RESULTS.md, "The demo").
     */
    static int epochs(DemoContext c) {
        return c.quick() ? 60 : 24;
    }

    /** SDF samples per frame and training step; see {@link #epochs}. */
    static int pointsPerFrame(DemoContext c) {
        return c.quick() ? 1024 : 2048;
    }

    /** Synthetic sequences per type. */
    static int synthetic(DemoContext c) {
        return count(c);
    }

    /** Largest number of mixture components tried, as {@code generate --sampler gmm}'s default. */
    private static final int GMM_MAX_COMPONENTS = 8;

    /**
     * The sampler of each type: near a learned code for filopodial cells, as the paper; for the others a Gaussian
     * mixture with per-dimension variances (components by BIC) instead of the paper's isotropic Gaussian. With the
     * demo's 8 codes per type the isotropic Gaussian spreads its samples evenly over all 64 dimensions while the
     * codes vary along few of them. Measured on the default demo (seed 1): 2 of 8 synthetic dividing sequences
     * divided with the isotropic Gaussian, 7 of 8 with the mixture, as many as the reconstructions of the 8
     * training cells (docs/RESULTS.md).
     */
    static LatentSampler sampler(CellShapeModel typeModel, PhantomType type, long seed) {
        return type == PhantomType.FILOPODIAL ? LatentSampler.near(typeModel, null)
                : LatentSampler.gmm(typeModel, GMM_MAX_COMPONENTS, GaussianMixture.Covariance.DIAGONAL,
                        Seeds.random(seed, "demo.gmm.fit", type.ordinal()));
    }

    /** Writes {@code phantoms/<type>} for each type; outputs {@code "phantoms/<type>"}. */
    static final class Phantoms implements DemoStep {
        @Override
        public String stage() {
            return "phantoms";
        }

        @Override
        public String description(DemoContext c) {
            return String.format(Locale.ROOT, "%d growing, %d dividing and %d filopodial phantom cells, %d frames"
                    + " each, in %d^3 volumes (CTC folders with lineage)", count(c), count(c), count(c), frames(c),
                    size(c));
        }

        @Override
        public String run(DemoContext c) {
            StringBuilder done = new StringBuilder();
            for (PhantomType type : PhantomType.values()) {
                PhantomSpec spec = new PhantomSpec(type, count(c), frames(c), size(c), null, c.seed());
                PhantomWriter.Result r = PhantomWriter.write(spec, c.folder().resolve("phantoms").resolve(type.cliName()),
                        false, c.threads(), c.command(), c.progress());
                c.put("phantoms/" + type.cliName(), r.folder());
                done.append(done.length() == 0 ? "" : ", ").append(type.cliName()).append(" in ")
                        .append(c.folder().relativize(r.folder()));
            }
            return "phantoms: " + done;
        }
    }

    /**
     * Prepares the three phantom sets into one dataset {@code dataset} (one cube and scale for all, which one
     * model needs; sequence ids say the type); outputs {@code "dataset"}.
     */
    static final class PrepareData implements DemoStep {
        @Override
        public String stage() {
            return "prepare";
        }

        @Override
        public String description(DemoContext c) {
            return String.format(Locale.ROOT, "the three phantom sets -> one dataset of aligned signed distance frames"
                    + " on a %d^3 grid, one cube and scale for all (float16, memory-mapped)", grid(c));
        }

        @Override
        public String run(DemoContext c) {
            List<LabelSeries> series = new ArrayList<>();
            Provenance.Builder provenance = Provenance.builder(c.command());
            for (PhantomType type : PhantomType.values()) {
                Path in = c.get("phantoms/" + type.cliName()).orElseThrow(
                        () -> new IllegalStateException("the phantoms step did not run"));
                for (LabelSeries s : PrepareInputs.open(in).series()) {
                    series.add(s.withName(type.cliName() + "-" + s.name()));
                }
                provenance.input("phantoms " + type.cliName(), in);
            }
            PrepareOptions options = PrepareOptions.defaults().withGridSize(grid(c)).withFrames(frames(c))
                    .withThreads(c.threads());
            PrepareSummary s = Prepare.run(series, c.folder().resolve("dataset"), options, c.seed(), provenance,
                    c.progress());
            c.put("dataset", s.output());
            return String.format(Locale.ROOT, "dataset: %d sequences x %d frames, %d divisions, %.2f um per unit (%s)",
                    s.sequences(), s.frames() / Math.max(1, s.sequences()), s.divisions(), s.micrometresPerUnit(),
                    c.folder().relativize(s.output()));
        }
    }

    /** Trains one equivariant model on the whole dataset into {@code model}; outputs {@code "model"}. */
    static final class Train implements DemoStep {
        @Override
        public String stage() {
            return "train";
        }

        @Override
        public String description(DemoContext c) {
            return String.format(Locale.ROOT, "one equivariant model (siren-paper, latent 64, a rotation per cell) on"
                    + " all sequences, %d epochs of 5-frame batches x %d samples", epochs(c), pointsPerFrame(c));
        }

        @Override
        public String run(DemoContext c) {
            Path data = c.get("dataset").orElseThrow(() -> new IllegalStateException("the prepare step did not run"));
            Path dir = c.folder().resolve("model");
            TrainingOptions options = options(c);
            try (MappedSdfDataset dataset = MappedSdfDataset.open(data)) {
                Trainer.Result r = new Trainer(dataset, Provenance.sha256(data.resolve(DatasetManifest.FILE_NAME)), dir,
                        c.command(), c.progress()).gridSdf(SignExactGrid.DEFAULT).train(options);
                c.put("model", dir);
                c.putValue("model", r.model());
                return String.format(Locale.ROOT, "model: %d epochs in %.0f s, final L1 %.4f (normalised units)",
                        r.model().training().epochs(), r.model().training().trainingSeconds(), r.finalLoss());
            }
        }

        static TrainingOptions options(DemoContext c) {
            return TrainingOptions.defaults().toBuilder().equivariant(true).epochs(epochs(c))
                    .pointsPerFrame(pointsPerFrame(c)).seed(c.seed()).threads(c.threads())
                    .checkpointEvery(Math.max(1, epochs(c) / 5)).diceMaxGrid(16).build();
        }
    }

    /** Every training sequence from its learned code and rotation, into {@code reconstructed}. */
    static final class Reconstruct implements DemoStep {
        @Override
        public String stage() {
            return "reconstruct";
        }

        @Override
        public String description(DemoContext c) {
            return String.format(Locale.ROOT, "every training cell from its learned code and rotation, %d^3 x %d"
                    + " frames, as CTC label masks (coarse-to-fine evaluation)", grid(c), frames(c));
        }

        @Override
        public String run(DemoContext c) {
            CellShapeModel model = c.value("model", CellShapeModel.class);
            List<Shape> shapes = Shapes.reconstruct(model, List.of(), RotationChoice.LEARNED, c.seed());
            Inference.Result r = write(c, model, shapes, "reconstructed");
            c.put("reconstructed", r.folder());
            c.putValue("reconstructed", shapes.stream().map(Shape::name).toList());
            return String.format(Locale.ROOT, "reconstructed: %d sequences in %s", r.sequences().size(),
                    c.folder().relativize(r.folder()));
        }
    }

    /** New cells of each type from class-conditional samplers, into {@code synthetic}. */
    static final class Generate implements DemoStep {
        @Override
        public String stage() {
            return "generate";
        }

        @Override
        public String description(DemoContext c) {
            return String.format(Locale.ROOT, "%d new cells per type: codes drawn from a Gaussian mixture fitted to"
                    + " the type's codes (growing, dividing) or near a learned code (filopodial, as the paper)",
                    synthetic(c));
        }

        @Override
        public String run(DemoContext c) {
            CellShapeModel model = c.value("model", CellShapeModel.class);
            List<Shape> shapes = new ArrayList<>();
            for (PhantomType type : PhantomType.values()) {
                LatentSampler sampler = sampler(PhantomMix.ofClass(model, type.cliName()), type, c.seed());
                shapes.addAll(Shapes.generate(sampler, synthetic(c), RotationChoice.IDENTITY,
                        Seeds.derive(c.seed(), "demo.generate", type.ordinal()), type.cliName()));
            }
            Inference.Result r = write(c, model, shapes, "synthetic");
            c.put("synthetic", r.folder());
            c.putValue("synthetic", shapes.stream().map(Shape::name).toList());
            return String.format(Locale.ROOT, "synthetic: %d sequences in %s", r.sequences().size(),
                    c.folder().relativize(r.folder()));
        }
    }

    private static Inference.Result write(DemoContext c, CellShapeModel model, List<Shape> shapes, String name) {
        Path dir = c.get("model").orElseThrow();
        Provenance provenance = Provenance.builder(c.command()).seed(c.seed()).modelId(CellShapeModel.id(dir)).build();
        Inference.Settings settings = Inference.Settings.of(OutputGrid.ofEdge(grid(c), model.micrometresPerUnit()),
                frames(c)).withThreads(c.threads());
        return Inference.write(model, provenance.modelId(), shapes, settings, c.folder().resolve(name), provenance,
                c.progress());
    }

    /** Per type: real vs reconstructed vs synthetic (paper section 5.1), into {@code evaluation/<type>}. */
    static final class Evaluate implements DemoStep {
        @Override
        public String stage() {
            return "evaluate";
        }

        @Override
        public String description(DemoContext c) {
            return "per type, real vs reconstructed vs synthetic: surface, volume and sphericity over time"
                    + " (daughters separately), Kolmogorov-Smirnov tests, Dice";
        }

        @Override
        public String run(DemoContext c) {
            Path data = c.get("dataset").orElseThrow();
            @SuppressWarnings("unchecked")
            List<String> reconstructed = c.value("reconstructed", List.class);
            @SuppressWarnings("unchecked")
            List<String> synthetic = c.value("synthetic", List.class);
            StringBuilder done = new StringBuilder();
            try (MappedSdfDataset dataset = MappedSdfDataset.open(data)) {
                for (PhantomType type : PhantomType.values()) {
                    String t = type.cliName();
                    List<MaskSequence> real = ModelOutputs.dataset(dataset, id -> PhantomMix.classOf(id).equals(t));
                    List<MaskSequence> rec = ModelOutputs.read(c.get("reconstructed").orElseThrow(),
                            reconstructed.stream().filter(n -> PhantomMix.classOf(n).equals(t)).toList());
                    List<MaskSequence> syn = ModelOutputs.read(c.get("synthetic").orElseThrow(),
                            synthetic.stream().filter(n -> n.startsWith(t + "_")).toList());
                    EvaluationResult r = Evaluation.run(List.of(
                                    new Evaluation.SequenceSet(Evaluation.REAL, real, false),
                                    new Evaluation.SequenceSet("reconstructed", rec, true),
                                    new Evaluation.SequenceSet("synthetic", syn, false)), null,
                            Evaluation.Settings.defaults().withThreads(c.threads()).withSeed(c.seed()), c.progress());
                    Path out = c.folder().resolve("evaluation").resolve(t);
                    r.writeTo(out, Provenance.builder(c.command()).seed(c.seed())
                            .modelId(CellShapeModel.id(c.get("model").orElseThrow())).parameter("type", t).build(),
                            "CellINR demo evaluation: " + t + " phantoms");
                    c.putValue("evaluation/" + t, r);
                    done.append(done.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s Dice %.3f",
                            t, r.diceSummary("reconstructed").mean()));
                }
            }
            return "evaluation: " + done + " (reports in evaluation/<type>/)";
        }
    }

    /** Synthetic microscopy of the first synthetic cell of each type, 3D and 2D projections. */
    static final class Render implements DemoStep {
        @Override
        public String stage() {
            return "render";
        }

        @Override
        public String description(DemoContext c) {
            return "one synthetic cell per type -> fluorescence microscopy image + mask pairs (3D+t and 2D"
                    + " maximum-intensity projections)";
        }

        @Override
        public String run(DemoContext c) {
            StringBuilder done = new StringBuilder();
            for (PhantomType type : PhantomType.values()) {
                String name = type.cliName() + "_000";
                Path masks = c.get("synthetic").orElseThrow().resolve(name).resolve("masks");
                RenderSettings settings = RenderSettings.defaults().withMip(true)
                        .withSeed(Seeds.derive(c.seed(), "demo.render", type.ordinal())).withThreads(c.threads());
                CtcRender.Result r = CtcRender.run(masks, c.folder().resolve("rendered").resolve(type.cliName()),
                        settings, null, c.command(), c.progress());
                c.put("rendered/" + type.cliName(), r.out());
                done.append(done.length() == 0 ? "" : ", ").append(c.folder().relativize(r.out()));
            }
            return "rendered: " + done;
        }
    }

    /** The report, {@code report.html} in the demo folder, and the demo's provenance. */
    static final class WriteReport implements DemoStep {
        @Override
        public String stage() {
            return "report";
        }

        @Override
        public String description(DemoContext c) {
            return "report.html: descriptor curves, Dice, KS table, PCA and t-SNE of the codes, rendered images";
        }

        @Override
        public String run(DemoContext c) {
            Path html = DemoReport.write(c);
            c.put("report", html);
            return "report: " + c.folder().relativize(html);
        }
    }
}
