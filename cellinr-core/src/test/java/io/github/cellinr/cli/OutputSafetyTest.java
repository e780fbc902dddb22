package io.github.cellinr.cli;

import static io.github.cellinr.cli.DataCommandsTest.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.OutputFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's folders are protected from, through the real command line: every refusal is one line naming the
 * folder (exit status 2) and leaves the user's files, and no partial output, behind.
 */
class OutputSafetyTest {

    @TempDir
    Path dir;

    private Path usersFolder(String name) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f);
        Files.writeString(f.resolve("codes.csv"), "mine\n");
        return f;
    }

    private Path phantoms(String name) {
        Path out = dir.resolve(name);
        MainTest.Run r = MainTest.run("phantom", "--type", "growing", "--count", "1", "--frames", "2", "--size", "24",
                "--seed", "1", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.exitCode, r.err);
        return out;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void inPlaceVerbsDoNotWriteIntoAFolderOfTheUsersOwn() throws IOException {
        Path x = usersFolder("x");
        String[][] runs = {
            {"fit", "--model", "paper-plat", "--data", dir.resolve("missing").toString(), "--out", x.toString()},
            {"generate", "--model", "paper-plat", "--out", x.toString(), "--size", "16", "--frames", "2", "--count", "1"},
            {"evaluate", "--real", dir.resolve("missing").toString(), "--out", x.toString()},
            {"train", "--data", dir.resolve("missing").toString(), "--out", x.toString()},
            {"experiment", "grid", "--quick", "--out", x.toString()},
        };
        for (String[] run : runs) {
            assertOneLineError(MainTest.run(run), x.toString(), "not made by cellinr", OutputFolder.MARKER);
            assertEquals(List.of("codes.csv"), names(x), run[0] + " left the user's folder as it was");
            assertEquals("mine\n", Files.readString(x.resolve("codes.csv")));
        }
    }

    @Test
    void forceReplacesOnlyFoldersWithTheMarkerNotOnesWithAProvenanceFile() throws IOException {
        Path y = dir.resolve("y");
        Files.createDirectories(y);
        Files.writeString(y.resolve("notes.txt"), "my notes\n");
        Files.writeString(y.resolve("provenance.json"), "{}\n");
        assertOneLineError(MainTest.run("phantom", "--out", y.toString(), "--force", "--size", "24", "--count", "1",
                "--frames", "2"), y.toString(), "not made by cellinr");
        assertEquals("my notes\n", Files.readString(y.resolve("notes.txt")));

        Path p = phantoms("p"); // ours: carries the marker, so --force may replace it
        assertTrue(Files.isRegularFile(p.resolve(OutputFolder.MARKER)));
        MainTest.Run again = MainTest.run("phantom", "--type", "growing", "--count", "1", "--frames", "2", "--size",
                "24", "--seed", "2", "--threads", "1", "--out", p.toString(), "--force");
        assertEquals(0, again.exitCode, again.err);
    }

    @Test
    void anOutputThatIsInsideOrHoldsAnInputIsRefusedAndTheInputKept() throws IOException {
        Path same = phantoms("same");
        List<String> before = names(same);
        assertOneLineError(MainTest.run("prepare", "--in", same.toString(), "--out", same.toString(), "--force"),
                same.toString(), "is also an input");
        assertEquals(before, names(same), "prepare --in X --out X --force kept its input");
        assertOneLineError(MainTest.run("prepare", "--in", same.toString(), "--out", same.resolve("sdf").toString()),
                "lies inside the input");
        assertOneLineError(MainTest.run("prepare", "--in", same.resolve("01_GT").toString(), "--out", same.toString(),
                "--force"), "holds the input");
        assertEquals(before, names(same));
        assertOneLineError(MainTest.run("render", "--in", same.toString(), "--out", same.resolve("r").toString()),
                "lies inside the input");
        assertOneLineError(MainTest.run("evaluate", "--real", same.toString(), "--out", same.toString()),
                "is also an input");
        assertOneLineError(MainTest.run("train", "--data", same.toString(), "--out", same.toString()),
                "is also an input");
        assertEquals(before, names(same));
        assertOneLineError(MainTest.run("fit", "--model", "paper-plat", "--data", same.toString(), "--out",
                same.toString()), "is also an input");
        assertEquals(before, names(same));
    }

    @Test
    void importAndLinksCannotHideThatTheOutputHoldsTheInput() throws IOException {
        Path models = Files.createDirectories(dir.resolve("released"));
        assertOneLineError(MainTest.run("import", "--pth", models.resolve("model.pth").toString(), "--out",
                models.toString()), "holds the input");
        assertOneLineError(MainTest.run("import", "--sdf-h5", models.resolve("sdf_vid.h5").toString(),
                "--um-per-unit", "1", "--out", models.toString(), "--force"), "holds the input");
        Path same = phantoms("linked");
        Path link = Files.createSymbolicLink(dir.resolve("link"), same);
        List<String> before = names(same);
        assertOneLineError(MainTest.run("prepare", "--in", same.toString(), "--out", link.toString(), "--force"),
                "is also an input");
        assertEquals(before, names(same), "a second spelling of the input folder is still the input");
    }

    @Test
    void aSecondRunIntoAFolderInUseIsRefused() throws IOException {
        Path busy = dir.resolve("busy");
        try (OutputFolder held = OutputFolder.claim(busy, List.of())) {
            assertOneLineError(MainTest.run("generate", "--model", "paper-plat", "--out", busy.toString(), "--size",
                    "16", "--frames", "2", "--count", "1"), busy.toString(), "in use by another cellinr run");
            assertEquals(List.of(OutputFolder.MARKER), names(busy), "the refused run wrote nothing");
        }
        assertFalse(Files.exists(busy), "a claimed folder that stayed empty is removed");
    }

    @Test
    void threadCountsAreCheckedTheSameWayOnEveryVerb() {
        String[][] verbs = {
            {"phantom", "--out", dir.resolve("o1").toString()},
            {"prepare", "--in", dir.resolve("missing").toString(), "--out", dir.resolve("o2").toString()},
            {"train", "--data", dir.resolve("missing").toString(), "--out", dir.resolve("o3").toString()},
            {"reconstruct", "--model", "paper-plat", "--out", dir.resolve("o4").toString()},
            {"generate", "--model", "paper-plat", "--out", dir.resolve("o5").toString()},
            {"fit", "--model", "paper-plat", "--in", dir.resolve("missing").toString(), "--out",
                dir.resolve("o6").toString()},
            {"evaluate", "--real", dir.resolve("missing").toString(), "--out", dir.resolve("o7").toString()},
            {"render", "--in", dir.resolve("missing").toString(), "--out", dir.resolve("o8").toString()},
            {"experiment", "grid", "--out", dir.resolve("o9").toString()},
            {"demo", "--out", dir.resolve("o10").toString()},
            {"import", "--pth", dir.resolve("missing.pth").toString(), "--out", dir.resolve("o11").toString()},
        };
        for (String[] verb : verbs) {
            for (String bad : new String[] {"-3", "10000"}) {
                String[] args = Stream.concat(Stream.of(verb), Stream.of("--threads", bad)).toArray(String[]::new);
                MainTest.Run r = MainTest.run(args);
                assertOneLineError(r, "--threads");
                assertTrue(r.err.contains(bad.equals("-3") ? "must be 0 (all cores) or positive, got -3"
                        : "10000 is more than"), verb[0] + ": " + r.err);
            }
        }
        for (int i = 1; i <= 11; i++) {
            assertFalse(Files.exists(dir.resolve("o" + i)), "no output folder o" + i);
        }
    }

    @Test
    void aLatentCodeTooLongForThePresetIsAOneLineError() {
        Path m = dir.resolve("m");
        assertOneLineError(MainTest.run("train", "--data", dir.resolve("missing").toString(), "--out", m.toString(),
                "--latent", "200"), "--latent 200", "siren-paper", "1 to 187");
        assertOneLineError(MainTest.run("train", "--data", dir.resolve("missing").toString(), "--out", m.toString(),
                "--preset", "deepsdf", "--latent", "600"), "deepsdf", "1 to 507");
        assertFalse(Files.exists(m));
    }

    @Test
    void failedRunsLeaveNoEmptyOutputFolder() throws IOException {
        Path fit = dir.resolve("fit");
        assertOneLineError(MainTest.run("fit", "--model", "paper-plat", "--in", dir.resolve("missing").toString(),
                "--out", fit.toString(), "--threads", "1"), "missing");
        assertFalse(Files.exists(fit), "fit removed the folder it made");
        Path model = dir.resolve("model");
        assertOneLineError(MainTest.run("train", "--data", dir.resolve("missing").toString(), "--out",
                model.toString(), "--threads", "1"), "missing");
        assertFalse(Files.exists(model), "train removed the folder it made");
        Path gen = dir.resolve("gen");
        assertOneLineError(MainTest.run("generate", "--model", "paper-plat", "--out", gen.toString(), "--size", "16",
                "--frames", "2", "--count", "1", "--sampler", "nonsense"), "nonsense");
        assertFalse(Files.exists(gen));
        Path empty = Files.createDirectories(dir.resolve("empty")); // the user's own empty folder stays empty
        assertOneLineError(MainTest.run("train", "--data", dir.resolve("missing").toString(), "--out",
                empty.toString(), "--threads", "1"), "missing");
        assertEquals(List.of(), names(empty));
    }

    @Test
    void aRejectedValueInAModelFileNamesTheFieldNotAJavaClass() throws Exception {
        Path model = copyOfBundledModel("bad-model");
        String json = Files.readString(model.resolve("model.json"));
        String bad = json.replaceFirst("\"micrometresPerUnit\" : [0-9.]+", "\"micrometresPerUnit\" : 0");
        assertFalse(bad.equals(json), "the test edits the scale");
        Files.writeString(model.resolve("model.json"), bad);
        MainTest.Run r = MainTest.run("generate", "--model", model.toString(), "--out", dir.resolve("g").toString(),
                "--count", "1", "--size", "16", "--frames", "2");
        assertOneLineError(r, "model.json", "micrometres per unit must be positive");
        assertFalse(r.err.contains("io.github") || r.err.contains("ModelConfig") || r.err.contains("`"), r.err);
        assertFalse(Files.exists(dir.resolve("g")));
    }

    private Path copyOfBundledModel(String name) throws IOException {
        Path model = Files.createDirectories(dir.resolve(name));
        String zoo = "/io/github/cellinr/model/zoo/paper-plat/";
        for (String file : List.of("model.json", "model.safetensors")) {
            try (var in = OutputSafetyTest.class.getResourceAsStream(zoo + file)) {
                Files.copy(in, model.resolve(file));
            }
        }
        return model;
    }

    @Test
    void aTensorMapThatDisagreesWithTheWeightsIsRefused() throws IOException {
        Path model = copyOfBundledModel("swapped");
        String json = Files.readString(model.resolve("model.json"));
        String bad = json.replace("\"decoder.lin0.weight\" : [ 124, 68 ]", "\"decoder.lin0.weight\" : [ 68, 124 ]");
        assertFalse(bad.equals(json), "the test edits the map");
        Files.writeString(model.resolve("model.json"), bad);
        assertOneLineError(MainTest.run("generate", "--model", model.toString(), "--out", dir.resolve("g").toString(),
                "--count", "1", "--size", "16", "--frames", "2"), "model.json", "decoder.lin0.weight",
                "[68, 124]", "[124, 68]");
        assertFalse(Files.exists(dir.resolve("g")));
    }

    @Test
    void prepareChecksItsOutputBeforeReadingItsInput() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        // the input does not exist either: the output's problem is found first, before any input is read
        assertOneLineError(MainTest.run("prepare", "--in", dir.resolve("missing").toString(), "--out",
                file.resolve("sdf").toString()), file.toString(), "is a file");
    }

    @Test
    void stagingLeftoversOfKilledRunsAreRemovedByTheNextSuccessfulRun() throws IOException {
        Path gen = dir.resolve("gen");
        String[] args = {"generate", "--model", "paper-plat", "--out", gen.toString(), "--size", "16", "--frames", "2",
            "--count", "1", "--threads", "1", "--overwrite"};
        assertEquals(0, MainTest.run(args).exitCode);
        Files.createDirectories(gen.resolve(".gen_000.tmp-1a2b3c/masks"));
        Files.writeString(gen.resolve(".codes.csv.tmp-99ff"), "half");
        Files.writeString(gen.resolve("keep.txt"), "a file the user put here");
        MainTest.Run r = MainTest.run(args);
        assertEquals(0, r.exitCode, r.err);
        assertEquals(List.of(OutputFolder.MARKER, "codes.csv", "gen_000", "keep.txt", "provenance.json"), names(gen));

        Path p = phantoms("p");
        Path stale = dir.resolve(".p.tmp-abc123");
        Files.createDirectories(stale.resolve("01_GT"));
        OutputFolder.writeMarker(stale); // a killed run's staging folder: marked, but nobody holds its lock
        Path unrelated = dir.resolve(".q.tmp-abc123");
        Files.createDirectories(unrelated);
        try (var live = io.github.cellinr.dataset.StagingFolder.create(p, true)) { // a run still at work on p
            MainTest.Run again = MainTest.run("phantom", "--type", "growing", "--count", "1", "--frames", "2",
                    "--size", "24", "--threads", "1", "--out", p.toString(), "--force");
            assertEquals(0, again.exitCode, again.err);
            assertFalse(Files.exists(stale), "the stale staging folder of p is removed");
            assertTrue(Files.exists(live.path()), "the staging folder of a run at work (locked) is left alone");
            assertTrue(Files.exists(unrelated), "another target's staging folder is left alone");
        }
    }
}
