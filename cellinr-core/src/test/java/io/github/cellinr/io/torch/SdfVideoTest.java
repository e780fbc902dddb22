package io.github.cellinr.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code sdf_vid_sphere.h5} was written by h5py 3.16.0 as MATLAB writes the released training data: dataset
 * {@code sdf_vid}, float32, shape (Z, Y, X, T) = (16, 16, 16, 3), gzip chunks; frame t holds
 * {@code d / max|d|} with {@code d = |(x, y, z) - (9, 7, 6)| - (3 + t)} in voxels (x along X, y along Y, z along Z).
 */
class SdfVideoTest {

    private static double distanceVoxels(int x, int y, int z, int t) {
        return Math.sqrt((x - 9.0) * (x - 9.0) + (y - 7.0) * (y - 7.0) + (z - 6.0) * (z - 6.0)) - (3 + t);
    }

    @Test
    void framesFollowTheReleasedAxisConventionAndRecoverMicrometres() throws Exception {
        SdfVideo video = SdfVideo.read(resource("sdf_vid_sphere.h5"));
        int n = video.gridSize();
        assertEquals(16, n);
        assertEquals(3, video.frameCount());
        double voxelUm = 0.5;
        for (int t = 0; t < 3; t++) {
            float[] stored = video.normalisedFrame(t);
            float[] um = video.frameUm(t, voxelUm);
            double max = 0;
            for (int z = 0; z < n; z++) {
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        max = Math.max(max, Math.abs(distanceVoxels(x, y, z, t)));
                    }
                }
            }
            for (int z = 0; z < n; z++) {
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        int v = (z * n + y) * n + x;
                        double d = distanceVoxels(x, y, z, t);
                        assertEquals((float) (d / max), stored[v], 1e-6, "stored value at " + x + "," + y + "," + z);
                        // the median gradient of a sphere's distance is one up to its curvature
                        assertEquals(d * voxelUm, um[v], 0.02 * Math.abs(d * voxelUm) + 1e-4,
                                "micrometres at " + x + "," + y + "," + z + " t=" + t);
                    }
                }
            }
            assertEquals(max, video.voxelsPerValue(t), 0.02 * max);
        }
    }

    @Test
    void otherShapesAreRefused() throws Exception {
        Path notCubic = resource("sdf_vid_not_cubic.h5");
        CellInrException e = assertThrows(CellInrException.class, () -> SdfVideo.read(notCubic));
        assertTrue(e.getMessage().contains("sdf_vid has shape [4, 5, 6, 2]; each frame must be a cubic"), e.getMessage());
        Path threeD = resource("sdf_vid_3d.h5");
        e = assertThrows(CellInrException.class, () -> SdfVideo.read(threeD));
        assertTrue(e.getMessage().contains("the released training sequences are (Z, Y, X, T)"), e.getMessage());
        Path mat = resource("e2000_lat_vecs.mat");
        e = assertThrows(CellInrException.class, () -> SdfVideo.read(mat));
        assertTrue(e.getMessage().startsWith(mat.toString()), e.getMessage());
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SdfVideoTest.class.getResource(name).toURI());
    }
}
