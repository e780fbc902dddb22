package io.github.cellinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.Json;
import io.github.cellinr.nn.KernelSelection;
import io.github.cellinr.dataset.PhantomDatasetFixture;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.phantom.PhantomType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path dir;

    /** Runs the CLI and returns {exit code, stdout, stderr}. */
    private static Object[] run(String... args) {
        MainTest.Run r = MainTest.run(args);
        return new Object[] {r.exitCode, r.out, r.err};
    }

    @Test
    void trainsAPreparedDatasetResumesItAndReportsJson() throws Exception {
        Path data = PhantomDatasetFixture.prepared(PhantomType.GROWING, 2, 3, 24, 24, 1);
        Path model = dir.resolve("model");
        Object[] r = run("train", "--data", data.toString(), "--out", model.toString(), "--epochs", "2",
                "--points-per-frame", "512", "--latent", "8", "--equivariant", "--json", "--dice-grid", "12");
        assertEquals(0, r[0], (String) r[2]);
        JsonNode json = Json.mapper().readTree((String) r[1]);
        assertEquals(2, json.get("epochs").asInt());
        assertEquals(2, json.get("dice").size());
        assertTrue(json.get("mean_dice").asDouble() >= 0 && json.get("mean_dice").asDouble() <= 1);
        CellShapeModel m = CellShapeModel.load(model);
        assertTrue(m.config().equivariant());
        assertEquals(8, m.latentSize());
        assertTrue(m.provenance().command().contains("--equivariant"), m.provenance().command().toString());

        // a second plain run into the same folder is refused; --resume with more epochs continues it
        Object[] again = run("train", "--data", data.toString(), "--out", model.toString());
        assertEquals(Main.EXIT_USAGE_OR_INPUT, again[0]);
        assertTrue(((String) again[2]).contains("--resume"), (String) again[2]);
        Object[] changed = run("train", "--data", data.toString(), "--out", model.toString(), "--resume",
                "--epochs", "3", "--lr", "0.01");
        assertEquals(Main.EXIT_USAGE_OR_INPUT, changed[0]);
        assertTrue(((String) changed[2]).contains("--lr cannot change"), (String) changed[2]);
        // the original command with --resume appended is accepted
        Object[] resumed = run("train", "--data", data.toString(), "--out", model.toString(), "--epochs", "3",
                "--points-per-frame", "512", "--latent", "8", "--equivariant", "--json", "--dice-grid", "12",
                "--resume");
        assertEquals(0, resumed[0], (String) resumed[2]);
        assertEquals(3, Json.mapper().readTree((String) resumed[1]).get("epochs").asInt());
        assertEquals(3, Files.readAllLines(model.resolve("loss.csv")).size() - 1);
    }

    @Test
    void thePapersRotationSchemeCanBeChosenAndUnknownSchemesAreRejected() throws Exception {
        Path data = PhantomDatasetFixture.prepared(PhantomType.GROWING, 2, 3, 24, 24, 1);
        Path model = dir.resolve("paper-rotations");
        Object[] r = run("train", "--data", data.toString(), "--out", model.toString(), "--epochs", "1",
                "--points-per-frame", "256", "--latent", "8", "--equivariant", "--json", "--dice-grid", "8",
                "--rotation-start", "random", "--rotation-step", "euler", "--rotation-search", "0");
        assertEquals(0, r[0], (String) r[2]);
        JsonNode rotation = Json.mapper().valueToTree(CellShapeModel.load(model).training().options().get("rotation"));
        assertEquals("RANDOM", rotation.get("start").asText());
        assertEquals("EULER", rotation.get("parametrisation").asText());
        assertEquals(0, rotation.get("searchEvery").asInt());
        Object[] bad = run("train", "--data", data.toString(), "--out", dir.resolve("m").toString(),
                "--rotation-start", "sideways");
        assertEquals(Main.EXIT_USAGE_OR_INPUT, bad[0]);
        assertTrue(((String) bad[2]).contains("principal-axes or random"), (String) bad[2]);
    }

    @Test
    void badInputIsOneLineWithExitCodeTwo() {
        Object[] missing = run("train", "--data", dir.resolve("nope").toString(), "--out", dir.resolve("m").toString());
        assertEquals(Main.EXIT_USAGE_OR_INPUT, missing[0]);
        assertEquals(1, ((String) missing[2]).strip().lines().count(), (String) missing[2]);
        Object[] badOption = run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--near-fraction", "2");
        assertEquals(Main.EXIT_USAGE_OR_INPUT, badOption[0]);
        Object[] badPreset = run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--preset", "nope");
        assertEquals(Main.EXIT_USAGE_OR_INPUT, badPreset[0]);
        // options are checked by the options record, one line naming the option (not a 2-line usage message)
        MainTest.Run points = MainTest.run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--points-per-frame", "2000000000");
        DataCommandsTest.assertOneLineError(points, "--points-per-frame", "points per step");
        DataCommandsTest.assertOneLineError(MainTest.run("train", "--data", dir.toString(), "--out",
                dir.resolve("m").toString(), "--near-fraction", "2"), "--near-fraction must be in [0, 1], got 2.0");
        assertTrue(!Files.exists(dir.resolve("m")), "no model folder left behind");
    }

    @Test
    void everyOptionIsFixedOrMutableOnResumeOrAboutTheRun() {
        var options = Main.commandLine("train").getSubcommands().get("train").getCommandSpec().options();
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (var o : options) {
            String name = o.longestName();
            int places = (TrainCommand.FIXED_ON_RESUME.containsKey(name) ? 1 : 0)
                    + (TrainCommand.MUTABLE_ON_RESUME.contains(name) ? 1 : 0)
                    + (TrainCommand.RUN_OPTIONS.contains(name) ? 1 : 0);
            assertEquals(1, places, name + " must be in exactly one of FIXED_ON_RESUME, MUTABLE_ON_RESUME, RUN_OPTIONS");
            seen.add(name);
        }
        assertTrue(seen.containsAll(TrainCommand.FIXED_ON_RESUME.keySet()), "no stale entry: " + seen);
        assertTrue(seen.containsAll(TrainCommand.MUTABLE_ON_RESUME), "no stale entry: " + seen);
    }

    @Test
    void benchReportsThroughputAndPeakAsJson() throws Exception {
        Object[] r = run("bench", "--quick", "--json", "--points", "512", "--threads", "1");
        assertEquals(0, r[0], (String) r[2]);
        JsonNode json = Json.mapper().readTree((String) r[1]);
        assertEquals(168_521, json.get("params").asInt());
        for (String field : new String[] {"train_points_per_s", "infer_points_per_s", "peak_gflops",
            "train_fraction_of_peak"}) {
            assertTrue(json.get(field).asDouble() > 0, field);
        }
        // the fraction is the achieved flop rate over the measured peak (how close to 1 depends on the machine's load)
        assertEquals(json.get("train_points_per_s").asDouble() * json.get("train_flops_per_point").asDouble()
                / (json.get("peak_gflops").asDouble() * 1e9), json.get("train_fraction_of_peak").asDouble(), 1e-9);
        // the instruction set and the tile chosen for it, and each product's share of the peak
        KernelSelection k = KernelSelection.current();
        assertEquals(k.isa().vectorBits(), json.get("isa").get("vector_bits").asInt());
        assertEquals(k.isa().vectorRegisters(), json.get("isa").get("vector_registers").asInt());
        assertEquals(k.isa().useAvx(), json.get("isa").get("use_avx").asInt());
        assertEquals(k.tile().label(), json.get("tile").asText());
        JsonNode products = json.get("products");
        for (String p : new String[] {"forward", "input_gradient", "weight_gradient"}) {
            double fraction = products.get(p + "_fraction_of_peak").asDouble();
            assertTrue(fraction > 0, p + ": " + fraction + " in " + json);
            assertEquals(products.get(p + "_gflops").asDouble() / json.get("peak_gflops").asDouble(), fraction, 1e-9);
        }
    }
}
