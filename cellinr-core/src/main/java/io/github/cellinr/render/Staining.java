package io.github.cellinr.render;

import io.github.cellinr.core.CellInrException;

/**
 * What is fluorescent in each cell and how it varies.
 *
 * @param mode                whole cell, a membrane shell, or a nucleus-like inner body
 * @param membraneThicknessUm shell thickness below the cell surface (membrane mode)
 * @param nucleusScale        nucleus semi-axes as a fraction of the cell's moment ellipsoid (nucleus mode)
 * @param nucleusSoftnessUm   width of the nucleus's soft edge (logistic), in micrometres
 * @param brightnessCv        coefficient of variation of the per-cell brightness (log-normal, mean 1)
 * @param textureContrast     relative standard deviation of the stain inside a cell from the 3D texture
 * @param textureScaleUm      size of the texture's coarsest features (one noise lattice cell), micrometres
 * @param textureOctaves      octaves of fractal detail (each half the size and amplitude of the previous)
 */
public record Staining(Mode mode, double membraneThicknessUm, double nucleusScale, double nucleusSoftnessUm,
                       double brightnessCv, double textureContrast, double textureScaleUm, int textureOctaves) {

    /** Staining modes. */
    public enum Mode { CYTOPLASM, MEMBRANE, NUCLEUS }

    public Staining {
        if (mode == null) {
            throw CellInrException.of("staining mode is required");
        }
        positive(membraneThicknessUm, "membrane thickness (um)");
        positive(nucleusSoftnessUm, "nucleus edge softness (um)");
        positive(textureScaleUm, "texture scale (um)");
        if (!(nucleusScale > 0 && nucleusScale <= 1)) {
            throw CellInrException.of("nucleus scale must be in (0, 1], got " + nucleusScale);
        }
        if (!(brightnessCv >= 0 && brightnessCv < 10)) {
            throw CellInrException.of("brightness variation (CV) must be in [0, 10), got " + brightnessCv);
        }
        if (!(textureContrast >= 0 && textureContrast <= 5)) {
            throw CellInrException.of("texture contrast must be in [0, 5], got " + textureContrast);
        }
        if (textureOctaves < 1 || textureOctaves > 10) {
            throw CellInrException.of("texture octaves must be 1..10, got " + textureOctaves);
        }
    }

    public static Staining defaults() {
        return new Staining(Mode.CYTOPLASM, 0.5, 0.5, 0.3, 0.2, 0.3, 1.5, 4);
    }

    public Staining withMode(Mode m) {
        return new Staining(m, membraneThicknessUm, nucleusScale, nucleusSoftnessUm, brightnessCv, textureContrast,
                textureScaleUm, textureOctaves);
    }

    private static void positive(double v, String what) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw CellInrException.of(what + " must be positive, got " + v);
        }
    }
}
