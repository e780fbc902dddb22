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
 * print, and the outputs of earlier steps by name: files (e.g. {@code "phantoms/growing"}, {@code "dataset"}) and
 * results (the model, the evaluations).
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
    private final Map<String, Object> values = new LinkedHashMap<>();

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

    /** Records a result for later steps (a model, an evaluation), not a file. */
    public void putValue(String name, Object value) {
        values.put(name, value);
    }

    /** A result an earlier step recorded; fails if that step did not run. */
    public <T> T value(String name, Class<T> type) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("no demo result '" + name + "': the step that makes it did not run");
        }
        return type.cast(v);
    }

    /** A result an earlier step recorded, or null. */
    public <T> T valueOrNull(String name, Class<T> type) {
        return type.cast(values.get(name));
    }

    /** Every output so far, in the order they were made. */
    public Map<String, Path> outputs() {
        return Map.copyOf(outputs);
    }
}
