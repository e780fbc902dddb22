package io.github.cellinr.spark;

import static io.github.cellinr.spark.SparkRuns.concat;
import static io.github.cellinr.spark.SparkRuns.files;
import static io.github.cellinr.spark.SparkRuns.run;

import io.github.cellinr.spark.SparkRuns.Result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.cli.Main;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prepare} and {@code evaluate} on {@code local[2]} against the single-machine verbs: the same dataset
 * files byte for byte (also after a run that failed half-way), and the same evaluation tables.
 */
final class SparkPrepareEvaluateTest {
    // small enough for CI: 3 phantom cells of 3 frames in 32^3 volumes, a 20^3 grid
    private static final List<String> PREPARE = List.of("--grid", "20", "--frames", "3", "--threads", "1");

    @TempDir
    static Path dir;

    private static Path phantoms;
    private static Path coreDataset;
    private static Path coreEvaluation;

    @BeforeAll
    static void singleMachine() {
        phantoms = dir.resolve("phantoms");
        assertEquals(0, Main.run("phantom", "--out", phantoms.toString(), "--count", "3", "--frames", "3", "--size",
                "32", "--seed", "5"));
        coreDataset = dir.resolve("core-sdf");
        assertEquals(0, Main.run(concat(List.of("prepare", "--in", phantoms.toString(), "--out",
                coreDataset.toString()), PREPARE)));
        coreEvaluation = dir.resolve("core-eval");
        assertEquals(0, Main.run("evaluate", "--real", phantoms.toString(), "--reconstructed", phantoms.toString(),
                "--out", coreEvaluation.toString(), "--threads", "1", "--seed", "3"));
    }

    @Test
    void prepareOnTwoCoresWritesTheSameDatasetAsTheSingleMachineVerb() throws IOException {
        Path out = dir.resolve("spark-sdf");
        Result r = prepare(out);
        assertEquals(0, r.status(), r.err());
        Map<String, byte[]> expected = files(coreDataset);
        assertTrue(expected.containsKey("dataset.json") && expected.containsKey("seq_0000.sdf"),
                expected.keySet()::toString);
        assertEquals(expected, files(out));
        assertSameProvenance(coreDataset, out);
    }

    @Test
    void prepareThatFailedHalfWayCompletesOnReRunWithTheSameBytes() throws IOException {
        Path out = dir.resolve("killed-sdf");
        PrepareJob.failSequenceForTests = 1;
        Result failed;
        try {
            failed = prepare(out);
        } finally {
            PrepareJob.failSequenceForTests = -1;
        }
        assertEquals(2, failed.status(), failed.err());
        assertFalse(failed.err().strip().contains("\n"), failed.err());
        assertTrue(failed.err().contains("sequence 1: failed on purpose"), failed.err());
        assertFalse(Files.exists(out.resolve("dataset.json")));
        // what a kill leaves besides: a dead task's staging folder, a sequence published without its marker
        Path dead = out.resolve(".seq_0001.tmp-dead");
        Files.createDirectories(dead);
        Files.writeString(out.resolve("seq_0001.sdf"), "half");

        Result rerun = prepare(out);
        assertEquals(0, rerun.status(), rerun.err());
        assertFalse(Files.exists(dead));
        assertEquals(files(coreDataset), files(out));
        assertSameProvenance(coreDataset, out);
        try (Stream<Path> list = Files.list(out)) {
            assertEquals(List.of(), list.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") && !n.startsWith(OutputFolder.MARKER)).toList());
        }
    }

    @Test
    void evaluateOnTwoCoresWritesTheSameTablesAsTheSingleMachineVerb() throws IOException {
        Path out = dir.resolve("spark-eval");
        Result r = run("evaluate", "--master", "local[2]", "--real", phantoms.toString(), "--reconstructed",
                phantoms.toString(), "--out", out.toString(), "--threads", "1", "--seed", "3");
        assertEquals(0, r.status(), r.err());
        Map<String, byte[]> expected = tables(coreEvaluation);
        assertTrue(expected.size() >= 2, expected.keySet()::toString);
        assertEquals(expected, tables(out));
        assertTrue(Files.exists(out.resolve("report.html")));
    }

    private static Result prepare(Path out) {
        List<String> args = new ArrayList<>(List.of("prepare", "--master", "local[2]", "--in", phantoms.toString(),
                "--out", out.toString()));
        args.addAll(PREPARE);
        return run(args.toArray(String[]::new));
    }

    /** Provenance equal apart from the command line, the time and the machine. */
    private static void assertSameProvenance(Path a, Path b) throws IOException {
        JsonNode x = Json.mapper().readTree(Files.readString(a.resolve("provenance.json")));
        JsonNode y = Json.mapper().readTree(Files.readString(b.resolve("provenance.json")));
        for (String field : new String[] {"tool", "version", "seed", "inputs", "parameters"}) {
            assertEquals(x.get(field), y.get(field), field);
        }
    }

    /** The evaluation's tables (CSV files) by relative path. */
    private static Map<String, byte[]> tables(Path root) throws IOException {
        Map<String, byte[]> all = files(root);
        all.keySet().removeIf(name -> !name.endsWith(".csv"));
        return all;
    }
}
