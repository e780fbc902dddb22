package io.github.cellinr.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Coarse-to-fine (octree) evaluation of one frame; see {@link EvaluationSettings} for the rule and why it
 * reproduces the brute-force mask.
 *
 * <p>Blocks of stride s have their lower corner at multiples of s; upper corners are clamped to the last voxel,
 * so grids of any size work. A block that cannot be settled is split into its (up to) eight children, whose
 * corners are the 3 x 3 x 3 lattice of half stride; stride-1 blocks are all corners, so refinement ends with
 * every voxel of an unsettled 2-block evaluated. Each voxel is owned by exactly one block per level (half-open
 * ranges, closed at the last voxel), which makes the fill race-free and deterministic.
 */
final class CoarseToFine {
    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;

    private final ParallelSdf sdf;
    private final ParallelSdf.Target target;
    private final int nx;
    private final int ny;
    private final int nz;
    private final double hx;
    private final double hy;
    private final double hz;
    private final int stride0;
    private final double safety;
    private final float[] values;
    private final long[] known;
    private final long[] proven;
    private final List<LongList> settled = new ArrayList<>();
    /** The floor of every region's bound: the caller's starting bound. */
    private final double floor;
    /** Top-level blocks per axis; a region is one top-level block, and every finer block lies in one. */
    private final int rx;
    private final int ry;
    private final int rz;
    /** Per region: the steepest finite-difference slope seen in it. */
    private final double[] regionObserved;
    /** Per region: the slope bound its decisions use (safety x the steepest slope in it and its 26 neighbours). */
    private final double[] regionBound;
    private long evaluated;
    private int passes;

    private CoarseToFine(ParallelSdf sdf, ParallelSdf.Target target, double[] spacing, int stride0, double safety,
                         double lipschitz, float[] values) {
        this.sdf = sdf;
        this.target = target;
        this.nx = target.xs().length;
        this.ny = target.ys().length;
        this.nz = target.zs().length;
        this.hx = spacing[0];
        this.hy = spacing[1];
        this.hz = spacing[2];
        this.stride0 = stride0;
        this.safety = safety;
        this.floor = lipschitz;
        this.values = values;
        this.rx = Math.max(1, blocks(nx, stride0));
        this.ry = Math.max(1, blocks(ny, stride0));
        this.rz = Math.max(1, blocks(nz, stride0));
        this.regionObserved = new double[Math.max(1, rx * ry * rz)];
        this.regionBound = new double[regionObserved.length];
        java.util.Arrays.fill(regionBound, lipschitz);
        this.known = new long[(values.length + 63) >>> 6];
        this.proven = new long[known.length];
    }

    /** What a run found, besides the values. */
    record Outcome(long evaluated, double lipschitzUsed, double lipschitzObserved, int passes, long[] exactBits,
                   double[] measuredBounds) {
        /** Whether voxel {@code v} was evaluated by the network (its value is exact). */
        boolean exact(int v) {
            return (exactBits[v >>> 6] & (1L << v)) != 0;
        }
    }

    /**
     * Fills {@code values} (network output units) for the whole grid.
     *
     * @param spacing   voxel spacing (x, y, z) in normalised units
     * @param lipschitz the slope bound to start from
     */
    static Outcome run(ParallelSdf sdf, ParallelSdf.Target target, double[] spacing, int stride0, double safety,
                       double lipschitz, float[] values) {
        return run(sdf, target, spacing, stride0, safety, lipschitz, null, values);
    }

    /**
     * As above, each region starting from {@code startBounds} (at least {@code lipschitz}) when not null: the
     * {@link Outcome#measuredBounds} of the previous frame on the same grid, which saves the passes that would
     * raise the bounds to about the same values again.
     */
    static Outcome run(ParallelSdf sdf, ParallelSdf.Target target, double[] spacing, int stride0, double safety,
                       double lipschitz, double[] startBounds, float[] values) {
        CoarseToFine c = new CoarseToFine(sdf, target, spacing, stride0, safety, lipschitz, values);
        if (startBounds != null && startBounds.length == c.regionBound.length) {
            for (int r = 0; r < startBounds.length; r++) {
                c.regionBound[r] = Math.max(lipschitz, startBounds[r]);
            }
        }
        c.evaluateTopLattice();
        while (true) {
            c.passes++;
            c.decide();
            if (c.raiseBound()) {
                continue; // a steeper slope than assumed: redo the decisions (evaluated values are kept)
            }
            c.fill();
            c.completeSurfaceCubes();
            if (!c.raiseBound()) {
                break;
            }
        }
        double used = 0;
        double observed = 0;
        for (int r = 0; r < c.regionBound.length; r++) {
            used = Math.max(used, c.regionBound[r]);
            observed = Math.max(observed, c.regionObserved[r]);
        }
        double[] measured = new double[c.regionBound.length];
        for (int r = 0; r < measured.length; r++) {
            measured[r] = c.needed(r);
        }
        return new Outcome(c.evaluated, used, observed, c.passes, c.known, measured);
    }

