package io.github.cellinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.Json;
import io.github.cellinr.model.CellShapeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
    @TempDir
    Path temp;

    private static Path paperFolder() {
        String root = System.getProperty("cellinr.shared.data");
        assumeTrue(root != null, "system property cellinr.shared.data is not set");
        Path dir = Path.of(root, "paper_plat_model");
        assumeTrue(Files.isRegularFile(dir.resolve("model.pth")), "no paper model under " + dir);
        return dir;
    }

    @Test
    void importsWithAGivenScaleAndPrintsJson() throws Exception {
        Path dir = paperFolder();
        Path out = temp.resolve("m");
        MainTest.Run r = MainTest.run("import", "--pth", dir.resolve("model.pth").toString(), "--out", out.toString(),
                "--um-per-unit", "30", "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode json = Json.mapper().readTree(r.out);
        assertEquals("siren-paper", json.get("preset").asText());
        assertEquals(168_521, json.get("parameters").asInt());
        assertEquals(2000, json.get("checkpointEpoch").asInt());
        assertEquals(30.0, json.get("micrometresPerUnit").asDouble());
        assertTrue(json.get("licenceCopied").asBoolean());
        assertEquals(CellShapeModel.id(out), json.get("modelId").asText());
        assertEquals(30.0, CellShapeModel.load(out).micrometresPerUnit());
    }

    @Test
    void calibratesByDefaultAndSaysSo() {
        Path dir = paperFolder();
        Path out = temp.resolve("q");
        MainTest.Run r = MainTest.run("import", "--pth", dir.resolve("model.pth").toString(), "--specs",
                dir.resolve("specs.json").toString(), "--out", out.toString(), "--quick", "--threads", "2");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("calibrated so that generated cells average 3324.0 um^3"), r.out);
        assertTrue(r.out.contains("new codes: N(0, 0.001^2)"), r.out);
    }

    @Test
    void badInputIsOneLineWithExitTwo() {
        MainTest.Run r = MainTest.run("import", "--pth", temp.resolve("absent.pth").toString(), "--specs",
                temp.resolve("absent.json").toString(), "--out", temp.resolve("x").toString());
        assertEquals(2, r.exitCode);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains("absent.json: no such specs file"), r.err);
        r = MainTest.run("import", "--pth", "a.pth", "--out", "x", "--angles", "b.mat");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("--angles needs --codes"), r.err);
    }

    @Test
    void importsReleasedSequencesAsADataset() throws Exception {
        Path h5 = Path.of(ImportCommandTest.class.getResource("/io/github/cellinr/io/torch/sdf_vid_sphere.h5").toURI());
        Path out = temp.resolve("ds");
        MainTest.Run r = MainTest.run("import", "--sdf-h5", h5.toString(), "--out", out.toString(), "--um-per-unit",
                "3.75", "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode json = Json.mapper().readTree(r.out);
        assertEquals(1, json.get("sequences").asInt());
        assertEquals(3, json.get("frames").asInt());
        assertEquals(16, json.get("grid").asInt());
        assertTrue(Files.exists(out.resolve("dataset.json")));
        r = MainTest.run("import", "--sdf-h5", h5.toString(), "--out", temp.resolve("y").toString());
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("--sdf-h5 needs --um-per-unit"), r.err);
        r = MainTest.run("import", "--out", temp.resolve("z").toString());
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("give either --pth (a trained model) or --sdf-h5"), r.err);
    }

    @Test
    void helpDocumentsEveryOption() {
        MainTest.Run r = MainTest.run("import", "--help");
        assertEquals(0, r.exitCode);
        for (String option : new String[] {"--pth", "--specs", "--out", "--codes", "--angles", "--latent-sigma",
            "--um-per-unit", "--reference-volume-um3", "--seed", "--threads", "--quick", "--json", "--sdf-h5", "--near-um",
            "--precision", "--force"}) {
            assertTrue(r.out.contains(option), option + " in " + r.out);
        }
        assertTrue(r.out.contains("Default: 0.001"), r.out);
    }
}
