package io.github.cellinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.io.CtcWriter;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.Track;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.nn.MlpInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    static final Dimensions DIMS = Dimensions.cube(32);
    static final VoxelSize VOXEL = VoxelSize.isotropic(0.5);

    static LabelVolume ball(int label, double cx, double r) {
        LabelVolume m = LabelVolume.empty(DIMS, VOXEL);
        for (int z = 0; z < 32; z++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    if ((z - 15.5) * (z - 15.5) + (y - 15.5) * (y - 15.5) + (x - cx) * (x - cx) <= r * r) {
                        m.set(z, y, x, label);
                    }
                }
            }
        }
        return m;
    }

    /** Sequences NN of a growing ball in CTC layout: ground truth (real) or results (reconstructions). */
    static void writeSet(Path dir, boolean groundTruth, double extraRadius) {
        for (int s = 1; s <= 4; s++) {
            String name = String.format("%02d", s) + (groundTruth ? "_GT" : "_RES");
            try (CtcWriter w = groundTruth ? CtcWriter.groundTruth(dir.resolve(name), 4)
                    : CtcWriter.result(dir.resolve(name), 4)) {
                for (int t = 0; t < 4; t++) {
                    w.writeFrame(t, ball(1, 15.5, 4 + s * 0.7 + t * 0.8 + extraRadius));
                }
                w.finish(Lineage.of(List.of(Track.root(1, 0, 3))));
            }
        }
    }

    static Path model(Path dir) {
        ModelConfig config = ModelConfig.of(NetworkSpec.SIREN_PAPER, 0, true, 10);
        SplittableRandom r = new SplittableRandom(4);
        float[] decoder = MlpInit.initialise(config.network().layout(), r);
        int sequences = 10;
        float[] codes = new float[sequences * 64];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (float) ((i / 64 % 2) * 0.5 + 0.01 * r.nextGaussian());
        }
        List<SequenceInfo> seqs = new ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            seqs.add(new SequenceInfo("c" + s, "test", SequenceInfo.evenTimes(4), -1));
        }
        CellShapeModel.of(config, seqs, decoder, codes, new float[sequences * 3],
                Provenance.builder(List.of("train")).build(), null).save(dir);
        return dir;
    }

    @Test
    void evaluatesRealReconstructedAndSyntheticSetsWithAModel(@TempDir Path dir) throws Exception {
        writeSet(dir.resolve("real"), true, 0);
        writeSet(dir.resolve("recon"), false, 0.4);
        writeSet(dir.resolve("synth"), false, 2.0);
        Path m = model(dir.resolve("model"));
        StringBuilder classes = new StringBuilder("sequence,class\n");
        for (int s = 0; s < 10; s++) {
            classes.append("c").append(s).append(',').append(s % 2 == 0 ? "round" : "long").append('\n');
        }
        Files.writeString(dir.resolve("classes.csv"), classes);
        Path out = dir.resolve("eval");
        MainTest.Run run = MainTest.run("evaluate", "--real", dir.resolve("real").toString(), "--reconstructed",
                dir.resolve("recon").toString(), "--synthetic", dir.resolve("synth").toString(), "--model", m.toString(),
                "--classes", dir.resolve("classes.csv").toString(), "--out", out.toString(), "--threads", "2");
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("real:") && run.out.contains("4 sequences"), run.out);
        assertTrue(run.out.contains("Dice reconstructed vs real: 0.9"), run.out);
        assertTrue(run.out.contains("KS synthetic vs real, volume"), run.out);
        assertTrue(run.out.contains("nearest-centroid accuracy 100.0%"), run.out);
        assertTrue(run.out.contains("report: " + out.resolve("report.html").toAbsolutePath()), run.out);
        assertTrue(Files.isRegularFile(out.resolve("figures/latent-tsne.png")));
        Provenance p = Provenance.read(out.resolve("provenance.json"));
        assertEquals(4, p.inputs().size());
        assertEquals(CellShapeModel.id(m), p.modelId());
        assertEquals(1L, p.seed(), "evaluate's seed defaults to 1, as on every verb (SeedOption)");

        MainTest.Run json = MainTest.run("evaluate", "--real", dir.resolve("real").toString(), "--reconstructed",
                dir.resolve("recon").toString(), "--out", dir.resolve("eval2").toString(), "--json");
        assertEquals(0, json.exitCode, json.err);
        JsonNode node = Json.mapper().readTree(json.out);
        assertEquals(2, node.get("sets").size());
        assertEquals("reconstructed", node.get("sets").get(1).get("name").asText());
        assertTrue(node.get("sets").get(1).get("dice").get("mean").asDouble() > 0.8);
        assertEquals(3, node.get("ks").size());
        assertTrue(node.get("report").asText().endsWith("report.html"));
    }

    @Test
    void missingFolderAndUnpairedSequencesAreOneLineErrors(@TempDir Path dir) {
        MainTest.Run missing = MainTest.run("evaluate", "--real", dir.resolve("nope").toString(), "--out",
                dir.resolve("o").toString());
        assertEquals(2, missing.exitCode);
        assertTrue(missing.err.startsWith("cellinr: error: --real ") && missing.err.contains("does not exist"),
                missing.err);
        assertEquals(1, missing.err.strip().lines().count(), missing.err);

        writeSet(dir.resolve("real"), true, 0);
        try (CtcWriter w = CtcWriter.result(dir.resolve("other/07_RES"), 1)) {
            w.writeFrame(0, ball(1, 15.5, 5));
            w.finish(Lineage.of(List.of(Track.root(1, 0, 0))));
        }
        MainTest.Run unpaired = MainTest.run("evaluate", "--real", dir.resolve("real").toString(), "--reconstructed",
                dir.resolve("other").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, unpaired.exitCode);
        assertTrue(unpaired.err.contains("[07] have no real sequence"), unpaired.err);

        MainTest.Run classesWithoutModel = MainTest.run("evaluate", "--real", dir.resolve("real").toString(),
                "--classes", "x.csv", "--out", dir.resolve("o").toString());
        assertEquals(2, classesWithoutModel.exitCode);
        assertTrue(classesWithoutModel.err.contains("--classes needs --model"), classesWithoutModel.err);
    }

    /** A ground-truth folder given directly (SEG/ and TRA/ inside) is one sequence named after it. */
    @Test
    void aGroundTruthFolderIsOneSequence(@TempDir Path dir) {
        writeSet(dir.resolve("real"), true, 0);
        writeSet(dir.resolve("recon"), false, 0);
        MainTest.Run run = MainTest.run("evaluate", "--real", dir.resolve("real/02_GT").toString(), "--reconstructed",
                dir.resolve("recon/02_RES").toString(), "--out", dir.resolve("o").toString());
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("1 sequences"), run.out);
        assertTrue(run.out.contains("Dice reconstructed vs real: 1.000"), run.out);
    }

    @Test
    void pairingKeysIgnoreTheCtcFolderSuffixes() {
        assertEquals("01", EvaluateCommand.pairingKey("01"));
        assertEquals("growing/01", EvaluateCommand.pairingKey("growing/01_GT/TRA"));
        assertEquals("growing/01", EvaluateCommand.pairingKey("growing/01_RES"));
        assertEquals("cell_7", EvaluateCommand.pairingKey("cell_7/SEG"));
        assertEquals("SEG", EvaluateCommand.pairingKey("SEG"));
    }

    @Test
    void helpDocumentsEveryOption() {
        MainTest.Run help = MainTest.run("evaluate", "--help");
        assertEquals(0, help.exitCode);
        for (String option : List.of("--real", "--reconstructed", "--synthetic", "--model", "--classes", "--out",
                "--trained-every", "--seed", "--threads", "--json")) {
            assertTrue(help.out.contains(option), option);
        }
        assertTrue(help.out.contains("--seed=K") && help.out.contains("Default: 1"), help.out);
        assertFalse(help.out.contains("Default: 42"), help.out);
    }
}
