package io.github.cellinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.experiment.Experiment;
import io.github.cellinr.experiment.ExperimentRunner;
import io.github.cellinr.experiment.Experiments;
import io.github.cellinr.experiment.ReportChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every experiment's --quick variant through the CLI: the report is whole, the tables and results are there, the
 * provenance holds the seed, and the numbers have the shape and range the experiment promises. The quick sizes
 * are too small for the numbers to mean much (docs/RESULTS.md has the full runs); the checks are on structure and
 * on effects large enough to show at any size.
 */
class ExperimentCommandIT {

    @TempDir
    Path dir;

    private JsonNode run(String name, Consumer<JsonNode> check) throws Exception {
        Path out = dir.resolve(name);
        MainTest.Run r = MainTest.run("experiment", name, "--quick", "--out", out.toString(), "--seed", "5",
                "--threads", "2");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("report: " + out.resolve("report.html")), r.out);
        ReportChecks.check(out.resolve("report.html"), dir.resolve("chromium-" + name));
        // the cells in 3D: a montage per type (reconstruction) or of one cell by each compared model, and a viewer
        if (!name.equals("reconstruction") && !name.equals("synthesis")) {
            ReportChecks.surfaceMontage(out.resolve("figures/cells-3d.png"));
        }
        ReportChecks.hasViewer(out.resolve("report.html"));
        assertTrue(Files.exists(out.resolve("tables/scaling.csv")));
        assertEquals(5L, Provenance.read(out.resolve("provenance.json")).seed());
        JsonNode results = Json.mapper().readTree(out.resolve(ExperimentRunner.RESULTS_FILE).toFile());
        assertEquals(name, results.get("experiment").asText());
        assertTrue(results.get("quick").asBoolean());
        check.accept(results.get("results"));
        return results;
    }

    private static void dice(JsonNode summary) {
        double mean = summary.get("mean").asDouble();
        assertTrue(mean >= 0 && mean <= 1, "a Dice mean in [0, 1]: " + summary);
        assertTrue(summary.get("n").asInt() > 0);
    }

    @Test
    void everyExperimentRunsQuick() throws Exception {
        List<String> names = Experiments.all().stream().map(Experiment::name).toList();
        assertEquals(8, names.size());
        run("synthesis", r -> {
            for (String t : List.of("growing", "dividing")) {
                for (String sampler : List.of("gaussian", "near", "gmm", "ppca", "mix")) {
                    JsonNode s = r.get(t).get(sampler);
                    assertEquals(3, s.get("sequences").asInt(), t + " " + sampler);
                    assertEquals(3, s.get("ksP").size(), "surface, volume, sphericity");
                }
                // mix draws between learned codes: within their support
                assertEquals(3, r.get(t).get("mix").get("codesWithinSupport").asInt());
            }
        });
        run("reconstruction", r -> {
            for (String t : List.of("growing", "dividing", "filopodial")) {
                dice(r.get(t).get("dice_reconstructed"));
                assertEquals(6, r.get(t).get("ks").size(), "3 descriptors x (reconstructed, synthetic)");
            }
        });
        Path reconstruction = dir.resolve("reconstruction");
        for (String t : List.of("growing", "dividing", "filopodial")) {
            ReportChecks.surfaceMontage(reconstruction.resolve("figures").resolve(t + "-3d.png"));
        }
        run("latent-size", r -> {
            for (String m : List.of("dice_last_frame_equivariant", "dice_last_frame_non_equivariant")) {
                assertEquals(3, r.get(m).size());
                r.get(m).forEach(ExperimentCommandIT::dice);
            }
            assertTrue(r.get("codes_latent_64").has("equivariant"));
            JsonNode rotations = r.get("relative_rotation_error_deg_equivariant").get("4");
            assertEquals(3, rotations.get("degrees").size(), "3 shapes x (2 - 1) copies");
            assertTrue(rotations.get("within_10_deg").asDouble() >= 0);
        });
        run("temporal", r -> {
            assertEquals(9, r.get("dice_per_time_point").size());
            int interpolated = 0;
            for (JsonNode f : r.get("dice_per_time_point")) {
                dice(f);
                interpolated += f.get("interpolated").asBoolean() ? 1 : 0;
            }
            assertEquals(6, interpolated, "frames 2-4 and 6-8 of 9 were never seen");
        });
        run("grid", r -> {
            for (String m : List.of("model_16", "model_24", "model_32")) {
                assertEquals(4, r.get(m).size());
                r.get(m).forEach(ExperimentCommandIT::dice);
            }
        });
        run("omega", r -> {
            assertEquals(2, r.size(), "omega_0 = 1 and 30");
            r.forEach(w -> {
                double s = w.get("sphericity").get("mean").asDouble();
                assertTrue(s > 0 && s <= 1, "sphericity " + s);
                dice(w.get("dice"));
            });
        });
        run("deepsdf", r -> {
            for (String m : List.of("proposed", "DeepSDF")) {
                JsonNode log = r.get(m).get("dice_last_frame_by_epoch");
                assertEquals(2, log.size(), "scored at epochs 5 and 10");
                assertEquals(10, log.get(1).get("epoch").asInt());
            }
        });
        run("classify", r -> {
            double a = r.get("nearest_centroid_loo_accuracy").asDouble();
            assertTrue(a >= 0 && a <= 1);
            int n = 0;
            for (JsonNode row : r.get("confusion")) {
                for (JsonNode count : row) {
                    n += count.asInt();
                }
            }
            assertEquals(12, n, "every sequence classified once");
        });
    }
}
