package io.github.cellinr.spark;

import static io.github.cellinr.spark.SparkRuns.concat;
import static io.github.cellinr.spark.SparkRuns.files;
import static io.github.cellinr.spark.SparkRuns.run;

import io.github.cellinr.spark.SparkRuns.Result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.cli.Main;
import io.github.cellinr.core.OutputFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static Result spark(Path gen, Path images) {
        List<String> args = new ArrayList<>(List.of("generate", "--master", "local[2]", "--out", gen.toString(),
                "--render", images.toString()));
        args.addAll(GENERATE);
        args.add("--mip");
        return run(args.toArray(String[]::new));
    }
}
