package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.model.CellShapeModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inference stage: evaluates shapes of a trained model on a grid over time and writes them as files a
 * bioimage user opens (label masks in the Cell Tracking Challenge layout, meshes, OME-Zarr SDFs), or hands
 * the frames to code that measures them.
 *
 * <pre>{@code
 * CellShapeModel model = ModelRegistry.load("paper-plat");
 * List<Shape> shapes = Generation.shapes(model, LatentSampler.gaussian(model), RotationChoice.RANDOM, 33, seed);
 * Inference.Settings s = Inference.Settings.of(OutputGrid.ofEdge(128, model.micrometresPerUnit()), 30);
 * Inference.Result r = Inference.write(model, modelId, shapes, s, out, provenance, ProgressSink.NONE);
 * }</pre>
 */
public final class Inference {
    private Inference() {
    }

    /**
     * How shapes are evaluated and written.
     *
     * @param grid       the output grid
     * @param times      normalised times of the frames, in [-1,1]
     * @param evaluation brute force or coarse to fine
     * @param output     what to write
     * @param threads    worker threads (0 = all processors)
     */
    public record Settings(OutputGrid grid, double[] times, EvaluationSettings evaluation, OutputOptions output,
                           int threads) {

        public Settings {
            if (times.length == 0) {
                throw CellInrException.of("a sequence needs at least one frame");
            }
            times = times.clone();
            for (double t : times) {
                if (!(t >= -1 && t <= 1)) {
                    throw CellInrException.of("frame time " + t + " is outside the model's time range [-1, 1]");
                }
            }
        }

        /** {@code frames} evenly spaced frames from -1 to 1, coarse to fine, masks only, all processors. */
        public static Settings of(OutputGrid grid, int frames) {
            return new Settings(grid, evenTimes(frames), EvaluationSettings.coarseToFine(), OutputOptions.masksOnly(),
                    0);
        }

        @Override
        public double[] times() {
            return times.clone();
        }

        public int frames() {
            return times.length;
        }

        public Settings withEvaluation(EvaluationSettings e) {
            return new Settings(grid, times, e, output, threads);
        }

        public Settings withOutput(OutputOptions o) {
            return new Settings(grid, times, evaluation, o, threads);
        }

        public Settings withThreads(int n) {
            return new Settings(grid, times, evaluation, output, n);
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("grid", grid.describe());
            m.put("frames", times.length);
            m.put("times", times.clone());
            m.put("evaluation", evaluation.describe());
            m.put("output", output.describe());
            return m;
        }
    }

    /** Evenly spaced normalised times for {@code frames} frames (-1 ... 1), the training convention. */
    public static double[] evenTimes(int frames) {
        if (frames < 1) {
            throw CellInrException.of("frame count must be at least 1, got " + frames);
        }
        return SequenceInfo.evenTimes(frames);
    }

    /** The sequences written, in order, and the output folder. */
    public record Result(Path folder, List<SequenceSummary> sequences) {
    }

    /**
     * Writes each shape as a sequence folder {@code out/<name>/} (see {@link SequenceWriter} for the layout),
     * then {@code out/codes.csv} (names, rotations, codes) and {@code out/provenance.json}.
     *
     * @param modelId    the model's id (its weights' SHA-256) for provenance
     * @param provenance the run's provenance (command line, seed, inputs); each sequence adds its shape and grid
     */
    public static Result write(CellShapeModel model, String modelId, List<Shape> shapes, Settings settings, Path out,
                               Provenance provenance, ProgressSink progress) {
        checkNames(shapes);
        AtomicFiles.createDirectories(out);
        int threads = settings.threads() <= 0 ? Parallel.defaultThreads() : settings.threads();
        int lanes = lanes(threads, shapes.size());
        int threadsPerLane = Math.max(1, threads / lanes);
        SequenceSummary[] summaries = new SequenceSummary[shapes.size()];
        try (Progress p = progress.start("shapes", (long) shapes.size() * settings.frames(), "frames")) {
            // sequences are independent and each one's files depend only on the shape and the settings, so
            // several are evaluated at once, each on its own share of the threads: a 64^3 frame is too small
            // to keep many threads busy (its coarse-to-fine levels are a few thousand points, its decisions
            // and labelling run on one thread), a sequence per thread is not
            AtomicInteger next = new AtomicInteger();
            Parallel.forRange(lanes, lanes, (firstLane, endLane) -> {
                ExecutorService writing = writingThread();
                try (ShapeEvaluator evaluator = new ShapeEvaluator(model, threadsPerLane)) {
                    int i;
                    while ((i = next.getAndIncrement()) < shapes.size()) {
                        Shape shape = shapes.get(i);
                        p.status(shape.name());
                        summaries[i] = writeSequence(evaluator, writing, modelId, shape, settings, out, provenance,
                                () -> p.step(1));
                    }
                } catch (RuntimeException | Error e) {
                    next.set(shapes.size()); // the other lanes finish their sequence and start no new one
                    throw e;
                } finally {
                    writing.shutdownNow();
                }
            });
        }
        writeRunFiles(modelId, shapes, settings, out, provenance);
        return new Result(out.toAbsolutePath().normalize(), List.of(summaries));
    }

