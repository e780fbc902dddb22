package io.github.cellinr.spark;

import io.github.cellinr.cli.PrepareCommand;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.DatasetManifest;
import io.github.cellinr.dataset.DatasetWriter;
import io.github.cellinr.shape.CellFrame;
import io.github.cellinr.shape.LabelSeries;
import io.github.cellinr.shape.Prepare;
import io.github.cellinr.shape.PrepareInputs;
import io.github.cellinr.shape.PrepareOptions;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * {@code cellinr-spark prepare}: {@code cellinr prepare} of a large Cell Tracking Challenge folder as a Spark job,
 * in two stages of tasks: the input frames (measuring every cell of a frame: one task per frame), then the
 * dataset's sequences (resampling and the exact distance transform of each cell over its frames: one task per
 * sequence). The driver plans between the two ({@link Prepare#layout}, as the single-machine verb does) and writes
 * {@code dataset.json} and {@code provenance.json} at the end; the files are those of {@code cellinr prepare} with
 * the same arguments, byte for byte (provenance apart from the command, the time and the machine).
 *
 * <p>Each sequence's {@code seq_NNNN.sdf} and {@code .idx} are published by rename, then a hidden marker
 * {@code .seq_NNNN.done.json} (its manifest entry) says it is complete; a re-run with the same arguments skips the
 * sequences with a marker. A dataset without {@code dataset.json} is incomplete (the core refuses to read it).
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"cellinr prepare as a Spark job: input frames and then cell sequences as tasks; the same"
                + " options (see cellinr prepare --help; --threads is ignored: each task uses the cores Spark gives"
                + " it), the same dataset files. A re-run with the same arguments skips the sequences already"
                + " written.",
            "--in must be a path every executor can read (a shared file system); --out may also be a Hadoop URI."})
final class PrepareJob implements Callable<Integer> {

    /** The hidden file that records the arguments of the run that is filling a dataset folder. */
    static final String JOB_FILE = ".cellinr-spark-prepare.json";

    /** Tests: the sequence whose task fails (as if its executor died), or -1. Read on executors of local[N]. */
    static volatile int failSequenceForTests = -1;

    @Mixin
    SparkOptions spark;

    @Unmatched
    List<String> arguments = new ArrayList<>();

    /** The marker of a completely written sequence {@code j}: its manifest entry. */
    static String doneMarker(int j) {
        return "." + DatasetWriter.fileBase(j) + ".done.json";
    }

    /** Everything a task needs, broadcast once per stage. */
    record Spec(String runId, List<String> arguments, List<Integer> backgrounds,
                List<List<TreeMap<Integer, CellFrame>>> measured, HadoopConf hadoop) implements Serializable {
    }

    /** The run as an executor sees it: the prepare arguments parsed, the inputs opened, the layout once planned. */
    private record Run(PrepareCommand command, List<LabelSeries> inputs, PrepareOptions options, HadoopFolder out,
                       String outText, Prepare.Layout layout) {
    }

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    static PrepareCommand parse(List<String> arguments) {
        PrepareCommand command = new PrepareCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs(arguments.toArray(String[]::new));
        return command;
    }

    /** {@code --out} as given (a Hadoop URI must not go through {@link Path}), else NAME-sdf. */
    static String outText(List<String> arguments, PrepareCommand command) {
        for (int i = 0; i < arguments.size(); i++) {
            String a = arguments.get(i);
            if (a.equals("--out") && i + 1 < arguments.size()) {
                return arguments.get(i + 1);
            }
            if (a.startsWith("--out=")) {
                return a.substring("--out=".length());
            }
        }
        return command.output().toString();
    }

    /** The run's arguments parsed; {@code threads} replaces --threads when not null (the driver keeps it). */
    private static Run open(List<String> arguments, HadoopConf hadoop, Integer threads) {
        PrepareCommand command = parse(arguments);
        PrepareOptions options = threads == null ? command.options() : command.options().withThreads(threads);
        String outText = outText(arguments, command);
        return new Run(command, PrepareInputs.open(command.input()).series(), options,
                new HadoopFolder(outText, hadoop), outText, null);
    }

    /** The run of {@code spec} on this executor; the layout planned once, from the broadcast measurements. */
    private static Run onExecutor(Spec spec, boolean withLayout) {
        Run run = RUNS.computeIfAbsent(spec.runId() + (withLayout ? ":layout" : ""), key -> {
            Run opened = open(spec.arguments(), spec.hadoop(), taskThreads());
            Prepare.Layout layout = withLayout ? Prepare.layout(opened.inputs(), spec.measured(), opened.options())
                    : null;
            return new Run(opened.command(), opened.inputs(), opened.options(), opened.out(), opened.outText(),
                    layout);
        });
        return run;
    }

