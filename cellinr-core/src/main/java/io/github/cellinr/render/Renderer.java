package io.github.cellinr.render;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.core.VoxelSize;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Synthetic fluorescence microscopy from label masks: stain -> PSF blur -> z sampling -> camera, frame by frame.
 *
 * <p>Per frame: (1) each cell's fluorophore density from its mask ({@link Staining}: pattern x brightness x
 * cell-anchored texture, see {@link TextureAnchors}); (2) convolution with the PSF kernel by FFT on the input
 * grid; (3) sampling at the output z step (linear between input planes; masks take the nearest plane);
 * (4) the camera's Poisson-Gaussian noise and quantisation ({@link Camera}); (5) optionally maximum-intensity
 * projections. The mask of a projection gives each pixel the label of the cell whose noise-free blurred signal
 * is brightest along the ray, so the label is that of the cell the projected image shows there, and a pixel is
 * foreground exactly when its ray crosses a cell (the projection of the union of masks, as the paper's 2D
 * masks).
 *
 * <p>SNR is the Cell Tracking Challenge's: for each cell |mean_fg - mean_bg| / std_bg on the grey values,
 * averaged over the cells of the frame; the background is the voxels outside every mask where the noise-free
 * signal is below 5 % of the mean cell signal (so blur halos do not count as background). With a target SNR the
 * signal level is set once, on the first frame with cells, from the noise model; later frames keep that
 * illumination and report the SNR they measure.
 *
 * <p>Deterministic: every random draw comes from the seed, the frame and the plane (not from threads).
 */
public final class Renderer {
    private final RenderSettings settings;

    public Renderer(RenderSettings settings) {
        this.settings = settings;
    }

    public RenderSettings settings() {
        return settings;
    }

