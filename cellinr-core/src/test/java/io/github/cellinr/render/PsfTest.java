package io.github.cellinr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.VoxelSize;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.special.BesselJ;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PsfTest {
    private static final double NA = 1.3;
    private static final double N_OIL = 1.518;
    private static final double EM = 0.510;
    private static final double EX = 0.488;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(new BornWolfPsf(NA, N_OIL, EM)),
                Arguments.of(new ConfocalPsf(new BornWolfPsf(NA, N_OIL, EX), new BornWolfPsf(NA, N_OIL, EM))),
                Arguments.of(GaussianPsf.widefield(NA, N_OIL, EM)),
                Arguments.of(GaussianPsf.confocal(NA, N_OIL, EX, EM)),
                Arguments.of(new BornWolfPsf(0.8, 1.33, 0.6)));
    }

    @ParameterizedTest
    @MethodSource("models")
    void kernelIntegratesToOneIsSymmetricAndPeaksAtTheCentre(PsfModel model) {
        VoxelSize voxel = new VoxelSize(0.3, 0.1, 0.12); // anisotropic on purpose
        double[] extent = model.defaultHalfExtentUm();
        PsfKernel k = PsfKernel.sample(model, voxel, extent[0], extent[1], 3);
        FloatVolume v = k.kernel();
        double sum = 0;
        float max = 0;
        for (float f : v.values()) {
            assertTrue(f >= 0 && Float.isFinite(f));
            sum += f;
            max = Math.max(max, f);
        }
        assertEquals(1.0, sum, 1e-5);
        int cz = v.depth() / 2;
        int cy = v.height() / 2;
        int cx = v.width() / 2;
        assertEquals(max, v.get(cz, cy, cx), 0f);
        for (int z = 0; z < v.depth(); z++) {
            for (int y = 0; y < v.height(); y++) {
                for (int x = 0; x < v.width(); x++) {
                    float a = v.get(z, y, x);
                    assertEquals(a, v.get(v.depth() - 1 - z, y, x), 1e-6f * max);
                    assertEquals(a, v.get(z, v.height() - 1 - y, v.width() - 1 - x), 1e-6f * max);
                }
            }
        }
        assertTrue(k.massInBox() > 0);
    }

    @Test
    void gaussianKernelHoldsTheErfMassOfItsBox() {
        GaussianPsf g = GaussianPsf.widefield(NA, N_OIL, EM);
        VoxelSize voxel = new VoxelSize(0.25, 0.07, 0.09);
        PsfKernel k = PsfKernel.sample(g, voxel, 2 * g.sigmaAxialUm(), 2.5 * g.sigmaLateralUm(), 1);
        double expected = 1;
        int[] half = {k.kernel().depth() / 2, k.kernel().height() / 2, k.kernel().width() / 2};
        double[] step = {voxel.zUm(), voxel.yUm(), voxel.xUm()};
        double[] sigma = {g.sigmaAxialUm(), g.sigmaLateralUm(), g.sigmaLateralUm()};
        for (int a = 0; a < 3; a++) {
            expected *= Erf.erf((half[a] + 0.5) * step[a] / (Math.sqrt(2) * sigma[a]));
        }
        assertEquals(expected, k.massInBox(), 1e-9);
    }

    @Test
    void bornWolfMatchesTheAiryPatternInFocusAndTheSincOnAxis() {
        BornWolfPsf psf = new BornWolfPsf(NA, N_OIL, EM);
        double k = 2 * Math.PI / EM;
        for (double r = 0; r < 2.0; r += 0.037) {
            double v = k * NA * r;
            double airy = r == 0 ? 1 : Math.pow(2 * BesselJ.value(1, v) / v, 2);
            assertEquals(airy, psf.intensity(r, 0), 1e-7, "r=" + r);
        }
        for (double z = -3; z < 3; z += 0.041) {
            double x = k * NA * NA * z / N_OIL / 4;
            double sinc2 = Math.abs(x) < 1e-12 ? 1 : Math.pow(Math.sin(x) / x, 2);
            assertEquals(sinc2, psf.intensity(0, z), 1e-7, "z=" + z);
        }
    }

    /** Paraxial defocus only moves energy within a plane: each plane carries the in-focus Airy energy. */
    @Test
    void widefieldEnergyPerPlaneIsTheAiryEnergyAndIsConservedUnderDefocus() {
        BornWolfPsf psf = new BornWolfPsf(NA, N_OIL, EM);
        double radius = 6;
        double pixel = 0.02;
        int n = (int) (radius / pixel);
        double dr = pixel / 4;
        int radii = (int) (radius * Math.sqrt(2) / dr) + 3;
        double[] zs = {0, 1.0};
        double[][] profiles = psf.radialProfiles(zs, dr, radii);
        double[] energy = new double[2];
        for (int i = 0; i < 2; i++) {
            for (int y = -n; y <= n; y++) {
                for (int x = -n; x <= n; x++) {
                    double r = Math.hypot(x, y) * pixel;
                    if (r <= radius) {
                        double p = r / dr;
                        int j = (int) p;
                        double f = p - j;
                        energy[i] += (profiles[i][j] * (1 - f) + profiles[i][j + 1] * f) * pixel * pixel;
                    }
                }
            }
        }
        double k = 2 * Math.PI / EM;
        double vR = k * NA * radius;
        double j0 = BesselJ.value(0, vR);
        double j1 = BesselJ.value(1, vR);
        // Encircled energy of the Airy pattern (Rayleigh): 1 - J0^2(v) - J1^2(v); total lambda^2 / (pi NA^2).
        double airyEnergy = EM * EM / (Math.PI * NA * NA) * (1 - j0 * j0 - j1 * j1);
        assertEquals(airyEnergy, energy[0], 0.005 * airyEnergy);
        assertEquals(energy[0], energy[1], 0.02 * energy[0]);
    }

    @Test
    void widefieldFwhmMatchesTheAiryAndSincFormulas() {
        BornWolfPsf psf = new BornWolfPsf(NA, N_OIL, EM);
        double vHalf = root(v -> Math.pow(2 * BesselJ.value(1, v) / v, 2) - 0.5, 0.5, 3);
        double xHalf = root(x -> Math.pow(Math.sin(x) / x, 2) - 0.5, 0.5, 3);
        double k = 2 * Math.PI / EM;
        double lateral = 2 * vHalf / (k * NA);
        double axial = 2 * 4 * xHalf * N_OIL / (k * NA * NA);
        assertEquals(lateral, measuredLateralFwhm(psf), 0.01 * lateral);
        assertEquals(axial, measuredAxialFwhm(psf), 0.01 * axial);
        // the textbook constants: 0.51 lambda/NA and 1.77 n lambda / NA^2
        assertEquals(0.51 * EM / NA, measuredLateralFwhm(psf), 0.05 * 0.51 * EM / NA);
        assertEquals(1.77 * N_OIL * EM / (NA * NA), measuredAxialFwhm(psf), 0.05 * axial);
        assertEquals(lateral, psf.lateralFwhmUm(), 1e-6);
        assertEquals(axial, psf.axialFwhmUm(), 1e-6);
    }

    @Test
    void confocalFwhmMatchesTheSquaredAiryFormula() {
        // equal wavelengths: in focus h = (2 J1(v)/v)^4, on axis sinc^4(u/4)
        ConfocalPsf psf = new ConfocalPsf(new BornWolfPsf(NA, N_OIL, EM), new BornWolfPsf(NA, N_OIL, EM));
        double vHalf = root(v -> Math.pow(2 * BesselJ.value(1, v) / v, 4) - 0.5, 0.5, 3);
        double xHalf = root(x -> Math.pow(Math.sin(x) / x, 4) - 0.5, 0.5, 3);
        double k = 2 * Math.PI / EM;
        double lateral = 2 * vHalf / (k * NA);
        double axial = 2 * 4 * xHalf * N_OIL / (k * NA * NA);
        assertEquals(lateral, psf.lateralFwhmUm(), 1e-6);
        assertEquals(axial, psf.axialFwhmUm(), 1e-6);
        assertEquals(lateral, measuredLateralFwhm(psf), 0.01 * lateral);
        assertEquals(axial, measuredAxialFwhm(psf), 0.01 * axial);
        assertEquals(0.37 * EM / NA, lateral, 0.05 * lateral);
        // different wavelengths: the sampled kernel still follows the model's own closed form
        ConfocalPsf mixed = new ConfocalPsf(new BornWolfPsf(NA, N_OIL, EX), new BornWolfPsf(NA, N_OIL, EM));
        assertEquals(mixed.lateralFwhmUm(), measuredLateralFwhm(mixed), 0.01 * mixed.lateralFwhmUm());
        assertEquals(mixed.axialFwhmUm(), measuredAxialFwhm(mixed), 0.01 * mixed.axialFwhmUm());
    }

    @Test
    void gaussianFwhmMatchesZhangsSigmas() {
        double k = 2 * Math.PI / EM;
        GaussianPsf wide = GaussianPsf.widefield(NA, N_OIL, EM);
        double sigmaR = Math.sqrt(2) / (k * NA);
        double sigmaZ = 2 * Math.sqrt(6) * N_OIL / (k * NA * NA);
        assertEquals(sigmaR, wide.sigmaLateralUm(), 1e-12);
        assertEquals(sigmaZ, wide.sigmaAxialUm(), 1e-12);
        double fwhm = 2 * Math.sqrt(2 * Math.log(2));
        assertEquals(fwhm * sigmaR, measuredLateralFwhm(wide), 0.01 * fwhm * sigmaR);
        assertEquals(fwhm * sigmaZ, measuredAxialFwhm(wide), 0.01 * fwhm * sigmaZ);

        GaussianPsf conf = GaussianPsf.confocal(NA, N_OIL, EX, EM);
        double kEx = 2 * Math.PI / EX;
        double kc = Math.sqrt(k * k + kEx * kEx);
        assertEquals(Math.sqrt(2) / (kc * NA), conf.sigmaLateralUm(), 1e-12);
        assertEquals(2 * Math.sqrt(6) * N_OIL / (kc * NA * NA), conf.sigmaAxialUm(), 1e-12);
        assertEquals(fwhm * conf.sigmaLateralUm(), measuredLateralFwhm(conf), 0.01 * fwhm * conf.sigmaLateralUm());

        // Zhang's least-squares Gaussians are within 5 % of the physical model's widths
        BornWolfPsf physical = new BornWolfPsf(NA, N_OIL, EM);
        assertEquals(physical.lateralFwhmUm(), wide.lateralFwhmUm(), 0.05 * physical.lateralFwhmUm());
        assertEquals(physical.axialFwhmUm(), wide.axialFwhmUm(), 0.05 * physical.axialFwhmUm());
    }

    /**
     * The voxel average (the fast path) equals brute force: the PSF sampled on a grid 9 times finer and summed
     * over each coarse voxel, for voxels larger than the PSF's lateral width.
     */
    @ParameterizedTest
    @MethodSource("models")
    void voxelAverageEqualsBinnedFineSampling(PsfModel model) {
        VoxelSize coarse = new VoxelSize(0.3, 0.2, 0.25);
        int fine = 9;
        double halfAxial = 0.6;
        double halfLateral = 0.5;
        FloatVolume k = PsfKernel.sample(model, coarse, halfAxial, halfLateral, 3).kernel();
        VoxelSize small = new VoxelSize(coarse.zUm() / fine, coarse.yUm() / fine, coarse.xUm() / fine);
        int cz = k.depth() / 2;
        int cy = k.height() / 2;
        int cx = k.width() / 2;
        double[] binned = new double[k.values().length];
        double total = 0;
        for (int z = 0; z < k.depth() * fine; z++) {
            double pz = (z - (cz * fine + fine / 2)) * small.zUm();
            for (int y = 0; y < k.height() * fine; y++) {
                double py = (y - (cy * fine + fine / 2)) * small.yUm();
                for (int x = 0; x < k.width() * fine; x++) {
                    double px = (x - (cx * fine + fine / 2)) * small.xUm();
                    double v = model.intensity(Math.hypot(px, py), pz);
                    binned[k.dimensions().index(z / fine, y / fine, x / fine)] += v;
                    total += v;
                }
            }
        }
        float max = k.get(cz, cy, cx);
        for (int i = 0; i < binned.length; i++) {
            assertEquals(binned[i] / total, k.values()[i], 0.01 * max, "voxel " + i);
        }
    }

    /** FWHM through the centre of a kernel sampled on a grid 25 times finer than the expected width. */
    static double measuredLateralFwhm(PsfModel model) {
        double step = model.lateralFwhmUm() / 25;
        PsfKernel k = PsfKernel.sample(model, new VoxelSize(step, step, step), 0, 1.5 * model.lateralFwhmUm(), 3);
        FloatVolume v = k.kernel();
        float[] row = new float[v.width()];
        for (int x = 0; x < row.length; x++) {
            row[x] = v.get(0, v.height() / 2, x);
        }
        return fwhm(row, step);
    }

    static double measuredAxialFwhm(PsfModel model) {
        double lateralStep = model.lateralFwhmUm() / 25;
        double step = model.axialFwhmUm() / 25;
        PsfKernel k = PsfKernel.sample(model, new VoxelSize(step, lateralStep, lateralStep),
                1.5 * model.axialFwhmUm(), 0, 3);
        FloatVolume v = k.kernel();
        float[] column = new float[v.depth()];
        for (int z = 0; z < column.length; z++) {
            column[z] = v.get(z, 0, 0);
        }
        return fwhm(column, step);
    }

    private static double fwhm(float[] profile, double step) {
        int c = profile.length / 2;
        double half = profile[c] / 2.0;
        for (int i = c + 1; i < profile.length; i++) {
            if (profile[i] < half) {
                double f = (profile[i - 1] - half) / (profile[i - 1] - profile[i]);
                return 2 * (i - 1 - c + f) * step;
            }
        }
        throw new AssertionError("profile does not fall to half its maximum within the kernel");
    }

    private static double root(DoubleUnaryOperator f, double lo, double hi) {
        return new BrentSolver(1e-13).solve(1000, f::applyAsDouble, lo, hi);
    }
}
