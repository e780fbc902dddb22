package io.github.cellinr.eval;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Parallel;
import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.eval.ShapeDescriptors.Descriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The paper's evaluation (section 5) of sets of cell sequences: shape descriptors of every cell at every
 * time point (daughters separately after a division), their mean and inter-quartile range per time point,
 * two-sample Kolmogorov-Smirnov tests of each set against the reference set, Dice per time point of sets
 * paired with the reference (sequences paired by name), and, given latent codes, their PCA and t-SNE.
 *
 * <p>Sequences are evaluated in parallel, each one frame at a time, so memory holds about two frames per
 * thread. The result does not depend on the number of threads.
 */
public final class Evaluation {

    /** The reference set's usual name; the other sets are compared with it. */
    public static final String REAL = "real";

    private Evaluation() {
    }

    /**
     * A named set of sequences.
     *
     * @param name    "real", "reconstructed", "synthetic", or any other name
     * @param paired  whether its sequences correspond one to one (by name) to the reference set's, so that
     *                Dice applies (true for reconstructions, false for new synthetic cells)
     */
    public record SequenceSet(String name, List<MaskSequence> sequences, boolean paired) {
        public SequenceSet {
            Objects.requireNonNull(name, "name");
            sequences = List.copyOf(sequences);
        }
    }

    /**
     * Latent codes to analyse (one per training sequence of a model).
     *
     * @param source  where they come from (a model folder), for the report
     * @param names   one name per code
     * @param classes one class per code (a single class: no classification accuracy)
     */
    public record LatentCodes(String source, List<String> names, List<String> classes, double[][] codes) {
        public LatentCodes {
            names = List.copyOf(names);
            classes = List.copyOf(classes);
            if (codes.length != names.size() || codes.length != classes.size()) {
                throw new IllegalArgumentException(codes.length + " codes, " + names.size() + " names, "
                        + classes.size() + " classes");
            }
        }
    }

    /**
     * @param threads            sequences evaluated at once
     * @param seed               seeds the t-SNE start and the KS tie-breaking jitter
     * @param trainedEvery       with k > 0, only time points 0, k, 2k... were in training: the others are marked
     *                           as interpolated in the Dice figure (paper Fig. 9); 0 marks none
     * @param minPieceFraction   without lineage, components smaller than this share of a label's voxels are
     *                           not daughters (debris joins the nearest piece)
     * @param tsnePerplexity     t-SNE perplexity (lowered for few codes)
     */
    public record Settings(int threads, long seed, int trainedEvery, double minPieceFraction, double tsnePerplexity) {
        /** Checks each value as the other options records do: one line naming the option and the value. */
        public Settings {
            if (threads < 1) {
                throw CellInrException.of("--threads must be at least 1 here (0 is resolved to the cores before), got "
                        + threads);
            }
            if (trainedEvery < 0) {
                throw CellInrException.of("--trained-every must be 0 or positive, got " + trainedEvery);
            }
            if (!(minPieceFraction >= 0 && minPieceFraction < 1)) {
                throw CellInrException.of("the minimum piece fraction must be in [0, 1), got " + minPieceFraction);
            }
            if (!(tsnePerplexity > 0)) {
                throw CellInrException.of("the t-SNE perplexity must be positive, got " + tsnePerplexity);
            }
        }

        public static Settings defaults() {
            return new Settings(Runtime.getRuntime().availableProcessors(), 42, 0, 0.1, 30);
        }

        public Settings withThreads(int n) {
            return new Settings(n, seed, trainedEvery, minPieceFraction, tsnePerplexity);
        }

        public Settings withSeed(long s) {
            return new Settings(threads, s, trainedEvery, minPieceFraction, tsnePerplexity);
        }

        public Settings withTrainedEvery(int k) {
            return new Settings(threads, seed, k, minPieceFraction, tsnePerplexity);
        }

        /** Whether time point {@code t} was interpolated (not trained). */
        public boolean interpolated(int t) {
            return trainedEvery > 0 && t % trainedEvery != 0;
        }
    }

    /** One cell at one time point of one sequence of a set. */
    public record CellRecord(String set, String sequence, String cell, String parent, int timePoint, int frame,
                             ShapeDescriptors descriptors) implements java.io.Serializable {
        /** The cell's unique key within its set. */
        public String key() {
            return sequence + "/" + cell;
        }
    }

    /** Dice of one time point of one pair of sequences. */
    public record DiceRecord(String set, String sequence, int timePoint, Dice.Overlap overlap)
            implements java.io.Serializable {
        public double dice() {
            return overlap.dice();
        }
    }

    /**
     * Runs the evaluation. The first set is the reference (usually {@link #REAL}).
     *
     * @param codes latent codes to analyse, or null
     * @throws CellInrException for unreadable inputs, or a paired set whose sequences have no partner
     */
    public static EvaluationResult run(List<SequenceSet> sets, LatentCodes codes, Settings settings,
                                       ProgressSink progress) {
        return run(sets, codes, settings, progress, (count, job) -> Parallel.map(settings.threads(), count, job::apply));
    }

