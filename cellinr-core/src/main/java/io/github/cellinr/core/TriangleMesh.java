package io.github.cellinr.core;

import java.util.Objects;

/**
 * An indexed triangle mesh in micrometres: {@code vertices} holds x, y, z per vertex; {@code triangles}
 * holds three vertex indices per face, counter-clockwise seen from outside (outward normals).
 */
public record TriangleMesh(float[] vertices, int[] triangles) {

    public TriangleMesh {
        Objects.requireNonNull(vertices, "vertices");
        Objects.requireNonNull(triangles, "triangles");
        if (vertices.length % 3 != 0 || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("vertex and index arrays must hold triples");
        }
        int n = vertices.length / 3;
        for (int index : triangles) {
            if (index < 0 || index >= n) {
                throw new IllegalArgumentException("triangle index " + index + " outside 0.." + (n - 1));
            }
        }
    }

    public int vertexCount() {
        return vertices.length / 3;
    }

    public int triangleCount() {
        return triangles.length / 3;
    }

    public boolean isEmpty() {
        return triangles.length == 0;
    }

    /** Total surface area in square micrometres. */
    public double surfaceAreaUm2() {
        double area = 0;
        for (int t = 0; t < triangles.length; t += 3) {
            int a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
            double ux = vertices[b] - vertices[a], uy = vertices[b + 1] - vertices[a + 1], uz = vertices[b + 2] - vertices[a + 2];
            double vx = vertices[c] - vertices[a], vy = vertices[c + 1] - vertices[a + 1], vz = vertices[c + 2] - vertices[a + 2];
            double cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
            area += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
        }
        return area;
    }

    /** Enclosed volume in cubic micrometres (divergence theorem; exact for a closed, outward-oriented mesh). */
    public double enclosedVolumeUm3() {
        double six = 0;
        for (int t = 0; t < triangles.length; t += 3) {
            int a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
            double ax = vertices[a], ay = vertices[a + 1], az = vertices[a + 2];
            double bx = vertices[b], by = vertices[b + 1], bz = vertices[b + 2];
            double cx = vertices[c], cy = vertices[c + 1], cz = vertices[c + 2];
            six += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
        }
        return six / 6.0;
    }
}
