package io.github.cellinr.cli;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.nn.EngineBenchmark;
import io.github.cellinr.nn.Isa;
import io.github.cellinr.nn.KernelSelection;
import io.github.cellinr.nn.MlpLayout;
import java.io.PrintWriter;
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
 * {@code cellinr bench}: performance measurements a user can run on their own machine. Each stage adds its
 * benchmark as a subcommand ({@code bench prepare}, {@code bench infer}, {@code bench render}); without a
 * subcommand it measures the engine: training-step and inference points/s of a network preset at 16k, 65k
 * and 262k points, this machine's FP32 FMA peak and the fraction of it reached, and the peak heap.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure performance on this machine (points/s, fraction of FP32 peak, times per frame).",
            "Without a subcommand: the engine's training and inference throughput."},
        subcommands = {
            BenchPrepareCommand.class,
            BenchInferCommand.class,
            BenchRenderCommand.class,
        })
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = NetworkSpec.SIREN_PAPER, paramLabel = "NAME",
            description = "Network to measure: siren-paper or deepsdf.")
    String preset;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--quick", description = "Shorter measurements (noisier numbers).")
    boolean quick;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Option(names = "--points", defaultValue = "16384,65536,262144", split = ",", paramLabel = "N",
            description = "Points per training step / inference batch to measure (the last is reported as the"
                    + " headline).")
    int[] sizes;

    @Override
    public void run() {
        MlpLayout layout;
        try {
            layout = NetworkSpec.preset(preset, 0).layout();
        } catch (IllegalArgumentException e) {
            throw CellInrException.of(e.getMessage());
        }
        if (KernelSelection.current().isa().vectorBits() == 0) {
            throw CellInrException.of("bench measures the vector kernels, but this Java runs without the Vector API:"
                    + " start it with --add-modules jdk.incubator.vector (bin/cellinr does)");
        }
        int n = threads.resolved();
        for (int size : sizes) {
            if (size < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--points must be positive");
            }
        }
        double seconds = quick ? 0.5 : 2.0;
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            KernelSelection k = KernelSelection.current();
            out.printf(Locale.ROOT, "cellinr bench: %s (%,d parameters), %d threads; %s; kernels %s (%s); measuring..."
                    + "%n", preset, layout.parameterCount(), n, k.isa().describe(), k.label(), k.reason());
            out.flush();
        }
        EngineBenchmark.Result r = EngineBenchmark.run(layout, n, sizes, seconds);
        EngineBenchmark.Throughput best = r.best();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("preset", preset);
            m.put("params", r.parameters());
            m.put("threads", r.threads());
            m.put("vector_lanes", r.lanes());
            Isa isa = r.kernels().isa();
            Map<String, Object> isaJson = new LinkedHashMap<>();
            isaJson.put("arch", isa.arch());
            isaJson.put("vector_bits", isa.vectorBits());
            isaJson.put("vector_registers", isa.vectorRegisters());
            isaJson.put("use_avx", isa.useAvx());
            isaJson.put("description", isa.describe());
            m.put("isa", isaJson);
            m.put("kernels", r.kernels().label());
            m.put("tile", r.kernels().tile() == null ? "none" : r.kernels().tile().label());
            m.put("kernel_vector_bits", r.kernels().vectorBits());
            m.put("kernel_reason", r.kernels().reason());
            Map<String, Object> products = new LinkedHashMap<>();
            products.put("forward_fraction_of_peak", r.products().forwardGflops() / r.peakGflops());
            products.put("input_gradient_fraction_of_peak", r.products().inputGradientGflops() / r.peakGflops());
            products.put("weight_gradient_fraction_of_peak", r.products().weightGradientGflops() / r.peakGflops());
            products.put("forward_gflops", r.products().forwardGflops());
            products.put("input_gradient_gflops", r.products().inputGradientGflops());
            products.put("weight_gradient_gflops", r.products().weightGradientGflops());
            m.put("products", products);
            m.put("train_points_per_s", best.trainPointsPerSecond());
            m.put("infer_points_per_s", best.inferPointsPerSecond());
            m.put("peak_gflops", r.peakGflops());
            m.put("train_fraction_of_peak", r.trainFractionOfPeak(best));
            m.put("infer_fraction_of_peak", r.inferFractionOfPeak(best));
            m.put("train_flops_per_point", r.trainFlopsPerPoint());
            m.put("infer_flops_per_point", r.inferFlopsPerPoint());
            m.put("train_points_per_cpu_s", best.trainPointsPerCpuSecond());
            m.put("infer_points_per_cpu_s", best.inferPointsPerCpuSecond());
            m.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
            m.put("peak_heap_bytes", r.peakHeapBytes());
            List<Map<String, Object>> sizes = new java.util.ArrayList<>();
            for (EngineBenchmark.Throughput t : r.sizes()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("points", t.points());
                e.put("train_points_per_s", t.trainPointsPerSecond());
                e.put("infer_points_per_s", t.inferPointsPerSecond());
                e.put("train_points_per_cpu_s", t.trainPointsPerCpuSecond());
                e.put("infer_points_per_cpu_s", t.inferPointsPerCpuSecond());
                sizes.add(e);
            }
            m.put("sizes", sizes);
            try {
                out.println(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(m));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.printf(Locale.ROOT, "FP32 FMA peak: %.1f GFLOP/s (%d-bit vectors)%n", r.peakGflops(),
                    r.kernels().vectorBits() > 0 ? r.kernels().vectorBits() : r.kernels().isa().vectorBits());
            EngineBenchmark.ProductRates p = r.products();
            out.printf(Locale.ROOT, "products of one hidden layer (64 x 128 x 124): forward %.1f GFLOP/s (%.0f %%),"
                    + " input gradient %.1f (%.0f %%), weight gradient %.1f (%.0f %%)%n",
                    p.forwardGflops(), 100 * p.forwardGflops() / r.peakGflops(),
                    p.inputGradientGflops(), 100 * p.inputGradientGflops() / r.peakGflops(),
                    p.weightGradientGflops(), 100 * p.weightGradientGflops() / r.peakGflops());
            out.printf(Locale.ROOT, "%10s %16s %16s %20s %20s%n", "points", "train points/s", "infer points/s",
                    "train points/cpu-s", "infer points/cpu-s");
            for (EngineBenchmark.Throughput t : r.sizes()) {
                out.printf(Locale.ROOT, "%10d %16.0f %16.0f %20.0f %20.0f%n", t.points(), t.trainPointsPerSecond(),
                        t.inferPointsPerSecond(), t.trainPointsPerCpuSecond(), t.inferPointsPerCpuSecond());
            }
            out.printf(Locale.ROOT, "fraction of peak at %d points: train %.1f %% (%.0f flops/point), infer %.1f %%"
                    + " (%.0f flops/point)%n", best.points(), 100 * r.trainFractionOfPeak(best), r.trainFlopsPerPoint(),
                    100 * r.inferFractionOfPeak(best), r.inferFlopsPerPoint());
            out.printf(Locale.ROOT, "peak heap: %.1f MiB%n", r.peakHeapBytes() / 1048576.0);
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (load > n + 0.5) {
                out.printf(Locale.ROOT, "note: the load average is %.1f on %d cores: other processes took CPU time, so"
                        + " points/s are low; points per CPU-second x %d estimate a quiet machine%n", load,
                        Runtime.getRuntime().availableProcessors(), n);
            }
        }
        out.flush();
    }
}
