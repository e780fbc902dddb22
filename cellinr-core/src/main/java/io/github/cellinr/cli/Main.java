package io.github.cellinr.cli;

import io.github.cellinr.core.CellInrException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Entry point of the {@code cellinr} command. Exit codes: 0 success, 1 a check failed (e.g. a test-like
 * verb reported a failure), 2 bad input or usage (one line on stderr), 3 an internal error (a bug: one
 * line, stack trace with {@code --debug}).
 */
public final class Main {
    public static final int EXIT_USAGE_OR_INPUT = 2;
    public static final int EXIT_INTERNAL = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting the JVM (tests and the demo call this). */
    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    static CommandLine commandLine(String... args) {
        CellInrCommand root = new CellInrCommand(List.of(args));
        CommandLine cli = new CommandLine(root);
        showDefaultsEverywhere(cli);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Main::onBadUsage);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> onFailure(e, commandLine, root.debug()));
        return cli;
    }

    private static void showDefaultsEverywhere(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        spec.usageMessage().showDefaultValues(true);
        for (CommandLine sub : cli.getSubcommands().values()) {
            showDefaultsEverywhere(sub);
        }
    }

    private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("cellinr: " + e.getMessage());
        err.println("Try 'cellinr " + qualifiedName(cmd) + "--help' for the options.");
        err.flush();
        return EXIT_USAGE_OR_INPUT;
    }

    private static String qualifiedName(CommandLine cmd) {
        String full = cmd.getCommandSpec().qualifiedName(" ");
        String rest = full.startsWith("cellinr") ? full.substring("cellinr".length()).strip() : full;
        return rest.isEmpty() ? "" : rest + " ";
    }

    private static int onFailure(Exception e, CommandLine cmd, boolean debug) {
        PrintWriter err = cmd.getErr();
        Throwable cause = unwrap(e);
        if (cause instanceof CellInrException user) {
            err.println("cellinr: error: " + user.getMessage());
            if (debug) {
                user.printStackTrace(err);
            }
            err.flush();
            return EXIT_USAGE_OR_INPUT;
        }
        if (cause instanceof UncheckedIOException io) {
            err.println("cellinr: error: " + io.getCause().getMessage());
        } else if (cause instanceof OutOfMemoryError) {
            err.println("cellinr: error: out of memory; give Java more heap (e.g. CELLINR_HEAP=16g) or use a"
                    + " smaller --grid/--size");
        } else {
            err.println("cellinr: internal error: " + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                    + (debug ? "" : " (run with --debug for the stack trace and please report it)"));
        }
        if (debug) {
            cause.printStackTrace(err);
        }
        err.flush();
        return cause instanceof UncheckedIOException ? EXIT_USAGE_OR_INPUT : EXIT_INTERNAL;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CommandLine.ExecutionException || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

}
