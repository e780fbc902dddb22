package io.github.cellinr.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cellinr bench}: performance measurements a user can run on their own machine. Each stage adds its
 * benchmark as a subcommand ({@code bench prepare}, {@code bench infer}, {@code bench render}); the engine's
 * train/inference throughput is the default.
 */
@Command(name = "bench",
        description = "Measure performance on this machine (points/s, fraction of FP32 peak, times per frame).",
        subcommands = {
            BenchPrepareCommand.class,
            BenchInferCommand.class,
            BenchRenderCommand.class,
        })
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
