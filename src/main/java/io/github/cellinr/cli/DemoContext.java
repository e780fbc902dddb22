package io.github.cellinr.cli;

import io.github.cellinr.core.ProgressSink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the demo's steps share: the output folder, the --quick switch, the seed, the threads, where to
 * print, and the outputs of earlier steps by name (e.g. {@code "phantoms/growing"}, {@code "dataset/growing"}).
 */
public final class DemoContext {
    private final Path folder;
    private final boolean quick;
    private final long seed;
    private final int threads;
    private final PrintWriter out;
    private final ProgressSink progress;
    private final List<String> command;
    private final Map<String, Path> outputs = new LinkedHashMap<>();

    DemoContext(Path folder, boolean quick, long seed, int threads, PrintWriter out, ProgressSink progress,
                List<String> command) {
        this.folder = folder;
        this.quick = quick;
        this.seed = seed;
        this.threads = threads;
        this.out = out;
        this.progress = progress;
        this.command = List.copyOf(command);
    }

    /** The demo's output folder; steps write below it. */
    public Path folder() {
        return folder;
    }

    public boolean quick() {
        return quick;
    }

    public long seed() {
        return seed;
    }

    public int threads() {
        return threads;
    }

    public PrintWriter out() {
        return out;
    }

    public ProgressSink progress() {
        return progress;
    }

    /** The demo's command line, for the provenance of what the steps write. */
    public List<String> command() {
        return command;
    }

    /** Records an output for later steps. */
    public void put(String name, Path path) {
        outputs.put(name, path);
    }

    public Optional<Path> get(String name) {
        return Optional.ofNullable(outputs.get(name));
    }

    /** Every output so far, in the order they were made. */
    public Map<String, Path> outputs() {
        return Map.copyOf(outputs);
    }
}
