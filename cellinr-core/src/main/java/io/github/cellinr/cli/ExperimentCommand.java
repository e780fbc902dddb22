package io.github.cellinr.cli;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.experiment.Experiment;
import io.github.cellinr.experiment.ExperimentContext;
import io.github.cellinr.experiment.ExperimentRunner;
import io.github.cellinr.experiment.Experiments;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cellinr experiment NAME}: one of the paper's experiments (section 5) on phantoms, as a report. */
@Command(name = "experiment", mixinStandardHelpOptions = true, modelTransformer = ExperimentCommand.ListExperiments.class,
        description = {"Reproduce one of the paper's experiments (section 5) on procedural phantoms (the paper's"
                + " cell data are not available): train the models it compares, score them, and write tables (CSV),"
                + " figures (PNG, SVG, CSV), report.html, results.json and provenance.json into --out. Sizes are"
                + " scaled down to a 2-core CPU; each report shows the paper's sizes next to the run's. Running"
                + " again into the folder of an interrupted run continues it (finished models are reused)."})
public final class ExperimentCommand implements Callable<Integer> {

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The experiment (listed below).")
    String name;

    @Option(names = "--quick", description = "The small variant: minutes instead of up to an hour (what the tests"
            + " run); its numbers show that the pipeline works, not what the method achieves.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: a fresh"
            + " cellinr-experiment-NAME-YYYYMMDD-HHMMSS in the working directory).")
    Path out;

    @Mixin
    SeedOption seed;

    /** Results are identical run to run for one thread count. */
    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        Experiment experiment = Experiments.byName(name);
        int workers = threads.resolved();
        Path folder = (out != null ? out : Path.of("cellinr-experiment-" + experiment.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))))
                .toAbsolutePath().normalize();
        try (OutputFolder claimed = OutputFolder.claim(folder, List.of())) {
            run(experiment, workers, claimed.path());
            claimed.complete();
        }
        return 0;
    }

    private void run(Experiment experiment, int workers, Path folder) {
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "cellinr experiment %s%s (paper %s) into %s; expected about %s on 2 cores%n",
                experiment.name(), quick ? " --quick" : "", experiment.reproduces(), folder,
                experiment.expectedTime(quick));
        printer.flush();
        ExperimentContext context = new ExperimentContext(folder, quick, seed.value, workers, printer,
                ProgressSink.console(), root == null ? List.of("experiment", name) : root.arguments());
        ExperimentRunner.Result result = ExperimentRunner.run(experiment, context);
        for (String line : result.outcome().headlines()) {
            printer.println(line);
        }
        printer.printf(Locale.ROOT, "done in %s%nreport: %s%n", ExperimentRunner.duration(result.seconds()),
                result.report());
        printer.flush();
    }

    /** Lists the experiments, with what they reproduce and their expected times, under --help. */
    static final class ListExperiments implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec commandSpec) {
            List<String> footer = new ArrayList<>();
            footer.add("");
            footer.add("Experiments: NAME, paper section, expected wall time on 2 cores (full; --quick), what it does:");
            for (Experiment e : Experiments.all()) {
                footer.add(String.format(Locale.ROOT, "  %-14s %-4s %6s; %s: %s", e.name(), e.reproduces().split(" ")[0],
                        e.expectedTime(false), e.expectedTime(true), e.title()));
            }
            commandSpec.usageMessage().footer(footer.toArray(String[]::new));
            return commandSpec;
        }
    }
}
