package io.github.cellinr.infer;

import io.github.cellinr.core.Dimensions;

/**
 * Connected components (6-connected, face neighbours) of the inside voxels ({@code SDF <= 0}) of a field.
 * Face connectivity is the conservative choice for cells: two daughters that touch only along an edge or a
 * corner after a division count as two cells.
 */
final class Components {
    private Components() {
    }

    /**
     * Labels the components of {@code sdf <= 0} into {@code labels} as 1..n in scan order (x fastest), and
     * returns the voxel count of each: {@code sizes[k - 1]} is the size of component k.
     */
    static long[] label(float[] sdf, Dimensions d, int[] labels) {
        int nx = d.width();
        int ny = d.height();
        int nz = d.depth();
        int plane = nx * ny;
        java.util.Arrays.fill(labels, 0);
        IntList queue = new IntList(1024);
        LongList sizes = new LongList(8);
        int next = 0;
        for (int start = 0; start < sdf.length; start++) {
            if (labels[start] != 0 || !(sdf[start] <= 0)) {
                continue;
            }
            int label = ++next;
            long count = 0;
            queue.clear();
            queue.add(start);
            labels[start] = label;
            for (int head = 0; head < queue.size(); head++) {
                int v = queue.get(head);
                count++;
                int x = v % nx;
                int y = (v / nx) % ny;
                int z = v / plane;
                if (x > 0) {
                    visit(v - 1, sdf, labels, label, queue);
                }
                if (x + 1 < nx) {
                    visit(v + 1, sdf, labels, label, queue);
                }
                if (y > 0) {
                    visit(v - nx, sdf, labels, label, queue);
                }
                if (y + 1 < ny) {
                    visit(v + nx, sdf, labels, label, queue);
                }
                if (z > 0) {
                    visit(v - plane, sdf, labels, label, queue);
                }
                if (z + 1 < nz) {
                    visit(v + plane, sdf, labels, label, queue);
                }
            }
            sizes.add(count);
        }
        return sizes.toArray();
    }

    private static void visit(int v, float[] sdf, int[] labels, int label, IntList queue) {
        if (labels[v] == 0 && sdf[v] <= 0) {
            labels[v] = label;
            queue.add(v);
        }
    }
}
