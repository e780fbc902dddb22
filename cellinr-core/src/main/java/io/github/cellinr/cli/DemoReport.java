package io.github.cellinr.cli;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.eval.EvaluationResult;
import io.github.cellinr.eval.NearestCentroid;
import io.github.cellinr.eval.Pca;
import io.github.cellinr.eval.ShapeDescriptors.Descriptor;
import io.github.cellinr.eval.Summary;
import io.github.cellinr.eval.Tsne;
import io.github.cellinr.eval.report.Charts;
import io.github.cellinr.eval.report.Charts.SummaryPoint;
import io.github.cellinr.eval.report.Figure;
import io.github.cellinr.eval.view.MeshViewer;
import io.github.cellinr.eval.view.SurfaceSeries;
import io.github.cellinr.eval.report.Report;
import io.github.cellinr.eval.report.Table;
import io.github.cellinr.experiment.ExperimentRunner;
import io.github.cellinr.experiment.Montage;
import io.github.cellinr.experiment.PhantomData;
import io.github.cellinr.experiment.PhantomMix;
import io.github.cellinr.io.CtcKind;
import io.github.cellinr.io.CtcLayout;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.phantom.PhantomType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's report: what ran, how well the model learned each type, its latent space, rendered images. */
final class DemoReport {
    private DemoReport() {
    }

    static Path write(DemoContext c) {
        CellShapeModel model = c.value("model", CellShapeModel.class);
        Report report = new Report("CellINR demo: learning and generating living cell shapes in 3D+time");
        intro(report, c, model);
        training(report, c, model);
        Map<PhantomType, EvaluationResult> evaluations = new LinkedHashMap<>();
        for (PhantomType type : PhantomType.values()) {
            evaluations.put(type, c.value("evaluation/" + type.cliName(), EvaluationResult.class));
        }
        for (Map.Entry<PhantomType, EvaluationResult> e : evaluations.entrySet()) {
            type(report, e.getKey(), e.getValue());
        }
        viewer(report, evaluations);
        dice(report, evaluations);
        ks(report, evaluations);
        latent(report, c, model);
        rendered(report, c);
        files(report, c);
        Provenance provenance = Provenance.builder(c.command()).seed(c.seed())
                .modelId(CellShapeModel.id(c.get("model").orElseThrow()))
                .parameter("quick", c.quick()).parameter("threads", c.threads())
                .parameter("sequencesPerType", DemoSteps.count(c)).parameter("frames", DemoSteps.frames(c))
                .parameter("phantomVolume", DemoSteps.size(c)).parameter("grid", DemoSteps.grid(c))
                .parameter("epochs", DemoSteps.epochs(c)).parameter("pointsPerFrame", DemoSteps.pointsPerFrame(c))
                .parameter("data", "procedural phantoms (the paper's cell data are not available)").build();
        report.setProvenance(provenance);
        Path html = report.write(c.folder());
        provenance.writeTo(c.folder());
        return html;
    }

    private static void intro(Report report, DemoContext c, CellShapeModel model) {
        report.addSection("What the demo did", String.format(Locale.ROOT, "CellINR implements the paper \"Generative"
                + " modeling of living cells with SO(3)-equivariant implicit neural representations\" (Wiesner et"
                + " al., Medical Image Analysis 2024). This demo ran its whole pipeline on procedural phantom cells"
                + " that stand in for the paper's three cell types (whose data are not bundled): growing cells"
                + " (like Platynereis dumerilii), dividing cells (like C. elegans, each divides into two daughters"
                + " half-way) and filopodial cells (like A549, a body with growing, branching protrusions).%n%n"
                + "1. Phantoms: %d cells of each type, %d frames, in %d^3 volumes (Cell Tracking Challenge folders"
                + " with lineage).%n2. Prepare: every cell centred, aligned to its principal axes (daughters"
                + " separately) and turned into signed distance frames on a %d^3 grid, all types in one cube"
                + " (%.2f um per normalised unit).%n3. Train: one equivariant model (%s) learned all %d sequences"
                + " at once, each with its own latent code of %d numbers and its own rotation, without any label.%n"
                + "4. Reconstruct: every training cell from its code.%n5. Generate: %d new cells per type from new"
                + " codes.%n6. Evaluate: real vs reconstructed vs synthetic cells of each type.%n7. Render:"
                + " fluorescence microscopy images with their masks from one synthetic cell per type.%n%n"
                + "This is the %s demo, sized for two CPU cores (how long it takes depends on their vector"
                + " instructions; this run's times are below): the paper trained 2000 epochs on 33"
                + " cells of 30 frames at 256^3 on a GPU, so expect lower Dice and rounder details here. Wall time"
                + " per step: %s.", DemoSteps.count(c), DemoSteps.frames(c), DemoSteps.size(c), DemoSteps.grid(c),
                model.micrometresPerUnit(), model.config().preset(), model.sequenceCount(), model.latentSize(),
                DemoSteps.synthetic(c), c.quick() ? "--quick" : "default", timings(c)));
    }

