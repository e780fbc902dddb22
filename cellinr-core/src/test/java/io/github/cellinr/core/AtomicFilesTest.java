package io.github.cellinr.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("sub/out.txt");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals(1, countFiles(f.getParent()));
    }

    @Test
    void failedWriteKeepsOldContentAndLeavesNoTemporary() throws IOException {
        Path f = dir.resolve("out.txt");
        AtomicFiles.writeString(f, "good");
        assertThrows(CellInrException.class, () -> AtomicFiles.write(f, (AtomicFiles.StreamWriter) out -> {
            out.write("half".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals("good", Files.readString(f));
        assertEquals(1, countFiles(dir));
    }

    @Test
    void fullDiskIsNamedPlainly() {
        CellInrException e = AtomicFiles.writeError(Path.of("x.tif"), new IOException("No space left on device"));
        assertTrue(e.getMessage().startsWith("x.tif: cannot write: the disk is full"), e.getMessage());
    }

    private static long countFiles(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }
}
