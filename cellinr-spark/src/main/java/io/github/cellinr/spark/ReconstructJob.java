package io.github.cellinr.spark;

import io.github.cellinr.cli.InferOptions;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cellinr-spark reconstruct}: {@code cellinr reconstruct} (and optionally {@code render}) on Spark. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "cellinr reconstruct as a Spark job, one task per training sequence: the same options, the"
                + " same files. A re-run with the same arguments skips the sequences already written.")
final class ReconstructJob implements InferenceVerb, Callable<Integer> {

    @Mixin
    InferOptions common;

    @Option(names = "--sequences", split = ",", paramLabel = "ID",
            description = "Sequences to reconstruct, by id or 0-based index (default: all).")
    List<String> sequences = List.of();

    @Option(names = "--rotation", defaultValue = "learned", paramLabel = "R",
            description = "learned (each sequence's own), identity, random (uniform on SO(3), per sequence) or"
                    + " Euler angles ALPHA,BETA,GAMMA in degrees (R = Rx Ry Rz).")
    String rotation;

    @Mixin
    RenderTarget render;

    @Mixin
    SparkOptions spark;

    @Override
    public String verb() {
        return "reconstruct";
    }

    @Override
    public InferOptions inference() {
        return common;
    }

    @Override
    public RenderTarget render() {
        return render;
    }

    @Override
    public Planned plan(ModelRegistry.ResolvedModel resolved, List<String> command) {
        RotationChoice choice = RotationChoice.parse(rotation);
        return new Planned(Shapes.reconstruct(resolved.model(), sequences, choice, common.seed()),
                common.provenance(command, resolved).parameter("rotation", choice.describe()));
    }

    @Override
    public Integer call() {
        return InferenceJob.run(this, spark);
    }
}
