package io.github.cellinr.eval.view;

import io.github.cellinr.core.TriangleMesh;
import java.util.List;
import java.util.Objects;

/**
 * One cell's surface over time, as a report shows it: which set it belongs to (real, reconstructed,
 * synthetic...), which sequence, and one mesh (micrometres) per chosen time point.
 *
 * @param set        the set's name; picks the colour
 * @param sequence   the sequence's name
 * @param timePoints time point of each mesh (frame number minus the sequence's first)
 * @param meshes     one mesh per time point (may be empty where a frame holds no cell)
 */
public record SurfaceSeries(String set, String sequence, List<Integer> timePoints, List<TriangleMesh> meshes) {
    public SurfaceSeries {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(sequence, "sequence");
        timePoints = List.copyOf(timePoints);
        meshes = List.copyOf(meshes);
        if (timePoints.size() != meshes.size()) {
            throw new IllegalArgumentException(timePoints.size() + " time points but " + meshes.size() + " meshes");
        }
    }

    public String label() {
        return set + " " + sequence;
    }

    /** The same cell with every mesh cut to at most {@code maxTriangles} (for embedding in a page). */
    public SurfaceSeries decimated(int maxTriangles) {
        return new SurfaceSeries(set, sequence, timePoints,
                meshes.stream().map(m -> MeshDecimator.toAtMost(m, maxTriangles)).toList());
    }
}
