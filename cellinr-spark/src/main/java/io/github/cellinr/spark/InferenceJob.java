package io.github.cellinr.spark;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.model.zoo.ModelRegistry;
import io.github.cellinr.render.CtcRender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver of a {@code generate} or {@code reconstruct} job: plans the shapes, claims the output folders,
 * broadcasts the model and the job once, runs one task per sequence ({@link SequenceTask}) and, when all are
 * done, writes the run's own files ({@code codes.csv}, {@code provenance.json}) as the single-machine verbs do.
 */
final class InferenceJob {
    private InferenceJob() {
    }

    /** Set by {@link CellInrSpark} to the arguments after the verb, which every executor parses again. */
    static final ThreadLocal<List<String>> ARGUMENTS = new ThreadLocal<>();

    static int run(InferenceVerb verb, SparkOptions options) {
        List<String> arguments = ARGUMENTS.get();
        if (verb.render().out != null && verb.render().out.equals(verb.inference().outText())) {
            throw CellInrException.of(verb.render().out + ": --render must differ from --out (rendering into the"
                    + " masks would mix images into them)");
        }
        long started = System.nanoTime();
        try (JavaSparkContext spark = SparkSessions.open("cellinr " + verb.verb(), options.master)) {
            HadoopConf hadoop = new HadoopConf(spark.hadoopConfiguration());
            ModelRegistry.ResolvedModel resolved = ModelFiles.resolveOnDriver(verb.inference().modelReference(),
                    hadoop);
            List<String> command = PreparedRun.command(verb.verb(), arguments);
            InferenceVerb.Planned planned = verb.plan(resolved, command);
            Provenance base = planned.provenance().build();
            List<Shape> shapes = planned.shapes();
            HadoopFolder out = new HadoopFolder(verb.inference().outText(), hadoop);
            HadoopFolder renderOut = verb.render().out == null ? null : new HadoopFolder(verb.render().out, hadoop);
            out.claim();
            if (renderOut != null) {
                renderOut.claim();
            }
            List<List<String>> inputs = base.inputs().stream()
                    .map(i -> Arrays.asList(i.role(), i.path(), i.sha256())).toList();
            JobSpec spec = new JobSpec(UUID.randomUUID().toString(), verb.verb(), List.copyOf(arguments),
                    ModelFiles.of(resolved), base.createdUtc(), inputs, renderNames(shapes), hadoop);
            Broadcast<JobSpec> broadcast = spark.broadcast(spec);
            List<Integer> indices = IntStream.range(0, shapes.size()).boxed().toList();
            List<SequenceTask.Outcome> outcomes = spark.parallelize(indices, indices.size())
                    .map(new SequenceTask(broadcast)).collect();

            PreparedRun run = PreparedRun.of(spec);
            writeRunFiles(run, out);
            if (renderOut != null) {
                writeRenderProvenance(run, spec, out, renderOut, command);
            }
            removeStagingLeftovers(out);
            if (renderOut != null) {
                removeStagingLeftovers(renderOut);
            }
            long wrote = outcomes.stream().filter(SequenceTask.Outcome::wrote).count();
            long rendered = outcomes.stream().filter(SequenceTask.Outcome::rendered).count();
            double taskSeconds = outcomes.stream().mapToDouble(SequenceTask.Outcome::seconds).sum();
            System.out.printf(Locale.ROOT, "%s: %d sequence(s) -> %s (%d written now, %d already there)%n",
                    verb.verb(), shapes.size(), out.display(""), wrote, shapes.size() - wrote);
            if (renderOut != null) {
                System.out.printf(Locale.ROOT, "render: %d sequence(s) -> %s (%d rendered now)%n", shapes.size(),
                        renderOut.display(""), rendered);
            }
            System.out.printf(Locale.ROOT, "%.1f s wall, %.1f s in tasks, %d task(s) on %s%n",
                    (System.nanoTime() - started) * 1e-9, taskSeconds, indices.size(), spark.master());
        }
        return 0;
    }

