package io.github.cellinr.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code cellinr} root command: holds the verbs and the options every verb shares. */
@Command(name = "cellinr",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Learn and generate living cell shapes in 3D+time with SO(3)-equivariant implicit neural "
                    + "representations.",
            "",
            "Start with 'cellinr demo': phantoms -> prepare -> train -> reconstruct -> generate -> evaluate."},
        // One class per verb, in pipeline order (docs/DESIGN.md). Add new verbs on their own line.
        subcommands = {
            DemoCommand.class,
            PhantomCommand.class,
            PrepareCommand.class,
            TrainCommand.class,
            ReconstructCommand.class,
            GenerateCommand.class,
            InterpolateCommand.class,
            FitCommand.class,
            ImportCommand.class,
            EvaluateCommand.class,
            ExperimentCommand.class,
            RenderCommand.class,
            BenchCommand.class,
            picocli.CommandLine.HelpCommand.class,
        })
public final class CellInrCommand implements Runnable {

    private final List<String> arguments;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors (for bug reports).")
    boolean debugOption;

    CellInrCommand(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    /** The command line as the user typed it (after the program name), for provenance. */
    public List<String> arguments() {
        return arguments;
    }

    boolean debug() {
        return debugOption || System.getenv("CELLINR_DEBUG") != null;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing verb: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
