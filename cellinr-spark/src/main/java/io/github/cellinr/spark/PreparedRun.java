package io.github.cellinr.spark;

import io.github.cellinr.core.Provenance;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.model.zoo.ModelRegistry;
import io.github.cellinr.render.RenderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;

/**
 * A run as the driver and each executor see it: the verb's options parsed from the job's arguments, the shapes
 * planned from them (the same on every machine, since every draw comes from the seed and the shape's index),
 * the settings and the provenance with the driver's time stamp. Built once per executor and run.
 *
 * @param render the rendering settings, or null without {@code --render}
 */
record PreparedRun(ModelRegistry.ResolvedModel model, List<Shape> shapes, Inference.Settings settings,
                   Provenance provenance, HadoopFolder out, RenderSettings render, HadoopFolder renderOut) {

    private static final Map<String, PreparedRun> PREPARED = new ConcurrentHashMap<>();

    /** The run of {@code spec} on this JVM, prepared on first use. */
    static PreparedRun of(JobSpec spec) {
        return PREPARED.computeIfAbsent(spec.runId(), id -> prepare(spec, spec.model().load()));
    }

    /** The verb object for {@code verb} with {@code arguments} parsed into it. */
    static InferenceVerb parse(String verb, List<String> arguments) {
        InferenceVerb parsed = switch (verb) {
            case "generate" -> new GenerateJob();
            case "reconstruct" -> new ReconstructJob();
            default -> throw new IllegalArgumentException("no verb " + verb);
        };
        new CommandLine(parsed).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(arguments.toArray(String[]::new));
        return parsed;
    }

    static List<String> command(String verb, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("cellinr-spark");
        command.add(verb);
        command.addAll(arguments);
        return command;
    }

    private static PreparedRun prepare(JobSpec spec, ModelRegistry.ResolvedModel resolved) {
        InferenceVerb verb = parse(spec.verb(), spec.arguments());
        InferenceVerb.Planned planned = verb.plan(resolved, command(spec.verb(), spec.arguments()));
        Provenance own = planned.provenance().build();
        List<Provenance.Input> inputs = spec.inputs().stream()
                .map(i -> new Provenance.Input(i.get(0), i.get(1), i.get(2))).toList();
        // the driver's time stamp and checksums: the executor's copy of the model lives in a temporary folder
        Provenance stamped = new Provenance(own.tool(), own.version(), own.command(), own.seed(), spec.createdUtc(),
                inputs, own.modelId(), own.runtime(), own.parameters());
        RenderTarget render = verb.render();
        RenderSettings renderSettings = render.out == null ? null
                : render.options.settings(verb.inference().seed(), 1);
        return new PreparedRun(resolved, planned.shapes(), verb.inference().settings(resolved.model()), stamped,
                new HadoopFolder(verb.inference().outText(), spec.hadoop()), renderSettings,
                render.out == null ? null : new HadoopFolder(render.out, spec.hadoop()));
    }
}
