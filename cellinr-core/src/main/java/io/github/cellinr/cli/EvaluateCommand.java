package io.github.cellinr.cli;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.eval.Evaluation;
import io.github.cellinr.eval.EvaluationResult;
import io.github.cellinr.eval.KolmogorovSmirnov;
import io.github.cellinr.eval.MaskSequence;
import io.github.cellinr.eval.ShapeDescriptors.Descriptor;
import io.github.cellinr.eval.Summary;
import io.github.cellinr.eval.report.Table;
import io.github.cellinr.io.CtcKind;
import io.github.cellinr.io.CtcLayout;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.model.CellShapeModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cellinr evaluate}: the paper's section 5 evaluation of sets of cell sequences, as a report. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {
            "Compare sets of cell sequences as the paper does (section 5): surface, volume and sphericity over time"
                    + " (mean and inter-quartile range), two-sample Kolmogorov-Smirnov tests against the real set,"
                    + " Dice of reconstructions (sequences paired by name), and with --model the PCA and t-SNE of its"
                    + " latent codes. Writes CSVs, figures (PNG, SVG), report.html and provenance.json.",
            "",
            "Each set is a Cell Tracking Challenge folder or a folder of them (mask###.tif, man_seg###.tif or"
                    + " man_track###.tif, with res_track.txt / man_track.txt when there is a lineage). After a"
                    + " division each daughter is evaluated as its own cell."})
