package io.github.cellinr.eval;

import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.eval.view.SurfaceSeries;
import io.github.cellinr.infer.MaskSurface;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cells a report shows in 3D: surfaces of a few sequences of each set, taken from their masks the way the
 * descriptors are ({@link MaskSurface}: the mask's voxels, positions from a lightly smoothed indicator).
 *
 * <p>Which cells: the first {@link #VIEWER_CELLS} sequences of the reference set by name, the sequences of the
 * same names in the sets paired with it (so that a real cell and its reconstruction are side by side), and the
 * first ones of the other sets. The montage shows the first of each at {@link #MONTAGE_TIME_POINTS} evenly
 * spaced time points, at full resolution; the interactive viewer gets up to {@link #VIEWER_TIME_POINTS} time
 * points of each, cut to {@link #VIEWER_TRIANGLES} triangles so that the report stays a few megabytes.
 *
 * @param montage one series per set (its first chosen cell), in set order
 * @param viewer  every chosen cell of every set, decimated
 */
public record SurfaceViews(List<SurfaceSeries> montage, List<SurfaceSeries> viewer) {

    public static final int MONTAGE_TIME_POINTS = 4;
    public static final int VIEWER_CELLS = 2;
    public static final int VIEWER_TIME_POINTS = 10;
    public static final int VIEWER_TRIANGLES = 1500;

    public SurfaceViews {
        montage = List.copyOf(montage);
        viewer = List.copyOf(viewer);
    }

    /** The viewer's series of the montage's cells: one per set (for pages that show many types at once). */
    public List<SurfaceSeries> viewerFirstPerSet() {
        List<SurfaceSeries> out = new ArrayList<>();
        for (SurfaceSeries m : montage) {
            viewer.stream().filter(v -> v.set().equals(m.set()) && v.sequence().equals(m.sequence())).findFirst()
                    .ifPresent(out::add);
        }
        return out;
    }

    public boolean isEmpty() {
        return montage.stream().allMatch(s -> s.meshes().stream().allMatch(TriangleMesh::isEmpty));
    }

    /** The surfaces of the chosen cells of {@code sets} (the first is the reference). */
    public static SurfaceViews of(List<Evaluation.SequenceSet> sets, int threads) {
        record Job(String set, MaskSequence sequence, boolean first) {
        }
        List<Job> jobs = new ArrayList<>();
        List<String> referenceNames = new ArrayList<>();
        for (int s = 0; s < sets.size(); s++) {
            Evaluation.SequenceSet set = sets.get(s);
            Map<String, MaskSequence> byName = new TreeMap<>();
            for (MaskSequence q : set.sequences()) {
                if (!q.frames().isEmpty()) {
                    byName.putIfAbsent(q.name(), q);
                }
            }
            Set<String> chosen = new LinkedHashSet<>();
            if (s > 0 && set.paired()) {
                referenceNames.stream().filter(byName::containsKey).forEach(chosen::add);
            }
            for (String name : byName.keySet()) {
                if (chosen.size() >= VIEWER_CELLS) {
                    break;
                }
                chosen.add(name);
            }
            if (s == 0) {
                referenceNames.addAll(chosen);
            }
            boolean first = true;
            for (String name : chosen) {
                jobs.add(new Job(set.name(), byName.get(name), first));
                first = false;
            }
        }
        record Views(SurfaceSeries montage, SurfaceSeries viewer) {
        }
        List<Views> done = Parallel.map(Math.max(1, threads), jobs.size(), i -> {
            Job job = jobs.get(i);
            List<Integer> frames = job.sequence().frames();
            List<Integer> montageAt = evenly(frames.size(), MONTAGE_TIME_POINTS);
            List<Integer> viewerAt = evenly(frames.size(), VIEWER_TIME_POINTS);
            Set<Integer> needed = new java.util.TreeSet<>(viewerAt);
            if (job.first()) {
                needed.addAll(montageAt);
            }
            Map<Integer, TriangleMesh> meshes = new TreeMap<>();
            for (int k : needed) {
                LabelVolume mask = job.sequence().read(frames.get(k));
                meshes.put(k, MaskSurface.ofForeground(mask));
            }
            int first = frames.get(0);
            SurfaceSeries montage = job.first() ? new SurfaceSeries(job.set(), job.sequence().name(),
                    montageAt.stream().map(k -> frames.get(k) - first).toList(),
                    montageAt.stream().map(meshes::get).toList()) : null;
            SurfaceSeries viewer = new SurfaceSeries(job.set(), job.sequence().name(),
                    viewerAt.stream().map(k -> frames.get(k) - first).toList(),
                    viewerAt.stream().map(meshes::get).toList()).decimated(VIEWER_TRIANGLES);
            return new Views(montage, viewer);
        });
        List<SurfaceSeries> montage = new ArrayList<>();
        List<SurfaceSeries> viewer = new ArrayList<>();
        for (Views v : done) {
            if (v.montage() != null) {
                montage.add(v.montage());
            }
            viewer.add(v.viewer());
        }
        return new SurfaceViews(montage, viewer);
    }

    /** Up to {@code count} distinct indices of {@code 0..n-1}, evenly spaced, first and last included. */
    static List<Integer> evenly(int n, int count) {
        Set<Integer> out = new LinkedHashSet<>();
        if (n <= 0) {
            return List.of();
        }
        int m = Math.min(n, count);
        for (int k = 0; k < m; k++) {
            out.add(m == 1 ? 0 : (int) Math.round(k * (n - 1) / (double) (m - 1)));
        }
        return new ArrayList<>(out);
    }
}
