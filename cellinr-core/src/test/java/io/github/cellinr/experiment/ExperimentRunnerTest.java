package io.github.cellinr.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.eval.report.Report;
import io.github.cellinr.eval.report.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's folder contract: plan first, then report, results and provenance; reruns continue, others refuse. */
class ExperimentRunnerTest {

    @TempDir
    Path dir;

    /** An experiment that only reports how often it ran. */
    private static final class Counting implements Experiment {
        int runs;
        final int size;

        Counting(int size) {
            this.size = size;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public String reproduces() {
            return "0.0 (a test)";
        }

        @Override
        public String title() {
            return "counts";
        }

        @Override
        public String description(boolean quick) {
            return "counts its runs";
        }

        @Override
        public Scaling scaling(boolean quick) {
            return new Scaling().add("size", 100, quick ? size / 2 : size);
        }

        @Override
        public String expectedTime(boolean quick) {
            return "1 s";
        }

        @Override
        public Outcome run(ExperimentContext c, Report report) {
            runs++;
            report.addSection("Counts", "ran");
            report.addTable(Table.builder("runs", "Runs", "runs").row(runs).build());
            return new Outcome(Map.of("runs", runs), List.of("ran " + runs));
        }
    }

    @Test
    void writesPlanReportResultsAndProvenanceAndContinuesTheSameRun() throws Exception {
        Path out = dir.resolve("run");
        Counting e = new Counting(10);
        ExperimentRunner.Result r = ExperimentRunner.run(e, TestData.context(out, true));
        assertEquals(out.resolve("report.html"), r.report());
        for (String f : List.of(ExperimentRunner.PLAN_FILE, ExperimentRunner.RESULTS_FILE, "provenance.json",
                "tables/scaling.csv", "tables/runs.csv")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        String html = Files.readString(r.report());
        assertTrue(html.contains("not available here"), "the report says the paper's data are not used");
        assertTrue(html.contains("--quick variant"));
        assertEquals(List.of("quantity,paper,this run", "size,100,5"), Files.readAllLines(out.resolve(
                "tables/scaling.csv")));
        JsonNode results = Json.mapper().readTree(out.resolve(ExperimentRunner.RESULTS_FILE).toFile());
        assertEquals(1, results.get("results").get("runs").asInt());
        assertEquals(7, results.get("seed").asInt());
        assertTrue(results.get("wallSeconds").asDouble() >= 0);
        Provenance p = Provenance.read(out.resolve("provenance.json"));
        assertEquals(7L, p.seed());
        assertEquals("counting", p.parameters().get("experiment"));

        // the same run again into its folder continues it
        ExperimentRunner.run(e, TestData.context(out, true));
        assertEquals(2, e.runs);
        // another plan (sizes, --quick or seed) is refused, naming the folder
        CellInrException other = assertThrows(CellInrException.class,
                () -> ExperimentRunner.run(new Counting(12), TestData.context(out, true)));
        assertTrue(other.getMessage().contains(out.toString()), other.getMessage());
        assertThrows(CellInrException.class, () -> ExperimentRunner.run(e, TestData.context(out, false)));
        // a folder with other files is not an experiment's
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("x.txt"), "x");
        assertThrows(CellInrException.class, () -> ExperimentRunner.run(e, TestData.context(busy, true)));
    }

    @Test
    void everyExperimentIsListedWithItsSizesAndTimes() {
        List<String> names = Experiments.all().stream().map(Experiment::name).toList();
        assertEquals(List.of("reconstruction", "synthesis", "latent-size", "temporal", "grid", "omega", "deepsdf", "classify"),
                names);
        for (Experiment e : Experiments.all()) {
            assertEquals(e.getClass(), Experiments.byName(e.name()).getClass());
            for (boolean quick : new boolean[] {true, false}) {
                assertTrue(!e.scaling(quick).rows().isEmpty(), e.name());
                assertTrue(e.expectedTime(quick).matches("\\d+ (s|min|h)"), e.expectedTime(quick));
                assertTrue(e.description(quick).length() > 50, e.name());
            }
            assertEquals(e.scaling(false).rows().size(), e.scaling(true).rows().size());
        }
        CellInrException unknown = assertThrows(CellInrException.class, () -> Experiments.byName("nope"));
        assertTrue(unknown.getMessage().contains("latent-size"), unknown.getMessage());
    }
}
