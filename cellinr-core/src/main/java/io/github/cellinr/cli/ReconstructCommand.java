package io.github.cellinr.cli;

import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cellinr reconstruct}: the training sequences from their learned codes, at any grid, frames and rotation. */
@Command(name = "reconstruct",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Reconstruct training sequences from their learned latent codes (paper section 5.1) at any grid,"
                + " voxel size (anisotropic allowed), number of frames (temporal interpolation) and rotation."
                + " Writes per sequence label masks in the Cell Tracking Challenge layout (OUT/<id>/masks:"
                + " mask###.tif, res_track.txt), optionally meshes and the SDF as OME-Zarr.")
public final class ReconstructCommand implements Runnable {

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    InferOptions common;

    @Option(names = "--sequences", split = ",", paramLabel = "ID",
            description = "Sequences to reconstruct, by id or 0-based index (default: all).")
    List<String> sequences = List.of();

    @Option(names = "--rotation", defaultValue = "learned", paramLabel = "R",
            description = "learned (each sequence's own), identity, random (uniform on SO(3), per sequence) or"
                    + " Euler angles ALPHA,BETA,GAMMA in degrees (R = Rx Ry Rz).")
    String rotation;

    @Override
    public void run() {
        ModelRegistry.ResolvedModel resolved = common.resolveModel();
        CellShapeModel model = resolved.model();
        Inference.Settings settings = common.settings(model);
        RotationChoice choice = RotationChoice.parse(rotation);
        List<Shape> shapes = Shapes.reconstruct(model, sequences, choice, common.seed.value);
        var provenance = common.provenance(root.arguments(), resolved).parameter("rotation", choice.describe())
                .build();
        try (OutputFolder folder = common.claimOut(resolved)) {
            Inference.Result result = Inference.write(model, resolved.id(), shapes, settings, folder.path(),
                    provenance, common.progress());
            folder.complete();
            common.report(spec.commandLine().getOut(), "reconstruct", result, null);
        }
    }
}
