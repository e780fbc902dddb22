package io.github.cellinr.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The triangulation of one grid cube for every sign pattern and every resolution of its ambiguous faces,
 * derived at class load from two rules instead of a hand-typed table (where a single typo breaks
 * watertightness silently):
 *
 * <ol>
 *   <li>On each face the iso-line is a set of segments between the crossed edges. A face with four
 *       crossings (inside and outside corners on its diagonals) is ambiguous; the caller resolves it from the
 *       face's four values alone (asymptotic decider), so both cubes that share the face draw the same
 *       segments and the surface has no cracks.</li>
 *   <li>Each segment is directed so that, seen from outside the cube, the inside (negative) region is on its
 *       right. The segments then chain into closed cycles (each crossed edge lies on exactly two faces) whose
 *       direction is counter-clockwise seen from the positive side, and each cycle is triangulated as a disk
 *       without diagonals that lie in a cube face (such a diagonal could also be drawn by the neighbouring
 *       cube, giving an edge of four triangles).</li>
 * </ol>
 *
 * <p>Corner {@code c} of a cube is at offset (c&1, (c>>1)&1, (c>>2)&1) in (x, y, z). Edge {@code 4a + k}
 * runs along axis {@code a} (0 = x, 1 = y, 2 = z) from corner {@link #EDGE_CORNERS}{@code [e][0]}. Face
 * {@code 2a + s} is the face perpendicular to axis {@code a} at offset {@code s}. A configuration is
 * {@code case | faceBits << 8}: bit {@code c} of the case is set when corner {@code c} is inside (value below
 * the iso-level); bit {@code f} of faceBits is set when ambiguous face {@code f} joins its inside corners.
 */
final class CubeTable {

    /** The two corners of each edge, lower corner first. */
    static final int[][] EDGE_CORNERS = new int[12][];
    /** Bit mask of the two faces each edge lies on. */
    static final int[] EDGE_FACES = new int[12];
    /** The four corners of each face: base, base+u, base+v, base+u+v (diagonals: 0-3 and 1-2). */
    static final int[][] FACE_CORNERS = new int[6][];
    /** Faces that are ambiguous for each case (bit f). */
    static final int[] AMBIGUOUS_FACES = new int[256];

    /**
     * Triangles of configuration k: {@code TRIANGLES[START[k] .. START[k+1])}, three per triangle, each an
     * edge index (0..11: the iso-crossing on that edge) or {@code 12 + p}: the centre vertex of the p-th
     * polygon listed in {@code CENTRES[CENTRE_START[k] .. CENTRE_START[k+1])} as a bit mask of its edges.
     */
    static final byte[] TRIANGLES;
    static final int[] START;
    static final short[] CENTRES;
    static final int[] CENTRE_START;
    /** First index of a centre vertex in {@link #TRIANGLES}. */
    static final int CENTRE = 12;

    private static final int CONFIGURATIONS = 256 * 64;

    static {
        int e = 0;
        for (int axis = 0; axis < 3; axis++) {
            for (int c = 0; c < 8; c++) {
                if ((c & (1 << axis)) == 0) {
                    EDGE_CORNERS[e++] = new int[] {c, c | (1 << axis)};
                }
            }
        }
        for (int f = 0; f < 6; f++) {
            int axis = f >> 1, side = f & 1;
            int u = 1 << ((axis + 1) % 3), v = 1 << ((axis + 2) % 3);
            int base = side << axis;
            int[] corners = {base, base | u, base | v, base | u | v};
            Arrays.sort(corners, 1, 3);
            FACE_CORNERS[f] = corners;
        }
        for (int edge = 0; edge < 12; edge++) {
            for (int f = 0; f < 6; f++) {
                if (onFace(EDGE_CORNERS[edge][0], f) && onFace(EDGE_CORNERS[edge][1], f)) {
                    EDGE_FACES[edge] |= 1 << f;
                }
            }
        }
        for (int cs = 0; cs < 256; cs++) {
            for (int f = 0; f < 6; f++) {
                int[] q = FACE_CORNERS[f];
                boolean i0 = inside(cs, q[0]), i1 = inside(cs, q[1]), i2 = inside(cs, q[2]), i3 = inside(cs, q[3]);
                if (i0 == i3 && i1 == i2 && i0 != i1) {
                    AMBIGUOUS_FACES[cs] |= 1 << f;
                }
            }
        }
        byte[] all = new byte[CONFIGURATIONS * 36];
        short[] centres = new short[CONFIGURATIONS * 4];
        START = new int[CONFIGURATIONS + 1];
        CENTRE_START = new int[CONFIGURATIONS + 1];
        int n = 0, m = 0;
        for (int k = 0; k < CONFIGURATIONS; k++) {
            START[k] = n;
            CENTRE_START[k] = m;
            int cs = k & 255, faces = k >>> 8;
            if ((faces & ~AMBIGUOUS_FACES[cs]) == 0) { // other bit patterns are never looked up
                Cube cube = triangulate(cs, faces);
                for (int vertex : cube.triangles()) {
                    all[n++] = (byte) vertex;
                }
                for (int mask : cube.centres()) {
                    centres[m++] = (short) mask;
                }
            }
        }
        START[CONFIGURATIONS] = n;
        CENTRE_START[CONFIGURATIONS] = m;
        TRIANGLES = Arrays.copyOf(all, n);
        CENTRES = Arrays.copyOf(centres, m);
    }

    private CubeTable() {
    }

    static boolean inside(int cubeCase, int corner) {
        return (cubeCase & (1 << corner)) != 0;
    }

    private static boolean onFace(int corner, int face) {
        return ((corner >> (face >> 1)) & 1) == (face & 1);
    }

    private static double[] cornerPoint(int c) {
        return new double[] {c & 1, (c >> 1) & 1, (c >> 2) & 1};
    }

    private static double[] midpoint(int edge) {
        double[] a = cornerPoint(EDGE_CORNERS[edge][0]), b = cornerPoint(EDGE_CORNERS[edge][1]);
        return new double[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2};
    }

    private static boolean crossed(int cubeCase, int edge) {
        return inside(cubeCase, EDGE_CORNERS[edge][0]) != inside(cubeCase, EDGE_CORNERS[edge][1]);
    }

    private static int sharedCorner(int e1, int e2) {
        for (int a : EDGE_CORNERS[e1]) {
            for (int b : EDGE_CORNERS[e2]) {
                if (a == b) {
                    return a;
                }
            }
        }
        return -1;
    }

    /** One configuration: triangles (edge indices, {@code CENTRE + p} for centre p) and centre edge masks. */
    record Cube(int[] triangles, int[] centres) {
    }

    /** Triangles of one configuration, counter-clockwise seen from outside. */
    static Cube triangulate(int cubeCase, int joinedFaces) {
        int[] next = new int[12];
        Arrays.fill(next, -1);
        for (int f = 0; f < 6; f++) {
            for (int[] segment : faceSegments(cubeCase, f, (joinedFaces & (1 << f)) != 0)) {
                int from = segment[0], to = segment[1];
                if (next[from] != -1) {
                    throw new IllegalStateException("edge " + from + " leaves twice in case " + cubeCase);
                }
                next[from] = to;
            }
        }
        List<Integer> triangles = new ArrayList<>();
        List<Integer> centres = new ArrayList<>();
        boolean[] done = new boolean[12];
        for (int start = 0; start < 12; start++) {
            if (!crossed(cubeCase, start) || done[start]) {
                continue;
            }
            List<Integer> cycle = new ArrayList<>();
            for (int edge = start; !done[edge]; edge = next[edge]) {
                if (next[edge] == -1) {
                    throw new IllegalStateException("open iso-line at edge " + edge + " in case " + cubeCase);
                }
                done[edge] = true;
                cycle.add(edge);
            }
            int[] polygon = cycle.stream().mapToInt(Integer::intValue).toArray();
            if (!triangulatePolygon(polygon, 0, polygon.length - 1, triangles)) {
                // Every diagonal choice would put an edge in a face (some ambiguous 8-cycles): fan the
                // polygon around a vertex of its own, which no other cube can share.
                int mask = 0;
                for (int edge : polygon) {
                    mask |= 1 << edge;
                }
                int centre = CENTRE + centres.size();
                centres.add(mask);
                for (int i = 0; i < polygon.length; i++) {
                    triangles.add(polygon[i]);
                    triangles.add(polygon[(i + 1) % polygon.length]);
                    triangles.add(centre);
                }
            }
        }
        return new Cube(triangles.stream().mapToInt(Integer::intValue).toArray(),
                centres.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The directed iso-segments of one face: inside corners on the right seen from outside the cube. */
    private static List<int[]> faceSegments(int cubeCase, int face, boolean joinInside) {
        List<Integer> crossedEdges = new ArrayList<>();
        for (int edge = 0; edge < 12; edge++) {
            if ((EDGE_FACES[edge] & (1 << face)) != 0 && crossed(cubeCase, edge)) {
                crossedEdges.add(edge);
            }
        }
        List<int[]> pairs = new ArrayList<>();
        if (crossedEdges.size() == 2) {
            pairs.add(new int[] {crossedEdges.get(0), crossedEdges.get(1)});
        } else if (crossedEdges.size() == 4) {
            // Each segment cuts off one corner: the outside corners when the inside ones are joined.
            for (int corner : FACE_CORNERS[face]) {
                if (inside(cubeCase, corner) != joinInside) {
                    int[] around = crossedEdges.stream().filter(edge -> EDGE_CORNERS[edge][0] == corner
                            || EDGE_CORNERS[edge][1] == corner).mapToInt(Integer::intValue).toArray();
                    pairs.add(around);
                }
            }
        } else if (!crossedEdges.isEmpty()) {
            throw new IllegalStateException("odd number of crossings on face " + face);
        }
        List<int[]> directed = new ArrayList<>();
        for (int[] p : pairs) {
            directed.add(direct(cubeCase, face, p[0], p[1]));
        }
        return directed;
    }

    private static int[] direct(int cubeCase, int face, int e1, int e2) {
        int reference = sharedCorner(e1, e2);
        if (reference < 0) {
            reference = FACE_CORNERS[face][0]; // segment between opposite edges: any corner is off it
        }
        double[] p = midpoint(e1), q = midpoint(e2), r = cornerPoint(reference);
        double[] d = {q[0] - p[0], q[1] - p[1], q[2] - p[2]};
        double[] w = {r[0] - p[0], r[1] - p[1], r[2] - p[2]};
        int axis = face >> 1;
        double normal = (face & 1) == 0 ? -1 : 1;
        double[] cross = {d[1] * w[2] - d[2] * w[1], d[2] * w[0] - d[0] * w[2], d[0] * w[1] - d[1] * w[0]};
        double turn = normal * cross[axis];
        // Inside on the right seen from outside means a clockwise turn from the segment to an inside point.
        boolean forward = inside(cubeCase, reference) ? turn < 0 : turn > 0;
        return forward ? new int[] {e1, e2} : new int[] {e2, e1};
    }

    private static boolean diagonalAllowed(int[] polygon, int i, int j) {
        if (j == i + 1 || (i == 0 && j == polygon.length - 1)) {
            return true; // a side of the polygon, shared with the neighbour cube by construction
        }
        return (EDGE_FACES[polygon[i]] & EDGE_FACES[polygon[j]]) == 0;
    }

    /** Triangulates the sub-polygon i..j (side i-j given), keeping the cycle's orientation. */
    private static boolean triangulatePolygon(int[] polygon, int i, int j, List<Integer> out) {
        if (j - i < 2) {
            return true;
        }
        for (int m = i + 1; m < j; m++) {
            if (diagonalAllowed(polygon, i, m) && diagonalAllowed(polygon, m, j)) {
                int mark = out.size();
                out.add(polygon[i]);
                out.add(polygon[m]);
                out.add(polygon[j]);
                if (triangulatePolygon(polygon, i, m, out) && triangulatePolygon(polygon, m, j, out)) {
                    return true;
                }
                out.subList(mark, out.size()).clear();
            }
        }
        return false;
    }
}
