package io.github.cellinr.cli;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.infer.EvaluationSettings;
import io.github.cellinr.infer.FrameSdf;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.LatentSampler;
import io.github.cellinr.infer.OutputGrid;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.ShapeEvaluator;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
            double lipschitz = c2f.initialLipschitz();
            for (int t = 0; t < frames; t++) {
                FrameSdf f = ev.evaluateFrame(shape, grid, t, times[t], c2f, lipschitz);
                lipschitz = Math.max(c2f.initialLipschitz(), safety * f.stats().lipschitzObserved());
                points += f.stats().pointsEvaluated();
                maxObserved = Math.max(maxObserved, f.stats().lipschitzObserved());
                maxUsed = Math.max(maxUsed, f.stats().lipschitzUsed());
                extraPasses += f.stats().passes() - 1;
                if (compare.contains(t)) {
                    kept.put(t, insideBits(f.sdfUm().values()));
                }
            }
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
        }
        w.flush();
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
