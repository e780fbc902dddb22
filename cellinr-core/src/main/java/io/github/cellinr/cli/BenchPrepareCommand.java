package io.github.cellinr.cli;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.phantom.PhantomDatasets;
import io.github.cellinr.phantom.PhantomGenerator;
import io.github.cellinr.phantom.PhantomSpec;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.shape.DistanceTransform;
import io.github.cellinr.shape.PrepareOptions;
import io.github.cellinr.shape.PrepareSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cellinr bench prepare}: the exact signed EDT per 128^3 and 256^3 frame (one thread and all
 * threads, median of repeats after warm-up) on a growing phantom cell, and the end-to-end prepare
 * throughput (phantom masks -> SDF frames on disk) at 128^3.
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Time the signed distance transform per 128^3 and 256^3 frame and the prepare throughput.")
public final class BenchPrepareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "R", description = "Timed runs per measurement.")
    int repeats;

    @Option(names = "--quick", description = "Fewer repeats and a smaller prepare run.")
    boolean quick;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int workers = threads.resolved();
        int runs = quick ? 2 : Math.max(1, repeats);
        var out = spec.commandLine().getOut();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("processors", Runtime.getRuntime().availableProcessors());
        result.put("threads", workers);
        result.put("java", System.getProperty("java.version"));
        result.put("loadAverageBefore", loadAverage());
        Map<String, Object> edt = new LinkedHashMap<>();
        for (int n : new int[] {128, 256}) {
            LabelVolume cell = PhantomGenerator.sequence(new PhantomSpec(PhantomType.GROWING, 1, 2, n, null, 1), 0).frame(1);
            boolean[] inside = new boolean[cell.labels().length];
            for (int i = 0; i < inside.length; i++) {
                inside[i] = cell.labels()[i] != 0;
            }
            double h = cell.voxelSize().xUm();
            Dimensions d = cell.dimensions();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("msPerFrame1Thread", medianMillis(runs, () -> DistanceTransform.signedDistanceUm(inside, d, h, 1)));
            m.put("msPerFrame" + workers + "Threads", medianMillis(runs, () -> DistanceTransform.signedDistanceUm(inside, d, h, workers)));
            m.put("voxelsPerSecond" + workers + "Threads",
                    (double) d.voxelCount() / ((Double) m.get("msPerFrame" + workers + "Threads") / 1000.0));
            edt.put(n + "^3", m);
            if (!json) {
                out.printf(Locale.ROOT, "signed EDT %d^3: %.1f ms/frame on 1 thread, %.1f ms/frame on %d threads%n", n,
                        (Double) m.get("msPerFrame1Thread"), (Double) m.get("msPerFrame" + workers + "Threads"), workers);
                out.flush();
            }
        }
        result.put("edt", edt);
        int count = quick ? 1 : 2;
        int frames = quick ? 3 : 5;
        Path dir = Files.createTempDirectory("cellinr-bench-prepare");
        try {
            PrepareSummary s = PhantomDatasets.prepare(new PhantomSpec(PhantomType.GROWING, count, frames, 128, null, 1),
                    dir.resolve("data"), PrepareOptions.defaults().withGridSize(128).withFrames(frames).withThreads(workers),
                    ProgressSink.NONE);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("grid", 128);
            p.put("frames", s.frames());
            p.put("seconds", s.seconds());
            p.put("framesPerSecond", s.frames() / s.seconds());
            result.put("prepare", p);
            if (!json) {
                out.printf(Locale.ROOT, "prepare (growing phantoms 128^3 -> 128^3 SDF, f16, %d threads): %d frames in"
                        + " %.1f s = %.2f frames/s%n", workers, s.frames(), s.seconds(), s.frames() / s.seconds());
            }
        } finally {
            deleteTree(dir);
        }
        result.put("loadAverageAfter", loadAverage());
        if (json) {
            out.println(Json.mapper().writeValueAsString(result));
        } else {
            out.println("load average before/after: " + result.get("loadAverageBefore") + " / "
                    + result.get("loadAverageAfter") + " (other work on the machine makes timings noisy)");
        }
        out.flush();
        return 0;
    }

    private static double medianMillis(int runs, Runnable work) {
        work.run(); // warm-up: JIT and page faults
        work.run();
        double[] ms = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            work.run();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
