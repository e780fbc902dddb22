package io.github.cellinr.jmh;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.render.FftConvolver;
import io.github.cellinr.render.Optics;
import io.github.cellinr.render.PsfKernel;
import io.github.cellinr.render.Workers;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PSF convolution of one frame by FFT (the render stage's blur), with the default confocal Born-Wolf kernel at
 * 0.2 um voxels (19 x 39 x 39). Run: {@code bin/jmh Convolution -p edge=128 -p threads=2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConvolutionBenchmark {

    @Param({"64", "128"})
    int edge;

    @Param({"1", "2"})
    int threads;

    private Workers workers;
    private FftConvolver convolver;
    private float[] image;
    private float[] out;
    private float[] spectrum;

    @Setup(Level.Trial)
    public void setUp() {
        Dimensions d = Dimensions.cube(edge);
        workers = Workers.create(threads);
        PsfKernel kernel = PsfKernel.forOptics(Optics.defaults().model(), VoxelSize.isotropic(0.2), 0);
        convolver = new FftConvolver(d, kernel.kernel(), workers);
        SplittableRandom random = new SplittableRandom(1);
        image = new float[d.voxelCount()];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextDouble();
        }
        out = new float[image.length];
        spectrum = new float[convolver.spectrumLength()];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.close();
    }

    @Benchmark
    public float[] convolve() {
        convolver.convolve(image, out, spectrum);
        return out;
    }
}
