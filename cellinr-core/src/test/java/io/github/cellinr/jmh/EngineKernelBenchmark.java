package io.github.cellinr.jmh;

import io.github.cellinr.nn.Activation;
import io.github.cellinr.nn.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's primitives on one chunk of the paper's hidden layer (64 points, 124 outputs, 128 inputs),
 * vector and plain. A layer is 64 x 124 x 128 = 1.02M multiply-adds: divide 2.03 MFLOP by the time for GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EngineKernelBenchmark {
    private static final int POINTS = 64;
    private static final int IN = 128;
    private static final int OUT = 124;
    private static final int OUT_PAD = 128;

    @Param({"VECTOR", "PLAIN"})
    public String kernels;

    private Kernels k;
    private float[] x;
    private float[] wt;
    private float[] w;
    private float[] bias;
    private float[] y;
    private float[] der;
    private float[] delta;
    private float[] dx;
    private float[] gw;

    @Setup
    public void setup() {
        k = kernels.equals("VECTOR") ? Kernels.VECTOR : Kernels.PLAIN;
        SplittableRandom r = new SplittableRandom(1);
        x = random(r, POINTS * IN);
        wt = random(r, IN * OUT_PAD);
        w = random(r, OUT * IN);
        bias = random(r, OUT_PAD);
        y = new float[POINTS * OUT_PAD];
        der = new float[POINTS * OUT_PAD];
        delta = random(r, POINTS * OUT_PAD);
        dx = new float[POINTS * IN];
        gw = new float[OUT * IN];
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.1 * (2 * r.nextDouble() - 1));
        }
        return a;
    }

    @Benchmark
    public float[] linear() {
        k.linear(x, IN, IN, POINTS, wt, OUT_PAD, bias, y, OUT_PAD);
        return y;
    }

    @Benchmark
    public float[] sineWithDerivative() {
        k.activate(y, OUT_PAD, POINTS, OUT_PAD, Activation.SINE, 30f, der, OUT_PAD);
        return der;
    }

    @Benchmark
    public float[] inputGradient() {
        k.inputGradient(delta, OUT_PAD, OUT, POINTS, w, IN, dx, IN);
        return dx;
    }

    @Benchmark
    public float[] weightGradient() {
        k.weightGradient(delta, OUT_PAD, OUT, POINTS, x, IN, IN, gw);
        return gw;
    }
}
