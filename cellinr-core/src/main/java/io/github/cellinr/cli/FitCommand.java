package io.github.cellinr.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.ShapeFitter;
import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.zoo.ModelRegistry;
import io.github.cellinr.shape.Prepare;
import io.github.cellinr.shape.PrepareInputs;
import io.github.cellinr.shape.PrepareOptions;
import io.github.cellinr.shape.PrepareSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cellinr fit}: latent codes (and rotations) of unseen sequences with the network frozen. */
@Command(name = "fit",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Find the latent code, and with an equivariant model the rotation, of sequences the model has"
                + " not seen, with the network frozen (paper eq. 9-10), starting from several rotations because the"
                + " loss is not convex in the rotation. Input: a prepared dataset (--data) or masks (--in: a CTC"
                + " folder, label TIFFs or HDF5), prepared on the fly in the model's cube. Writes codes.csv (codes"
                + " and rotations), fit.json (losses, Dice against the data) and the reconstruction of each fitted"
                + " sequence.")
public final class FitCommand implements Runnable {

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    InferOptions common;

    @Option(names = "--data", paramLabel = "DIR", description = "A prepared dataset (cellinr prepare).")
    Path data;

    @Option(names = "--in", paramLabel = "PATH",
            description = "Masks to prepare on the fly (as cellinr prepare --in), on a grid over the model's cube.")
    Path in;

    @Option(names = "--grid", defaultValue = "96", paramLabel = "N",
            description = "With --in: SDF grid edge of the on-the-fly preparation.")
    int grid;

    @Option(names = "--sequences", split = ",", paramLabel = "ID",
            description = "Sequences to fit, by id or 0-based index (default: all).")
    List<String> sequences = List.of();

    @Option(names = "--restarts", defaultValue = "24", paramLabel = "N",
            description = "Starting rotations (identity, then the 24 rotations of a cube turned at random, then"
                    + " uniform ones); 1 = identity only.")
    int restarts;

    @Option(names = "--restart-steps", defaultValue = "40", paramLabel = "N", description = "Adam steps per start.")
    int restartSteps;

    @Option(names = "--iterations", defaultValue = "300", paramLabel = "N",
            description = "Adam steps of the final fit from the best start.")
    int iterations;

    @Option(names = "--quick", description = "8 starts of 25 steps and 150 final steps (for a first look).")
    boolean quick;

    @Override
    public void run() {
        if ((data == null) == (in == null)) {
            throw CellInrException.of("give either --data (a prepared dataset) or --in (masks), not both or neither");
        }
        ModelRegistry.ResolvedModel resolved = common.resolveModel();
        CellShapeModel model = resolved.model();
        common.settings(model); // checks the output options (and --threads) before minutes of fitting
        PrintWriter w = spec.commandLine().getOut();
        Path temp = null;
        try (OutputFolder folder = common.claimOut(resolved, data, in)) {
            try {
                Path dataset = data;
                if (in != null) {
                    temp = prepare(model);
                    dataset = temp;
                }
                try (SdfDataset d = MappedSdfDataset.open(dataset)) {
                    fit(resolved, d, dataset, w);
                }
            } finally {
                if (temp != null) {
                    deleteTree(temp);
                }
            }
            folder.complete();
        }
    }