    /**
     * Renders every frame of {@code masks}, handing each to {@code sink} as soon as it is done (frames are not
     * kept), and returns the summary.
     */
    public RenderSummary render(MaskSequence masks, Consumer<RenderedFrame> sink, ProgressSink progress) {
        int frames = masks.frameCount();
        if (frames < 1) {
            throw CellInrException.of("the mask sequence has no frames");
        }
        long started = System.nanoTime();
        LabelVolume first = masks.frame(0);
        Dimensions dims = first.dimensions();
        VoxelSize voxel = first.voxelSize();
        PsfModel model = settings.optics().model();
        PsfKernel kernel = PsfKernel.forOptics(model, voxel, settings.optics().psfDepthUm());
        ZSampling zSampling = ZSampling.of(dims, voxel, settings.zStepUm());
        GradientNoise noise = new GradientNoise(Seeds.derive(settings.seed(), "render.texture"),
                settings.staining().textureOctaves());
        Stainer stainer = new Stainer(settings.staining(), noise);
        TextureAnchors anchors = new TextureAnchors(settings.seed(), settings.staining().brightnessCv(),
                masks.parents());
        Camera camera = settings.camera();
        boolean calibrated = !(camera.targetSnr() > 0);
        double snrSum = 0;
        int snrFrames = 0;
        double stain = 0;
        double blur = 0;
        double expose = 0;
        double kernelSeconds = (System.nanoTime() - started) / 1e9;
        try (Workers workers = Workers.create(settings.threads());
             Progress bar = progress.start("render", frames, "frames")) {
            FftConvolver convolver = new FftConvolver(dims, kernel.kernel(), workers);
            float[] density = new float[dims.voxelCount()];
            float[] depth = new float[dims.voxelCount()];
            float[] spectrum = new float[convolver.spectrumLength()];
            for (int t = 0; t < frames; t++) {
                long t0 = System.nanoTime();
                LabelVolume mask = t == 0 ? first : masks.frame(t);
                if (!mask.dimensions().equals(dims)) {
                    throw CellInrException.of(String.format(Locale.ROOT,
                            "frame %d is %s voxels but frame 0 is %s: every frame must have the same size", t,
                            mask.dimensions(), dims));
                }
                Map<Integer, CellShape> shapes = CellShape.measure(mask);
                Map<Integer, TextureAnchors.Anchor> frameAnchors = anchors.update(shapes);
                stainer.stain(mask, shapes, frameAnchors, anchors, density, depth, workers);
                long t1 = System.nanoTime();
                convolver.convolve(density, density, spectrum);
                long t2 = System.nanoTime();
                float[] clean = zSampling.sample(density);
                for (int i = 0; i < clean.length; i++) {
                    clean[i] = Math.max(0f, clean[i]); // FFT round-off around zero
                }
                LabelVolume outMask = zSampling.sample(mask);
                double meanCell = meanCellSignal(clean, outMask.labels(), shapes.keySet().stream()
                        .mapToInt(Integer::intValue).max().orElse(0));
                if (!calibrated && !shapes.isEmpty()) {
                    camera = camera.withSignal(camera.signalForSnr(camera.targetSnr(), meanCell));
                    calibrated = true;
                }
                float[] adu = new float[clean.length];
                int saturated = exposeFrame(camera, clean, adu, zSampling.output(), t, workers);
                FloatVolume image = new FloatVolume(zSampling.output(), zSampling.outputVoxel(), adu);
                double snr = measuredSnr(adu, clean, outMask.labels(), meanCell);
                if (!Double.isNaN(snr)) {
                    snrSum += snr;
                    snrFrames++;
                }
                FloatVolume mipImage = null;
                LabelVolume mipMask = null;
                if (settings.mip()) {
                    mipImage = Projection.maxImage(image);
                    mipMask = Projection.brightestLabel(clean, outMask);
                }
                long t3 = System.nanoTime();
                RenderedFrame.FrameStats stats = new RenderedFrame.FrameStats(shapes.size(), snr,
                        saturated / (double) adu.length, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
                stain += stats.stainSeconds();
                blur += stats.blurSeconds();
                expose += stats.cameraSeconds();
                sink.accept(new RenderedFrame(t, image, outMask, mipImage, mipMask, stats));
                bar.step(1);
                bar.status(String.format(Locale.ROOT, "%d cells, SNR %.1f", shapes.size(), snr));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new RenderSummary(frames, dims, voxel, zSampling.output(), zSampling.outputVoxel(), kernel,
                    convolver.paddedSize(), camera, snrFrames == 0 ? Double.NaN : snrSum / snrFrames, seconds,
                    kernelSeconds, stain, blur, expose, workers.threads());
        }
    }

    private int exposeFrame(Camera camera, float[] clean, float[] adu, Dimensions out, int frame,
                            Workers workers) {
        int plane = out.height() * out.width();
        int[] saturated = new int[out.depth()];
        long seed = settings.seed();
        workers.forRange(out.depth(), (from, to) -> {
            for (int z = from; z < to; z++) {
                SplittableRandom random = Seeds.random(seed, "render.camera", frame, z);
                saturated[z] = camera.expose(clean, adu, z * plane, (z + 1) * plane, random);
            }
        });
        int total = 0;
        for (int s : saturated) {
            total += s;
        }
        return total;
    }

    /** Mean over cells of each cell's mean noise-free signal (stain density after blur) in its mask. */
    static double meanCellSignal(float[] clean, int[] labels, int maxLabel) {
        if (maxLabel == 0) {
            return 0;
        }
        Map<Integer, double[]> sums = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0) {
                double[] s = sums.computeIfAbsent(labels[i], k -> new double[2]);
                s[0] += clean[i];
                s[1]++;
            }
        }
        double total = 0;
        for (double[] s : sums.values()) {
            total += s[0] / s[1];
        }
        return sums.isEmpty() ? 0 : total / sums.size();
    }

    /** The CTC SNR of grey values {@code adu}: mean over cells of |mean_fg - mean_bg| / std_bg. */
    static double measuredSnr(float[] adu, float[] clean, int[] labels, double meanCellSignal) {
        double threshold = 0.05 * meanCellSignal;
        double bgSum = 0;
        double bgSum2 = 0;
        long bgCount = 0;
        Map<Integer, double[]> cells = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0) {
                double[] s = cells.computeIfAbsent(labels[i], k -> new double[2]);
                s[0] += adu[i];
                s[1]++;
            } else if (clean[i] <= threshold) {
                bgSum += adu[i];
                bgSum2 += (double) adu[i] * adu[i];
                bgCount++;
            }
        }
        if (cells.isEmpty() || bgCount < 2) {
            return Double.NaN;
        }
        double bgMean = bgSum / bgCount;
        double bgStd = Math.sqrt(Math.max(0, bgSum2 / bgCount - bgMean * bgMean));
        if (bgStd == 0) {
            return Double.NaN;
        }
        double snr = 0;
        for (double[] s : cells.values()) {
            snr += Math.abs(s[0] / s[1] - bgMean) / bgStd;
        }
        return snr / cells.size();
    }
}
