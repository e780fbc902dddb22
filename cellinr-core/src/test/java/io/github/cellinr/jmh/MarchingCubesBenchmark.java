package io.github.cellinr.jmh;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.infer.MarchingCubes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Marching cubes on a bumpy sphere SDF (a cell-like surface filling a third of the grid's width) at the
 * paper's evaluation grid sizes. Reports milliseconds per grid; divide the grid's voxel count by it for
 * voxels per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class MarchingCubesBenchmark {

    @Param({"128", "256"})
    int size;

    @Param({"1", "2"})
    int threads;

    private FloatVolume field;
    private MarchingCubes.Settings settings;

    @Setup
    public void setUp() {
        Dimensions dims = Dimensions.cube(size);
        float[] v = new float[dims.voxelCount()];
        double c = (size - 1) / 2.0, r = size / 3.0;
        for (int z = 0; z < size; z++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double dx = x - c, dy = y - c, dz = z - c;
                    double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
                    double bumps = 0.04 * r * Math.sin(5 * Math.atan2(dy, dx)) * Math.cos(3 * Math.acos(dz / Math.max(d, 1e-9)));
                    v[dims.index(z, y, x)] = (float) (d - r - bumps);
                }
            }
        }
        field = new FloatVolume(dims, VoxelSize.isotropic(0.2), v);
        settings = MarchingCubes.Settings.defaults().withThreads(threads);
    }

    @Benchmark
    public TriangleMesh extract() {
        return MarchingCubes.extract(field, settings);
    }
}
