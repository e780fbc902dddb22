package io.github.cellinr.render;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.VoxelSize;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.special.Erf;

/**
 * A PSF sampled on a voxel grid (odd size, centred), normalised to sum 1 so that convolution conserves the
 * number of photons. Each kernel value is the PSF averaged over its voxel (not its value at the voxel
 * centre): that is the exact discrete kernel for an object that is constant within each voxel, as a
 * voxelised mask is, and it stays right when voxels are large against the PSF (anisotropic z steps).
 *
 * @param kernel        the normalised kernel, voxel size of the grid it was built for
 * @param model         the PSF model it samples
 * @param massInBox     the PSF's integral over the kernel box divided by its integral over all space, where
 *                      that is known in closed form (Gaussian); for the diffraction models, whose widefield
 *                      integral over all space diverges with depth, the integral over the box in um^3 of the
 *                      peak-normalised PSF
 * @param supersampling the most sub-samples per voxel and axis used for the voxel average (at least the
 *                      requested number, more along an axis where the voxel is wide against the PSF; 1 for the
 *                      Gaussian, which is integrated exactly with erf)
 */
public record PsfKernel(FloatVolume kernel, PsfModel model, double massInBox, int supersampling) {

    /** Sub-samples per axis for the voxel average of the diffraction models. */
    public static final int DEFAULT_SUPERSAMPLING = 3;