    /**
     * How many sequences are evaluated at once: one per thread while there are enough sequences (a 64^3 frame
     * keeps one thread busy, not many), never more than the sequences.
     */
    static int lanes(int threads, int sequences) {
        return Math.max(1, Math.min(threads, sequences));
    }

    /**
     * Writes one shape as its sequence folder {@code out/<name>/}, exactly as {@link #write} writes it among
     * others: for callers that spread the shapes of one run over several processes or machines (each shape's
     * folder depends only on the shape, the settings and the run's provenance, not on the other shapes). The
     * folder appears atomically (staged hidden, renamed into place). {@code out} must exist.
     */
    public static SequenceSummary writeSequence(CellShapeModel model, String modelId, Shape shape, Settings settings,
                                                Path out, Provenance provenance) {
        ExecutorService writing = writingThread();
        try (ShapeEvaluator evaluator = new ShapeEvaluator(model, settings.threads())) {
            return writeSequence(evaluator, writing, modelId, shape, settings, out, provenance, () -> { });
        } finally {
            writing.shutdownNow();
        }
    }

    /**
     * The files of a whole run beside its sequence folders: {@code codes.csv} (names, rotations, codes of all
     * {@code shapes}) and {@code provenance.json}. {@link #write} ends with it; a distributed run calls it once
     * after every sequence is written.
     */
    public static void writeRunFiles(String modelId, List<Shape> shapes, Settings settings, Path out,
                                     Provenance provenance) {
        checkNames(shapes);
        CodesFile.write(out.resolve(CodesFile.FILE_NAME), shapes);
        List<String> names = shapes.stream().map(Shape::name).toList();
        withParameters(provenance, modelId, Map.of("sequences", names, "settings", settings.describe()))
                .writeTo(out);
    }

    /** Frame t is labelled, meshed and written on this thread while frame t + 1 is evaluated: two frames in memory. */
    private static ExecutorService writingThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cellinr-write");
            t.setDaemon(true);
            return t;
        });
    }

    private static SequenceSummary writeSequence(ShapeEvaluator evaluator, ExecutorService writing, String modelId,
                                                 Shape shape, Settings settings, Path out, Provenance provenance,
                                                 Runnable frameWritten) {
        Provenance own = withParameters(provenance, modelId, Map.of("shape", shape.describe(),
                "settings", settings.describe()));
        try (SequenceWriter writer = new SequenceWriter(out, shape, settings.grid(), settings.times,
                settings.output(), own, evaluator.threads())) {
            List<Future<?>> pending = new ArrayList<>(1);
            try {
                evaluator.evaluateSequence(shape, settings.grid(), settings.times, settings.evaluation(), f -> {
                    awaitAll(pending);
                    pending.add(writing.submit(() -> {
                        writer.accept(f);
                        frameWritten.run();
                    }));
                });
            } catch (RuntimeException | Error e) {
                try {
                    awaitAll(pending);
                } catch (RuntimeException | Error w) {
                    e.addSuppressed(w);
                }
                throw e;
            }
            awaitAll(pending);
            return writer.finish();
        }
    }

    /**
     * Evaluates one shape frame by frame without writing anything (for measurements: Dice, descriptors,
     * divisions). Memory holds one frame at a time.
     */
    public static void stream(CellShapeModel model, Shape shape, Settings settings,
                              ShapeEvaluator.FrameConsumer consumer) {
        try (ShapeEvaluator evaluator = new ShapeEvaluator(model, settings.threads())) {
            evaluator.evaluateSequence(shape, settings.grid(), settings.times, settings.evaluation(), consumer);
        }
    }

    /** Waits for the submitted writes and rethrows the first failure as it was thrown. */
    private static void awaitAll(List<Future<?>> pending) {
        try {
            for (Future<?> f : pending) {
                Parallel.join(f);
            }
        } finally {
            pending.clear();
        }
    }

    private static void checkNames(List<Shape> shapes) {
        if (shapes.isEmpty()) {
            throw CellInrException.of("no shapes to evaluate");
        }
        Set<String> seen = new HashSet<>();
        for (Shape s : shapes) {
            if (!seen.add(s.name())) {
                throw CellInrException.of("two shapes are named '" + s.name() + "'; names become folder names and"
                        + " must differ");
            }
        }
    }

    /** A copy of {@code base} with the model id and extra parameters. */
    static Provenance withParameters(Provenance base, String modelId, Map<String, Object> extra) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (base.parameters() != null) {
            params.putAll(base.parameters());
        }
        params.putAll(extra);
        return new Provenance(base.tool(), base.version(), base.command(), base.seed(), base.createdUtc(),
                base.inputs(), modelId != null ? modelId : base.modelId(), base.runtime(), params);
    }
}