    /**
     * Raises each region's bound to safety times the steepest slope seen in it or in one of its 26 neighbours
     * (never below the floor); true when a bound changed. The neighbours take part because a slope measured
     * near a region's border says what the field does just across it.
     */
    private boolean raiseBound() {
        boolean raised = false;
        for (int r = 0; r < regionBound.length; r++) {
            double needed = needed(r);
            if (needed > regionBound[r]) {
                regionBound[r] = needed;
                raised = true;
            }
        }
        return raised;
    }

    /** What region r's bound must be after what was measured: safety x the steepest slope around it, >= floor. */
    private double needed(int r) {
        int x = r % rx;
        int y = (r / rx) % ry;
        int z = r / (rx * ry);
        double steepest = 0;
        for (int dz = Math.max(0, z - 1); dz <= Math.min(rz - 1, z + 1); dz++) {
            for (int dy = Math.max(0, y - 1); dy <= Math.min(ry - 1, y + 1); dy++) {
                for (int dx = Math.max(0, x - 1); dx <= Math.min(rx - 1, x + 1); dx++) {
                    steepest = Math.max(steepest, regionObserved[(dz * ry + dy) * rx + dx]);
                }
            }
        }
        return Math.max(floor, safety * steepest);
    }

    /** The region (top-level block) that contains voxel (z, y, x). */
    private int region(int z, int y, int x) {
        int bz = Math.min(z / stride0, rz - 1);
        int by = Math.min(y / stride0, ry - 1);
        int bx = Math.min(x / stride0, rx - 1);
        return (bz * ry + by) * rx + bx;
    }

    private void observe(int z, int y, int x, double slope) {
        int r = region(z, y, x);
        if (slope > regionObserved[r]) {
            regionObserved[r] = slope;
        }
    }

    private boolean isKnown(int v) {
        return (known[v >>> 6] & (1L << v)) != 0;
    }

    private boolean isDecided(int v) {
        return ((known[v >>> 6] | proven[v >>> 6]) & (1L << v)) != 0;
    }

    private boolean markKnown(int v) {
        long bit = 1L << v;
        int w = v >>> 6;
        if ((known[w] & bit) != 0) {
            return false;
        }
        known[w] |= bit;
        return true;
    }

    private int index(int z, int y, int x) {
        return (z * ny + y) * nx + x;
    }

    private static long key(int bz, int by, int bx) {
        return ((long) bz << (2 * BITS)) | ((long) by << BITS) | bx;
    }

    /** The voxel corners of a block of stride s: low corner (z0, y0, x0), high corner clamped to the grid. */
    private record Block(int z0, int y0, int x0, int z1, int y1, int x1) {
    }

    /** The block of stride {@code s} whose {@link #key} is {@code k}. */
    private Block block(long k, int s) {
        int z0 = (int) (k >>> (2 * BITS)) * s;
        int y0 = (int) ((k >>> BITS) & MASK) * s;
        int x0 = (int) (k & MASK) * s;
        return new Block(z0, y0, x0, Math.min(z0 + s, nz - 1), Math.min(y0 + s, ny - 1), Math.min(x0 + s, nx - 1));
    }

    private static int blocks(int n, int stride) {
        return (n - 1 + stride - 1) / stride;
    }

    private void evaluateTopLattice() {
        IntList points = new IntList(1024);
        for (int z = 0; z <= blocks(nz, stride0); z++) {
            int vz = Math.min(z * stride0, nz - 1);
            for (int y = 0; y <= blocks(ny, stride0); y++) {
                int vy = Math.min(y * stride0, ny - 1);
                for (int x = 0; x <= blocks(nx, stride0); x++) {
                    int v = index(vz, vy, Math.min(x * stride0, nx - 1));
                    if (markKnown(v)) {
                        points.add(v);
                    }
                }
            }
        }
        evaluate(points);
    }

    private void evaluate(IntList points) {
        sdf.evaluate(target, points.array(), points.size(), values);
        evaluated += points.size();
    }

