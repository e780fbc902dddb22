package io.github.cellinr.render;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.VoxelSize;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a render did: sizes, the PSF kernel, the camera as used (its signal set by the SNR target when there was
 * one), the mean measured SNR and the time spent per stage.
 */
public record RenderSummary(int frames, Dimensions inputSize, VoxelSize inputVoxel, Dimensions outputSize,
                            VoxelSize outputVoxel, PsfKernel psf, Dimensions fftSize, Camera camera,
                            double meanSnr, double seconds, double psfSeconds, double stainSeconds,
                            double blurSeconds, double cameraSeconds, int threads) {

    public double secondsPerFrame() {
        return seconds / frames;
    }

    /** Resolved values for provenance and {@code --json}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", frames);
        m.put("input_voxels_zyx", inputSize.toString());
        m.put("input_voxel_size_um_zyx", inputVoxel.toString());
        m.put("output_voxels_zyx", outputSize.toString());
        m.put("output_voxel_size_um_zyx", outputVoxel.toString());
        m.put("psf", psf.describe());
        m.put("fft_size_zyx", fftSize.toString());
        m.put("camera_as_used", camera);
        m.put("mean_measured_snr", Double.isNaN(meanSnr) ? null : meanSnr);
        m.put("seconds", seconds);
        m.put("seconds_per_frame", secondsPerFrame());
        m.put("seconds_psf", psfSeconds);
        m.put("seconds_stain", stainSeconds);
        m.put("seconds_blur", blurSeconds);
        m.put("seconds_camera", cameraSeconds);
        m.put("threads", threads);
        return m;
    }
}