    /** Prepares --in into a temporary dataset whose grid spans the model's cube (so sizes match the model). */
    private Path prepare(CellShapeModel model) {
        // named as staging (.NAME.tmp-HEX) so that a later successful run removes it if this one is killed
        Path temp = common.out().toAbsolutePath().resolve(".fit-prepared.tmp-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
        PrepareOptions options = PrepareOptions.defaults().withGridSize(grid)
                .withFrames(common.frames != null ? common.frames : 30)
                .withExtentUm(2 * model.micrometresPerUnit())
                .withThreads(common.threads.resolved());
        PrepareInputs.Inputs inputs = PrepareInputs.open(in);
        PrepareSummary summary = Prepare.run(inputs.series(), temp, options, inputs.seed(),
                Provenance.builder(root.arguments()), common.progress());
        if (summary.sequences() == 0) {
            throw CellInrException.of(in, "holds no cell that could be prepared for fitting");
        }
        return temp;
    }

    private void fit(ModelRegistry.ResolvedModel resolved, SdfDataset d, Path dataset, PrintWriter w) {
        CellShapeModel model = resolved.model();
        List<Integer> indices = new ArrayList<>();
        if (sequences.isEmpty()) {
            for (int s = 0; s < d.sequenceCount(); s++) {
                indices.add(s);
            }
        } else {
            for (String item : sequences) {
                indices.add(SequenceInfo.indexOf(d.info().sequences(), item, "the data"));
            }
        }
        ShapeFitter.Options options = quick
                ? ShapeFitter.Options.defaults(common.seed.value).withRestarts(8, 25).withIterations(150)
                : ShapeFitter.Options.defaults(common.seed.value).withRestarts(restarts, restartSteps).withIterations(iterations);
        options = options.withThreads(common.threads.resolved());
        ShapeFitter fitter = new ShapeFitter(model, d, options);
        ProgressSink progress = common.progress();
        List<Shape> shapes = new ArrayList<>();
        ObjectNode report = Json.mapper().createObjectNode();
        report.set("options", Json.mapper().valueToTree(fitter.describe()));
        ArrayNode fits = report.putArray("fits");
        for (int s : indices) {
            ShapeFitter.Result r = fitter.fit(s, progress);
            double[] dice = ShapeFitter.dice(model, r.shape(), d, s, common.threads.resolved());
            shapes.add(r.shape());
            ObjectNode n = fits.addObject();
            n.put("sequence", d.info().sequences().get(s).id());
            n.put("name", r.shape().name());
            n.put("loss", r.loss());
            n.put("sdfL1Um", r.sdfLossUm());
            n.set("rotationEulerRadians", Json.mapper().valueToTree(r.shape().rotation().toEuler()));
            n.set("diceByFrame", Json.mapper().valueToTree(dice));
            n.put("meanDice", mean(dice));
            n.put("seconds", r.seconds());
            ArrayNode starts = n.putArray("starts");
            for (ShapeFitter.Start st : r.starts()) {
                ObjectNode o = starts.addObject();
                o.set("fromEulerRadians", Json.mapper().valueToTree(st.from().toEuler()));
                o.set("toEulerRadians", Json.mapper().valueToTree(st.to().toEuler()));
                o.put("loss", st.loss());
            }
            if (!common.json) {
                boolean distance = model.config().sdfScaleOrDefault() == ModelConfig.SdfScale.DISTANCE;
                w.printf(Locale.ROOT, "fitted %s: loss %.5g, SDF error %.3g %s, Dice %.3f, rotation %s (%.1f s)%n",
                        r.shape().name(), r.loss(), r.sdfLossUm(), distance ? "um" : "(normalised units)",
                        mean(dice), r.shape().rotation(), r.seconds());
                w.flush();
            }
        }
        Inference.Settings settings = common.settings(model);
        if (common.frames == null) {
            int frames = d.info().sequences().get(indices.get(0)).frameCount();
            settings = new Inference.Settings(settings.grid(), Inference.evenTimes(frames), settings.evaluation(),
                    settings.output(), settings.threads());
        }
        Provenance.Builder provenance = common.provenance(root.arguments(), resolved)
                .parameter("fit", fitter.describe());
        if (data != null) {
            provenance.input("data", dataset);
        } else {
            provenance.input("masks", in);
        }
        Provenance p = provenance.build();
        Inference.Result result = Inference.write(model, resolved.id(), shapes, settings, common.out(), p, progress);
        report.set("provenance", p.toJsonNode());
        try {
            AtomicFiles.writeString(common.out().resolve("fit.json"),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        common.report(w, "fit", result, report);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException e) {
            // best effort: a hidden temporary folder
        }
    }
}
