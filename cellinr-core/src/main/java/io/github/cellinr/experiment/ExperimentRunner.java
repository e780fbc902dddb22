package io.github.cellinr.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.eval.report.Report;
import io.github.cellinr.core.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs one experiment into its folder: {@value #PLAN_FILE} first (what is run, so that running again into the
 * same folder continues it: finished models are reused), then the experiment, then {@code report.html} with
 * its figures (PNG, SVG, CSV) and tables (CSV), {@value #RESULTS_FILE} (the numbers), and
 * {@code provenance.json} last.
 */
public final class ExperimentRunner {
    public static final String PLAN_FILE = "experiment.json";
    public static final String RESULTS_FILE = "results.json";

    /** Said in every report and provenance: what the data are. */
    public static final String DATA_NOTE = "The paper's cell data (Platynereis dumerilii, C. elegans and A549"
            + " segmentations) are not available here: this run uses CellINR's procedural phantoms, the growing type"
            + " for Platynereis, dividing for C. elegans and filopodial for A549 (see docs/DATA.md), at sizes scaled"
            + " down to a 2-core CPU (table below). The numbers are this run's; the paper's are quoted for comparison"
            + " and are not expected to be matched digit for digit.";

    private ExperimentRunner() {
    }

    /** A finished run. */
    public record Result(Path folder, Path report, Experiment.Outcome outcome, double seconds) {
    }

    public static Result run(Experiment experiment, ExperimentContext c) {
        long started = System.nanoTime();
        Path folder = c.folder();
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("experiment", experiment.name());
        plan.put("quick", c.quick());
        plan.put("seed", c.seed());
        plan.put("scaling", experiment.scaling(c.quick()).toMap());
        String planJson = json(plan);
        Path planFile = folder.resolve(PLAN_FILE);
        if (Files.exists(planFile)) {
            String previous;
            try {
                previous = Files.readString(planFile);
            } catch (IOException e) {
                throw CellInrException.of(planFile, "cannot be read (" + e.getMessage() + ")", e);
            }
            if (!previous.strip().equals(planJson.strip())) {
                throw CellInrException.of(folder, "holds another experiment run (" + PLAN_FILE + " differs: name,"
                        + " --quick, --seed or sizes); use a fresh --out folder");
            }
            c.say("continuing the run in %s (finished models are reused)", folder);
        } else if (Files.isDirectory(folder) && !isEmpty(folder)) {
            throw CellInrException.of(folder, "exists and is not empty; an experiment needs a fresh folder (or the"
                    + " folder of an interrupted run of the same experiment, to continue it)");
        } else {
            AtomicFiles.createDirectories(folder);
            AtomicFiles.writeString(planFile, planJson);
        }

        Report report = new Report("CellINR experiment " + experiment.name() + ": " + experiment.title());
        Scaling scaling = experiment.scaling(c.quick());
        report.addSection("What this reproduces", "Paper section " + experiment.reproduces() + ". "
                + experiment.description(c.quick()) + "\n\n" + DATA_NOTE
                + (c.quick() ? "\n\nThis is the --quick variant: tiny sizes for tests and a first look; its numbers"
                + " show that the pipeline works, not what the method achieves." : ""));
        report.addTable(scaling.table("scaling"));

        Experiment.Outcome outcome = experiment.run(c, report);
        double seconds = (System.nanoTime() - started) / 1e9;

        String machine = machine();
        report.addSection("Run", String.format(Locale.ROOT, "%s variant, seed %d, %d worker threads; wall time %s on"
                + " %s. Trained models are in models/, the data in data/; each figure's numbers are in figures/*.csv,"
                + " each table's in tables/*.csv, everything in %s.", c.quick() ? "Quick" : "Full", c.seed(),
                c.threads(), duration(seconds), machine, RESULTS_FILE));

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("experiment", experiment.name());
        results.put("reproduces", experiment.reproduces());
        results.put("quick", c.quick());
        results.put("seed", c.seed());
        results.put("threads", c.threads());
        results.put("wallSeconds", seconds);
        results.put("machine", machine);
        results.put("scaling", scaling.toMap());
        results.put("results", outcome.results());
        AtomicFiles.writeString(folder.resolve(RESULTS_FILE), json(results));

        Provenance provenance = Provenance.builder(c.command()).seed(c.seed())
                .parameter("experiment", experiment.name())
                .parameter("quick", c.quick())
                .parameter("threads", c.threads())
                .parameter("wallSeconds", seconds)
                .parameter("machine", machine)
                .parameter("data", DATA_NOTE)
                .parameter("scaling", scaling.toMap())
                .build();
        report.setProvenance(provenance);
        Path html = report.write(folder);
        provenance.writeTo(folder);
        return new Result(folder, html, outcome, seconds);
    }

    /** "2 x AMD EPYC (amd64), Java 17.0.15". */
    static String machine() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture below still says something
        }
        return String.format(Locale.ROOT, "%d x %s (%s), Java %s", Runtime.getRuntime().availableProcessors(), cpu,
                System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    /** "1 h 05 min", "3 min 20 s", "42 s". */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    static String json(Object value) {
        try {
            return Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable", e);
        }
    }

    /** Empty but for the marker of a folder cellinr made (the command claims --out before the run). */
    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.noneMatch(p -> !p.getFileName().toString().equals(io.github.cellinr.core.OutputFolder.MARKER));
        } catch (IOException e) {
            return false;
        }
    }
}