    /**
     * Runs the jobs of an evaluation (one per sequence of each set, then one per pair of a paired set) and returns
     * their outcomes in job order. The single-machine run uses threads; a distributed one (cellinr-spark) runs
     * job {@code i} elsewhere with {@link #runJob} on the same sets and collects the outcomes.
     */
    public interface JobRunner {
        List<Outcome> run(int count, java.util.function.IntFunction<Outcome> job);
    }

    /** The number of jobs {@link #run} has for these sets. */
    public static int jobCount(List<SequenceSet> sets) {
        return jobs(sets, Settings.defaults(), null).size();
    }

    /** Runs job {@code i} of the evaluation of {@code sets} (see {@link JobRunner}), without progress. */
    public static Outcome runJob(List<SequenceSet> sets, Settings settings, int i) {
        try (Progress bar = ProgressSink.NONE.start("evaluate", 1, "frames")) {
            return jobs(sets, settings, bar).get(i).get();
        }
    }

    private static List<Supplier<Outcome>> jobs(List<SequenceSet> sets, Settings settings, Progress bar) {
        List<Supplier<Outcome>> jobs = new ArrayList<>();
        if (sets.isEmpty()) {
            return jobs;
        }
        SequenceSet reference = sets.get(0);
        for (SequenceSet set : sets) {
            for (MaskSequence q : set.sequences()) {
                jobs.add(() -> describeSequence(set.name(), q, settings, bar));
            }
        }
        for (SequenceSet set : sets.subList(1, sets.size())) {
            if (set.paired()) {
                for (PairTask p : pairs(reference, set)) {
                    jobs.add(() -> new Outcome(List.of(), List.of(), p.run(bar)));
                }
            }
        }
        return jobs;
    }

    /** Runs the evaluation with its jobs run by {@code runner} (see {@link JobRunner}). */
    public static EvaluationResult run(List<SequenceSet> sets, LatentCodes codes, Settings settings,
                                       ProgressSink progress, JobRunner runner) {
        if (sets.isEmpty()) {
            throw CellInrException.of("nothing to evaluate: no set of sequences");
        }
        SequenceSet reference = sets.get(0);
        List<PairTask> pairs = new ArrayList<>();
        for (SequenceSet set : sets.subList(1, sets.size())) {
            if (set.paired()) {
                pairs.addAll(pairs(reference, set));
            }
        }
        long frames = 0;
        for (SequenceSet s : sets) {
            for (MaskSequence q : s.sequences()) {
                frames += q.frames().size();
            }
        }
        for (PairTask p : pairs) {
            frames += p.timePoints();
        }
        List<CellRecord> cells = new ArrayList<>();
        List<DiceRecord> dice = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (Progress bar = progress.start("evaluate", frames, "frames")) {
            List<Supplier<Outcome>> jobs = jobs(sets, settings, bar);
            // collected in job order, so the records do not depend on the thread count
            for (Outcome o : runner.run(jobs.size(), i -> jobs.get(i).get())) {
                cells.addAll(o.cells());
                notes.addAll(o.notes());
                dice.addAll(o.dice());
            }
        }
        Map<String, List<CellRecord>> bySet = new LinkedHashMap<>();
        for (SequenceSet s : sets) {
            bySet.put(s.name(), new ArrayList<>());
        }
        for (CellRecord c : cells) {
            bySet.get(c.set()).add(c);
        }
        List<EvaluationResult.KsRow> ks = new ArrayList<>();
        Map<String, double[]> referenceSamples = new LinkedHashMap<>();
        for (Descriptor d : Descriptor.values()) {
            referenceSamples.put(d.key(), perCellMeans(bySet.get(reference.name()), d));
        }
        for (SequenceSet s : sets.subList(1, sets.size())) {
            for (Descriptor d : Descriptor.values()) {
                KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(referenceSamples.get(d.key()),
                        perCellMeans(bySet.get(s.name()), d), Seeds.derive(settings.seed(), "eval.ks", d.ordinal()));
                ks.add(new EvaluationResult.KsRow(reference.name(), s.name(), d, r));
            }
        }
        EvaluationResult.Latent latent = null;
        if (codes != null) {
            latent = analyseCodes(codes, settings, progress);
        }
        SurfaceViews views = SurfaceViews.of(sets, settings.threads());
        return new EvaluationResult(sets.stream().map(SequenceSet::name).toList(), bySet, dice, ks, latent,
                settings, notes, views);
    }

    /** What one job found: a sequence's cells and notes, or a pair's Dice records. */
    public record Outcome(List<CellRecord> cells, List<String> notes, List<DiceRecord> dice)
            implements java.io.Serializable {
    }

