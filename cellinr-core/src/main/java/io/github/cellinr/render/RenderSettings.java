package io.github.cellinr.render;

import io.github.cellinr.core.CellInrException;

/**
 * Everything a render depends on besides its input.
 *
 * @param staining what fluoresces and how it varies
 * @param optics   microscope and PSF model
 * @param camera   detector and noise
 * @param zStepUm  output z step in micrometres; 0 keeps the input's planes. The object is blurred on the
 *                 input grid (with the PSF averaged over the input voxel), then sampled at this step, as a
 *                 microscope focusing through the sample would
 * @param mip      also produce maximum-intensity projections along z
 * @param seed     root of every random choice (cell brightness, texture, noise)
 * @param threads  worker threads; 0 for all processors
 */
public record RenderSettings(Staining staining, Optics optics, Camera camera, double zStepUm, boolean mip,
                             long seed, int threads) {

    public RenderSettings {
        if (staining == null || optics == null || camera == null) {
            throw CellInrException.of("render settings need staining, optics and camera");
        }
        if (!(zStepUm >= 0) || !Double.isFinite(zStepUm)) {
            throw CellInrException.of("z step must be 0 (keep the input's) or a positive number of um, got " + zStepUm);
        }
        if (threads < 0) {
            throw CellInrException.of("threads must be 0 (all processors) or positive, got " + threads);
        }
    }

    public static RenderSettings defaults() {
        return new RenderSettings(Staining.defaults(), Optics.defaults(), Camera.defaults(), 0, false, 1, 0);
    }

    public RenderSettings withStaining(Staining s) {
        return new RenderSettings(s, optics, camera, zStepUm, mip, seed, threads);
    }

    public RenderSettings withOptics(Optics o) {
        return new RenderSettings(staining, o, camera, zStepUm, mip, seed, threads);
    }

    public RenderSettings withCamera(Camera c) {
        return new RenderSettings(staining, optics, c, zStepUm, mip, seed, threads);
    }

    public RenderSettings withZStep(double um) {
        return new RenderSettings(staining, optics, camera, um, mip, seed, threads);
    }

    public RenderSettings withMip(boolean m) {
        return new RenderSettings(staining, optics, camera, zStepUm, m, seed, threads);
    }

    public RenderSettings withSeed(long s) {
        return new RenderSettings(staining, optics, camera, zStepUm, mip, s, threads);
    }

    public RenderSettings withThreads(int t) {
        return new RenderSettings(staining, optics, camera, zStepUm, mip, seed, t);
    }
}
