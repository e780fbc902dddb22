package io.github.cellinr.jmh;

import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.nn.ChunkEngine;
import io.github.cellinr.nn.EulerAngles;
import io.github.cellinr.nn.Gradients;
import io.github.cellinr.nn.Kernels;
import io.github.cellinr.nn.MlpInit;
import io.github.cellinr.nn.MlpLayout;
import io.github.cellinr.nn.PackedMlp;
import java.util.Arrays;
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
 * One chunk of the {@code siren-paper} network on one thread: the fused forward and backward pass of training
 * (with or without the rotation gradient) and the inference forward pass. Points per second = chunk / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChunkEngineBenchmark {

    @Param({"64"})
    public int chunk;

    private ChunkEngine train;
    private ChunkEngine infer;
    private Gradients gradients;
    private float[] xyz;
    private float[] out;
    private float[] dLdy;

    @Setup
    public void setup() {
        MlpLayout layout = NetworkSpec.preset(NetworkSpec.SIREN_PAPER, 0).layout();
        PackedMlp net = PackedMlp.of(layout, MlpInit.initialise(layout, new SplittableRandom(1)));
        train = new ChunkEngine(net, Kernels.VECTOR, chunk, true);
        infer = new ChunkEngine(net, Kernels.VECTOR, chunk, false);
        gradients = new Gradients(net);
        float[] z = new float[64];
        double[] r = EulerAngles.matrix(0.1, 0.2, 0.3);
        train.setShape(z, 0, r);
        infer.setShape(z, 0, r);
        SplittableRandom rnd = new SplittableRandom(2);
        xyz = new float[3 * chunk];
        for (int i = 0; i < xyz.length; i++) {
            xyz[i] = (float) (2 * rnd.nextDouble() - 1);
        }
        out = new float[chunk];
        dLdy = new float[chunk];
        Arrays.fill(dLdy, 1e-5f);
    }

    @Benchmark
    public float[] trainingPass() {
        train.forward(xyz, 0, null, 0, 0.5f, chunk, out, 0);
        train.backward(dLdy, 0, chunk, gradients, false);
        return out;
    }

    @Benchmark
    public float[] trainingPassWithRotation() {
        train.forward(xyz, 0, null, 0, 0.5f, chunk, out, 0);
        train.backward(dLdy, 0, chunk, gradients, true);
        return out;
    }

    @Benchmark
    public float[] inference() {
        infer.forward(xyz, 0, null, 0, 0.5f, chunk, out, 0);
        return out;
    }
}
