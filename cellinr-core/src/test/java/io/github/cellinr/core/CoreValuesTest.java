package io.github.cellinr.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoreValuesTest {

    @Test
    void voxelSizeParsesZyxAndIsotropic() {
        VoxelSize v = VoxelSize.parse("2.0, 0.4,0.5");
        assertEquals(2.0, v.zUm());
        assertEquals(0.4, v.yUm());
        assertEquals(0.5, v.xUm());
        assertEquals(0.4, v.volumeUm3(), 1e-12);
        assertFalse(v.isIsotropic());
        assertTrue(VoxelSize.parse("0.125").isIsotropic());
    }

    @Test
    void badVoxelSizeIsOneLineError() {
        CellInrException e = assertThrows(CellInrException.class, () -> VoxelSize.parse("1,2"));
        assertTrue(e.getMessage().contains("'1,2'"), e.getMessage());
        assertThrows(CellInrException.class, () -> new VoxelSize(0, 1, 1));
        assertThrows(CellInrException.class, () -> new VoxelSize(Double.NaN, 1, 1));
    }

    @Test
    void exceptionMessagesAreOneLineAndNameTheFile() {
        CellInrException e = CellInrException.of(java.nio.file.Path.of("a/b.tif"), "truncated\nat byte 12");
        assertEquals("a/b.tif: truncated at byte 12", e.getMessage());
        assertEquals(java.nio.file.Path.of("a/b.tif"), e.file());
    }

    @Test
    void dimensionsIndexIsXFastest() {
        Dimensions d = new Dimensions(2, 3, 4);
        assertEquals(24, d.voxelCount());
        assertEquals(0, d.index(0, 0, 0));
        assertEquals(1, d.index(0, 0, 1));
        assertEquals(4, d.index(0, 1, 0));
        assertEquals(12, d.index(1, 0, 0));
        assertThrows(CellInrException.class, () -> new Dimensions(2048, 2048, 2048));
    }

    @Test
    void derivedSeedsAreStableAndIndependent() {
        assertEquals(Seeds.derive(42, "phantom", 3), Seeds.derive(42, "phantom", 3));
        assertNotEquals(Seeds.derive(42, "phantom", 3), Seeds.derive(42, "phantom", 4));
        assertNotEquals(Seeds.derive(42, "phantom", 3), Seeds.derive(43, "phantom", 3));
        assertNotEquals(Seeds.derive(42, "phantom"), Seeds.derive(42, "train"));
        // a fixed value guards against accidental changes that would silently alter every seeded output
        assertEquals(Seeds.derive(1, "x"), Seeds.derive(1, "x", new long[0]));
    }

    @Test
    void logProgressPrintsRateAndEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress p = ProgressSink.log(out, Duration.ZERO).start("prepare", 10, "frames")) {
            p.status("cell 3");
            p.step(4);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("prepare: 4/10 frames (40%)"), text);
        assertTrue(text.contains("ETA"), text);
        assertTrue(text.contains("frames/s"), text);
        assertTrue(text.contains("cell 3"), text);
    }

    @Test
    void durationsAreHumanReadable() {
        assertEquals("59s", ProgressSink.formatDuration(59));
        assertEquals("4m33s", ProgressSink.formatDuration(273));
        assertEquals("2h05m", ProgressSink.formatDuration(7500));
    }
}
