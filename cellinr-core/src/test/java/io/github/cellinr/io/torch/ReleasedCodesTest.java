package io.github.cellinr.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fixtures written by scipy 1.17.1 as the released training code writes them: {@code e2000_lat_vecs.mat}
 * {lat_vecs: float32 (3, 64), [i][j] = (64 i + j) 1e-4}, {@code e2000_rot_angs.mat} {rot_ang: float32 (3, 3),
 * row i = (0.1 i, -0.2 i, 0.3 i)}, {@code rot_ang_single.mat} {rot_ang: float32 [0.5, 0.25, -1.0]}.
 */
class ReleasedCodesTest {

    @Test
    void codesAndAnglesFromTheReleasedFileNames() throws Exception {
        ReleasedCodes c = ReleasedCodes.read(resource("e2000_lat_vecs.mat"), resource("e2000_rot_angs.mat"), 64);
        assertEquals(3, c.sequenceCount());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 64; j++) {
                assertEquals((float) ((64 * i + j) * 1e-4), c.codes()[i][j]);
            }
            assertArrayEquals(new double[] {(float) (0.1 * i), (float) (-0.2 * i), (float) (0.3 * i)},
                    c.eulerAngles()[i]);
        }
    }

    @Test
    void oneSharedTripleAndMissingAngles() throws Exception {
        ReleasedCodes shared = ReleasedCodes.read(resource("e2000_lat_vecs.mat"), resource("rot_ang_single.mat"), 64);
        for (double[] a : shared.eulerAngles()) {
            assertArrayEquals(new double[] {0.5, 0.25, -1.0}, a);
        }
        ReleasedCodes none = ReleasedCodes.read(resource("e2000_lat_vecs.mat"), null, 64);
        assertArrayEquals(new double[3], none.eulerAngles()[2]);
    }

    @Test
    void sameFileHoldingBoth() throws Exception {
        Path both = resource("codes_compressed.mat");
        ReleasedCodes c = ReleasedCodes.read(both, both, 64);
        assertEquals(5, c.sequenceCount());
        assertArrayEquals(new double[] {4, 4.1, 4.2}, c.eulerAngles()[4]);
    }

    @Test
    void mismatchesAreRefused() throws Exception {
        Path codes = resource("e2000_lat_vecs.mat");
        CellInrException e = assertThrows(CellInrException.class, () -> ReleasedCodes.read(codes, null, 32));
        assertTrue(e.getMessage().contains("lat_vecs is 3 x 64 but the model's CodeLength is 32"), e.getMessage());
        Path five = resource("codes_compressed.mat");
        e = assertThrows(CellInrException.class, () -> ReleasedCodes.read(codes, five, 64));
        assertTrue(e.getMessage().contains("5 angle triples for 3 latent codes"), e.getMessage());
        e = assertThrows(CellInrException.class, () -> ReleasedCodes.read(resource("rot_ang_single.mat"), null, 64));
        assertTrue(e.getMessage().contains("has none of the variables [lat_vecs]"), e.getMessage());
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ReleasedCodesTest.class.getResource(name).toURI());
    }
}
