package io.github.cellinr.render;

import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;

/**
 * One rendered frame: the microscope image and its ground-truth mask on the same grid, and optionally their
 * maximum-intensity projections along z.
 *
 * @param index     frame number (0-based)
 * @param image     grey values (integers in [0, 2^bits - 1], stored as float), output voxel size
 * @param mask      labels sampled on the image's grid
 * @param mipImage  max over z of {@code image} (depth 1), or null without projections
 * @param mipMask   per pixel the label of the cell whose noise-free signal is brightest along the ray, or 0
 *                  where the ray meets no cell (depth 1), or null
 * @param stats     measurements of this frame
 */
public record RenderedFrame(int index, FloatVolume image, LabelVolume mask, FloatVolume mipImage,
                            LabelVolume mipMask, FrameStats stats) {

    /**
     * Per-frame measurements.
     *
     * @param cells             number of cells
     * @param snr               measured SNR (CTC definition, see {@link Renderer}), NaN without cells
     * @param saturatedFraction fraction of voxels clipped at the top grey value
     * @param stainSeconds      time to compute the fluorophore density
     * @param blurSeconds       time of the PSF convolution
     * @param cameraSeconds     time of sampling, noise and quantisation (and projections)
     */
    public record FrameStats(int cells, double snr, double saturatedFraction, double stainSeconds,
                             double blurSeconds, double cameraSeconds) {
    }
}