    private static String timings(DemoContext c) {
        List<String> out = new ArrayList<>();
        for (DemoStep step : DemoCommand.STEPS) {
            Double s = c.valueOrNull("seconds/" + step.stage(), Double.class);
            if (s != null) {
                out.add(step.stage() + " " + ExperimentRunner.duration(s));
            }
        }
        return String.join(", ", out);
    }

    private static void training(Report report, DemoContext c, CellShapeModel model) {
        Path log = c.get("model").orElseThrow().resolve("loss.csv");
        List<SummaryPoint> loss = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> header = List.of(lines.get(0).split(","));
            int epoch = header.indexOf("epoch");
            int sdf = header.indexOf("sdf_loss");
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                loss.add(new SummaryPoint(Double.parseDouble(f[epoch]),
                        Summary.of(new double[] {Double.parseDouble(f[sdf])})));
            }
        } catch (IOException | RuntimeException e) {
            throw CellInrException.of(log, "cannot be read as the trainer's loss log (" + e.getMessage() + ")", e);
        }
        var t = model.training();
        report.addSection("Training", String.format(Locale.ROOT, "%d epochs (%d optimiser steps of 5 frames) in %s;"
                + " final mean L1 distance between predicted and true SDF %.4f normalised units (%.3f um). The model,"
                + " its loss log and checkpoint are in model/.", t.epochs(), t.steps(),
                ExperimentRunner.duration(t.trainingSeconds()), t.finalSdfLoss(),
                t.finalSdfLoss() * model.micrometresPerUnit()));
        report.addFigure(Charts.meanStd("training-loss", "Training loss", "Epoch", "Mean L1 SDF error [normalised]",
                "epoch", "Mean L1 error of the predicted signed distances over each epoch's samples (70 % near the"
                        + " surface).", Map.of("L1", loss)));
    }

    private static void type(Report report, PhantomType type, EvaluationResult r) {
        Summary dice = r.diceSummary("reconstructed");
        report.addSection(title(type), String.format(Locale.ROOT, "Real: %d cells (daughters counted as their own"
                + " cells from the division on), reconstructed: %d, synthetic: %d. Reconstruction Dice (per sequence"
                + " the mean over frames, then mean \u00b1 std over sequences): %s. Curves: mean, bands: inter-quartile"
                + " range over the cells at each time point (paper Fig. 4). The full evaluation of this type, with"
                + " every number as CSV, is in evaluation/%s/report.html.", r.cellCount("real"),
                r.cellCount("reconstructed"), r.cellCount("synthetic"), Table.formatMeanStd(dice.mean(), dice.std()),
                type.cliName()));
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
            report.addFigure(Charts.descriptorOverTime(type.cliName() + "-" + d.key(), d.label() + ": " + type.cliName(),
                    series));
        }
    }

    private static void viewer(Report report, Map<PhantomType, EvaluationResult> evaluations) {
        List<SurfaceSeries> cells = new ArrayList<>();
        evaluations.values().forEach(r -> cells.addAll(r.views().viewerFirstPerSet()));
        if (cells.isEmpty()) {
            return;
        }
        report.addSection("Cells in 3D, interactive", "One cell of each type and set from the montages above, to turn"
                + " and play through time.");
        MeshViewer.addTo(report, "viewer", EvaluationResult.VIEWER_CAPTION, cells);
    }

    private static String title(PhantomType type) {
        return type.cliName() + " cells (like " + PhantomData.paperCellType(type) + ")";
    }

    private static void dice(Report report, Map<PhantomType, EvaluationResult> evaluations) {
        Map<String, List<SummaryPoint>> curves = new LinkedHashMap<>();
        evaluations.forEach((type, r) -> curves.put(type.cliName(), r.dicePerTime("reconstructed")));
        report.addSection("Reconstruction Dice over time", "Dice of each reconstructed cell with its real cell at"
                + " each time point, mean and standard deviation over the cells of each type.");
        report.addFigure(Charts.meanStd("dice-per-time", "Reconstruction Dice per time point", "Time point", "Dice",
                "time_point", "Dice of reconstructed and real cells per time point and type.", curves));
    }

    private static void ks(Report report, Map<PhantomType, EvaluationResult> evaluations) {
        report.addSection("Distribution tests (as the paper's Table 1)", "p-values of two-sample Kolmogorov-Smirnov"
                + " tests of the reconstructed and synthetic cells against the real ones; each cell contributes its"
                + " descriptor averaged over time. p > 0.05 retains the hypothesis that both sets come from one"
                + " distribution. With a handful of cells per set these tests have little power.");
        Table.Builder t = Table.builder("ks-p-values", "Kolmogorov-Smirnov p-values against the real cells",
                "cell type", "set", "cells (real / set)", "Surface", "Volume", "Sphericity");
        evaluations.forEach((type, r) -> {
            for (String set : List.of("reconstructed", "synthetic")) {
                List<Object> row = new ArrayList<>(List.of(type.cliName(), set, r.cellCount("real") + " / "
                        + r.cellCount(set)));
                for (Descriptor d : Descriptor.values()) {
                    row.add(r.ks().stream().filter(k -> k.set().equals(set) && k.descriptor() == d).findFirst()
                            .map(k -> (Object) new Table.Cell(Table.formatPValue(k.result().pValue()),
                                    k.result().pValue())).orElse(new Table.Cell("n/a", Double.NaN)));
                }
                t.row(row.toArray());
            }
        });
        report.addTable(t.build());
    }

    private static void latent(Report report, DemoContext c, CellShapeModel model) {
        int n = model.sequenceCount();
        double[][] codes = model.latentCodes();
        List<String> names = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            names.add(model.sequences().get(s).id());
            classes.add(PhantomMix.classOf(model.sequences().get(s).id()));
        }
        Pca pca = Pca.of(codes);
        double accuracy = NearestCentroid.leaveOneOutAccuracy(codes, classes);
        Tsne.Result tsne = Tsne.embed(codes, Tsne.Settings.defaults(Seeds.derive(c.seed(), "demo.tsne"))
                .withPerplexity(Math.min(30, (n - 1) / 3.0)), io.github.cellinr.core.ProgressSink.NONE);
        report.addSection("Latent space", String.format(Locale.ROOT, "The model learned one code per cell without"
                + " being told the types. %d principal components carry 90 %% of the codes' variance. A"
                + " nearest-centroid classifier in latent space, each code classified by the centroids of the others"
                + " (leave-one-out), finds the type of %.0f %% of the cells (chance: 33 %%); the t-SNE embedding"
                + " shows how the types group (paper section 5.8, Fig. 13).", pca.componentsFor(0.9), 100 * accuracy));
        report.addFigure(Charts.explainedVariance("latent-pca", Map.of("equivariant model", pca)));
        report.addFigure(Charts.embedding("latent-tsne", "t-SNE of the latent codes by type", tsne.embedding(), names,
                classes));
    }

    private static void rendered(Report report, DemoContext c) {
        List<Montage.Row> rows = new ArrayList<>();
        for (PhantomType type : PhantomType.values()) {
            Path root = c.get("rendered/" + type.cliName()).orElse(null);
            if (root == null) {
                continue;
            }
            Path mip = root.resolve("mip");
            CtcLayout.Discovery found = CtcLayout.discover(mip);
            List<CtcSequence> images = found.ofKind(CtcKind.IMAGES);
            List<CtcSequence> masks = found.ofKind(CtcKind.SEGMENTATION);
            if (images.isEmpty() || masks.isEmpty()) {
                throw CellInrException.of(mip, "holds no rendered image and mask pairs");
            }
            CtcSequence image = images.get(0);
            CtcSequence mask = masks.get(0);
            int first = image.firstFrame();
            int last = image.lastFrame();
            List<Montage.Panel> panels = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                int t = first + (int) Math.round(k * (last - first) / 3.0);
                FloatVolume pixels = image.readImage(t).toFloatVolume();
                LabelVolume labels = mask.readLabels(t);
                panels.add(new Montage.Panel(pixels, labels, "t = " + t, c.folder().relativize(image.frame(t))
                        .toString(), c.folder().relativize(mask.frame(t)).toString()));
            }
            rows.add(new Montage.Row(type.cliName() + " (synthetic " + type.cliName() + "_000)", panels));
        }
        if (rows.isEmpty()) {
            return;
        }
        report.addSection("Rendered microscopy", "Synthetic fluorescence microscopy of one synthetic cell of each"
                + " type (the paper's section 5.9 uses a GAN; CellINR simulates the microscope with the render stage's"
                + " defaults: cytoplasm stain with cell-anchored texture, a confocal point spread function for an"
                + " NA 1.3 oil objective, Poisson-Gaussian camera noise; see docs/RENDER.md)."
                + " Shown: maximum-intensity projections at four time points, with the projected mask outlined."
                + " Every frame is in rendered/<type>/ as 3D and 2D image + mask pairs in the Cell Tracking"
                + " Challenge layout.");
        report.addFigure(Montage.figure("rendered-montage", "Rendered images and masks of synthetic cells",
                "Maximum-intensity projections of rendered synthetic cells (grey) with their mask outlines (colour),"
                        + " one row per type.", rows, 192));
    }

    private static void files(Report report, DemoContext c) {
        Path data = c.folder().relativize(c.get("dataset").orElseThrow());
        report.addSection("Files, and the commands that do each step", String.format(Locale.ROOT, "Everything is in"
                + " this folder: phantoms/ (masks), %s/ (prepared training data), model/ (the trained model),"
                + " reconstructed/ and synthetic/ (per cell a CTC mask folder), evaluation/<type>/ (a full evaluation"
                + " report per type), rendered/<type>/ (image + mask pairs), and this report with its figures/ and"
                + " tables/ (CSV).%n%nThe same steps on the command line:%n%n"
                + "cellinr phantom --type growing --count %d --frames %d --size %d --out phantoms/growing (and dividing,"
                + " filopodial)%n%ncellinr prepare --in phantoms/growing --out data --grid %d --frames %d%n%n"
                + "cellinr train --data data --out model --equivariant --epochs %d --points-per-frame %d%n%n"
                + "cellinr reconstruct --model model --out reconstructed --size %d --frames %d%n%n"
                + "cellinr generate --model model --sampler gmm --count %d --out synthetic --size %d --frames %d%n%n"
                + "cellinr evaluate --real REAL --reconstructed reconstructed --synthetic synthetic --model model"
                + " --out evaluation%n%ncellinr render --masks synthetic --out rendered --mip%n%n"
                + "Where the demo differs: it prepares the three types into one dataset so that one model learns them"
                + " all, samples each type's new codes from that type's codes only (filopodial cells: --sampler near), and takes the prepared frames"
                + " themselves (SDF <= 0, aligned, on the training grid) as the real set REAL, so that Dice compares"
                + " voxel for voxel.", data, DemoSteps.count(c), DemoSteps.frames(c), DemoSteps.size(c),
                DemoSteps.grid(c), DemoSteps.frames(c), DemoSteps.epochs(c), DemoSteps.pointsPerFrame(c),
                DemoSteps.grid(c), DemoSteps.frames(c), DemoSteps.synthetic(c), DemoSteps.grid(c),
                DemoSteps.frames(c)));
    }
}