    private static int taskThreads() {
        return TaskContext.get() != null ? TaskContext.get().cpus() : 1;
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        List<String> args = List.copyOf(arguments);
        try (JavaSparkContext context = SparkSessions.open("cellinr prepare", spark.master)) {
            HadoopConf hadoop = new HadoopConf(context.hadoopConfiguration());
            // the driver keeps --threads: the manifest records it (as cellinr prepare does); tasks use their cores
            Run run = open(args, hadoop, null);
            PrepareCommand command = run.command();
            if (run.out().isLocal()) {
                OutputFolder.checkSeparate(run.out().localRoot(), List.of(command.input()));
            }
            HadoopFolder out = run.out();
            claim(out, args, run.options().replace());
            List<LabelSeries> inputs = run.inputs();
            if (inputs.isEmpty()) {
                throw CellInrException.of("nothing to prepare: no input series");
            }
            String runId = UUID.randomUUID().toString();

            // stage 1: every input frame, one task each (the first frame of each series first when the background
            // is to be detected there)
            Integer given = run.options().backgroundLabel();
            List<Integer> backgrounds = new ArrayList<>();
            Map<Long, Prepare.MeasuredFrame> measured = new TreeMap<>();
            List<long[]> frames = new ArrayList<>();
            for (int s = 0; s < inputs.size(); s++) {
                for (int i = 0; i < inputs.get(s).frameCount(); i++) {
                    frames.add(new long[] {s, i});
                }
            }
            if (given == null) {
                Broadcast<Spec> first = context.broadcast(new Spec(runId, args, null, null, hadoop));
                List<Integer> series = IntStream.range(0, inputs.size()).boxed().toList();
                List<Prepare.MeasuredFrame> firsts = context.parallelize(series, series.size())
                        .map(s -> measure(first.value(), s, 0, null)).collect();
                for (int s = 0; s < inputs.size(); s++) {
                    measured.put(key(s, 0), firsts.get(s));
                    backgrounds.add(firsts.get(s).background());
                }
                frames.removeIf(f -> f[1] == 0);
            } else {
                for (int s = 0; s < inputs.size(); s++) {
                    backgrounds.add(given);
                }
            }
            if (!frames.isEmpty()) {
                Broadcast<Spec> stage = context.broadcast(new Spec(runId, args, backgrounds, null, hadoop));
                List<long[]> result = frames;
                List<Prepare.MeasuredFrame> rest = context.parallelize(result, result.size())
                        .map(f -> measure(stage.value(), (int) f[0], (int) f[1],
                                stage.value().backgrounds().get((int) f[0]))).collect();
                for (int k = 0; k < result.size(); k++) {
                    measured.put(key((int) result.get(k)[0], (int) result.get(k)[1]), rest.get(k));
                }
            }

            // the driver: what prepare records of the measuring pass, in its order, and the plan
            List<String> notes = new ArrayList<>();
            Map<String, Integer> backgroundBySeries = new LinkedHashMap<>();
            List<List<TreeMap<Integer, CellFrame>>> cells = new ArrayList<>();
            Provenance.Builder provenance = Provenance.builder(PreparedRun.command("prepare", args));
            int emptyFrames = 0;
            int totalFrames = 0;
            for (int s = 0; s < inputs.size(); s++) {
                LabelSeries series = inputs.get(s);
                Set<String> seriesNotes = new LinkedHashSet<>();
                List<TreeMap<Integer, CellFrame>> seriesCells = new ArrayList<>();
                for (int i = 0; i < series.frameCount(); i++) {
                    Prepare.MeasuredFrame m = measured.get(key(s, i));
                    seriesNotes.addAll(m.notes());
                    seriesCells.add(m.cells());
                    emptyFrames += m.cells().isEmpty() ? 1 : 0;
                    totalFrames++;
                }
                if (series.source() != null) {
                    provenance.input("masks " + series.name(), series.source(), Prepare.checksum(series));
                }
                backgroundBySeries.put(series.name(), backgrounds.get(s));
                notes.addAll(seriesNotes);
                cells.add(seriesCells);
            }
            if (emptyFrames == totalFrames) {
                throw CellInrException.of("no cells in the input: every mask is empty (background label"
                        + (backgroundBySeries.size() == 1 ? " " + backgroundBySeries.values().iterator().next()
                        : "s " + backgroundBySeries) + "); check --background-label");
            }
            Prepare.Layout layout = Prepare.layout(inputs, cells, run.options());
            notes.addAll(layout.notes());

            // stage 2: every sequence of the dataset, one task each
            Broadcast<Spec> stage = context.broadcast(new Spec(runId, args, backgrounds, cells, hadoop));
            List<Integer> sequences = IntStream.range(0, layout.sequenceCount()).boxed().toList();
            List<Boolean> wrote = context.parallelize(sequences, Math.max(1, sequences.size()))
                    .map(j -> writeSequence(stage.value(), j)).collect();

            // the driver: the manifest and provenance, as DatasetWriter.finish writes them
            List<DatasetManifest.SequenceEntry> entries = new ArrayList<>();
            for (int j : sequences) {
                String text = out.readString(doneMarker(j));
                try {
                    entries.add(Json.mapper().readValue(text, DatasetManifest.SequenceEntry.class));
                } catch (IOException e) {
                    throw CellInrException.of(out.display(doneMarker(j)) + ": damaged (" + e.getMessage()
                            + "); delete it and run again", e);
                }
            }
            Map<String, Object> preparation = layout.preparation(backgroundBySeries);
            for (var e : preparation.entrySet()) {
                provenance.parameter(e.getKey(), e.getValue());
            }
            long seed = PrepareInputs.open(command.input()).seed();
            provenance.seed(seed);
            out.writeString(Provenance.FILE_NAME, provenance.build().toJson());
            out.writeString(DatasetManifest.FILE_NAME, DatasetWriter.manifestJson(layout.settings(), seed,
                    Prepare.source(inputs), entries, notes, preparation));
            for (int j : sequences) {
                out.delete(doneMarker(j));
            }
            out.delete(JOB_FILE);
            for (String name : out.list()) {
                if (OutputFolder.isStagingName(name)) {
                    out.delete(name);
                }
            }
            long now = wrote.stream().filter(Boolean::booleanValue).count();
            System.out.printf(Locale.ROOT, "prepare: %d sequence(s) from %d frame(s) -> %s (%d written now, %d"
                    + " already there); grid %d^3, %.4g um per unit%n", sequences.size(), totalFrames,
                    out.display(""), now, sequences.size() - now, layout.settings().gridSize(),
                    layout.micrometresPerUnit());
            System.out.printf(Locale.ROOT, "%.1f s wall, %d frame task(s) and %d sequence task(s) on %s%n",
                    (System.nanoTime() - started) * 1e-9, totalFrames, sequences.size(), context.master());
        }
        return 0;
    }

