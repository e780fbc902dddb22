package io.github.cellinr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineageTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomDivisionTreesRoundTrip(long seed) {
        Random r = new Random(seed);
        List<Track> tracks = new ArrayList<>();
        int next = 1;
        int roots = 1 + r.nextInt(3);
        List<Track> open = new ArrayList<>();
        for (int i = 0; i < roots; i++) {
            Track t = Track.root(next++, r.nextInt(3), 3 + r.nextInt(5));
            tracks.add(t);
            open.add(t);
        }
        while (!open.isEmpty() && next < 40) {
            Track parent = open.remove(0);
            if (r.nextBoolean()) {
                for (int c = 0; c < 2; c++) {
                    int begin = parent.end() + 1;
                    Track child = new Track(next++, begin, begin + r.nextInt(6), parent.label());
                    tracks.add(child);
                    open.add(child);
                }
            }
        }
        java.util.Collections.shuffle(tracks, r);
        Lineage lineage = Lineage.of(tracks);
        Path f = dir.resolve("res_track.txt");
        lineage.write(f);
        assertEquals(lineage, Lineage.read(f));
        for (Track t : lineage.tracks()) {
            assertTrue(t.parent() == 0 || lineage.children(t.parent()).contains(t));
        }
    }

    @Test
    void toleratesBlankLinesAndExtraWhitespace() throws IOException {
        Path f = dir.resolve("man_track.txt");
        Files.writeString(f, "1 0 4 0\n\n 2\t5 9 1 \r\n3 5 9 1\n");
        Lineage l = Lineage.read(f);
        assertEquals(List.of(Track.root(1, 0, 4), new Track(2, 5, 9, 1), new Track(3, 5, 9, 1)), l.tracks());
        assertEquals(List.of(2, 3), l.labelsIn(7));
        assertEquals(2, l.children(1).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 0 4 0\\n2 5 x 1\\n | line 2 | field 3 'x' is not a whole number",
            "1 0 4\\n | line 1 | 3 fields, expected 4",
            "1 0 4 0 7\\n | line 1 | 5 fields",
            "1 0 4 0\\n2 -5 9 1\\n | line 2 | negative",
            "1 6 4 0\\n | line 1 | need 0 <= begin <= end",
            "1 0 4 0\\n2 5 9 7\\n | line 2 | parent 7, which is not a track",
            "1 0 4 0\\n2 3 9 1\\n | line 2 | parent must end before its child begins",
            "1 0 4 0\\n1 5 9 0\\n | line 2 | already listed on line 1",
            "0 0 4 0\\n | line 1 | at least 1",
            "3 0 4 3\\n | line 1 | parent 3"})
    void malformedLinesNameFileAndLine(String content, String line, String problem) throws IOException {
        Path f = dir.resolve("bad_track.txt");
        Files.writeString(f, content.replace("\\n", "\n"));
        CellInrException e = assertThrows(CellInrException.class, () -> Lineage.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ": " + line + ": "), m);
        assertTrue(m.contains(problem), m);
        assertFalse(m.contains("\\n"));
    }

    @Test
    void missingAndBinaryFiles() throws IOException {
        Path missing = dir.resolve("none.txt");
        CellInrException e = assertThrows(CellInrException.class, () -> Lineage.read(missing));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Path binary = dir.resolve("bin.txt");
        Files.write(binary, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2});
        e = assertThrows(CellInrException.class, () -> Lineage.read(binary));
        assertTrue(e.getMessage().startsWith(binary.toString()), e.getMessage());
    }

    @Test
    void constructionValidatesToo() {
        assertThrows(CellInrException.class, () -> Lineage.of(List.of(Track.root(1, 0, 3), Track.root(1, 4, 5))));
        assertThrows(CellInrException.class, () -> Lineage.of(List.of(new Track(2, 0, 3, 9))));
        assertEquals("", Lineage.empty().toText());
    }
}