    /** One decision pass over all levels with the current bound. */
    private void decide() {
        settled.clear();
        java.util.Arrays.fill(proven, 0L);
        LongList active = new LongList(1024);
        for (int bz = 0; bz < blocks(nz, stride0); bz++) {
            for (int by = 0; by < blocks(ny, stride0); by++) {
                for (int bx = 0; bx < blocks(nx, stride0); bx++) {
                    active.add(key(bz, by, bx));
                }
            }
        }
        IntList fresh = new IntList(1024);
        LongList refined = new LongList(1024);
        for (int s = stride0; s > 1; s /= 2) {
            LongList next = new LongList(active.size() * 2);
            LongList done = new LongList(active.size());
            fresh.clear();
            refined.clear();
            int h = s / 2;
            for (int i = 0; i < active.size(); i++) {
                long k = active.get(i);
                Block b = block(k, s);
                if (isSettled(b)) {
                    done.add(k);
                    continue;
                }
                refined.add(k);
                if (s == 2) {
                    // last level: the lattice points are voxels and leaves; prove each one's sign or evaluate it
                    decideVoxels(b, fresh);
                    continue;
                }
                for (int dz = 0; dz <= 2; dz++) {
                    int z = Math.min(b.z0() + dz * h, b.z1());
                    for (int dy = 0; dy <= 2; dy++) {
                        int y = Math.min(b.y0() + dy * h, b.y1());
                        for (int dx = 0; dx <= 2; dx++) {
                            int v = index(z, y, Math.min(b.x0() + dx * h, b.x1()));
                            if (markKnown(v)) {
                                fresh.add(v);
                            }
                        }
                    }
                }
                for (int cz = 0; cz < 2; cz++) {
                    if (b.z0() + cz * h >= b.z1()) {
                        continue;
                    }
                    for (int cy = 0; cy < 2; cy++) {
                        if (b.y0() + cy * h >= b.y1()) {
                            continue;
                        }
                        for (int cx = 0; cx < 2; cx++) {
                            if (b.x0() + cx * h >= b.x1()) {
                                continue;
                            }
                            next.add(key(b.z0() / h + cz, b.y0() / h + cy, b.x0() / h + cx));
                        }
                    }
                }
            }
            evaluate(fresh);
            observeSlopes(refined, s);
            settled.add(done);
            active = next;
        }
    }

    /**
     * The voxels of an unsettled 2-block: a voxel whose sign a corner proves ({@code |f(c)| > L |p - c|}) is
     * given a value of that sign (the trilinear interpolant when it agrees, else the proven bound); the others
     * are queued for evaluation.
     */
    private void decideVoxels(Block b, IntList fresh) {
        int[] cz = {b.z0(), b.z1()};
        int[] cy = {b.y0(), b.y1()};
        int[] cx = {b.x0(), b.x1()};
        float[] corner = new float[8];
        for (int c = 0; c < 8; c++) {
            corner[c] = values[index(cz[c >> 2], cy[(c >> 1) & 1], cx[c & 1])];
        }
        double lipschitz = regionBound[region(b.z0(), b.y0(), b.x0())];
        for (int z = b.z0(); z <= b.z1(); z++) {
            for (int y = b.y0(); y <= b.y1(); y++) {
                for (int x = b.x0(); x <= b.x1(); x++) {
                    int v = index(z, y, x);
                    if (isDecided(v)) {
                        continue;
                    }
                    double bestOutside = 0;
                    double bestInside = 0;
                    for (int c = 0; c < 8; c++) {
                        double dx = (x - cx[c & 1]) * hx;
                        double dy = (y - cy[(c >> 1) & 1]) * hy;
                        double dz = (z - cz[c >> 2]) * hz;
                        double slack = lipschitz * Math.sqrt(dx * dx + dy * dy + dz * dz);
                        float f = corner[c];
                        if (f > 0) {
                            bestOutside = Math.max(bestOutside, f - slack);
                        } else {
                            bestInside = Math.max(bestInside, -f - slack);
                        }
                    }
                    if (bestOutside > 0 && bestInside <= 0) {
                        markProven(v, trilinearOr(corner, b, z, y, x, (float) bestOutside));
                    } else if (bestInside > 0 && bestOutside <= 0) {
                        markProven(v, trilinearOr(corner, b, z, y, x, (float) -bestInside));
                    } else {
                        markKnown(v);
                        fresh.add(v);
                    }
                }
            }
        }
    }

    private void markProven(int v, float value) {
        proven[v >>> 6] |= 1L << v;
        values[v] = value;
    }

