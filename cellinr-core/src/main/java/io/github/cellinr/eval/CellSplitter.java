package io.github.cellinr.eval;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Splits the frames of one sequence into cells, each its own time series (paper section 5, "Evaluation
 * parameters": after a division each daughter is evaluated separately, from the division on).
 *
 * <p>With a lineage (CTC {@code L B E P}) every track is a cell: the mother until the division, each daughter
 * (its own label) after it. Without one, every label is followed by its connected components (26-connected):
 * components of at least {@code minPieceFraction} of the label's voxels are pieces (smaller ones join the
 * nearest piece), each piece continues the previous frame's cell it overlaps most (or the nearest one), and
 * when two pieces continue the same cell that cell has divided: it ends and each piece starts a daughter
 * ({@code 7} divides into {@code 7.1} and {@code 7.2}). Feed frames in order with {@link #next}.
 */
final class CellSplitter {

    /** One cell at one time point. */
    record Observation(String cell, String parent, ShapeDescriptors descriptors) {
    }

    private final Lineage lineage;
    private final double minPieceFraction;
    /** Without lineage: per label, the cells seen in the previous frame. */
    private final Map<Integer, List<Tracked>> active = new HashMap<>();
    private final Map<Integer, Integer> newRoots = new HashMap<>();
    private Dimensions lastDimensions;

    private record Tracked(String id, int[] voxels, double[] centroid) {
    }

    CellSplitter(Optional<Lineage> lineage, double minPieceFraction) {
        this.lineage = lineage.filter(l -> !l.isEmpty()).orElse(null);
        this.minPieceFraction = minPieceFraction;
    }

    boolean usesLineage() {
        return lineage != null;
    }

    /** The cells of the next frame, ordered by label then cell id. */
    List<Observation> next(LabelVolume frame) {
        Dimensions d = frame.dimensions();
        if (!d.equals(lastDimensions)) {
            active.clear(); // a different grid: overlaps mean nothing across it
            lastDimensions = d;
        }
        Map<Integer, int[]> boxes = boundingBoxes(frame);
        List<Observation> out = new ArrayList<>();
        for (Map.Entry<Integer, int[]> e : boxes.entrySet()) {
            int label = e.getKey();
            int[] box = e.getValue();
            if (lineage != null) {
                Optional<Track> track = lineage.track(label);
                String parent = track.filter(Track::hasParent).map(t -> Integer.toString(t.parent())).orElse("");
                out.add(new Observation(Integer.toString(label), parent, describe(frame, label, box, null)));
            } else {
                out.addAll(splitLabel(frame, label, box));
            }
        }
        if (lineage == null) {
            active.keySet().retainAll(boxes.keySet());
        }
        return out;
    }

    /** Per label: {zmin, ymin, xmin, zmax, ymax, xmax, count}. */
    static Map<Integer, int[]> boundingBoxes(LabelVolume frame) {
        Map<Integer, int[]> boxes = new TreeMap<>();
        Dimensions d = frame.dimensions();
        int[] labels = frame.labels();
        int i = 0;
        int[] last = null;
        int lastLabel = 0;
        for (int z = 0; z < d.depth(); z++) {
            for (int y = 0; y < d.height(); y++) {
                for (int x = 0; x < d.width(); x++, i++) {
                    int l = labels[i];
                    if (l == 0) {
                        continue;
                    }
                    int[] b = l == lastLabel ? last : boxes.computeIfAbsent(l,
                            k -> new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1, 0});
                    b[0] = Math.min(b[0], z);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.min(b[2], x);
                    b[3] = Math.max(b[3], z);
                    b[4] = Math.max(b[4], y);
                    b[5] = Math.max(b[5], x);
                    b[6]++;
                    last = b;
                    lastLabel = l;
                }
            }
        }
        return boxes;
    }

    /**
     * Descriptors of the voxels of {@code label} inside {@code box} (all of them when {@code piece} is null,
     * else those whose global index is in the sorted array {@code piece}).
     */
    private static ShapeDescriptors describe(LabelVolume frame, int label, int[] box, int[] piece) {
        Dimensions d = frame.dimensions();
        Dimensions cropDims = new Dimensions(box[3] - box[0] + 1, box[4] - box[1] + 1, box[5] - box[2] + 1);
        LabelVolume crop = LabelVolume.empty(cropDims, frame.voxelSize());
        int[] src = frame.labels(), dst = crop.labels();
        if (piece == null) {
            for (int z = box[0]; z <= box[3]; z++) {
                for (int y = box[1]; y <= box[4]; y++) {
                    int s = d.index(z, y, 0), t = cropDims.index(z - box[0], y - box[1], 0) - box[2];
                    for (int x = box[2]; x <= box[5]; x++) {
                        if (src[s + x] == label) {
                            dst[t + x] = 1;
                        }
                    }
                }
            }
        } else {
            int plane = d.height() * d.width();
            for (int g : piece) {
                int z = g / plane, y = (g % plane) / d.width(), x = g % d.width();
                dst[cropDims.index(z - box[0], y - box[1], x - box[2])] = 1;
            }
        }
        return ShapeDescriptors.ofLabel(crop, 1);
    }

    private List<Observation> splitLabel(LabelVolume frame, int label, int[] box) {
        List<int[]> pieces = pieces(frame, label, box);
        Dimensions d = frame.dimensions();
        List<Tracked> previous = active.getOrDefault(label, List.of());
        // Each piece continues the previous cell it overlaps most, else the nearest one.
        int[] continues = new int[pieces.size()];
        double[][] centroids = new double[pieces.size()][];
        for (int p = 0; p < pieces.size(); p++) {
            centroids[p] = centroid(pieces.get(p), d);
            continues[p] = -1;
            long bestOverlap = 0;
            for (int c = 0; c < previous.size(); c++) {
                long overlap = overlap(pieces.get(p), previous.get(c).voxels());
                if (overlap > bestOverlap) {
                    bestOverlap = overlap;
                    continues[p] = c;
                }
            }
            if (continues[p] < 0) {
                double best = Double.POSITIVE_INFINITY;
                for (int c = 0; c < previous.size(); c++) {
                    double dist = distance(centroids[p], previous.get(c).centroid());
                    if (dist < best) {
                        best = dist;
                        continues[p] = c;
                    }
                }
            }
        }
        int[] successors = new int[previous.size()];
        for (int c : continues) {
            if (c >= 0) {
                successors[c]++;
            }
        }
        int[] daughterNumber = new int[previous.size()];
        List<Tracked> now = new ArrayList<>();
        List<Observation> out = new ArrayList<>();
        for (int p = 0; p < pieces.size(); p++) {
            int c = continues[p];
            String id, parent;
            if (c < 0) {
                int k = newRoots.merge(label, 1, Integer::sum);
                id = k == 1 ? Integer.toString(label) : label + "+" + (k - 1);
                parent = "";
            } else if (successors[c] == 1) {
                id = previous.get(c).id();
                parent = "";
            } else {
                parent = previous.get(c).id();
                id = parent + "." + (++daughterNumber[c]);
            }
            now.add(new Tracked(id, pieces.get(p), centroids[p]));
            int[] pieceBox = pieceBox(pieces.get(p), d);
            out.add(new Observation(id, parent, describe(frame, label, pieceBox, pieces.get(p))));
        }
        active.put(label, now);
        // Keep daughters' parents recorded in their first frame only; later frames continue the daughter.
        out.sort(Comparator.comparing(Observation::cell));
        return out;
    }

    /**
     * The label's 26-connected components as sorted global voxel indices, largest first; components below
     * {@code minPieceFraction} of the voxels join the piece with the nearest centroid.
     */
    private List<int[]> pieces(LabelVolume frame, int label, int[] box) {
        Dimensions d = frame.dimensions();
        int bz = box[3] - box[0] + 1, by = box[4] - box[1] + 1, bx = box[5] - box[2] + 1;
        int[] component = new int[bz * by * bx];
        int[] labels = frame.labels();
        List<int[]> components = new ArrayList<>();
        int[] stack = new int[64];
        for (int z = 0; z < bz; z++) {
            for (int y = 0; y < by; y++) {
                for (int x = 0; x < bx; x++) {
                    int local = (z * by + y) * bx + x;
                    if (component[local] != 0 || labels[d.index(z + box[0], y + box[1], x + box[2])] != label) {
                        continue;
                    }
                    int id = components.size() + 1;
                    List<Integer> members = new ArrayList<>();
                    int top = 0;
                    stack[top++] = local;
                    component[local] = id;
                    while (top > 0) {
                        int v = stack[--top];
                        members.add(v);
                        int vz = v / (by * bx), vy = (v / bx) % by, vx = v % bx;
                        for (int dz = -1; dz <= 1; dz++) {
                            for (int dy = -1; dy <= 1; dy++) {
                                for (int dx = -1; dx <= 1; dx++) {
                                    int nz = vz + dz, ny = vy + dy, nx = vx + dx;
                                    if (nz < 0 || ny < 0 || nx < 0 || nz >= bz || ny >= by || nx >= bx) {
                                        continue;
                                    }
                                    int n = (nz * by + ny) * bx + nx;
                                    if (component[n] == 0
                                            && labels[d.index(nz + box[0], ny + box[1], nx + box[2])] == label) {
                                        component[n] = id;
                                        if (top == stack.length) {
                                            stack = Arrays.copyOf(stack, stack.length * 2);
                                        }
                                        stack[top++] = n;
                                    }
                                }
                            }
                        }
                    }
                    int[] global = new int[members.size()];
                    for (int k = 0; k < global.length; k++) {
                        int v = members.get(k);
                        global[k] = d.index(v / (by * bx) + box[0], (v / bx) % by + box[1], v % bx + box[2]);
                    }
                    Arrays.sort(global);
                    components.add(global);
                }
            }
        }
        components.sort(Comparator.<int[]>comparingInt(a -> -a.length).thenComparingInt(a -> a[0]));
        long total = components.stream().mapToLong(a -> a.length).sum();
        List<int[]> major = new ArrayList<>();
        for (int[] c : components) {
            if (major.isEmpty() || c.length >= minPieceFraction * total) {
                major.add(c);
            }
        }
        if (major.size() < components.size()) {
            List<double[]> centres = major.stream().map(c -> centroid(c, d)).toList();
            List<int[]> merged = new ArrayList<>(major);
            for (int[] c : components.subList(major.size(), components.size())) {
                double[] cc = centroid(c, d);
                int best = 0;
                for (int m = 1; m < centres.size(); m++) {
                    if (distance(cc, centres.get(m)) < distance(cc, centres.get(best))) {
                        best = m;
                    }
                }
                int[] joined = Arrays.copyOf(merged.get(best), merged.get(best).length + c.length);
                System.arraycopy(c, 0, joined, merged.get(best).length, c.length);
                Arrays.sort(joined);
                merged.set(best, joined);
            }
            return merged;
        }
        return major;
    }

    private static int[] pieceBox(int[] voxels, Dimensions d) {
        int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1, voxels.length};
        int plane = d.height() * d.width();
        for (int g : voxels) {
            int z = g / plane, y = (g % plane) / d.width(), x = g % d.width();
            b[0] = Math.min(b[0], z);
            b[1] = Math.min(b[1], y);
            b[2] = Math.min(b[2], x);
            b[3] = Math.max(b[3], z);
            b[4] = Math.max(b[4], y);
            b[5] = Math.max(b[5], x);
        }
        return b;
    }

    private static double[] centroid(int[] voxels, Dimensions d) {
        double z = 0, y = 0, x = 0;
        int plane = d.height() * d.width();
        for (int g : voxels) {
            z += g / plane;
            y += (g % plane) / d.width();
            x += g % d.width();
        }
        return new double[] {z / voxels.length, y / voxels.length, x / voxels.length};
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    /** Size of the intersection of two sorted index arrays. */
    private static long overlap(int[] a, int[] b) {
        long n = 0;
        int i = 0, j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                n++;
                i++;
                j++;
            }
        }
        return n;
    }
}