public final class EvaluateCommand implements Callable<Integer> {

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--real", required = true, paramLabel = "DIR",
            description = "The reference set: real (or training) sequences.")
    Path real;

    @Option(names = "--reconstructed", paramLabel = "DIR",
            description = "Reconstructions of the real sequences (paired by sequence name: Dice applies).")
    Path reconstructed;

    @Option(names = "--synthetic", paramLabel = "DIR",
            description = "New synthetic sequences (not paired: descriptors and KS tests only).")
    Path synthetic;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "A trained model folder: PCA and t-SNE of its latent codes.")
    Path model;

    @Option(names = "--classes", paramLabel = "CSV",
            description = "With --model: a CSV of 'sequence id,class' lines to colour the t-SNE and measure a"
                    + " nearest-centroid accuracy (paper section 5.8).")
    Path classes;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created).")
    Path out;

    @Option(names = "--trained-every", paramLabel = "K", defaultValue = "0",
            description = "The model was trained on time points 0, K, 2K... only: mark the others as interpolated in"
                    + " the Dice figure (paper Fig. 9). 0 marks none.")
    int trainedEvery;

    @Mixin
    SeedOption seed;

    /** Sequences evaluated at once. */
    @Mixin
    ThreadsOption threads;

    @Option(names = "--json", description = "Print a machine-readable summary (JSON) instead of the text one.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        int n = threads.resolved();
        if (trainedEvery < 0) {
            throw CellInrException.of("--trained-every must be 0 or positive, got " + trainedEvery);
        }
        try (OutputFolder folder = OutputFolder.claim(out, java.util.Arrays.asList(real, reconstructed, synthetic,
                model, classes))) {
            Path report = evaluate(n, folder.path());
            folder.complete();
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                o.println(Json.mapper().writeValueAsString(lastResult.summary(report)));
            } else {
                printSummary(o, lastResult, report);
            }
            o.flush();
        }
        return 0;
    }

    private EvaluationResult lastResult;

    /** The result of the last {@link #evaluate}. */
    public EvaluationResult result() {
        return lastResult;
    }

    /** Reads the sets, evaluates them and writes the report into {@code out}; returns the report's path. */
    private Path evaluate(int n, Path out) throws IOException {
        return evaluate(out, n, root.arguments(), (count, job) -> Parallel.map(n, count, job::apply),
                ProgressSink.console());
    }

    /** The sets to evaluate, as the arguments name them (the reference first). */
    public List<Evaluation.SequenceSet> sets() {
        List<Evaluation.SequenceSet> sets = new ArrayList<>();
        sets.add(new Evaluation.SequenceSet(Evaluation.REAL, sequences(real, "--real"), false));
        if (reconstructed != null) {
            sets.add(new Evaluation.SequenceSet("reconstructed", sequences(reconstructed, "--reconstructed"), true));
        }
        if (synthetic != null) {
            sets.add(new Evaluation.SequenceSet("synthetic", sequences(synthetic, "--synthetic"), false));
        }
        return sets;
    }

    /** The evaluation's settings with {@code threads} threads. */
    public Evaluation.Settings settings(int threads) {
        return Evaluation.Settings.defaults().withThreads(threads).withSeed(seed.value)
                .withTrainedEvery(trainedEvery);
    }

    /** {@code --out}. */
    public Path output() {
        return out;
    }

    /** The input paths (for the output folder's checks). */
    public List<Path> inputs() {
        return java.util.Arrays.asList(real, reconstructed, synthetic, model, classes);
    }

    /**
     * Evaluates and writes the report into {@code out}, recording {@code command} in provenance; the per-sequence
     * jobs run by {@code runner} ({@code cellinr-spark evaluate} runs them as Spark tasks). Returns the report.
     */
    public Path evaluate(Path out, int n, List<String> command, Evaluation.JobRunner runner, ProgressSink progress)
            throws IOException {
        if (trainedEvery < 0) {
            throw CellInrException.of("--trained-every must be 0 or positive, got " + trainedEvery);
        }
        List<Evaluation.SequenceSet> sets = sets();
        Provenance.Builder provenance = Provenance.builder(command).seed(seed.value);
        provenance.input("real", real);
        if (reconstructed != null) {
            provenance.input("reconstructed", reconstructed);
        }
        if (synthetic != null) {
            provenance.input("synthetic", synthetic);
        }
        Evaluation.LatentCodes codes = null;
        if (model != null) {
            CellShapeModel m = CellShapeModel.load(model);
            codes = codes(m, model, classes == null ? Map.of() : readClasses(classes));
            provenance.modelId(CellShapeModel.id(Files.isDirectory(model) ? model : model.toAbsolutePath().getParent()));
            if (classes != null) {
                provenance.input("classes", classes);
            }
        } else if (classes != null) {
            throw CellInrException.of("--classes needs --model (it names the classes of the model's codes)");
        }
        Evaluation.Settings settings = settings(n);
        provenance.parameter("threads", n).parameter("trained_every", trainedEvery)
                .parameter("surface", "marching cubes of the mask, positions from a Gaussian-smoothed indicator"
                        + " (sigma 0.85 voxel), sides from the mask")
                .parameter("ks_samples", "per cell: descriptor averaged over its time points");
        lastResult = Evaluation.run(sets, codes, settings, progress, runner);
        return lastResult.writeTo(out, provenance.build(), "CellINR evaluation");
    }

    /** Sequences of a set folder, one file family per sequence (tracking > result > segmentation). */
    public static List<MaskSequence> sequences(Path dir, String option) {
        CtcLayout.Discovery found;
        try {
            found = CtcLayout.discover(dir);
        } catch (CellInrException e) {
            throw CellInrException.of(option + " " + e.getMessage(), e);
        }
        Map<String, CtcSequence> chosen = new TreeMap<>();
        for (CtcSequence s : found.sequences()) {
            if (s.kind() == CtcKind.IMAGES) {
                continue;
            }
            String key = pairingKey(s.name());
            if (key.equals("SEG") || key.equals("TRA")) {
                // The set folder is itself a ground-truth folder (01_GT with SEG/ and TRA/): one sequence.
                Path own = dir.toAbsolutePath().normalize().getFileName();
                key = pairingKey(own == null ? key : own.toString());
            }
            CtcSequence current = chosen.get(key);
            if (current == null || rank(s.kind()) < rank(current.kind())) {
                chosen.put(key, s);
            }
        }
        if (chosen.isEmpty()) {
            throw CellInrException.of(dir, "holds images but no masks (mask###.tif, man_seg###.tif or man_track###.tif)");
        }
        List<MaskSequence> out = new ArrayList<>();
        chosen.forEach((key, s) -> {
            MaskSequence base = MaskSequence.of(s);
            out.add(new MaskSequence() {
                @Override
                public String name() {
                    return key;
                }

                @Override
                public List<Integer> frames() {
                    return base.frames();
                }

                @Override
                public io.github.cellinr.core.LabelVolume read(int frame) {
                    return base.read(frame);
                }

                @Override
                public java.util.Optional<io.github.cellinr.io.Lineage> lineage() {
                    return base.lineage();
                }
            });
        });
        return out;
    }

    private static int rank(CtcKind kind) {
        return switch (kind) {
            case TRACKING -> 0;
            case RESULT -> 1;
            case SEGMENTATION -> 2;
            case IMAGES -> 3;
        };
    }

    private static final Pattern CTC_SUFFIX = Pattern.compile("^(.*?)(?:_GT|_ST|_RES)?(?:/(?:SEG|TRA))?$");

    /** "growing/01_GT/TRA" and "growing/01_RES" both pair as "growing/01". */
    static String pairingKey(String name) {
        Matcher m = CTC_SUFFIX.matcher(name);
        return m.matches() && !m.group(1).isEmpty() ? m.group(1) : name;
    }

    static Map<String, String> readClasses(Path csv) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw CellInrException.of(csv, "cannot read (" + e.getMessage() + ")", e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase(Locale.ROOT).startsWith("sequence,"))) {
                continue;
            }
            String[] parts = line.split(",", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw CellInrException.of(csv, "line " + (i + 1) + " is not 'sequence id,class': " + line);
            }
            out.put(parts[0].strip(), parts[1].strip());
        }
        return out;
    }

    static Evaluation.LatentCodes codes(CellShapeModel m, Path source, Map<String, String> classOf) {
        int count = m.sequenceCount();
        double[][] codes = m.latentCodes();
        List<String> names = new ArrayList<>(), classes = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            String id = m.sequences().get(s).id();
            names.add(id);
            if (classOf.isEmpty()) {
                classes.add("codes");
            } else if (classOf.containsKey(id)) {
                classes.add(classOf.get(id));
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw CellInrException.of("--classes has no class for the model's sequences " + missing);
        }
        return new Evaluation.LatentCodes(source.toString(), names, classes, codes);
    }

    private static void printSummary(PrintWriter o, EvaluationResult r, Path report) {
        for (String set : r.setNames()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %3d sequences, %4d cells",
                    set + ":", r.sequenceCount(set), r.cellCount(set)));
            for (Descriptor d : Descriptor.values()) {
                Summary s = r.perCellSummary(set, d);
                line.append(", ").append(d.key()).append(' ').append(Table.formatNumber(s.mean()))
                        .append(d.unit().isEmpty() ? "" : " " + d.unit());
            }
            o.println(line);
        }
        for (EvaluationResult.KsRow row : r.ks()) {
            KolmogorovSmirnov.Result k = row.result();
            o.printf(Locale.ROOT, "KS %s vs %s, %s: D = %s, p = %s%n", row.set(), row.reference(),
                    row.descriptor().key(), Table.formatNumber(k.statistic()), Table.formatPValue(k.pValue()));
        }
        for (String set : r.pairedSets()) {
            Summary s = r.diceSummary(set);
            o.printf(Locale.ROOT, "Dice %s vs %s: %s over %d sequences (min %s)%n", set, r.setNames().get(0),
                    Table.formatMeanStd(s.mean(), s.std()), s.count(), Table.formatNumber(s.min()));
        }
        EvaluationResult.Latent latent = r.latent();
        if (latent != null && latent.pca() != null) {
            o.printf(Locale.ROOT, "latent codes: %d, 90%% of the variance in %d principal components%s%n",
                    latent.codes().codes().length, latent.pca().componentsFor(0.9),
                    Double.isNaN(latent.leaveOneOutAccuracy()) ? ""
                            : String.format(Locale.ROOT, ", nearest-centroid accuracy %.1f%%",
                            100 * latent.leaveOneOutAccuracy()));
        }
        for (String note : r.notes()) {
            o.println("note: " + note);
        }
        o.println("report: " + report.toAbsolutePath());
    }
}
