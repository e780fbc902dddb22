package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.core.VoxelSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Iso-surface extraction (marching cubes) from a scalar grid to an indexed triangle mesh in micrometres.
 *
 * <p>The surface is the level set {@code value = isoLevel}; values below it are inside. Triangles are
 * counter-clockwise seen from outside, so normals point towards larger values (outward for an SDF that is
 * negative inside). The mesh is watertight: ambiguous cube faces are resolved by the asymptotic decider from
 * the face's four values alone, so neighbouring cubes agree, and each crossed grid edge holds exactly one
 * vertex shared by every cube around it (see {@link CubeTable}). A surface that stays inside the grid is
 * therefore a closed 2-manifold: every edge belongs to exactly two triangles. A surface that reaches the
 * border is open there unless {@link Settings#closeAtBorder()} is set.
 *
 * <p>Grid point (z, y, x) sits at {@code origin + (x * xUm, y * yUm, z * zUm)}: voxel centres, anisotropic
 * voxels allowed. The output is the same for every thread count: vertices are numbered by a global order
 * of grid edges (counted in a first pass), triangles are listed layer by layer.
 *
 * <p>Memory: besides the output, each worker keeps five int planes of the grid's x-y size; no objects per
 * vertex or triangle.
 */
public final class MarchingCubes {

    private static final int NONE = -1;

    private MarchingCubes() {
    }

    /**
     * How to extract.
     *
     * @param isoLevel       the level of the surface; values below it are inside
     * @param originZUm      position of grid point (0, 0, 0) along z, micrometres
     * @param originYUm      ... along y
     * @param originXUm      ... along x
     * @param threads        worker threads (1 = the calling thread only)
     * @param closeAtBorder  treat the grid as if surrounded by one layer of outside values, half a voxel
     *                       beyond the border, so that a surface cut by the border is capped and closed
     */
    public record Settings(double isoLevel, double originZUm, double originYUm, double originXUm, int threads,
                           boolean closeAtBorder) {
        public Settings {
            if (!Double.isFinite(isoLevel) || !Double.isFinite(originZUm) || !Double.isFinite(originYUm)
                    || !Double.isFinite(originXUm)) {
                throw new IllegalArgumentException("iso-level and origin must be finite");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }

        /** Iso-level 0, origin 0, all available processors, open at the border. */
        public static Settings defaults() {
            return new Settings(0, 0, 0, 0, Runtime.getRuntime().availableProcessors(), false);
        }

        public Settings withIsoLevel(double level) {
            return new Settings(level, originZUm, originYUm, originXUm, threads, closeAtBorder);
        }

        public Settings withOriginUm(double z, double y, double x) {
            return new Settings(isoLevel, z, y, x, threads, closeAtBorder);
        }

        public Settings withThreads(int n) {
            return new Settings(isoLevel, originZUm, originYUm, originXUm, n, closeAtBorder);
        }

        public Settings withCloseAtBorder(boolean close) {
            return new Settings(isoLevel, originZUm, originYUm, originXUm, threads, close);
        }
    }

    /** The zero level set of {@code field} with the default settings. */
    public static TriangleMesh extract(FloatVolume field) {
        return extract(field, Settings.defaults());
    }

    public static TriangleMesh extract(FloatVolume field, Settings settings) {
        return extract(field.values(), field.dimensions(), field.voxelSize(), settings);
    }

    /**
     * Extracts the iso-surface of {@code values} (x fastest, {@link Dimensions#index}).
     *
     * @throws CellInrException when the field holds NaN, or the mesh would not fit in Java arrays
     */
    public static TriangleMesh extract(float[] values, Dimensions dims, VoxelSize voxel, Settings settings) {
        if (values.length != dims.voxelCount()) {
            throw new IllegalArgumentException("field has " + values.length + " values, dimensions " + dims
                    + " need " + dims.voxelCount());
        }
        if (settings.closeAtBorder()) {
            Padded padded = pad(values, dims, (float) settings.isoLevel());
            Settings shifted = settings.withCloseAtBorder(false).withOriginUm(
                    settings.originZUm() - voxel.zUm(), settings.originYUm() - voxel.yUm(),
                    settings.originXUm() - voxel.xUm());
            return extract(padded.values, padded.dims, voxel, shifted);
        }
        return new Extraction(values, dims, voxel, settings).run();
    }

    private record Padded(float[] values, Dimensions dims) {
    }

    /**
     * Surrounds the grid by one layer whose value mirrors the border value about the iso-level when the
     * border is inside (the cap then lies half a voxel outside) and copies it otherwise.
     */
    private static Padded pad(float[] values, Dimensions dims, float iso) {
        int nz = dims.depth(), ny = dims.height(), nx = dims.width();
        Dimensions p = new Dimensions(nz + 2, ny + 2, nx + 2);
        float[] out = new float[p.voxelCount()];
        for (int z = 0; z < nz + 2; z++) {
            int cz = Math.min(Math.max(z - 1, 0), nz - 1);
            for (int y = 0; y < ny + 2; y++) {
                int cy = Math.min(Math.max(y - 1, 0), ny - 1);
                for (int x = 0; x < nx + 2; x++) {
                    int cx = Math.min(Math.max(x - 1, 0), nx - 1);
                    float v = values[dims.index(cz, cy, cx)];
                    boolean border = z == 0 || y == 0 || x == 0 || z == nz + 1 || y == ny + 1 || x == nx + 1;
                    out[p.index(z, y, x)] = border ? iso + Math.abs(v - iso) : v;
                }
            }
        }
        return new Padded(out, p);
    }

    /** One extraction: pass 1 counts vertices per layer, pass 2 fills them and lists triangles per slab. */
    private static final class Extraction {
        private final float[] v;
        private final int nz, ny, nx;
        private final double iso;
        private final double oz, oy, ox, sz, sy, sx;
        private final int threads;
        /** First vertex id owned by layer L (x/y edges of plane L, z edges L to L+1). */
        private long[] layerBase;
        private float[] vertices;

        Extraction(float[] values, Dimensions dims, VoxelSize voxel, Settings s) {
            this.v = values;
            this.nz = dims.depth();
            this.ny = dims.height();
            this.nx = dims.width();
            this.iso = s.isoLevel();
            this.oz = s.originZUm();
            this.oy = s.originYUm();
            this.ox = s.originXUm();
            this.sz = voxel.zUm();
            this.sy = voxel.yUm();
            this.sx = voxel.xUm();
            this.threads = s.threads();
        }

        private boolean in(float value) {
            return value < iso;
        }

        TriangleMesh run() {
            int slabCount = Math.min(nz, threads == 1 ? 1 : threads * 4);
            int[] slabStart = new int[slabCount + 1];
            for (int i = 0; i <= slabCount; i++) {
                slabStart[i] = (int) ((long) nz * i / slabCount);
            }
            long[] counts = new long[nz];
            Parallel.map(threads, slabCount, i -> {
                for (int layer = slabStart[i]; layer < slabStart[i + 1]; layer++) {
                    counts[layer] = countLayer(layer);
                }
                return null;
            });
            layerBase = new long[nz + 1];
            for (int layer = 0; layer < nz; layer++) {
                layerBase[layer + 1] = layerBase[layer] + counts[layer];
            }
            long edgeVertices = layerBase[nz];
            if (edgeVertices * 3 > Integer.MAX_VALUE - 8) {
                throw CellInrException.of("the iso-surface has " + edgeVertices
                        + " vertices, more than one mesh can hold; use a coarser grid");
            }
            vertices = new float[(int) (edgeVertices * 3)];
            List<SlabResult> results = Parallel.map(threads, slabCount, i -> fillSlab(slabStart[i], slabStart[i + 1]));

            long centreCount = 0, indexCount = 0;
            for (SlabResult r : results) {
                centreCount += r.centres.size() / 3;
                indexCount += r.triangles.size();
            }
            if ((edgeVertices + centreCount) * 3 > Integer.MAX_VALUE - 8 || indexCount > Integer.MAX_VALUE - 8) {
                throw CellInrException.of("the iso-surface is larger than one mesh can hold; use a coarser grid");
            }
            float[] allVertices = centreCount == 0 ? vertices
                    : Arrays.copyOf(vertices, (int) ((edgeVertices + centreCount) * 3));
            int[] triangles = new int[(int) indexCount];
            int vertexBase = (int) edgeVertices, at = 0;
            for (SlabResult r : results) {
                System.arraycopy(r.centres.data, 0, allVertices, vertexBase * 3, r.centres.size());
                for (int k = 0; k < r.triangles.size(); k++) {
                    int id = r.triangles.data[k];
                    triangles[at++] = id >= 0 ? id : vertexBase + (-id - 1);
                }
                vertexBase += r.centres.size() / 3;
            }
            return new TriangleMesh(allVertices, triangles);
        }

        /** Vertices owned by a layer: crossed x and y edges of plane L and z edges from L to L+1. */
        private long countLayer(int layer) {
            long n = 0;
            int plane = layer * ny * nx;
            for (int y = 0; y < ny; y++) {
                int row = plane + y * nx;
                for (int x = 0; x < nx; x++) {
                    float a = v[row + x];
                    if (!Float.isFinite(a)) {
                        throw CellInrException.of("the field holds " + a + " at voxel z=" + layer + " y=" + y
                                + " x=" + x + "; marching cubes needs finite values");
                    }
                    boolean ia = in(a);
                    if (x + 1 < nx && ia != in(v[row + x + 1])) {
                        n++;
                    }
                    if (y + 1 < ny && ia != in(v[row + nx + x])) {
                        n++;
                    }
                    if (layer + 1 < nz && ia != in(v[row + ny * nx + x])) {
                        n++;
                    }
                }
            }
            return n;
        }

        /** Growable int list, so a slab stores no object per triangle. */
        private static final class Ints {
            int[] data = new int[1024];
            int size;

            void add(int value) {
                if (size == data.length) {
                    data = Arrays.copyOf(data, data.length * 2);
                }
                data[size++] = value;
            }

            int size() {
                return size;
            }
        }

        private static final class Floats {
            float[] data = new float[96];
            int size;

            void add(float value) {
                if (size == data.length) {
                    data = Arrays.copyOf(data, data.length * 2);
                }
                data[size++] = value;
            }

            int size() {
                return size;
            }
        }

        private record SlabResult(Ints triangles, Floats centres) {
        }

        /**
         * Numbers the x and y edges of plane {@code layer} from the layer's base in the counting order
         * (x edge before y edge at each grid point), writing their vertices when this slab owns the plane.
         * Returns the id of the next vertex (the first z edge of the layer).
         */
        private long numberPlane(int layer, int[] xIds, int[] yIds, boolean write) {
            long id = layerBase[layer];
            int plane = layer * ny * nx;
            for (int y = 0; y < ny; y++) {
                int row = plane + y * nx;
                for (int x = 0; x < nx; x++) {
                    int cell = y * nx + x;
                    float a = v[row + x];
                    boolean ia = in(a);
                    xIds[cell] = NONE;
                    yIds[cell] = NONE;
                    if (x + 1 < nx && ia != in(v[row + x + 1])) {
                        if (write) {
                            put(id, ox + sx * (x + fraction(a, v[row + x + 1])), oy + sy * y, oz + sz * layer);
                        }
                        xIds[cell] = (int) id++;
                    }
                    if (y + 1 < ny && ia != in(v[row + nx + x])) {
                        if (write) {
                            put(id, ox + sx * x, oy + sy * (y + fraction(a, v[row + nx + x])), oz + sz * layer);
                        }
                        yIds[cell] = (int) id++;
                    }
                    if (layer + 1 < nz && ia != in(v[row + ny * nx + x])) {
                        id++; // z edge: numbered by numberZEdges, skipped here to keep the order
                    }
                }
            }
            return id;
        }

        /** Numbers the z edges from plane L to L+1 (interleaved with the plane's x/y edges in the order). */
        private void numberZEdges(int layer, int[] zIds) {
            long id = layerBase[layer];
            int plane = layer * ny * nx;
            for (int y = 0; y < ny; y++) {
                int row = plane + y * nx;
                for (int x = 0; x < nx; x++) {
                    float a = v[row + x];
                    boolean ia = in(a);
                    if (x + 1 < nx && ia != in(v[row + x + 1])) {
                        id++;
                    }
                    if (y + 1 < ny && ia != in(v[row + nx + x])) {
                        id++;
                    }
                    zIds[y * nx + x] = NONE;
                    float b = v[row + ny * nx + x];
                    if (ia != in(b)) {
                        put(id, ox + sx * x, oy + sy * y, oz + sz * (layer + fraction(a, b)));
                        zIds[y * nx + x] = (int) id++;
                    }
                }
            }
        }

        /** Where the iso-level lies between two values of opposite sides, as a fraction from the first. */
        private double fraction(float a, float b) {
            return (iso - a) / ((double) b - a);
        }

        private void put(long id, double x, double y, double z) {
            int at = (int) (id * 3);
            vertices[at] = (float) x;
            vertices[at + 1] = (float) y;
            vertices[at + 2] = (float) z;
        }

        private SlabResult fillSlab(int firstLayer, int endLayer) {
            int planeSize = ny * nx;
            int[] xLow = new int[planeSize], yLow = new int[planeSize], zMid = new int[planeSize];
            int[] xHigh = new int[planeSize], yHigh = new int[planeSize];
            Ints triangles = new Ints();
            Floats centres = new Floats();
            numberPlane(firstLayer, xLow, yLow, true);
            int[] edgeIds = new int[12];
            float[] corner = new float[8];
            for (int layer = firstLayer; layer < endLayer; layer++) {
                if (layer + 1 >= nz) {
                    break; // the last plane has no cubes above it; its edges were numbered already
                }
                numberZEdges(layer, zMid);
                numberPlane(layer + 1, xHigh, yHigh, layer + 1 < endLayer);
                marchLayer(layer, xLow, yLow, zMid, xHigh, yHigh, edgeIds, corner, triangles, centres);
                int[] t = xLow;
                xLow = xHigh;
                xHigh = t;
                t = yLow;
                yLow = yHigh;
                yHigh = t;
            }
            return new SlabResult(triangles, centres);
        }

        private void marchLayer(int layer, int[] xLow, int[] yLow, int[] zMid, int[] xHigh, int[] yHigh,
                                int[] edgeIds, float[] c, Ints triangles, Floats centres) {
            int plane = layer * ny * nx, up = ny * nx;
            for (int y = 0; y + 1 < ny; y++) {
                for (int x = 0; x + 1 < nx; x++) {
                    int i = plane + y * nx + x;
                    c[0] = v[i];
                    c[1] = v[i + 1];
                    c[2] = v[i + nx];
                    c[3] = v[i + nx + 1];
                    c[4] = v[i + up];
                    c[5] = v[i + up + 1];
                    c[6] = v[i + up + nx];
                    c[7] = v[i + up + nx + 1];
                    int cubeCase = 0;
                    for (int k = 0; k < 8; k++) {
                        if (in(c[k])) {
                            cubeCase |= 1 << k;
                        }
                    }
                    if (cubeCase == 0 || cubeCase == 255) {
                        continue;
                    }
                    int config = cubeCase | joinedFaces(cubeCase, c) << 8;
                    int cell = y * nx + x;
                    edgeIds[0] = xLow[cell];
                    edgeIds[1] = xLow[cell + nx];
                    edgeIds[2] = xHigh[cell];
                    edgeIds[3] = xHigh[cell + nx];
                    edgeIds[4] = yLow[cell];
                    edgeIds[5] = yLow[cell + 1];
                    edgeIds[6] = yHigh[cell];
                    edgeIds[7] = yHigh[cell + 1];
                    edgeIds[8] = zMid[cell];
                    edgeIds[9] = zMid[cell + 1];
                    edgeIds[10] = zMid[cell + nx];
                    edgeIds[11] = zMid[cell + nx + 1];
                    int firstCentre = -(centres.size() / 3) - 1; // local ids, remapped after all slabs
                    for (int k = CubeTable.CENTRE_START[config]; k < CubeTable.CENTRE_START[config + 1]; k++) {
                        addCentre(CubeTable.CENTRES[k], layer, y, x, c, centres);
                    }
                    for (int k = CubeTable.START[config]; k < CubeTable.START[config + 1]; k++) {
                        int e = CubeTable.TRIANGLES[k];
                        triangles.add(e < CubeTable.CENTRE ? edgeIds[e] : firstCentre - (e - CubeTable.CENTRE));
                    }
                }
            }
        }

        /**
         * Adds the mean of a polygon's crossing points, computed from the cube's own values (the vertices of
         * the plane above may belong to another slab and not be written yet).
         */
        private void addCentre(int edgeMask, int layer, int y, int x, float[] c, Floats centres) {
            double px = 0, py = 0, pz = 0;
            int n = 0;
            for (int e = 0; e < 12; e++) {
                if ((edgeMask & (1 << e)) != 0) {
                    int c0 = CubeTable.EDGE_CORNERS[e][0], axis = e >> 2;
                    double t = fraction(c[c0], c[CubeTable.EDGE_CORNERS[e][1]]);
                    px += x + (c0 & 1) + (axis == 0 ? t : 0);
                    py += y + ((c0 >> 1) & 1) + (axis == 1 ? t : 0);
                    pz += layer + ((c0 >> 2) & 1) + (axis == 2 ? t : 0);
                    n++;
                }
            }
            centres.add((float) (ox + sx * px / n));
            centres.add((float) (oy + sy * py / n));
            centres.add((float) (oz + sz * pz / n));
        }

        /**
         * Resolves each ambiguous face: its inside corners are joined when the product of the two inside
         * values' distances to the iso-level exceeds the outside pair's (the bilinear saddle is inside).
         * Products of floats are exact in double and commutative, so the two cubes sharing the face agree.
         */
        private int joinedFaces(int cubeCase, float[] c) {
            int ambiguous = CubeTable.AMBIGUOUS_FACES[cubeCase];
            int joined = 0;
            while (ambiguous != 0) {
                int f = Integer.numberOfTrailingZeros(ambiguous);
                ambiguous &= ambiguous - 1;
                int[] q = CubeTable.FACE_CORNERS[f];
                double d03 = ((double) c[q[0]] - iso) * ((double) c[q[3]] - iso);
                double d12 = ((double) c[q[1]] - iso) * ((double) c[q[2]] - iso);
                boolean diagonal03Inside = in(c[q[0]]);
                double insideProduct = diagonal03Inside ? d03 : d12, outsideProduct = diagonal03Inside ? d12 : d03;
                if (insideProduct > outsideProduct) {
                    joined |= 1 << f;
                }
            }
            return joined;
        }
    }
}
