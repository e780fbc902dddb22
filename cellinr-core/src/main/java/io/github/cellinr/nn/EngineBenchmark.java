package io.github.cellinr.nn;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the engine on this machine: the FP32 fused multiply-add peak (a Vector API loop with enough
 * independent accumulators to hide the FMA latency, on every thread), the throughput of a full training step
 * (forward, backward, per-thread gradients summed in order, Adam, repacking: what the trainer does per step,
 * sampling aside) and of inference, in points per second, and the fraction of the peak they reach.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    /**
     * One measurement at one batch size: the best wall-clock rate, and the rate per CPU-second of this process
     * (all its threads, the JIT and GC included). On a busy machine the wall-clock rate falls with the share of
     * the cores this process gets; points per CPU-second times the thread count estimates the quiet-machine rate.
     */
    public record Throughput(int points, double trainPointsPerSecond, double inferPointsPerSecond,
                             double trainPointsPerCpuSecond, double inferPointsPerCpuSecond) {
    }

    /** Wall-clock best and CPU-time rates of one mode. */
    record Rate(double perSecond, double perCpuSecond) {
    }

    /**
     * GFLOP/s of each product of one hidden {@code siren-paper} layer (64 points, 128 inputs, 124 outputs), on
     * every thread at once, and their fractions of the peak: what each kernel reaches alone.
     */
    public record ProductRates(double forwardGflops, double inputGradientGflops, double weightGradientGflops) {
    }

    /** The whole result. */
    public record Result(int parameters, int threads, int lanes, double peakGflops, List<Throughput> sizes,
                         double trainFlopsPerPoint, double inferFlopsPerPoint, long peakHeapBytes,
                         KernelSelection kernels, ProductRates products) {

        /** Throughput at the largest size. */
        public Throughput best() {
            return sizes.get(sizes.size() - 1);
        }

        public double trainFractionOfPeak(Throughput t) {
            return t.trainPointsPerSecond() * trainFlopsPerPoint / (peakGflops * 1e9);
        }

        public double inferFractionOfPeak(Throughput t) {
            return t.inferPointsPerSecond() * inferFlopsPerPoint / (peakGflops * 1e9);
        }
    }

    /**
     * @param sizes   points per training step / inference batch to measure
     * @param seconds minimum measuring time per size and mode (after a warm-up of the same length)
     */
    public static Result run(MlpLayout layout, int threads, int[] sizes, double seconds) {
        float[] params = MlpInit.initialise(layout, new SplittableRandom(1));
        // warm-up: let the JIT compile every kernel before anything is timed (an interpreted Vector API
        // kernel is thousands of times slower and would spoil the first, smallest size)
        measure(layout, params, threads, 4096, true, 2 * seconds);
        measure(layout, params, threads, 4096, false, seconds);
        double peak = peakGflops(threads, seconds);
        ProductRates products = productRates(KernelSelection.current().kernels(), threads, seconds);
        List<Throughput> results = new ArrayList<>();
        for (int n : sizes) {
            Rate train = measure(layout, params, threads, n, true, seconds);
            Rate infer = measure(layout, params, threads, n, false, seconds);
            results.add(new Throughput(n, train.perSecond(), infer.perSecond(), train.perCpuSecond(),
                    infer.perCpuSecond()));
        }
        double macs = layout.multiplyAddsPerPoint();
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        return new Result(layout.parameterCount(), threads, Simd.SPECIES.length(), peak, results,
                6 * macs, 2 * macs, heap, KernelSelection.current(), products);
    }

    /** The hidden-layer shape the product rates are measured on. */
    private static final int LAYER_POINTS = ChunkEngine.DEFAULT_CHUNK;
    private static final int LAYER_IN = 128;
    private static final int LAYER_OUT = 124;
    private static final int LAYER_PAD = 128;

    /** Forward, input-gradient and weight-gradient GFLOP/s on every thread (useful flops, padding not counted). */
    public static ProductRates productRates(Kernels kernels, int threads, double seconds) {
        double flops = 2.0 * LAYER_POINTS * LAYER_IN * LAYER_OUT;
        return new ProductRates(
                productGflops(threads, seconds, flops, (k, b) -> k.linear(b.x, LAYER_PAD, LAYER_IN, LAYER_POINTS,
                        b.wt, LAYER_PAD, b.bias, b.y, LAYER_PAD), kernels),
                productGflops(threads, seconds, flops, (k, b) -> k.inputGradient(b.y, LAYER_PAD, LAYER_OUT,
                        LAYER_POINTS, b.w, LAYER_PAD, b.x, LAYER_PAD), kernels),
                productGflops(threads, seconds, flops, (k, b) -> k.weightGradient(b.y, LAYER_PAD, LAYER_OUT,
                        LAYER_POINTS, b.x, LAYER_PAD, LAYER_PAD, b.gw), kernels));
    }

    /** One thread's operands of the measured layer. */
    private static final class LayerBuffers {
        final float[] x = new float[LAYER_POINTS * LAYER_PAD];
        final float[] y = new float[LAYER_POINTS * LAYER_PAD];
        final float[] wt = new float[LAYER_IN * LAYER_PAD];
        final float[] w = new float[LAYER_PAD * LAYER_PAD];
        final float[] gw = new float[LAYER_PAD * LAYER_PAD];
        final float[] bias = new float[LAYER_PAD];

        LayerBuffers(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            for (float[] a : new float[][] {x, y, wt, w, bias}) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (r.nextDouble() - 0.5);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Product {
        void run(Kernels k, LayerBuffers b);
    }

    private static double productGflops(int threads, double seconds, double flopsPerCall, Product product,
                                        Kernels kernels) {
        LayerBuffers[] buffers = new LayerBuffers[threads];
        for (int t = 0; t < threads; t++) {
            buffers[t] = new LayerBuffers(t + 11);
        }
        int calls = 2000;
        long warm = System.nanoTime() + (long) (seconds * 1e9);
        do {
            parallel(threads, id -> {
                for (int i = 0; i < calls / 10; i++) {
                    product.run(kernels, buffers[id]);
                }
            });
        } while (System.nanoTime() < warm);
        double best = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        do {
            double rate = cpuRate(threads, calls * flopsPerCall, id -> {
                for (int i = 0; i < calls; i++) {
                    product.run(kernels, buffers[id]);
                }
            });
            best = Math.max(best, rate / 1e9);
        } while (System.nanoTime() < deadline);
        return best;
    }

    /**
     * Runs {@code work} on every thread and returns the summed rate of the threads, each thread's work divided
     * by its own CPU time: the rate of a quiet machine with a core per thread, even while other processes take
     * turns on the cores (on a quiet machine it equals the wall-clock rate).
     */
    private static double cpuRate(int threads, double workPerThread, Worker work) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        double[] cpuSeconds = new double[threads];
        parallel(threads, id -> {
            long c0 = bean.getCurrentThreadCpuTime();
            work.run(id);
            cpuSeconds[id] = (bean.getCurrentThreadCpuTime() - c0) / 1e9;
        });
        double rate = 0;
        for (double c : cpuSeconds) {
            rate += workPerThread / Math.max(c, 1e-9);
        }
        return rate;
    }

    /**
     * FP32 FMA peak of {@code threads} threads in GFLOP/s (2 flops per lane per FMA) at the kernels' width,
     * per CPU-second of each thread (see {@link #cpuRate}).
     */
    public static double peakGflops(int threads, double seconds) {
        long iterations = 2_000_000;
        long warm = System.nanoTime() + (long) (seconds * 1e9);
        do {
            fmaLoop(iterations / 10, 0); // until the JIT has compiled the loop with its vector registers
        } while (System.nanoTime() < warm);
        double best = 0;
        long deadline = System.nanoTime() + (long) (2 * seconds * 1e9);
        do {
            VectorSpecies<Float> s = Simd.SPECIES;
            double flopsPerThread = (double) iterations * ACCUMULATORS * s.length() * 2;
            double rate = cpuRate(threads, flopsPerThread, id -> {
                float sink = fmaLoop(iterations, id);
                if (sink == 42.4242f) {
                    System.out.print(""); // keeps the loop's result alive
                }
            });
            best = Math.max(best, rate / 1e9);
        } while (System.nanoTime() < deadline);
        return best;
    }

    private static final int ACCUMULATORS = 12;

    private static float fmaLoop(long iterations, int seed) {
        VectorSpecies<Float> s = Simd.SPECIES;
        FloatVector a0 = FloatVector.broadcast(s, seed * 1e-3f);
        FloatVector a1 = a0.add(1f), a2 = a0.add(2f), a3 = a0.add(3f), a4 = a0.add(4f), a5 = a0.add(5f);
        FloatVector a6 = a0.add(6f), a7 = a0.add(7f), a8 = a0.add(8f), a9 = a0.add(9f), a10 = a0.add(10f);
        FloatVector a11 = a0.add(11f);
        FloatVector m = FloatVector.broadcast(s, 0.999999f);
        FloatVector c = FloatVector.broadcast(s, 1e-7f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** Points per second of a training step (train = true) or of inference, best of repeated runs. */
    static Rate measure(MlpLayout layout, float[] params, int threads, int points, boolean train, double seconds) {
        return measure(layout, params, threads, points, train, seconds, ChunkEngine.DEFAULT_CHUNK, Kernels.VECTOR);
    }

    /** As above with an explicit chunk size and kernel set (tuning experiments). */
    static Rate measure(MlpLayout layout, float[] params, int threads, int points, boolean train, double seconds,
                        int chunk, Kernels kernels) {
        PackedMlp net = PackedMlp.of(layout, params);
        float[] decoder = params.clone();
        SplittableRandom r = new SplittableRandom(3);
        float[] xyz = new float[3 * points];
        float[] target = new float[points];
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] = (float) (2 * r.nextDouble() - 1);
        }
        for (int i = 0; i < points; i++) {
            target[i] = (float) (r.nextDouble() - 0.5);
        }
        float[] latent = new float[layout.latentSize()];
        for (int i = 0; i < latent.length; i++) {
            latent[i] = (float) (0.01 * r.nextGaussian());
        }
        double[] rotation = EulerAngles.matrix(0.1, 0.2, 0.3);
        ChunkEngine[] engines = new ChunkEngine[threads];
        Gradients[] grads = new Gradients[threads];
        float[][] outs = new float[threads][chunk];
        float[][] dLdy = new float[threads][chunk];
        for (int t = 0; t < threads; t++) {
            engines[t] = new ChunkEngine(net, kernels, chunk, train);
            grads[t] = train ? new Gradients(net) : null;
        }
        Adam adam = new Adam(decoder.length);
        float[] flat = new float[decoder.length];
        int chunks = (points + chunk - 1) / chunk;
        double inv = 1.0 / points;
        Worker work = id -> {
            ChunkEngine e = engines[id];
            e.setShape(latent, 0, rotation);
            if (train) {
                grads[id].clear();
            }
            int from = (int) ((long) chunks * id / threads);
            int to = (int) ((long) chunks * (id + 1) / threads);
            for (int c = from; c < to; c++) {
                int start = c * chunk;
                int count = Math.min(chunk, points - start);
                e.forward(xyz, 3 * start, null, 0, 0.5f, count, outs[id], 0);
                if (train) {
                    for (int p = 0; p < count; p++) {
                        dLdy[id][p] = (float) (Math.signum(outs[id][p] - target[start + p]) * inv);
                    }
                    e.backward(dLdy[id], 0, count, grads[id], false);
                }
            }
            if (train) {
                e.flushShape(grads[id], null, 0, null);
            }
        };
        Runnable step = () -> {
            parallel(threads, work);
            if (train) {
                for (int t = 1; t < threads; t++) {
                    grads[0].addFrom(grads[t]);
                }
                java.util.Arrays.fill(flat, 0f);
                grads[0].addTo(flat);
                adam.step(decoder, flat, 1e-12);
                net.pack(decoder);
            }
        };
        long warmEnd = System.nanoTime() + (long) (seconds * 1e9);
        do {
            step.run();
        } while (System.nanoTime() < warmEnd);
        double best = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int runs = 0;
        long cpu0 = processCpuNanos();
        do {
            long t0 = System.nanoTime();
            step.run();
            double dt = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, points / dt);
            runs++;
        } while (System.nanoTime() < end || runs < 3);
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        return new Rate(best, cpuSeconds > 0 ? (double) runs * points / cpuSeconds : Double.NaN);
    }

    /** CPU time of the whole process, or -1 where the platform does not tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    @FunctionalInterface
    private interface Worker {
        void run(int id);
    }

    /** Runs {@code work(0..threads-1)} on fresh threads (the caller's thread takes id 0); returns seconds. */
    private static double parallel(int threads, Worker work) {
        Thread[] others = new Thread[threads - 1];
        Throwable[] failure = new Throwable[1];
        CyclicBarrier ready = new CyclicBarrier(threads);
        for (int t = 1; t < threads; t++) {
            final int id = t;
            others[t - 1] = new Thread(() -> {
                try {
                    ready.await();
                    work.run(id);
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            others[t - 1].start();
        }
        long t0;
        try {
            ready.await();
            t0 = System.nanoTime();
            work.run(0);
            for (Thread th : others) {
                th.join();
            }
        } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted", e);
        }
        if (failure[0] != null) {
            throw new IllegalStateException("benchmark thread failed", failure[0]);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
