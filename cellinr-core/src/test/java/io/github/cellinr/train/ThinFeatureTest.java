package io.github.cellinr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.model.CellShapeModel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's guard: the default (fast) recipe must learn a protrusion about two voxels thick. The cell is a sphere
 * of radius {@value #BODY_UM} um with a capsule of radius {@value #PROTRUSION_RADIUS_UM} um along +x to
 * {@value #PROTRUSION_END_UM} um, on a 32^3 training grid of 0.65 um voxels: the protrusion is 1.9 voxels across.
 * Its reconstruction on a finer grid must keep it attached to the body, as long as it is (within 20 %) and about
 * as thin (not a blob).
 */
class ThinFeatureTest {
    static final double BODY_UM = 4.5;
    static final double PROTRUSION_RADIUS_UM = 0.6;
    static final double PROTRUSION_END_UM = 8.5;
    static final double UM_PER_UNIT = 10;

    @TempDir
    Path dir;

    static double sdfUm(double x, double y, double z) {
        double body = Math.sqrt(x * x + y * y + z * z) - BODY_UM;
        double along = Math.max(0, Math.min(PROTRUSION_END_UM, x));
        double capsule = Math.sqrt((x - along) * (x - along) + y * y + z * z) - PROTRUSION_RADIUS_UM;
        return Math.min(body, capsule);
    }

    /** What the reconstruction keeps of the protrusion. */
    record Protrusion(double lengthUm, double widthUm) {
    }

    @Test
    void theFastRecipeKeepsAThinProtrusion() {
        InMemorySdfDataset data = InMemorySdfDataset.sample(List.of((x, y, z, t) -> sdfUm(x, y, z)),
                new double[] {0}, 32, UM_PER_UNIT, 0.6);
        TrainingOptions o = TrainingOptions.defaults().toBuilder().latentSize(8).epochs(300).framesPerBatch(1)
                .pointsPerFrame(4096).threads(2).checkpointEvery(1000).diceMaxGrid(16).build();
        assertEquals("fast", o.recipe());
        CellShapeModel model = new Trainer(data, null, dir.resolve("m"), List.of("test"), ProgressSink.NONE)
                .train(o).model();
        Protrusion p = measure(model, 96);
        double trueLength = PROTRUSION_END_UM + PROTRUSION_RADIUS_UM - BODY_UM;
        assertEquals(trueLength, p.lengthUm(), 0.2 * trueLength, "protrusion length beyond the body: " + p);
        assertTrue(p.widthUm() > 0 && p.widthUm() < 3 * 2 * PROTRUSION_RADIUS_UM, "a thin protrusion: " + p);
    }

    /**
     * Reconstructs the cell on an n^3 grid over the training volume, keeps the inside component that holds the
     * body's centre (6-connected), and measures how far it reaches along +x beyond the body and how wide it is
     * half-way along the protrusion.
     */
    static Protrusion measure(CellShapeModel model, int n) {
        float[] axis = new float[n];
        for (int i = 0; i < n; i++) {
            axis[i] = (float) (-1 + 2.0 * i / (n - 1));
        }
        float[] sdf = new float[n * n * n];
        model.evaluator().evaluateGrid(java.util.Arrays.copyOf(model.codes(), model.latentSize()), Rotation.IDENTITY, 0, axis, axis, axis, sdf, 2);
        boolean[] body = new boolean[sdf.length];
        int centre = ((n / 2) * n + n / 2) * n + n / 2;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        if (sdf[centre] < 0) {
            body[centre] = true;
            queue.add(centre);
        }
        int[] step = {1, -1, n, -n, n * n, -n * n};
        while (!queue.isEmpty()) {
            int v = queue.poll();
            int x = v % n;
            int y = (v / n) % n;
            int z = v / (n * n);
            for (int d = 0; d < 6; d++) {
                boolean inGrid = switch (d) {
                    case 0 -> x + 1 < n;
                    case 1 -> x > 0;
                    case 2 -> y + 1 < n;
                    case 3 -> y > 0;
                    case 4 -> z + 1 < n;
                    default -> z > 0;
                };
                int w = v + step[d];
                if (inGrid && !body[w] && sdf[w] < 0) {
                    body[w] = true;
                    queue.add(w);
                }
            }
        }
        double umPerVoxel = 2 * UM_PER_UNIT / (n - 1);
        double reach = 0;
        int middleX = (int) Math.round(((BODY_UM + PROTRUSION_END_UM) / 2 / UM_PER_UNIT + 1) * (n - 1) / 2);
        int minY = n;
        int maxY = -1;
        for (int v = 0; v < sdf.length; v++) {
            if (!body[v]) {
                continue;
            }
            int x = v % n;
            int y = (v / n) % n;
            reach = Math.max(reach, axis[x] * UM_PER_UNIT);
            if (x == middleX) {
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        double width = maxY < 0 ? 0 : (maxY - minY + 1) * umPerVoxel;
        return new Protrusion(reach - BODY_UM, width);
    }

}
