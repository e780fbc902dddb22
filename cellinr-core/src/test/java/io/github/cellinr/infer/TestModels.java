package io.github.cellinr.infer;

import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.util.SplittableRandom;

/** Trained networks for tests: the paper's bundled Platynereis model (loaded once). */
final class TestModels {
    private static CellShapeModel paper;

    private TestModels() {
    }

    static synchronized CellShapeModel paperPlat() {
        if (paper == null) {
            paper = ModelRegistry.load(ModelRegistry.PAPER_PLAT);
        }
        return paper;
    }

    /** A code drawn as the paper draws new Platynereis cells: N(0, 0.001^2) per entry. */
    static float[] paperCode(SplittableRandom random) {
        float[] z = new float[paperPlat().latentSize()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (0.001 * GaussianMixture.gaussian(random));
        }
        return z;
    }
}