    private static Outcome describeSequence(String set, MaskSequence sequence, Settings settings,
                                                    Progress bar) {
        CellSplitter splitter = new CellSplitter(sequence.lineage(), settings.minPieceFraction());
        List<CellRecord> out = new ArrayList<>();
        List<Integer> frames = sequence.frames();
        int empty = 0;
        for (int k = 0; k < frames.size(); k++) {
            LabelVolume frame = sequence.read(frames.get(k));
            List<CellSplitter.Observation> obs = splitter.next(frame);
            if (obs.isEmpty()) {
                empty++;
            }
            int t = frames.get(k) - frames.get(0);
            for (CellSplitter.Observation o : obs) {
                out.add(new CellRecord(set, sequence.name(), o.cell(), o.parent(), t, frames.get(k), o.descriptors()));
            }
            bar.step(1);
        }
        List<String> notes = new ArrayList<>();
        if (empty > 0) {
            notes.add(set + " " + sequence.name() + ": " + empty + " of " + frames.size() + " frames hold no cell");
        }
        return new Outcome(out, notes, List.of());
    }

    /**
     * Dice of one sequence of a paired set with the reference sequence of the same name, at the time points
     * both have (time point = frame number minus the sequence's first frame number, so that sparse ground
     * truth pairs with the right frames).
     */
    private record PairTask(String set, MaskSequence reference, MaskSequence other) {
        Map<Integer, int[]> common() {
            Map<Integer, int[]> out = new TreeMap<>();
            List<Integer> a = reference.frames(), b = other.frames();
            Map<Integer, Integer> byTime = new TreeMap<>();
            for (int f : b) {
                byTime.put(f - b.get(0), f);
            }
            for (int f : a) {
                Integer partner = byTime.get(f - a.get(0));
                if (partner != null) {
                    out.put(f - a.get(0), new int[] {f, partner});
                }
            }
            return out;
        }

        int timePoints() {
            return reference.frames().isEmpty() || other.frames().isEmpty() ? 0 : common().size();
        }

        List<DiceRecord> run(Progress bar) {
            List<DiceRecord> out = new ArrayList<>();
            if (timePoints() == 0) {
                return out;
            }
            for (Map.Entry<Integer, int[]> e : common().entrySet()) {
                Dice.Overlap o = Dice.overlap(reference.read(e.getValue()[0]), other.read(e.getValue()[1]));
                out.add(new DiceRecord(set, other.name(), e.getKey(), o));
                bar.step(1);
            }
            return out;
        }
    }

    private static List<PairTask> pairs(SequenceSet reference, SequenceSet set) {
        Map<String, MaskSequence> byName = new TreeMap<>();
        for (MaskSequence q : reference.sequences()) {
            byName.put(q.name(), q);
        }
        List<PairTask> out = new ArrayList<>();
        List<String> unpaired = new ArrayList<>();
        for (MaskSequence q : set.sequences()) {
            MaskSequence partner = byName.get(q.name());
            if (partner == null) {
                unpaired.add(q.name());
            } else {
                out.add(new PairTask(set.name(), partner, q));
            }
        }
        if (!unpaired.isEmpty()) {
            throw CellInrException.of("the " + set.name() + " sequences " + unpaired + " have no " + reference.name()
                    + " sequence of the same name to compare with (" + reference.name() + " has "
                    + byName.keySet() + ")");
        }
        return out;
    }

    /** One value per cell: the descriptor's mean over the cell's time points (the KS samples). */
    static double[] perCellMeans(List<CellRecord> cells, Descriptor d) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (CellRecord c : cells) {
            double v = d.of(c.descriptors());
            if (Double.isFinite(v)) {
                double[] s = sums.computeIfAbsent(c.key(), k -> new double[2]);
                s[0] += v;
                s[1]++;
            }
        }
        return sums.values().stream().mapToDouble(s -> s[0] / s[1]).toArray();
    }

    static EvaluationResult.Latent analyseCodes(LatentCodes codes, Settings settings, ProgressSink progress) {
        if (codes.codes().length < 3) {
            return new EvaluationResult.Latent(codes, codes.codes().length >= 2 ? Pca.of(codes.codes()) : null, null,
                    Double.NaN);
        }
        Pca pca = Pca.of(codes.codes());
        Tsne.Result tsne = Tsne.embed(codes.codes(),
                Tsne.Settings.defaults(Seeds.derive(settings.seed(), "eval.tsne")).withPerplexity(settings.tsnePerplexity()),
                progress);
        double accuracy = Set.copyOf(codes.classes()).size() > 1
                ? NearestCentroid.leaveOneOutAccuracy(codes.codes(), codes.classes()) : Double.NaN;
        return new EvaluationResult.Latent(codes, pca, tsne, accuracy);
    }
}