    /**
     * Samples {@code model} on {@code voxel} over a box of the given half extents (micrometres; the box is
     * rounded up to whole voxels and always holds at least the centre voxel).
     */
    public static PsfKernel sample(PsfModel model, VoxelSize voxel, double halfAxialUm, double halfLateralUm,
                                   int supersampling) {
        int cz = halfVoxels(halfAxialUm, voxel.zUm());
        int cy = halfVoxels(halfLateralUm, voxel.yUm());
        int cx = halfVoxels(halfLateralUm, voxel.xUm());
        Dimensions dims = new Dimensions(2 * cz + 1, 2 * cy + 1, 2 * cx + 1);
        if (model instanceof GaussianPsf g) {
            return gaussian(g, voxel, dims);
        }
        if (supersampling < 1) {
            throw new IllegalArgumentException("supersampling must be at least 1");
        }
        // Sub-samples no farther apart than a sixth of the PSF's width, so voxels larger than the PSF are
        // still averaged faithfully (odd counts keep a sample at the voxel centre).
        int sz = subSamples(supersampling, voxel.zUm(), model.axialFwhmUm());
        int sy = subSamples(supersampling, voxel.yUm(), model.lateralFwhmUm());
        int sx = subSamples(supersampling, voxel.xUm(), model.lateralFwhmUm());
        double[] zs = new double[dims.depth() * sz];
        for (int i = 0; i < zs.length; i++) {
            zs[i] = (i / sz - cz + subOffset(i % sz, sz)) * voxel.zUm();
        }
        double[] ys = new double[dims.height() * sy];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = (i / sy - cy + subOffset(i % sy, sy)) * voxel.yUm();
        }
        double[] xs = new double[dims.width() * sx];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (i / sx - cx + subOffset(i % sx, sx)) * voxel.xUm();
        }
        // A radial grid fine enough for linear interpolation between its nodes.
        double dr = Math.min(Math.min(voxel.xUm() / sx, voxel.yUm() / sy) / 2, model.lateralFwhmUm() / 20);
        double rMax = Math.hypot((cx + 0.5) * voxel.xUm(), (cy + 0.5) * voxel.yUm());
        int radii = (int) Math.ceil(rMax / dr) + 2;
        double[][] profiles = model.radialProfiles(zs, dr, radii);

        float[] values = new float[dims.voxelCount()];
        double total = 0;
        double perSample = 1.0 / ((double) sz * sy * sx);
        for (int iz = 0; iz < dims.depth(); iz++) {
            for (int iy = 0; iy < dims.height(); iy++) {
                for (int ix = 0; ix < dims.width(); ix++) {
                    double sum = 0;
                    for (int a = 0; a < sz; a++) {
                        double[] profile = profiles[iz * sz + a];
                        for (int b = 0; b < sy; b++) {
                            double y = ys[iy * sy + b];
                            for (int c = 0; c < sx; c++) {
                                double x = xs[ix * sx + c];
                                sum += interpolate(profile, Math.sqrt(x * x + y * y) / dr);
                            }
                        }
                    }
                    double v = sum * perSample;
                    values[dims.index(iz, iy, ix)] = (float) v;
                    total += v;
                }
            }
        }
        int s = Math.max(sz, Math.max(sy, sx));
        normalise(values, total);
        return new PsfKernel(new FloatVolume(dims, voxel, values), model, total * voxel.volumeUm3(), s);
    }

    /**
     * Samples with the model's default extent or, when {@code psfDepthUm} is positive, with that axial half
     * extent and the lateral one scaled with it. Parts of the kernel beyond an image are cropped by the
     * convolver (they reach no voxel), not here, so the kernel and its normalisation do not depend on the image.
     */
    public static PsfKernel forOptics(PsfModel model, VoxelSize voxel, double psfDepthUm) {
        double[] extent = model.defaultHalfExtentUm();
        double axial = extent[0];
        double lateral = extent[1];
        if (psfDepthUm > 0) {
            lateral = lateral * psfDepthUm / axial;
            axial = psfDepthUm;
        }
        return sample(model, voxel, axial, lateral, DEFAULT_SUPERSAMPLING);
    }

    private static PsfKernel gaussian(GaussianPsf g, VoxelSize voxel, Dimensions dims) {
        double[] wz = voxelIntegrals(dims.depth(), voxel.zUm(), g.sigmaAxialUm());
        double[] wy = voxelIntegrals(dims.height(), voxel.yUm(), g.sigmaLateralUm());
        double[] wx = voxelIntegrals(dims.width(), voxel.xUm(), g.sigmaLateralUm());
        float[] values = new float[dims.voxelCount()];
        double total = 0;
        for (int z = 0; z < dims.depth(); z++) {
            for (int y = 0; y < dims.height(); y++) {
                for (int x = 0; x < dims.width(); x++) {
                    double v = wz[z] * wy[y] * wx[x];
                    values[dims.index(z, y, x)] = (float) v;
                    total += v;
                }
            }
        }
        normalise(values, total);
        return new PsfKernel(new FloatVolume(dims, voxel, values), g, total, 1);
    }

    /** Mass of a unit-mass 1D Gaussian in each of {@code n} centred voxels of width {@code voxelUm}. */
    private static double[] voxelIntegrals(int n, double voxelUm, double sigmaUm) {
        int c = n / 2;
        double[] w = new double[n];
        double scale = 1 / (Math.sqrt(2) * sigmaUm);
        for (int i = 0; i < n; i++) {
            double lo = (i - c - 0.5) * voxelUm * scale;
            double hi = (i - c + 0.5) * voxelUm * scale;
            w[i] = 0.5 * Erf.erf(lo, hi);
        }
        return w;
    }

    private static void normalise(float[] values, double total) {
        if (!(total > 0)) {
            throw new IllegalStateException("PSF kernel has no mass");
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (values[i] / total);
        }
    }

    private static double interpolate(double[] profile, double position) {
        int j = (int) position;
        if (j >= profile.length - 1) {
            return profile[profile.length - 1];
        }
        double f = position - j;
        return profile[j] + f * (profile[j + 1] - profile[j]);
    }

    /** Odd sub-sample count, at least {@code base}, spacing at most a sixth of the FWHM, at most 15. */
    private static int subSamples(int base, double voxelUm, double fwhmUm) {
        int n = Math.max(base, (int) Math.ceil(6 * voxelUm / fwhmUm));
        n = Math.min(15, n);
        return n % 2 == 0 ? n + 1 : n;
    }

    private static double subOffset(int i, int s) {
        return (i + 0.5) / s - 0.5;
    }

    private static int halfVoxels(double halfUm, double voxelUm) {
        return Math.max(0, (int) Math.ceil(halfUm / voxelUm - 1e-9));
    }

    /** Kernel size, model and widths, for provenance. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(model.describe());
        m.put("kernel_voxels_zyx", kernel.dimensions().toString());
        m.put("kernel_half_extent_um_zyx", new double[] {
            kernel.depth() / 2 * kernel.voxelSize().zUm(), kernel.height() / 2 * kernel.voxelSize().yUm(),
            kernel.width() / 2 * kernel.voxelSize().xUm()});
        m.put("voxel_average_supersampling", supersampling);
        m.put(model instanceof GaussianPsf ? "mass_fraction_in_box" : "integral_in_box_um3", massInBox);
        return m;
    }
}