    /**
     * The names {@code cellinr render --masks OUT} gives the sequences: it finds {@code NAME/masks} for each, sorts
     * them by that path, and numbers them 01, 02, ... in that order.
     */
    static Map<String, String> renderNames(List<Shape> shapes) {
        List<String> sorted = shapes.stream().map(Shape::name).sorted((a, b) -> (a + "/masks").compareTo(b + "/masks"))
                .toList();
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            names.put(sorted.get(i), String.format(Locale.ROOT, "%02d", i + 1));
        }
        return names;
    }

    private static void writeRunFiles(PreparedRun run, HadoopFolder out) {
        if (out.isLocal()) {
            Inference.writeRunFiles(run.model().id(), run.shapes(), run.settings(), out.localRoot(),
                    run.provenance());
            return;
        }
        Path local = localTemporary();
        try {
            Inference.writeRunFiles(run.model().id(), run.shapes(), run.settings(), local, run.provenance());
            for (String file : new String[] {"codes.csv", Provenance.FILE_NAME}) {
                out.writeString(file, Files.readString(local.resolve(file)));
            }
        } catch (IOException e) {
            throw CellInrException.of(local, "cannot read back the run's files (" + e.getMessage() + ")", e);
        } finally {
            OutputFolder.deleteTree(local);
        }
    }

    /** The rendered dataset's provenance, as {@code cellinr render} records it, from the tasks' markers. */
    private static void writeRenderProvenance(PreparedRun run, JobSpec spec, HadoopFolder out,
                                              HadoopFolder renderOut, List<String> command) {
        List<Map<String, Object>> described = new ArrayList<>();
        List<String> byRenderName = spec.renderNames().values().stream().sorted().toList();
        for (String renderName : byRenderName) {
            String text = renderOut.readString(SequenceTask.renderMarker(renderName));
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = Json.mapper().readValue(text, LinkedHashMap.class);
                described.add(m);
            } catch (IOException e) {
                throw CellInrException.of(renderOut.display(SequenceTask.renderMarker(renderName))
                        + ": damaged (" + e.getMessage() + "); delete it and run again", e);
            }
        }
        Provenance provenance;
        if (out.isLocal()) {
            provenance = CtcRender.provenance(out.localRoot(), run.render(), null, command, described);
        } else {
            // checksumming the masks would read the whole output back from the cluster's storage: not done
            Path empty = localTemporary();
            try {
                Provenance p = CtcRender.provenance(empty, run.render(), null, command, described);
                provenance = new Provenance(p.tool(), p.version(), p.command(), p.seed(), p.createdUtc(),
                        List.of(new Provenance.Input("masks", out.display(""), null)), p.modelId(), p.runtime(),
                        p.parameters());
            } finally {
                OutputFolder.deleteTree(empty);
            }
        }
        String json = provenance.toJson();
        if (run.render().mip()) {
            renderOut.writeString("mip/" + Provenance.FILE_NAME, json);
        }
        renderOut.writeString(Provenance.FILE_NAME, json);
        for (String renderName : byRenderName) {
            renderOut.delete(SequenceTask.renderMarker(renderName));
        }
    }

    /**
     * Removes what killed tasks left: hidden staging folders ({@code .NAME.tmp-*}; a rendered sequence is staged
     * whole beside its folders, {@code mip/} included).
     */
    private static void removeStagingLeftovers(HadoopFolder folder) {
        for (String name : folder.list()) {
            if (OutputFolder.isStagingName(name)) {
                folder.delete(name);
            }
        }
    }

    private static Path localTemporary() {
        try {
            return Files.createTempDirectory("cellinr-spark-");
        } catch (IOException e) {
            throw CellInrException.of("cannot create a temporary folder (" + e.getMessage() + ")", e);
        }
    }
}
