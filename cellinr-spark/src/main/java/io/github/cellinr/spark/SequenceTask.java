package io.github.cellinr.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.io.CtcKind;
import io.github.cellinr.io.CtcLayout;
import io.github.cellinr.render.CtcRender;
import io.github.cellinr.render.RenderSettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * One task: the shape with index k, written as its sequence folder and, with {@code --render}, rendered. What is
 * already complete is skipped, so a job re-run after a kill redoes only the unfinished sequences: a sequence
 * folder appears by one rename, and a rendered sequence counts as done once its marker file is written, after
 * its folders were moved into place.
 */
final class SequenceTask implements Function<Integer, SequenceTask.Outcome> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<JobSpec> spec;

    SequenceTask(Broadcast<JobSpec> spec) {
        this.spec = spec;
    }

    /** What a task did: whether it wrote the sequence and rendered it, and its wall time. */
    record Outcome(String name, boolean wrote, boolean rendered, double seconds) implements Serializable {
    }

    /** The hidden file that says sequence {@code renderName} is completely rendered; removed when the job ends. */
    static String renderMarker(String renderName) {
        return "." + renderName + ".rendered.json";
    }

    /** The folders of one rendered sequence, published in this order (the images folder last). */
    static List<String> renderedFolders(String renderName, boolean mip) {
        return mip ? List.of("mip/" + renderName + "_GT", "mip/" + renderName, renderName + "_GT", renderName)
                : List.of(renderName + "_GT", renderName);
    }

    @Override
    public Outcome call(Integer index) {
        long started = System.nanoTime();
        JobSpec job = spec.value();
        PreparedRun run = PreparedRun.of(job);
        Shape shape = run.shapes().get(index);
        // the executor's cores for this task: Spark runs as many tasks at once as the executor has cores
        int threads = TaskContext.get() != null ? TaskContext.get().cpus() : 1;
        boolean wrote = false;
        if (!run.out().exists(shape.name())) {
            Path staging = run.out().newStaging(shape.name());
            try {
                Inference.writeSequence(run.model().model(), run.model().id(), shape,
                        run.settings().withThreads(threads), staging, run.provenance());
                run.out().publish(staging.resolve(shape.name()), shape.name());
                wrote = true;
            } finally {
                HadoopFolder.discardStaging(staging);
            }
        }
        boolean rendered = false;
        if (run.renderOut() != null) {
            String renderName = job.renderNames().get(shape.name());
            if (!run.renderOut().exists(renderMarker(renderName))) {
                render(run, shape.name(), renderName, run.render().withThreads(threads));
                rendered = true;
            }
        }
        return new Outcome(shape.name(), wrote, rendered, (System.nanoTime() - started) * 1e-9);
    }

    private static void render(PreparedRun run, String sequence, String renderName, RenderSettings settings) {
        HadoopFolder target = run.renderOut();
        List<String> folders = renderedFolders(renderName, settings.mip());
        for (String folder : folders) {
            target.delete(folder); // what a killed attempt moved into place before its marker
        }
        Path staging = target.newStaging(renderName);
        Path download = run.out().isLocal() ? null : run.out().newStaging(sequence);
        try {
            String masksName = sequence + "/masks";
            Path masks = run.out().localCopy(masksName, download);
            CtcRender.SequenceResult result = CtcRender.renderSequence(CtcLayout.open(masks, CtcKind.RESULT),
                    renderName, staging, settings, null, ProgressSink.NONE);
            Map<String, Object> described = CtcRender.describe(result, settings.mip());
            described.put("source", run.out().display(masksName));
            for (String folder : folders) {
                target.delete(folder); // a task of an earlier, failed job may have published it meanwhile
                target.publish(staging.resolve(folder), folder);
            }
            target.writeString(renderMarker(renderName), Json.mapper().writeValueAsString(described));
        } catch (JsonProcessingException e) {
            throw CellInrException.of("cannot describe rendered sequence " + renderName + " (" + e.getMessage() + ")",
                    e);
        } finally {
            HadoopFolder.discardStaging(staging);
            if (download != null) {
                HadoopFolder.discardStaging(download);
            }
        }
    }
}
