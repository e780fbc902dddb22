package io.github.cellinr.jmh;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.phantom.PhantomGenerator;
import io.github.cellinr.phantom.PhantomSpec;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.shape.DistanceTransform;
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
 * The exact signed EDT of one prepared frame (a growing phantom cell on an N^3 grid): time per frame on one
 * thread and on all processors. {@code bin/jmh Edt -p n=128,256}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class EdtBenchmark {
    @Param({"64", "128", "256"})
    int n;

    boolean[] inside;
    Dimensions dims;
    double voxelUm;

    @Setup
    public void setup() {
        LabelVolume cell = PhantomGenerator.sequence(new PhantomSpec(PhantomType.GROWING, 1, 2, n, null, 1), 0).frame(1);
        dims = cell.dimensions();
        voxelUm = cell.voxelSize().xUm();
        inside = new boolean[cell.labels().length];
        for (int i = 0; i < inside.length; i++) {
            inside[i] = cell.labels()[i] != 0;
        }
    }

    @Benchmark
    public float[] signedEdtOneThread() {
        return DistanceTransform.signedDistanceUm(inside, dims, voxelUm, 1);
    }

    @Benchmark
    public float[] signedEdtAllThreads() {
        return DistanceTransform.signedDistanceUm(inside, dims, voxelUm, Runtime.getRuntime().availableProcessors());
    }
}
