package io.github.cellinr.cli;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.infer.CodesFile;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cellinr interpolate}: sequences along a path between two latent codes. */
@Command(name = "interpolate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Walk the latent space between two codes (paper section 5.3): linear or spherical path, N steps,"
                + " each step written as a sequence (OUT/lerp_000 ...). The end points are training sequences (by"
                + " id or index) or rows of a codes file (as generate and fit write: codes.csv).")
public final class InterpolateCommand implements Runnable {

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    InferOptions common;

    @Option(names = "--from", required = true, paramLabel = "ID", description = "Start: a sequence id or index, or a"
            + " name in --codes.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ID", description = "End: as --from.")
    String to;

    @Option(names = "--codes", paramLabel = "FILE", description = "Codes file (codes.csv of generate or fit) to take"
            + " --from and --to from, instead of the model's training sequences.")
    Path codes;

    @Option(names = "--steps", defaultValue = "7", paramLabel = "N", description = "Shapes along the path, both ends"
            + " included.")
    int steps;

    @Option(names = "--path", defaultValue = "linear", paramLabel = "KIND", description = "linear or spherical.")
    String path;

    @Option(names = "--rotation", defaultValue = "identity", paramLabel = "R",
            description = "identity, learned (turn along the shortest rotation from the start's to the end's),"
                    + " random, or Euler angles ALPHA,BETA,GAMMA in degrees.")
    String rotation;

    @Override
    public void run() {
        ModelRegistry.ResolvedModel resolved = common.resolveModel();
        CellShapeModel model = resolved.model();
        Inference.Settings settings = common.settings(model);
        Shape a = endPoint(model, from);
        Shape b = endPoint(model, to);
        Shapes.Path kind = Shapes.Path.parse(path);
        RotationChoice choice = RotationChoice.parse(rotation);
        List<Shape> shapes = Shapes.interpolate(a, b, steps, kind, choice, common.seed.value);
        var provenance = common.provenance(root.arguments(), resolved)
                .parameter("from", a.describe()).parameter("to", b.describe())
                .parameter("path", kind.name().toLowerCase(java.util.Locale.ROOT))
                .parameter("rotation", choice.describe());
        if (codes != null) {
            provenance.input("codes", codes);
        }
        try (OutputFolder folder = common.claimOut(resolved, codes)) {
            Inference.Result result = Inference.write(model, resolved.id(), shapes, settings, folder.path(),
                    provenance.build(), common.progress());
            folder.complete();
            common.report(spec.commandLine().getOut(), "interpolate", result, null);
        }
    }

    private Shape endPoint(CellShapeModel model, String key) {
        if (codes != null) {
            for (Shape s : CodesFile.read(codes, model.latentSize())) {
                if (s.name().equals(key.strip())) {
                    return s;
                }
            }
            throw CellInrException.of(codes, "has no row named '" + key + "'");
        }
        if (model.sequenceCount() == 0) {
            throw CellInrException.of("the model has no training sequences to interpolate between; give --codes");
        }
        int s = Shapes.sequenceIndex(model, key);
        return new Shape(model.sequences().get(s).id().replaceAll("[^A-Za-z0-9_.-]", "_"), model.latent(s),
                model.rotation(s), "training sequence " + model.sequences().get(s).id());
    }
}
