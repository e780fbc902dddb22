package io.github.cellinr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.cli.Main;
import io.github.cellinr.core.OutputFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generate + render job on {@code local[2]} against the single-machine verbs with the same seed: the same files
 * with the same bytes (provenance apart: it records the command line and the time), also when a first run fails
 * half-way and is run again.
 */
final class SparkGenerateRenderTest {
    // small enough for CI: 4 sequences of 3 frames of 20^3, random rotations (so the seed matters), 3D + MIP
    private static final List<String> GENERATE = List.of("--model", "paper-plat", "--count", "4", "--size", "20",
            "--frames", "3", "--rotation", "random", "--seed", "7");
    private static final List<String> RENDER = List.of("--mip", "--seed", "7");

    @TempDir
    static Path dir;

    private static Map<String, byte[]> singleMachineMasks;
    private static Map<String, byte[]> singleMachineImages;

    @BeforeAll
    static void singleMachine() throws IOException {
        Path gen = dir.resolve("single-gen");
        Path images = dir.resolve("single-images");
        assertEquals(0, Main.run(concat(List.of("generate", "--out", gen.toString()), GENERATE)));
        assertEquals(0, Main.run(concat(List.of("render", "--masks", gen.toString(), "--out", images.toString()),
                RENDER)));
        singleMachineMasks = files(gen);
        singleMachineImages = files(images);
        assertTrue(singleMachineMasks.containsKey("gen_003/masks/mask002.tif"), singleMachineMasks.keySet()::toString);
        assertTrue(singleMachineImages.containsKey("04/t002.tif"), singleMachineImages.keySet()::toString);
        assertTrue(singleMachineImages.containsKey("mip/04_GT/SEG/man_seg002.tif"));
    }

    @Test
    void aJobOnTwoCoresWritesTheSameBytesAsTheSingleMachineVerbs() throws IOException {
        Path gen = dir.resolve("spark-gen");
        Path images = dir.resolve("spark-images");
        Result r = spark(gen, images);
        assertEquals(0, r.status(), r.err());
        assertEquals(singleMachineMasks, files(gen));
        assertEquals(singleMachineImages, files(images));
        assertTrue(Files.exists(gen.resolve("provenance.json")));
        assertTrue(Files.exists(images.resolve("mip/provenance.json")));
    }

    @Test
    void aJobThatFailedHalfWayCompletesOnReRunWithTheSameBytes() throws IOException {
        Path gen = dir.resolve("killed-gen");
        Path images = dir.resolve("killed-images");
        // a first run breaks down at sequence gen_002: its folder is in the way as a file, so its task fails after
        // others have written theirs
        Files.createDirectories(gen);
        OutputFolder.writeMarker(gen);
        Path obstacle = gen.resolve("gen_002");
        Files.writeString(obstacle, "not a sequence folder");
        Result failed = spark(gen, images);
        assertEquals(2, failed.status(), failed.err());
        String message = failed.err().strip();
        assertFalse(message.contains("\n"), "one line, no stack trace: " + message);
        assertTrue(message.startsWith("cellinr-spark: ") && message.contains(obstacle.toString()), message);

        // what a kill leaves: the failed sequence, a staging folder of a task that died, a half-published render
        Files.delete(obstacle);
        Path deadStaging = gen.resolve(".gen_001.tmp-dead");
        Files.createDirectories(deadStaging.resolve("masks"));
        Files.deleteIfExists(images.resolve(SequenceTask.renderMarker("01")));
        Result rerun = spark(gen, images);
        assertEquals(0, rerun.status(), rerun.err());
        assertFalse(Files.exists(deadStaging));
        assertEquals(singleMachineMasks, files(gen));
        assertEquals(singleMachineImages, files(images));
    }

    @Test
    void aMissingModelIsOneLineNamingIt() {
        Path missing = dir.resolve("no-model");
        Result r = run("generate", "--master", "local[1]", "--model", missing.toString(), "--out",
                dir.resolve("unused").toString(), "--count", "1");
        assertEquals(2, r.status());
        assertEquals("cellinr-spark: " + missing + ": no such model folder, and not a bundled model (bundled:"
                + " paper-plat)", r.err().strip());
    }

    private record Result(int status, String err) {
    }

    private static Result spark(Path gen, Path images) {
        List<String> args = new ArrayList<>(List.of("generate", "--master", "local[2]", "--out", gen.toString(),
                "--render", images.toString()));
        args.addAll(GENERATE);
        args.add("--mip");
        return run(args.toArray(String[]::new));
    }

    private static Result run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CellInrSpark.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(status, err.toString(StandardCharsets.UTF_8));
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    /**
     * Every file under {@code root} by relative path with its bytes, except the provenance (command line and time
     * differ by design) and the output-folder marker and lock.
     */
    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(p).toString().replace('\\', '/');
                String last = p.getFileName().toString();
                if (!last.equals("provenance.json") && !last.startsWith(OutputFolder.MARKER)) {
                    files.put(name, Files.readAllBytes(p));
                }
            }
        }
        return new ByteMap(files);
    }

    /** A map whose equality compares the byte arrays' contents, and whose text names the paths that differ. */
    private static final class ByteMap extends TreeMap<String, byte[]> {
        private static final long serialVersionUID = 1L;

        ByteMap(Map<String, byte[]> m) {
            super(m);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Map<?, ?> other) || !keySet().equals(other.keySet())) {
                return false;
            }
            for (var e : entrySet()) {
                if (!java.util.Arrays.equals(e.getValue(), (byte[]) other.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return keySet().hashCode();
        }

        @Override
        public String toString() {
            return keySet().toString();
        }
    }
}
