package io.github.cellinr.jmh;

import io.github.cellinr.core.Rotation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Smoke benchmark that proves the JMH wiring; the real ones live beside it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RotationBenchmark {
    private final Rotation r = Rotation.fromEuler(0.1, 0.2, 0.3);
    private final double[] v = {1, 2, 3};
    private final double[] out = new double[3];

    @Benchmark
    public double[] applyInverse() {
        r.applyInverse(v, out);
        return out;
    }
}