    private static long key(int series, int frame) {
        return ((long) series << 32) | frame;
    }

    /**
     * Makes {@code out} this run's: refuses a folder of the user's and, like {@code cellinr prepare}, a finished
     * dataset unless {@code --force} (then it is prepared anew); a folder a killed run with other arguments left
     * is emptied; one with the same arguments is resumed.
     */
    private static void claim(HadoopFolder out, List<String> args, boolean force) {
        String job;
        try {
            job = Json.mapper().writeValueAsString(args) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        boolean existed = out.exists("");
        if (existed && out.exists(DatasetManifest.FILE_NAME)) {
            if (!force) {
                throw CellInrException.of(out.display("") + ": exists and is not empty; choose another --out or add"
                        + " --force to replace it");
            }
        }
        out.claim();
        boolean sameJob = out.exists(JOB_FILE) && out.readString(JOB_FILE).equals(job)
                && !out.exists(DatasetManifest.FILE_NAME);
        if (!sameJob) {
            for (String name : out.list()) {
                if (!name.equals(OutputFolder.MARKER)) {
                    out.delete(name);
                }
            }
            out.writeString(JOB_FILE, job);
        }
    }

    private static Prepare.MeasuredFrame measure(Spec spec, int series, int frame, Integer background) {
        Run run = onExecutor(spec, false);
        PrepareOptions options = run.options();
        return Prepare.measureFrame(run.inputs().get(series), frame, options, background);
    }

    /** Writes dataset sequence {@code j} unless its marker says it is there; returns whether it wrote it. */
    private static boolean writeSequence(Spec spec, int j) {
        Run run = onExecutor(spec, true);
        HadoopFolder out = run.out();
        if (out.exists(doneMarker(j))) {
            return false;
        }
        if (j == failSequenceForTests) {
            throw CellInrException.of("sequence " + j + ": failed on purpose (test)");
        }
        String base = DatasetWriter.fileBase(j);
        out.delete(base + ".sdf"); // what a killed attempt published before its marker
        out.delete(base + ".idx");
        Path staging = out.newStaging(base);
        try (DatasetWriter writer = DatasetWriter.create(staging.resolve("part"), run.layout().settings(), false)) {
            int index = run.layout().addSequence(writer, j);
            run.layout().writeSequence(writer, index, j);
            DatasetManifest.SequenceEntry part = writer.sequenceEntry(index);
            out.publish(writer.path().resolve(part.sdfFile()), base + ".sdf");
            out.publish(writer.path().resolve(part.indexFile()), base + ".idx");
            DatasetManifest.SequenceEntry entry = new DatasetManifest.SequenceEntry(part.id(), part.source(),
                    part.times(), part.divisionFrame(), base + ".sdf", base + ".idx", part.frames());
            out.writeString(doneMarker(j), Json.mapper().writeValueAsString(entry));
        } catch (IOException e) {
            throw CellInrException.of(out.display(doneMarker(j)) + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            HadoopFolder.discardStaging(staging);
        }
        return true;
    }
}
