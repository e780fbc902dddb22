package io.github.cellinr.cli;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.infer.EvaluationSettings;
import io.github.cellinr.infer.FrameSdf;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.LatentSampler;
import io.github.cellinr.infer.OutputGrid;
import io.github.cellinr.infer.OutputOptions;
import io.github.cellinr.infer.SequenceSummary;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.ShapeEvaluator;
import io.github.cellinr.io.MeshFormat;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cellinr bench infer}: evaluating one sequence's SDF on a grid, coarse to fine against brute force.
 * Brute force over every frame takes long on a laptop, so it runs on a few evenly spaced frames and its total
 * is extrapolated; those frames also check that both give the same masks.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Time the SDF evaluation of one sequence (default 30 x 256^3, the paper's inference size) coarse"
                + " to fine and brute force: seconds, network evaluations, points/s, speed-up; checks that both give"
                + " the same masks. Nothing is written.")
public final class BenchInferCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = ModelRegistry.PAPER_PLAT, paramLabel = "MODEL",
            description = "Model folder or bundled model name.")
    String model;

    @Option(names = "--size", defaultValue = "256", paramLabel = "N", description = "Grid edge in voxels.")
    int size;

    @Option(names = "--frames", defaultValue = "30", paramLabel = "T", description = "Frames of the sequence.")
    int frames;

    @Option(names = "--brute-frames", defaultValue = "3", paramLabel = "K",
            description = "Frames also evaluated brute force (evenly spaced; 0 skips brute force).")
    int bruteFrames;

    @Option(names = "--lipschitz-safety", defaultValue = "2.0", paramLabel = "F",
            description = "Factor on the steepest measured slope (coarse to fine).")
    double safety;

    @Mixin
    ThreadsOption threads;

    @Mixin
    SeedOption seed;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Option(names = "--write", description = {"Also write the sequence as reconstruct does (CTC masks and PLY"
            + " meshes, into a temporary folder that is deleted) and break the time down by stage: evaluation,"
            + " labelling, mask TIFFs, meshes, and the whole run in frames/s.",
        "A demo-sized reconstruct: --size 64 --frames 20 --write."})
    boolean write;

    @Override
    public void run() {
        if (size < 2 || frames < 1 || bruteFrames < 0 || bruteFrames > frames) {
            throw CellInrException.of("need --size >= 2, --frames >= 1 and 0 <= --brute-frames <= --frames");
        }
        ModelRegistry.ResolvedModel resolved = ModelRegistry.resolve(model);
        CellShapeModel m = resolved.model();
        float[] z = m.sequenceCount() > 0 ? m.latent(0)
                : LatentSampler.gaussian(m, null).sample(Seeds.random(seed.value, "bench.infer.code"));
        Shape shape = new Shape("bench", z, Rotation.uniform(Seeds.random(seed.value, "bench.infer.rotation")), "bench");
        OutputGrid grid = OutputGrid.ofEdge(size, m.micrometresPerUnit());
        double[] times = Inference.evenTimes(frames);
        EvaluationSettings c2f = EvaluationSettings.coarseToFine().withSafety(safety);
        long points = 0;
        double maxObserved = 0;
        double maxUsed = 0;
        int extraPasses = 0;
        List<Integer> compare = new ArrayList<>();
        for (int k = 0; k < bruteFrames; k++) {
            compare.add(bruteFrames == 1 ? frames / 2 : (int) Math.round((double) k * (frames - 1) / (bruteFrames - 1)));
        }
        Map<Integer, java.util.BitSet> kept = new LinkedHashMap<>();
        double c2fSeconds;
        double bruteSeconds = 0;
        long mismatched = 0;
        int workers;
        try (ShapeEvaluator ev = new ShapeEvaluator(m, threads.resolved())) {
            workers = ev.threads();
            // warm the JIT on a small grid so that the first frame is not timed cold
            ev.evaluateFrame(shape, OutputGrid.ofEdge(32, m.micrometresPerUnit()), 0, 0, EvaluationSettings.bruteForce(), 1);
            long start = System.nanoTime();
            long[] sum = new long[1];
            double[] max = new double[2];
            int[] passes = new int[1];
            // as reconstruct evaluates a sequence: each frame's slope bounds start from its predecessor's
            ev.evaluateSequence(shape, grid, times, c2f, f -> {
                sum[0] += f.stats().pointsEvaluated();
                max[0] = Math.max(max[0], f.stats().lipschitzObserved());
                max[1] = Math.max(max[1], f.stats().lipschitzUsed());
                passes[0] += f.stats().passes() - 1;
                if (compare.contains(f.frame())) {
                    kept.put(f.frame(), insideBits(f.sdfUm().values()));
                }
            });
            points = sum[0];
            maxObserved = max[0];
            maxUsed = max[1];
            extraPasses = passes[0];
            c2fSeconds = (System.nanoTime() - start) * 1e-9;
            for (int t : compare) {
                FrameSdf b = ev.evaluateFrame(shape, grid, t, times[t], EvaluationSettings.bruteForce(), 1);
                bruteSeconds += b.stats().seconds();
                float[] v = b.sdfUm().values();
                java.util.BitSet bits = kept.get(t);
                for (int i = 0; i < v.length; i++) {
                    if ((v[i] <= 0) != bits.get(i)) {
                        mismatched++;
                    }
                }
            }
        }
        SequenceSummary written = write ? writeSequence(m, resolved.id(), shape, grid, times, c2f, workers) : null;
        long voxels = (long) frames * grid.voxelCount();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", resolved.reference());
        r.put("modelId", resolved.id());
        r.put("grid", size + "^3");
        r.put("frames", frames);
        r.put("threads", workers);
        r.put("lipschitz_safety", safety);
        r.put("c2f_seconds", c2fSeconds);
        r.put("c2f_points", points);
        r.put("c2f_fraction_evaluated", (double) points / voxels);
        r.put("c2f_points_per_second", points / c2fSeconds);
        r.put("c2f_voxels_per_second", voxels / c2fSeconds);
        r.put("lipschitz_observed_max", maxObserved);
        r.put("lipschitz_used_max", maxUsed);
        r.put("extra_passes", extraPasses);
        if (!compare.isEmpty()) {
            double perFrame = bruteSeconds / compare.size();
            r.put("brute_frames", compare);
            r.put("brute_seconds_per_frame", perFrame);
            r.put("brute_points_per_second", grid.voxelCount() / perFrame);
            r.put("brute_seconds_estimated", perFrame * frames);
            r.put("speedup", perFrame * frames / c2fSeconds);
            r.put("mismatched_voxels", mismatched);
        }
        if (written != null) {
            Map<String, Object> stages = new LinkedHashMap<>();
            stages.put("frames_per_second", frames / written.totalSeconds());
            stages.put("total_seconds", written.totalSeconds());
            stages.put("evaluation_seconds", written.evaluationSeconds());
            stages.put("labelling_seconds", written.writing().labelling());
            stages.put("mask_tiff_seconds", written.writing().masks());
            stages.put("mesh_seconds", written.writing().meshes());
            r.put("write", stages);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            try {
                w.println(Json.mapper().writeValueAsString(r));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            w.printf(Locale.ROOT, "infer %s: %d frames of %d^3, %d threads%n", resolved.reference(), frames, size, workers);
            w.printf(Locale.ROOT, "  coarse to fine: %.2f s, %,d network evaluations (%.2f%% of voxels), %.3g points/s,"
                            + " slope measured <= %.3g, bound <= %.3g, %d extra pass(es)%n", c2fSeconds, points,
                    100.0 * points / voxels, points / c2fSeconds, maxObserved, maxUsed, extraPasses);
            if (!compare.isEmpty()) {
                w.printf(Locale.ROOT, "  brute force: %.2f s/frame on %d frame(s) (%.3g points/s), %.1f s for the"
                                + " sequence (extrapolated); speed-up %.1fx; masks %s%n", r.get("brute_seconds_per_frame"),
                        compare.size(), r.get("brute_points_per_second"), r.get("brute_seconds_estimated"),
                        r.get("speedup"), mismatched == 0 ? "identical" : mismatched + " voxels differ");
            }
            if (written != null) {
                double n = frames;
                w.printf(Locale.ROOT, "  written (masks + meshes): %.2f s, %.1f frames/s; per frame: evaluation %.1f ms,"
                                + " then on the writing thread (overlapping the next frame's evaluation) labelling"
                                + " %.1f ms, mask TIFF %.1f ms, marching cubes + mesh file %.1f ms%n",
                        written.totalSeconds(), n / written.totalSeconds(), 1e3 * written.evaluationSeconds() / n,
                        1e3 * written.writing().labelling() / n, 1e3 * written.writing().masks() / n,
                        1e3 * written.writing().meshes() / n);
            }
        }
        w.flush();
    }

    /** Writes the sequence as {@code reconstruct --mesh ply} would, into a temporary folder it then deletes. */
    private SequenceSummary writeSequence(CellShapeModel m, String modelId, Shape shape, OutputGrid grid,
                                          double[] times, EvaluationSettings c2f, int workers) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("cellinr-bench-write");
        } catch (IOException e) {
            throw CellInrException.of("cannot create a temporary folder for bench infer --write: " + e.getMessage());
        }
        try {
            OutputOptions output = new OutputOptions(MeshFormat.PLY, false, OutputOptions.DEFAULT_MIN_FRAGMENT, false);
            Inference.Settings settings = new Inference.Settings(grid, times, c2f, output, workers);
            Provenance provenance = Provenance.builder(List.of("bench", "infer", "--write")).seed(seed.value).build();
            return Inference.write(m, modelId, List.of(shape), settings, tmp.resolve("out"), provenance,
                    ProgressSink.NONE).sequences().get(0);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    private static java.util.BitSet insideBits(float[] v) {
        java.util.BitSet b = new java.util.BitSet(v.length);
        for (int i = 0; i < v.length; i++) {
            if (v[i] <= 0) {
                b.set(i);
            }
        }
        return b;
    }
}