    /** The trilinear interpolant of the block's corners at (z, y, x) if it has the sign of {@code bound}, else bound. */
    private static float trilinearOr(float[] c, Block b, int z, int y, int x, float bound) {
        double w = b.z1() > b.z0() ? (double) (z - b.z0()) / (b.z1() - b.z0()) : 0;
        double v = b.y1() > b.y0() ? (double) (y - b.y0()) / (b.y1() - b.y0()) : 0;
        double u = b.x1() > b.x0() ? (double) (x - b.x0()) / (b.x1() - b.x0()) : 0;
        double a0 = (c[0] * (1 - u) + c[1] * u) * (1 - v) + (c[2] * (1 - u) + c[3] * u) * v;
        double a1 = (c[4] * (1 - u) + c[5] * u) * (1 - v) + (c[6] * (1 - u) + c[7] * u) * v;
        float t = (float) (a0 * (1 - w) + a1 * w);
        return (t > 0) == (bound > 0) && t != 0 ? t : bound;
    }

    private boolean isSettled(Block b) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        int[] zs = {b.z0(), b.z1()};
        int[] ys = {b.y0(), b.y1()};
        int[] xs = {b.x0(), b.x1()};
        for (int z : zs) {
            for (int y : ys) {
                for (int x : xs) {
                    float f = values[index(z, y, x)];
                    min = Math.min(min, f);
                    max = Math.max(max, f);
                }
            }
        }
        double ex = (b.x1() - b.x0()) * hx;
        double ey = (b.y1() - b.y0()) * hy;
        double ez = (b.z1() - b.z0()) * hz;
        // every voxel of the block lies within half a diagonal of some corner
        double lipschitz = regionBound[region(b.z0(), b.y0(), b.x0())];
        double bound = lipschitz * 0.5 * Math.sqrt(ex * ex + ey * ey + ez * ez);
        // inside is f <= 0 (the paper counts SDF <= 0 as the cell)
        return (min > 0 && min > bound) || (max <= 0 && -max > bound);
    }

    /** Largest finite-difference gradient between evaluated lattice points of the blocks just refined. */
    private void observeSlopes(LongList refined, int s) {
        int h = s / 2;
        for (int i = 0; i < refined.size(); i++) {
            long k = refined.get(i);
            Block b = block(k, s);
            for (int dz = 0; dz < 2; dz++) {
                int za = Math.min(b.z0() + dz * h, b.z1());
                int zb = Math.min(za + h, b.z1());
                for (int dy = 0; dy < 2; dy++) {
                    int ya = Math.min(b.y0() + dy * h, b.y1());
                    int yb = Math.min(ya + h, b.y1());
                    for (int dx = 0; dx < 2; dx++) {
                        int xa = Math.min(b.x0() + dx * h, b.x1());
                        int xb = Math.min(xa + h, b.x1());
                        int a = index(za, ya, xa);
                        if (!isKnown(a)) {
                            continue;
                        }
                        float f = values[a];
                        double gx = slope(f, index(za, ya, xb), xb - xa, hx);
                        double gy = slope(f, index(za, yb, xa), yb - ya, hy);
                        double gz = slope(f, index(zb, ya, xa), zb - za, hz);
                        observe(za, ya, xa, Math.sqrt(gx * gx + gy * gy + gz * gz));
                    }
                }
            }
        }
    }

    private double slope(float f, int other, int steps, double spacing) {
        return steps > 0 && isKnown(other) ? (values[other] - f) / (steps * spacing) : 0;
    }

    /**
     * Evaluates every not yet evaluated corner of the grid cubes that the surface crosses, so that a mesh
     * extracted from the field equals the brute-force mesh. The signs are already right (proven), so the set
     * of crossed cubes does not change and one sweep suffices.
     */
    private void completeSurfaceCubes() {
        int words = (nx + 63) >>> 6;
        long[] inside = new long[nz * ny * words];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = index(z, y, 0);
                int base = (z * ny + y) * words;
                for (int x = 0; x < nx; x++) {
                    if (values[row + x] <= 0) {
                        inside[base + (x >>> 6)] |= 1L << x;
                    }
                }
            }
        }
        IntList fresh = new IntList(1024);
        IntList cubes = new IntList(1024);
        long[] all = new long[words];
        long[] any = new long[words];
        for (int z = 0; z + 1 < nz; z++) {
            for (int y = 0; y + 1 < ny; y++) {
                int r00 = (z * ny + y) * words;
                int r01 = r00 + words;
                int r10 = ((z + 1) * ny + y) * words;
                int r11 = r10 + words;
                for (int w = 0; w < words; w++) {
                    all[w] = inside[r00 + w] & inside[r01 + w] & inside[r10 + w] & inside[r11 + w];
                    any[w] = inside[r00 + w] | inside[r01 + w] | inside[r10 + w] | inside[r11 + w];
                }
                for (int w = 0; w < words; w++) {
                    long nextAll = w + 1 < words ? all[w + 1] : 0;
                    long nextAny = w + 1 < words ? any[w + 1] : 0;
                    // cube x spans columns x and x + 1
                    long cubeAll = all[w] & ((all[w] >>> 1) | (nextAll << 63));
                    long cubeAny = any[w] | (any[w] >>> 1) | (nextAny << 63);
                    long mixed = cubeAny & ~cubeAll;
                    while (mixed != 0) {
                        int x = (w << 6) + Long.numberOfTrailingZeros(mixed);
                        mixed &= mixed - 1;
                        if (x + 1 >= nx) {
                            continue;
                        }
                        for (int c = 0; c < 8; c++) {
                            int v = index(z + (c >> 2), y + ((c >> 1) & 1), x + (c & 1));
                            if (markKnown(v)) {
                                fresh.add(v);
                            }
                        }
                        cubes.add(index(z, y, x));
                    }
                }
            }
        }
        evaluate(fresh);
        // the surface is where a trained SDF is steepest: measure the slope on every crossed cube
        for (int i = 0; i < cubes.size(); i++) {
            int a = cubes.get(i);
            float f = values[a];
            double gx = (values[a + 1] - f) / hx;
            double gy = (values[a + nx] - f) / hy;
            double gz = (values[a + nx * ny] - f) / hz;
            int x = a % nx;
            int y = (a / nx) % ny;
            int z = a / (nx * ny);
            observe(z, y, x, Math.sqrt(gx * gx + gy * gy + gz * gz));
        }
    }

    /** Trilinear fill of every settled block's own voxels that were not evaluated, coarse levels first. */
    private void fill() {
        int s = stride0;
        for (LongList level : settled) {
            int stride = s;
            List<Callable<Void>> tasks = new ArrayList<>();
            int per = 256;
            for (int from = 0; from < level.size(); from += per) {
                int f = from;
                int to = Math.min(level.size(), from + per);
                tasks.add(() -> {
                    for (int i = f; i < to; i++) {
                        fillBlock(level.get(i), stride);
                    }
                    return null;
                });
            }
            sdf.invokeAll(tasks);
            s /= 2;
        }
    }

    private void fillBlock(long k, int s) {
        Block b = block(k, s);
        float c000 = values[index(b.z0(), b.y0(), b.x0())];
        float c001 = values[index(b.z0(), b.y0(), b.x1())];
        float c010 = values[index(b.z0(), b.y1(), b.x0())];
        float c011 = values[index(b.z0(), b.y1(), b.x1())];
        float c100 = values[index(b.z1(), b.y0(), b.x0())];
        float c101 = values[index(b.z1(), b.y0(), b.x1())];
        float c110 = values[index(b.z1(), b.y1(), b.x0())];
        float c111 = values[index(b.z1(), b.y1(), b.x1())];
        int zEnd = b.z1() == nz - 1 ? b.z1() : b.z1() - 1;
        int yEnd = b.y1() == ny - 1 ? b.y1() : b.y1() - 1;
        int xEnd = b.x1() == nx - 1 ? b.x1() : b.x1() - 1;
        double iz = 1.0 / (b.z1() - b.z0());
        double iy = 1.0 / (b.y1() - b.y0());
        double ix = 1.0 / (b.x1() - b.x0());
        for (int z = b.z0(); z <= zEnd; z++) {
            double w = (z - b.z0()) * iz;
            for (int y = b.y0(); y <= yEnd; y++) {
                double v = (y - b.y0()) * iy;
                double a0 = (c000 * (1 - v) + c010 * v) * (1 - w) + (c100 * (1 - v) + c110 * v) * w;
                double a1 = (c001 * (1 - v) + c011 * v) * (1 - w) + (c101 * (1 - v) + c111 * v) * w;
                int row = index(z, y, 0);
                for (int x = b.x0(); x <= xEnd; x++) {
                    int idx = row + x;
                    if (!isDecided(idx)) {
                        double u = (x - b.x0()) * ix;
                        values[idx] = (float) (a0 * (1 - u) + a1 * u);
                    }
                }
            }
        }
    }
}
