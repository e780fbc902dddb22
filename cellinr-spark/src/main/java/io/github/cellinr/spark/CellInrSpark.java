package io.github.cellinr.spark;

import io.github.cellinr.core.CellInrException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cellinr-spark}: the core's per-sequence verbs as Spark jobs (docs/SCALE.md), e.g.
 * <pre>
 * spark-submit --class io.github.cellinr.spark.CellInrSpark cellinr-spark.jar generate --model paper-plat \
 *     --out hdfs:///gen --count 10000 --size 64 --render hdfs:///gen-images
 * </pre>
 * Errors are one line naming the file and the problem (exit status 2); {@code --debug} adds the stack trace.
 */
@Command(name = "cellinr-spark", mixinStandardHelpOptions = true,
        description = "CellINR's per-sequence verbs on Apache Spark: one task per sequence, the same files as the"
                + " single-machine verbs, re-runs skip what is done.",
        subcommands = {GenerateJob.class, ReconstructJob.class, PrepareJob.class, EvaluateJob.class})
public final class CellInrSpark {
    private CellInrSpark() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs a verb; returns the exit status (0 done, 2 a problem with the input, as one line on {@code err}). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        List<String> all = Arrays.asList(args);
        boolean debug = all.contains("--debug");
        String[] plain = all.stream().filter(a -> !a.equals("--debug")).toArray(String[]::new);
        CommandLine cli = new CommandLine(new CellInrSpark());
        cli.setCaseInsensitiveEnumValuesAllowed(true); // as the core's command line: --stain membrane
        cli.setParameterExceptionHandler((e, line) -> {
            err.println("cellinr-spark: " + firstLine(e.getMessage()) + " (see " + e.getCommandLine().getCommandName()
                    + " --help)");
            return 2;
        });
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("cellinr-spark: " + oneLine(e));
            if (debug) {
                e.printStackTrace(err);
            }
            return 2;
        });
        InferenceJob.ARGUMENTS.set(plain.length > 0 ? List.of(plain).subList(1, plain.length) : List.of());
        try {
            return cli.execute(plain);
        } finally {
            InferenceJob.ARGUMENTS.remove();
        }
    }

    /**
     * The message a user should see: the first {@link CellInrException} in the chain (a task's failure reaches the
     * driver wrapped in Spark's exceptions), else the innermost message, on one line.
     */
    static String oneLine(Throwable e) {
        Throwable innermost = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CellInrException) {
                return firstLine(t.getMessage());
            }
            innermost = t;
        }
        String message = innermost.getMessage();
        return innermost.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
