package io.github.cellinr.spark;

import io.github.cellinr.cli.GenerateOptions;
import io.github.cellinr.cli.InferOptions;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cellinr-spark generate}: {@code cellinr generate} (and, with {@code --render}, {@code render}) on Spark. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "cellinr generate as a Spark job, one task per sequence: the same options, the same files"
                + " (each sequence's code and rotation depend only on --seed and its index). A re-run with the same"
                + " arguments skips the sequences already written.")
final class GenerateJob implements InferenceVerb, Callable<Integer> {

    @Mixin
    InferOptions common;

    @Mixin
    GenerateOptions generation;

    @Mixin
    RenderTarget render;

    @Mixin
    SparkOptions spark;

    @Override
    public String verb() {
        return "generate";
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
        GenerateOptions.Plan plan = generation.plan(resolved.model(), common.seed());
        return new Planned(plan.shapes(), common.provenance(command, resolved).parameter("sampler", plan.sampler())
                .parameter("rotation", plan.rotation().describe()));
    }

    @Override
    public Integer call() {
        return InferenceJob.run(this, spark);
    }
}
