package io.github.cellinr.cli;

import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.ProgressSink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cellinr demo}: the whole pipeline on the built-in phantom cells, step by step with progress, into a
 * fresh folder whose {@code report.html} shows the results. The steps are a list ({@link #STEPS}), each a
 * {@link DemoStep}.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline on built-in phantom cells (three types, standing in for the paper's"
                + " Platynereis, C. elegans and A549 cells) into a fresh folder: phantoms -> prepare -> train (one"
                + " equivariant model) -> reconstruct -> generate -> evaluate -> render -> report. Prints the path of"
                + " DIR/report.html (descriptor curves of real, reconstructed and synthetic cells, Dice,"
                + " Kolmogorov-Smirnov tests, PCA and t-SNE of the codes, rendered images with masks).",
            "",
            "Most of the time is training, whose speed depends on the CPU's vector instructions: measured on 2"
                    + " cores with AVX2 (Zen 3), 9 min 30 s, of which training 5 min 23 s (README, Performance)."
                    + " --quick: small sizes, used by the tests (22 s measured with AVX-512)."})
public final class DemoCommand implements Callable<Integer> {

    /** Every stage of the finished demo, in order. */
    static final List<String> PIPELINE = List.of("phantoms", "prepare", "train", "reconstruct", "generate",
            "evaluate", "render", "report");

    /** The steps that exist, in pipeline order. Add a stage's step on its own line. */
    static final List<DemoStep> STEPS = List.of(
            new DemoSteps.Phantoms(),
            new DemoSteps.PrepareData(),
            new DemoSteps.Train(),
            new DemoSteps.Reconstruct(),
            new DemoSteps.Generate(),
            new DemoSteps.Evaluate(),
            new DemoSteps.Render(),
            new DemoSteps.WriteReport());

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: a fresh cellinr-demo-YYYYMMDD-HHMMSS in the working directory).")
    Path out;

    @Option(names = "--quick", description = "A small, fast version (small sizes; used by the tests).")
    boolean quick;

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        Path folder = out != null ? out : Path.of("cellinr-demo-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        folder = folder.toAbsolutePath().normalize();
        if (java.nio.file.Files.exists(folder) && !isEmptyFolder(folder)) {
            throw io.github.cellinr.core.CellInrException.of(folder, "exists and is not empty; the demo needs a"
                    + " fresh folder (omit --out for a new one)");
        }
        int workers = threads.resolved();
        try (OutputFolder claimed = OutputFolder.claim(folder, List.of())) {
            run(claimed.path(), workers);
            claimed.complete();
        }
        return 0;
    }

    private void run(Path folder, int workers) {
        PrintWriter printer = spec.commandLine().getOut();
        DemoContext context = new DemoContext(folder, quick, seed.value, workers, printer, ProgressSink.console(),
                root == null ? java.util.List.of("demo") : root.arguments());
        List<String> available = new ArrayList<>();
        for (DemoStep step : STEPS) {
            available.add(step.stage());
        }
        List<String> missing = new ArrayList<>(PIPELINE);
        missing.removeAll(available);
        printer.println("cellinr demo" + (quick ? " --quick" : "") + " into " + folder);
        for (int i = 0; i < STEPS.size(); i++) {
            printer.printf(Locale.ROOT, "  %d. %s: %s%n", i + 1, STEPS.get(i).stage(), STEPS.get(i).description(context));
        }
        printer.flush();
        long started = System.nanoTime();
        List<String> done = new ArrayList<>();
        for (int i = 0; i < STEPS.size(); i++) {
            DemoStep step = STEPS.get(i);
            long t0 = System.nanoTime();
            printer.printf(Locale.ROOT, "[%d/%d] %s%n", i + 1, STEPS.size(), step.stage());
            printer.flush();
            String result = step.run(context);
            done.add(result);
            double seconds = (System.nanoTime() - t0) / 1e9;
            context.putValue("seconds/" + step.stage(), seconds);
            printer.printf(Locale.ROOT, "      %s (%.1f s)%n", result, seconds);
            printer.flush();
        }
        printer.printf(Locale.ROOT, "done in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, folder);
        if (!missing.isEmpty()) {
            printer.println("not run (no step for them): " + String.join(", ", missing));
        }
        context.get("report").ifPresent(html -> printer.println("report: " + html));
        printer.flush();
    }

    private static boolean isEmptyFolder(Path dir) {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
