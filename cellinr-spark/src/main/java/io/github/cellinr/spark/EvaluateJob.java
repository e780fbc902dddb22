package io.github.cellinr.spark;

import io.github.cellinr.cli.EvaluateCommand;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.eval.Evaluation;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * {@code cellinr-spark evaluate}: {@code cellinr evaluate} with its per-sequence work as Spark tasks: the
 * descriptors (surface, volume, sphericity of every cell at every time point) of each sequence of each set, and
 * the Dice of each reconstructed sequence with its real one. The driver collects the outcomes in the order the
 * single-machine verb does and runs the core's report stage on them (KS tests, tables, figures, report.html), so
 * the tables are the same.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"cellinr evaluate as a Spark job: one task per sequence (descriptors) and per pair (Dice);"
                + " the same options (see cellinr evaluate --help; --threads: the driver's, for the report), the"
                + " same tables and report.",
            "The sets (--real, --reconstructed, --synthetic) must be paths every executor can read (a shared file"
                + " system); --out is a local folder of the driver."})
final class EvaluateJob implements Callable<Integer> {

    @Mixin
    SparkOptions spark;

    @Unmatched
    List<String> arguments = new ArrayList<>();

    record Spec(String runId, List<String> arguments) implements Serializable {
    }

    private static final Map<String, List<Evaluation.SequenceSet>> SETS = new ConcurrentHashMap<>();

    static EvaluateCommand parse(List<String> arguments) {
        EvaluateCommand command = new EvaluateCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs(arguments.toArray(String[]::new));
        return command;
    }

    /** Job {@code i} of the evaluation, on an executor (the sets found once per executor and run). */
    static Evaluation.Outcome runJob(Spec spec, int i) {
        EvaluateCommand command = parse(spec.arguments());
        List<Evaluation.SequenceSet> sets = SETS.computeIfAbsent(spec.runId(), id -> command.sets());
        int threads = TaskContext.get() != null ? TaskContext.get().cpus() : 1;
        return Evaluation.runJob(sets, command.settings(threads), i);
    }

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        List<String> args = List.copyOf(arguments);
        EvaluateCommand command = parse(args);
        int threads = threads(args);
        try (JavaSparkContext context = SparkSessions.open("cellinr evaluate", spark.master);
             OutputFolder folder = OutputFolder.claim(command.output(), command.inputs())) {
            Broadcast<Spec> spec = context.broadcast(new Spec(UUID.randomUUID().toString(), args));
            int[] jobs = new int[1];
            Path report = command.evaluate(folder.path(), threads, PreparedRun.command("evaluate", args),
                    (count, job) -> {
                        jobs[0] = count;
                        List<Integer> indices = IntStream.range(0, count).boxed().toList();
                        return context.parallelize(indices, Math.max(1, count))
                                .map(i -> runJob(spec.value(), i)).collect();
                    }, ProgressSink.NONE);
            folder.complete();
            System.out.printf(Locale.ROOT, "evaluate: %d task(s) on %s, %.1f s wall%nreport: %s%n", jobs[0],
                    context.master(), (System.nanoTime() - started) * 1e-9, report.toAbsolutePath());
        }
        return 0;
    }

    /** The driver's threads (the figures and t-SNE): --threads, else all its cores, as the core verb resolves. */
    private static int threads(List<String> args) {
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--threads")) {
                int n = Integer.parseInt(args.get(i + 1));
                return n > 0 ? n : Runtime.getRuntime().availableProcessors();
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
