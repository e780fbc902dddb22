package io.github.cellinr.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.model.CellShapeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Inference#write} evaluates several sequences at once, one per thread: the files it writes must not depend
 * on that (same bytes as one sequence at a time), and a sequence that fails still fails the run with its own
 * message and leaves no staging folder.
 */
class InferenceLanesTest {
    private static final Provenance PROVENANCE = Provenance.builder(List.of("test")).seed(1).modelId("m").build();

    @TempDir
    Path dir;

    private static List<Shape> shapes(int count) {
        SplittableRandom random = new SplittableRandom(5);
        List<Shape> shapes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Rotation r = Rotation.fromEuler(0.3 * i, 0.2, -0.25 * i);
            shapes.add(new Shape(String.format("gen_%03d", i), TestModels.paperCode(random), r, "test"));
        }
        return shapes;
    }

    private static Inference.Settings settings(CellShapeModel model, int threads) {
        return Inference.Settings.of(OutputGrid.ofEdge(28, model.micrometresPerUnit()), 3).withThreads(threads);
    }

    @Test
    void sequencesWrittenSideBySideAreTheBytesOfOneAtATime() throws IOException {
        CellShapeModel model = TestModels.paperPlat();
        List<Shape> shapes = shapes(5);
        Path serial = dir.resolve("serial");
        Path lanes = dir.resolve("lanes");
        Inference.Result one = Inference.write(model, "m", shapes, settings(model, 1), serial, PROVENANCE,
                ProgressSink.NONE);
        Inference.Result three = Inference.write(model, "m", shapes, settings(model, 3), lanes, PROVENANCE,
                ProgressSink.NONE);
        assertEquals(3, Inference.lanes(3, shapes.size()));
        assertEquals(shapes.stream().map(Shape::name).toList(),
                three.sequences().stream().map(SequenceSummary::name).toList(), "summaries in shape order");
        for (int i = 0; i < shapes.size(); i++) {
            assertEquals(one.sequences().get(i).pointsEvaluated(), three.sequences().get(i).pointsEvaluated());
        }
        List<Path> files = files(serial);
        assertEquals(files, files(lanes));
        assertTrue(files.size() >= 5 * 4, "masks and lineage of every sequence: " + files);
        for (Path f : files) {
            if (!f.getFileName().toString().equals(Provenance.FILE_NAME)) {
                assertArrayEquals(Files.readAllBytes(serial.resolve(f)), Files.readAllBytes(lanes.resolve(f)),
                        f.toString());
            }
        }
    }

    @Test
    void aSequenceThatCannotBeWrittenFailsTheRunWithItsOwnMessage() throws IOException {
        CellShapeModel model = TestModels.paperPlat();
        List<Shape> shapes = shapes(4);
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("gen_002"));
        CellInrException e = assertThrows(CellInrException.class, () -> Inference.write(model, "m", shapes,
                settings(model, 2), out, PROVENANCE, ProgressSink.NONE));
        assertTrue(e.getMessage().contains("gen_002") && e.getMessage().contains("--overwrite"), e.getMessage());
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no staging folder left");
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
