package io.github.cellinr.train;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.Progress;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.DatasetInfo;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.model.TrainingSummary;
import io.github.cellinr.nn.Activation;
import io.github.cellinr.nn.Adam;
import io.github.cellinr.nn.ChunkEngine;
import io.github.cellinr.nn.EulerAngles;
import io.github.cellinr.nn.Gradients;
import io.github.cellinr.nn.Kernels;
import io.github.cellinr.nn.MlpInit;
import io.github.cellinr.nn.MlpLayout;
import io.github.cellinr.nn.PackedMlp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * The auto-decoder trainer (paper section 3.3): jointly optimises the network, one latent code per sequence
 * and, when equivariant, one rotation per sequence, on the L1 loss plus a latent regulariser, with Adam in
 * three parameter groups.
 *
 * <p>A step draws {@code framesPerBatch} frames with repetition (a sequence, then one of its frames) and
 * samples each with the {@link FrameSampler}; the chunks of all frames are split statically over the worker
 * threads, each accumulating into its own gradient buffers, which are summed in thread order. Every random
 * choice of step k comes from (seed, k): a run continued from a checkpoint is bit-identical to one that was
 * never interrupted (for the same thread count).
 *
 * <p>Output folder: {@value #CHECKPOINT_FILE} (every few epochs, atomic), {@value #LOSS_FILE}, and at the end
 * the model ({@link CellShapeModel#save}) and {@code provenance.json}.
 */
public final class Trainer {
    public static final String CHECKPOINT_FILE = "checkpoint.safetensors";
    public static final String LOSS_FILE = "loss.csv";

    private final SdfDataset data;
    private final String datasetSha256;
    private final Path outDir;
    private final List<String> command;
    private final ProgressSink progressSink;

    private TrainingOptions options;
    private ModelConfig config;
    private MlpLayout layout;
    private List<SequenceInfo> sequences;
    private int latentSize;
    private float[] decoder;
    private float[] codes;
    private float[] angles;
    private Adam[] adam;
    private int epochsDone;
    private long steps;
    private double trainingSeconds;
    private int lastCheckpointEpoch;
    private LossLog log = new LossLog();
    private ReconstructionDice.GridSdf gridSdf = ReconstructionDice.BRUTE_FORCE;
    private List<io.github.cellinr.core.Rotation> startRotations;
    private HardExamples hard;

    /**
     * @param datasetSha256 checksum of the dataset (recorded, and checked on resume), or null for an in-memory set
     * @param command       the command line, for provenance
     */
    public Trainer(SdfDataset data, String datasetSha256, Path outDir, List<String> command, ProgressSink progress) {
        this.data = data;
        this.datasetSha256 = datasetSha256;
        this.outDir = outDir;
        this.command = List.copyOf(command);
        this.progressSink = progress;
    }

    /** What a finished run produced. */
    public record Result(CellShapeModel model, Path modelDir, ReconstructionDice.Result dice, LossLog.Row lastEpoch) {
        public double finalLoss() {
            return lastEpoch == null ? Double.NaN : lastEpoch.loss();
        }
    }

    /**
     * Starts an equivariant run's rotations at {@code rotations} (one per sequence) instead of the options' start:
     * the oracle check of issue 13 (do the true relative rotations of rotated copies survive training?).
     */
    public Trainer startingFrom(List<io.github.cellinr.core.Rotation> rotations) {
        this.startRotations = List.copyOf(rotations);
        return this;
    }

    /**
     * How the final reconstruction Dice evaluates its grids (default: brute force). The commands pass the
     * inference stage's coarse-to-fine evaluation, which gives the same signs with far fewer evaluations.
     */
    public Trainer gridSdf(ReconstructionDice.GridSdf grid) {
        this.gridSdf = java.util.Objects.requireNonNull(grid, "grid");
        return this;
    }

    /** Trains from scratch into the output folder (which must not hold a checkpoint already). */
    public Result train(TrainingOptions opts) {
        Path checkpoint = outDir.resolve(CHECKPOINT_FILE);
        if (Files.exists(checkpoint) || Files.exists(outDir.resolve(CellShapeModel.CONFIG_FILE))) {
            throw CellInrException.of(outDir, "already holds a model or checkpoint; continue it with --resume or"
                    + " choose another --out");
        }
        DatasetInfo info = data.info();
        if (info.sequences().isEmpty() || info.frameCount() == 0) {
            throw CellInrException.of("the dataset has no frames to train on");
        }
        this.options = opts;
        this.config = config(opts, info.micrometresPerUnit());
        this.sequences = info.sequences();
        initialise();
        AtomicFiles.createDirectories(outDir);
        return run();
    }

    /** The model a run of {@code opts} trains: the preset's network, with {@code omega0} when one is given. */
    static ModelConfig config(TrainingOptions opts, double micrometresPerUnit) {
        ModelConfig preset = ModelConfig.of(opts.preset(), opts.latentSize(), opts.equivariant(), micrometresPerUnit);
        if (opts.omega0() == 0 || preset.network().activation() != Activation.SINE) {
            return preset;
        }
        NetworkSpec n = preset.network();
        return new ModelConfig(preset.preset(), new NetworkSpec(n.latentSize(), n.dims(), n.latentIn(), n.xyzInAll(),
                n.activation(), opts.omega0()), preset.equivariant(), micrometresPerUnit);
    }

    /**
     * Continues the run whose checkpoint is in the output folder. {@code overrides} may change the epoch count,
     * the thread count (the continuation is then no longer bit-identical) and the checkpoint interval; every
     * other option comes from the checkpoint.
     */
    public Result resume(java.util.function.UnaryOperator<TrainingOptions> overrides) {
        Path file = outDir.resolve(CHECKPOINT_FILE);
        if (!Files.exists(file)) {
            throw CellInrException.of(outDir, "has no " + CHECKPOINT_FILE + " to resume from");
        }
        Checkpoint.Loaded c = Checkpoint.read(file);
        Checkpoint.State s = c.state();
        if (datasetSha256 != null && s.datasetSha256() != null && !datasetSha256.equals(s.datasetSha256())) {
            throw CellInrException.of(file, "was trained on a different dataset (checksum differs); resume with the"
                    + " same --data");
        }
        if (!s.sequences().equals(data.info().sequences())) {
            throw CellInrException.of(file, "was trained on different sequences than the given dataset holds");
        }
        this.options = overrides.apply(s.options());
        this.config = s.config();
        this.sequences = s.sequences();
        this.layout = config.network().layout();
        this.latentSize = config.latentSize();
        this.decoder = c.model().decoderParameters();
        this.codes = c.model().codes();
        this.angles = c.model().angles();
        this.adam = newOptimisers();
        for (int g = 0; g < adam.length; g++) {
            adam[g].restore(c.firstMoments()[g], c.secondMoments()[g], s.adamSteps()[g]);
        }
        this.epochsDone = s.epochsDone();
        this.steps = s.steps();
        this.trainingSeconds = s.trainingSeconds();
        this.log = LossLog.read(outDir.resolve(LOSS_FILE), epochsDone);
        this.hard = c.hardExamples() == null ? HardExamples.empty(data) : HardExamples.from(c.hardExamples(), data, file);
        this.lastCheckpointEpoch = epochsDone;
        return run();
    }

    private Adam[] newOptimisers() {
        return new Adam[] {new Adam(decoder.length), new Adam(codes.length), new Adam(angles.length)};
    }

    private void initialise() {
        layout = config.network().layout();
        latentSize = config.latentSize();
        decoder = MlpInit.initialise(layout, Seeds.random(options.seed(), "train.init.decoder"));
        int s = sequences.size();
        codes = new float[s * latentSize];
        SplittableRandom rc = Seeds.random(options.seed(), "train.init.codes");
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (float) (options.codeInitStd() * rc.nextGaussian());
        }
        angles = SequenceRotations.initial(options, data, startRotations);
        adam = newOptimisers();
        epochsDone = 0;
        steps = 0;
        trainingSeconds = 0;
        log = new LossLog();
        hard = HardExamples.empty(data);
    }

    /** Steps per epoch: as many frames as the dataset holds, in batches (the released code's epoch). */
    int stepsPerEpoch() {
        return (data.info().frameCount() + options.framesPerBatch() - 1) / options.framesPerBatch();
    }

    private boolean anglesActive(int epoch) {
        return options.equivariant() && (options.freezeAnglesAfter() == 0 || epoch < options.freezeAnglesAfter());
    }

    private Result run() {
        int f = options.framesPerBatch();
        int n = options.pointsPerFrame();
        long total = (long) f * n;
        if (total * 3 > Integer.MAX_VALUE - 16) {
            throw CellInrException.of("frames per batch x points per frame is too large (" + total + ")");
        }
        PackedMlp net = PackedMlp.of(layout, decoder);
        StepContext ctx = new StepContext(net, f, n, options.threads(), options.chunkSize());
        LearningRateSchedule schedule = options.lrSchedule();
        int perEpoch = stepsPerEpoch();
        float[] flatGradient = new float[decoder.length];
        double[] latentGradient = new double[codes.length];
        double[] angleGradient = new double[angles.length];
        float[] angleIncrement = new float[angles.length];
        long totalSteps = (long) options.epochs() * perEpoch;
        try (Progress progress = progressSink.start("train", totalSteps, "steps")) {
            progress.stepTo(steps);
            ctx.start();
            for (int epoch = epochsDone; epoch < options.epochs(); epoch++) {
                if (options.freezeAnglesAfter() > 0 && epoch == options.freezeAnglesAfter() && options.equivariant()) {
                    // the released code switches to a fresh optimiser without the angles at this epoch
                    adam[0].reset();
                    adam[1].reset();
                }
                long epochStart = System.nanoTime();
                double lossSum = 0;
                double sdfSum = 0;
                double codeSum = 0;
                boolean rotate = anglesActive(epoch);
                if (rotate && options.rotation().searchesAt(epoch)) {
                    RotationSearch.Outcome o = RotationSearch.run(new io.github.cellinr.model.SdfEvaluator(layout,
                            decoder), data, codes, angles, adam[2], options, epoch, options.threads());
                    progress.status(String.format(Locale.ROOT, "epoch %d: rotation search moved %d of %d"
                            + " sequences (L1 %.5f -> %.5f)", epoch, o.jumps(), sequences.size(),
                            o.meanLossBefore(), o.meanLossAfter()));
                }
                if (options.sampling().rescoresAt(epoch)) {
                    hard.rescore(new io.github.cellinr.model.SdfEvaluator(layout, decoder), data, codes, angles,
                            options.seed(), epoch, options.threads());
                }
                // the throughput is that of the steps alone, comparable with `bench` at the same batch; the
                // rotation search and the hard-example rescoring are periodic extra passes, timed in the epoch
                long stepsStart = System.nanoTime();
                for (int k = 0; k < perEpoch; k++, steps++) {
                    double at = epoch + (double) k / perEpoch;
                    ctx.prepare(steps, rotate);
                    ctx.runStep();
                    double sdfLoss = ctx.reduce(flatGradient, latentGradient, angleGradient);
                    double codeLoss = regularise(ctx, epoch, latentGradient);
                    double loss = sdfLoss + codeLoss;
                    if (!Double.isFinite(loss) || !finite(flatGradient) || !finite(latentGradient)
                            || !finite(angleGradient)) {
                        throw diverged(epoch, loss);
                    }
                    adam[0].step(decoder, flatGradient, schedule.rate(options.lrDecoder(), options, at));
                    if (options.lazyCodeUpdates()) {
                        adam[1].stepRows(codes, latentGradient, schedule.rate(options.lrLatent(), options, at),
                                ctx.sequenceOf, latentSize);
                    } else {
                        adam[1].step(codes, latentGradient, schedule.rate(options.lrLatent(), options, at));
                    }
                    if (rotate) {
                        SequenceRotations.step(options.rotation().parametrisation(), adam[2], angles, angleGradient,
                                schedule.rate(options.lrAngles(), options, at), angleIncrement);
                    }
                    net.pack(decoder);
                    lossSum += loss;
                    sdfSum += sdfLoss;
                    codeSum += codeLoss;
                    progress.step(1);
                }
                long end = System.nanoTime();
                double seconds = (end - epochStart) / 1e9;
                trainingSeconds += seconds;
                epochsDone = epoch + 1;
                double pps = perEpoch * (double) total / ((end - stepsStart) / 1e9);
                log.add(new LossLog.Row(epochsDone, steps, lossSum / perEpoch, sdfSum / perEpoch, codeSum / perEpoch,
                        schedule.rate(options.lrDecoder(), options, epoch),
                        schedule.rate(options.lrLatent(), options, epoch),
                        rotate ? schedule.rate(options.lrAngles(), options, epoch) : 0,
                        trainingSeconds, pps));
                progress.status(String.format(Locale.ROOT, "epoch %d/%d loss %.5f (L1 %.5f) %.0fk points/s",
                        epochsDone, options.epochs(), lossSum / perEpoch, sdfSum / perEpoch, pps / 1000));
                if (!finite(decoder) || !finite(codes) || !finite(angles)) {
                    throw diverged(epoch, Double.NaN);
                }
                if (epochsDone % options.checkpointEvery() == 0 || epochsDone == options.epochs()) {
                    writeCheckpoint();
                }
            }
        } finally {
            ctx.stop();
        }
        return finish();
    }

    private double regularise(StepContext ctx, int epoch, double[] latentGradient) {
        double loss = 0;
        double perFrame = 1.0 / ctx.frames;
        for (int slot = 0; slot < ctx.frames; slot++) {
            int s = ctx.sequenceOf[slot];
            loss += options.codeRegulariser().lossAndGradient(codes, s * latentSize, latentSize,
                    options.codeRegWeight(), epoch, perFrame, latentGradient) * perFrame;
        }
        return loss;
    }

    private CellInrException diverged(int epoch, double loss) {
        Path checkpoint = outDir.resolve(CHECKPOINT_FILE);
        String kept = Files.exists(checkpoint) ? "the last good checkpoint (epoch " + lastCheckpointEpoch
                + ") is kept in " + checkpoint : "no checkpoint was written yet";
        return CellInrException.of(String.format(Locale.ROOT, "training diverged in epoch %d (step %d): the loss or"
                + " a gradient became %s; %s; lower the learning rates (--lr, --lr-latent, --lr-angles) and train"
                + " again", epoch + 1, steps + 1, Double.isNaN(loss) ? "NaN" : "infinite", kept));
    }

    private static boolean finite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private CellShapeModel currentModel() {
        return CellShapeModel.of(config, sequences, decoder, codes, angles, null, null);
    }

    private void writeCheckpoint() {
        LossLog.Row last = log.last();
        long[] adamSteps = new long[adam.length];
        for (int g = 0; g < adam.length; g++) {
            adamSteps[g] = adam[g].steps();
        }
        Checkpoint.State state = new Checkpoint.State(1, epochsDone, steps, adamSteps, trainingSeconds, options,
                config, sequences, datasetSha256, last == null ? Double.NaN : last.loss(),
                last == null ? Double.NaN : last.sdfLoss());
        log.write(outDir.resolve(LOSS_FILE));
        Checkpoint.write(outDir.resolve(CHECKPOINT_FILE), state, currentModel(), adam,
                options.sampling().usesHardPool() ? hard.tensor() : null);
        lastCheckpointEpoch = epochsDone;
    }

    private Result finish() {
        CellShapeModel model = currentModel();
        ReconstructionDice.Result dice = ReconstructionDice.compute(model, data, options.diceMaxGrid(),
                options.threads(), progressSink, gridSdf);
        LossLog.Row last = log.last();
        @SuppressWarnings("unchecked")
        Map<String, Object> optionMap = Json.mapper().convertValue(options, Map.class);
        TrainingSummary summary = new TrainingSummary(optionMap, epochsDone, steps,
                last == null ? Double.NaN : last.loss(), last == null ? Double.NaN : last.sdfLoss(), trainingSeconds,
                dice.perSequence(), dice.mean(), dice.stride());
        Provenance.Builder prov = Provenance.builder(command).seed(options.seed())
                .parameter("preset", options.preset())
                .parameter("equivariant", options.equivariant())
                .parameter("epochs", epochsDone)
                .parameter("threads", options.threads());
        if (datasetSha256 != null) {
            prov.parameter("datasetSha256", datasetSha256);
        }
        prov.parameter("dataset", data.info().source());
        Provenance provenance = prov.build();
        model = model.withRecords(provenance, summary);
        String id = model.save(outDir);
        Provenance withId = Provenance.builder(command).seed(options.seed()).modelId(id)
                .parameter("dataset", data.info().source())
                .parameter("datasetSha256", datasetSha256 == null ? "in-memory" : datasetSha256)
                .parameter("epochs", epochsDone).build();
        withId.writeTo(outDir);
        return new Result(model, outDir, dice, last);
    }

    /** Per-step buffers and the worker threads. */
    private final class StepContext {
        final PackedMlp net;
        final int frames;
        final int pointsPerFrame;
        final int threads;
        final int chunk;
        final int chunksPerFrame;
        final int[] sequenceOf;
        final int[] frameOf;
        /** Per frame slot: how many of its samples (the first ones) came from the hard pool. */
        final int[] hardCount;
        final double[][] rotationOf;
        final float[] xyz;
        final float[] target;
        final float[] out;
        final float[] dLdy;
        final double[] rotationSum = new double[9];
        final FrameSampler sampler;
        final Worker[] workers;
        final CyclicBarrier startBarrier;
        final CyclicBarrier sampleBarrier;
        final CyclicBarrier endBarrier;
        final Thread[] threadHandles;
        volatile boolean stopping;
        volatile boolean rotate;
        volatile long step;
        volatile Throwable failure;

        StepContext(PackedMlp net, int frames, int pointsPerFrame, int threads, int chunk) {
            this.net = net;
            this.frames = frames;
            this.pointsPerFrame = pointsPerFrame;
            this.threads = threads;
            this.chunk = chunk;
            this.chunksPerFrame = (pointsPerFrame + chunk - 1) / chunk;
            sequenceOf = new int[frames];
            frameOf = new int[frames];
            hardCount = new int[frames];
            rotationOf = new double[frames][];
            int total = frames * pointsPerFrame;
            xyz = new float[3 * total];
            target = new float[total];
            out = new float[total];
            dLdy = new float[total];
            DatasetInfo info = data.info();
            sampler = new FrameSampler(info.gridSize(), info.micrometresPerUnit(), options.nearFraction(),
                    options.sampling());
            workers = new Worker[threads];
            for (int w = 0; w < threads; w++) {
                workers[w] = new Worker(w);
            }
            startBarrier = new CyclicBarrier(threads);
            sampleBarrier = new CyclicBarrier(threads);
            endBarrier = new CyclicBarrier(threads);
            threadHandles = new Thread[threads];
        }

        void start() {
            for (int w = 1; w < threads; w++) {
                Worker worker = workers[w];
                Thread t = new Thread(() -> {
                    while (true) {
                        try {
                            startBarrier.await();
                        } catch (InterruptedException | BrokenBarrierException e) {
                            return;
                        }
                        if (stopping) {
                            return;
                        }
                        worker.runGuarded();
                        try {
                            endBarrier.await();
                        } catch (InterruptedException | BrokenBarrierException e) {
                            return;
                        }
                    }
                }, "cellinr-train-" + w);
                t.setDaemon(true);
                threadHandles[w] = t;
                t.start();
            }
        }

        void stop() {
            stopping = true;
            if (threads > 1) {
                startBarrier.reset();
                endBarrier.reset();
                for (int w = 1; w < threads; w++) {
                    if (threadHandles[w] != null) {
                        threadHandles[w].interrupt();
                        try {
                            threadHandles[w].join(10_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            }
        }

        /** Draws step k's frames (sequence, then frame, with repetition). */
        void prepare(long k, boolean withRotation) {
            step = k;
            rotate = withRotation;
            SplittableRandom r = Seeds.random(options.seed(), "train.batch", k);
            for (int slot = 0; slot < frames; slot++) {
                int s = r.nextInt(sequences.size());
                sequenceOf[slot] = s;
                frameOf[slot] = r.nextInt(sequences.get(s).frameCount());
                rotationOf[slot] = EulerAngles.matrix(angles[3 * s], angles[3 * s + 1], angles[3 * s + 2]);
            }
        }

        void runStep() {
            failure = null;
            try {
                if (threads > 1) {
                    startBarrier.await();
                }
                workers[0].runGuarded();
                if (threads > 1) {
                    endBarrier.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("training interrupted", e);
            } catch (BrokenBarrierException e) {
                throw new IllegalStateException("a training thread failed", e);
            }
            Throwable t = failure;
            if (t != null && threads > 1) {
                sampleBarrier.reset();
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
        }

        /**
         * Sums the workers' gradients in thread order; returns the mean L1 loss of the samples drawn from the near and
         * far pools (the hard-pool samples are the worst by construction: counting them would make the logged loss
         * of a recipe with a hard pool incomparable with one without).
         */
        double reduce(float[] flat, double[] latentGradient, double[] angleGradient) {
            Gradients total = workers[0].gradients;
            for (int w = 1; w < threads; w++) {
                total.addFrom(workers[w].gradients);
            }
            Arrays.fill(flat, 0f);
            total.addTo(flat);
            Arrays.fill(latentGradient, 0);
            Arrays.fill(angleGradient, 0);
            double loss = 0;
            double[] dR = rotationSum;
            for (int w = 0; w < threads; w++) {
                loss += workers[w].lossSum;
            }
            for (int slot = 0; slot < frames; slot++) {
                int s = sequenceOf[slot];
                Arrays.fill(dR, 0);
                for (int w = 0; w < threads; w++) {
                    Worker wk = workers[w];
                    for (int k = 0; k < latentSize; k++) {
                        latentGradient[s * latentSize + k] += wk.latentGradient[slot * latentSize + k];
                    }
                    for (int i = 0; i < 9; i++) {
                        dR[i] += wk.rotationGradient[slot][i];
                    }
                }
                if (rotate) {
                    SequenceRotations.chain(options.rotation().parametrisation(), angles, s, dR, angleGradient);
                }
            }
            long regular = (long) frames * pointsPerFrame;
            for (int slot = 0; slot < frames; slot++) {
                regular -= hardCount[slot];
            }
            return loss / Math.max(1, regular);
        }

        /** One thread's share of a step. */
        private final class Worker {
            final int id;
            final ChunkEngine engine;
            final Gradients gradients;
            final double[] latentGradient;
            final double[][] rotationGradient;
            double lossSum;

            Worker(int id) {
                this.id = id;
                engine = new ChunkEngine(net, Kernels.VECTOR, chunk, true);
                gradients = new Gradients(net);
                latentGradient = new double[frames * latentSize];
                rotationGradient = new double[frames][9];
            }

            void runGuarded() {
                try {
                    run();
                } catch (Throwable t) {
                    synchronized (StepContext.this) {
                        if (failure == null) {
                            failure = t;
                        }
                    }
                    sampleBarrier.reset(); // releases the others if they wait for this thread's samples
                }
            }

            void run() {
                long k = step;
                // sampling: frame slots are shared out round-robin; each slot's samples come from (seed, step, slot)
                for (int slot = id; slot < frames; slot += threads) {
                    SplittableRandom r = Seeds.random(options.seed(), "train.points", k, slot);
                    hardCount[slot] = sampler.sample(data.frame(sequenceOf[slot], frameOf[slot]), hard.voxels(),
                            hard.from(sequenceOf[slot], frameOf[slot]), pointsPerFrame, r, xyz, target,
                            slot * pointsPerFrame);
                }
                if (threads > 1) {
                    try {
                        sampleBarrier.await();
                    } catch (InterruptedException | BrokenBarrierException e) {
                        throw new IllegalStateException("training interrupted", e);
                    }
                }
                gradients.clear();
                Arrays.fill(latentGradient, 0);
                for (double[] g : rotationGradient) {
                    Arrays.fill(g, 0);
                }
                lossSum = 0;
                int totalChunks = frames * chunksPerFrame;
                int from = (int) ((long) totalChunks * id / threads);
                int to = (int) ((long) totalChunks * (id + 1) / threads);
                double invTotal = 1.0 / ((double) frames * pointsPerFrame);
                double surfaceWeight = options.sampling().surfaceWeight();
                double unitsPerVoxel = sampler.unitsPerVoxel();
                int current = -1;
                boolean withRotation = rotate;
                for (int c = from; c < to; c++) {
                    int slot = c / chunksPerFrame;
                    if (slot != current) {
                        if (current >= 0) {
                            engine.flushShape(gradients, latentGradient, current * latentSize,
                                    rotationGradient[current]);
                        }
                        engine.setShape(codes, sequenceOf[slot] * latentSize, rotationOf[slot]);
                        current = slot;
                    }
                    int start = slot * pointsPerFrame + (c % chunksPerFrame) * chunk;
                    int count = Math.min(chunk, (slot + 1) * pointsPerFrame - start);
                    float time = (float) sequences.get(sequenceOf[slot]).time(frameOf[slot]);
                    engine.forward(xyz, 3 * start, null, 0, time, count, out, start);
                    int firstRegular = slot * pointsPerFrame + hardCount[slot];
                    for (int p = start; p < start + count; p++) {
                        double err = (double) out[p] - target[p];
                        // the logged loss stays the plain L1 of the pools' samples, comparable across recipes; the
                        // gradient is weighted
                        if (p >= firstRegular) {
                            lossSum += Math.abs(err);
                        }
                        double w = SampleScheme.weight(surfaceWeight, target[p], unitsPerVoxel);
                        dLdy[p] = (float) (Math.signum(err) * w * invTotal);
                    }
                    engine.backward(dLdy, start, count, gradients, withRotation);
                }
                if (current >= 0) {
                    engine.flushShape(gradients, latentGradient, current * latentSize, rotationGradient[current]);
                }
            }
        }

    }

    /** The options of the current run (after {@link #train} or {@link #resume}). */
    public TrainingOptions options() {
        return options;
    }
}
