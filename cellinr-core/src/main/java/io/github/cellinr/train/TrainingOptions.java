package io.github.cellinr.train;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.model.NetworkSpec;

/**
 * Every setting of a training run. The defaults are this project's choices for a 2-core CPU, recorded in
 * each model; the paper's and the released code's values are noted where they differ.
 *
 * @param preset             network preset ({@value NetworkSpec#SIREN_PAPER} or {@value NetworkSpec#DEEPSDF})
 * @param latentSize         latent code length, 0 for the preset's (64, or 256 for deepsdf)
 * @param equivariant        learn one rotation per sequence (paper section 3.5)
 * @param epochs             epochs to train; an epoch is as many frames as the dataset has, drawn in batches
 * @param framesPerBatch     frames per optimiser step, each drawn with repetition: a sequence, then a frame of it
 *                           (paper: 5)
 * @param pointsPerFrame     SDF samples per frame and step (paper: 1,000,000)
 * @param nearFraction       share of samples from the near pool (inside or within the dataset's threshold of the
 *                           surface), the rest from the far pool, with replacement (paper: 0.7)
 * @param seed               root of every random choice (initialisation, batches, samples)
 * @param threads            worker threads; results are identical run to run for the same count
 * @param checkpointEvery    epochs between checkpoints (the last epoch always writes one)
 * @param lrDecoder          Adam learning rate of the network weights (paper: 1e-4)
 * @param lrLatent           Adam learning rate of the latent codes
 * @param lrAngles           Adam learning rate of the Euler angles
 * @param lrInterval         epochs between learning-rate reductions (paper: 350)
 * @param lrFactor           reduction factor (paper: 0.5)
 * @param freezeAnglesAfter  stop optimising the angles after this many epochs and reset the other groups' Adam
 *                           state, as the released code does (0: optimise them throughout, as the paper says)
 * @param codeRegulariser    latent regulariser
 * @param codeRegWeight      its weight
 * @param codeInitStd        standard deviation of the initial latent codes (paper: 0.01; released code: 1/sqrt(64))
 * @param angleInitStd       standard deviation of the initial Euler angles (paper: N(0, pi^2/64), i.e. pi/8)
 * @param chunkSize          points per engine chunk
 * @param diceMaxGrid        largest grid edge on which the final reconstruction Dice is computed (the training
 *                           grid is subsampled by a whole stride to at most this)
 * @param omega0             SIREN frequency omega_0 of the sine layers, 0 for the preset's (30; paper section 5.6
 *                           sweeps it); ignored by ReLU presets
 * @param rotation           how an equivariant run finds its rotations ({@link RotationTraining}; absent in
 *                           checkpoints and models of earlier versions, which trained as the paper:
 *                           {@link RotationTraining#PAPER})
 * @param recipe             the named recipe these options started from ({@link Recipe}; absent in checkpoints and
 *                           models of earlier versions: paper)
 * @param sampling           where samples come from and how their errors count ({@link SampleScheme}; absent in
 *                           earlier versions: the paper's)
 * @param lrSchedule         how the learning rates change over the run (absent in earlier versions: step)
 * @param warmupEpochs       epochs of linear learning-rate warm-up (0: none, the paper)
 * @param lazyCodeUpdates    move only the codes of the step's sequences (lazy Adam, {@code Adam#stepRows}) instead of
 *                           every code (dense Adam, the paper's PyTorch optimiser); absent in earlier versions: dense
 */
public record TrainingOptions(String preset, int latentSize, boolean equivariant, int epochs, int framesPerBatch,
                              int pointsPerFrame, double nearFraction, long seed, int threads, int checkpointEvery,
                              double lrDecoder, double lrLatent, double lrAngles, int lrInterval, double lrFactor,
                              int freezeAnglesAfter, CodeRegulariser codeRegulariser, double codeRegWeight,
                              double codeInitStd, double angleInitStd, int chunkSize, int diceMaxGrid,
                              double omega0, RotationTraining rotation, String recipe, SampleScheme sampling,
                              LearningRateSchedule lrSchedule, int warmupEpochs, boolean lazyCodeUpdates) {

    public static final int DEFAULT_EPOCHS = 300;
    public static final int DEFAULT_FRAMES_PER_BATCH = 5;
    public static final int DEFAULT_POINTS_PER_FRAME = 4096;
    public static final double DEFAULT_LR_DECODER = 1e-4;
    public static final double DEFAULT_LR_LATENT = 1e-3;
    public static final double DEFAULT_LR_ANGLES = 1e-3;
    public static final double DEFAULT_CODE_REG_WEIGHT = 1e-4;
    public static final double DEFAULT_CODE_INIT_STD = 0.01;

    /**
     * Every value is checked here, where all callers pass, and a bad one is a {@link CellInrException} naming
     * the command-line option (one line, exit status 2), as the other options records do.
     */
    public TrainingOptions {
        // a checkpoint or model of a version before these options trained as the paper
        if (rotation == null) {
            rotation = RotationTraining.PAPER;
        }
        if (recipe == null) {
            recipe = Recipe.PAPER.label();
        }
        if (sampling == null) {
            sampling = SampleScheme.PAPER;
        }
        if (lrSchedule == null) {
            lrSchedule = LearningRateSchedule.STEP;
        }
        NetworkSpec network;
        try {
            network = NetworkSpec.preset(preset, 0);
        } catch (IllegalArgumentException e) {
            throw CellInrException.of("--preset: " + e.getMessage());
        }
        int maxLatent = network.maxLatentSize();
        require(latentSize >= 0, "--latent must be 0 (the preset's) or positive, got " + latentSize);
        require(latentSize <= maxLatent, "--latent " + latentSize + " is too long for --preset " + preset
                + ", which takes latent sizes 1 to " + maxLatent + " (its layers shrink by what is concatenated"
                + " after them)");
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(framesPerBatch >= 1, "--frames-per-batch must be at least 1, got " + framesPerBatch);
        require(pointsPerFrame >= 1, "--points-per-frame must be at least 1, got " + pointsPerFrame);
        require((long) framesPerBatch * pointsPerFrame <= MAX_POINTS_PER_STEP, "--frames-per-batch x"
                + " --points-per-frame is " + (long) framesPerBatch * pointsPerFrame + " points per step, more than"
                + " the " + MAX_POINTS_PER_STEP + " a step holds in memory");
        require(nearFraction >= 0 && nearFraction <= 1, "--near-fraction must be in [0, 1], got " + nearFraction);
        require(threads >= 1, "--threads must be at least 1 here (0 is resolved to the cores before), got " + threads);
        require(checkpointEvery >= 1, "--checkpoint-every must be at least 1 epoch, got " + checkpointEvery);
        require(lrDecoder > 0 && lrLatent > 0 && lrAngles > 0, "--lr, --lr-latent and --lr-angles must be positive");
        require(lrInterval >= 1, "--lr-halve-every must be at least 1 epoch, got " + lrInterval);
        require(lrFactor > 0 && lrFactor <= 1, "--lr-factor must be in (0, 1], got " + lrFactor);
        require(freezeAnglesAfter >= 0, "--freeze-angles-after must be 0 or positive, got " + freezeAnglesAfter);
        require(codeRegulariser != null, "--code-reg must be chosen");
        require(codeRegWeight >= 0, "--code-reg-weight must be 0 or positive, got " + codeRegWeight);
        require(codeInitStd >= 0, "--code-init-std must be 0 or positive, got " + codeInitStd);
        require(angleInitStd >= 0, "--angle-init-std must be 0 or positive, got " + angleInitStd);
        require(chunkSize >= 4 && chunkSize % 4 == 0, "chunk size must be a positive multiple of 4, got " + chunkSize);
        require(diceMaxGrid >= 2, "--dice-grid must be at least 2, got " + diceMaxGrid);
        require(omega0 >= 0 && Double.isFinite(omega0), "--omega must be 0 (the preset's) or positive, got " + omega0);
        require(warmupEpochs >= 0, "--warmup must be 0 or positive, got " + warmupEpochs);
    }

    /** The most SDF samples one step may draw (frames x points): the step's buffers hold them all. */
    public static final long MAX_POINTS_PER_STEP = 1L << 26;

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw CellInrException.of(message);
        }
    }

    /** The defaults: the {@link Recipe#FAST fast recipe}. */
    public static TrainingOptions defaults() {
        return Recipe.FAST.options();
    }

    /**
     * The named training recipes. {@link #PAPER} is the paper's (section 5 and the released code): samples at voxel
     * centres, plain L1, Adam 1e-4 halved every 350 epochs. {@link #FAST}, the default, learns the same model with
     * far less compute on a CPU (docs/ENGINE.md, "Training recipes", gives the ablation behind each choice):
     * continuous sample positions, a surface-weighted L1, a warm-up and a cosine schedule from a higher rate.
     * Error-driven resampling ({@code --hard-fraction}) is available but off: it lowered the Dice in the
     * ablation. A recipe fixes the defaults; every option given on its own still overrides it.
     */
    public enum Recipe {
        FAST,
        PAPER;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Recipe parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CellInrException.of("--recipe '" + text + "' is not one of fast, paper");
            }
        }

        /** The recipe's options, with one worker per core and seed 1. */
        public TrainingOptions options() {
            TrainingOptions paper = new TrainingOptions(NetworkSpec.SIREN_PAPER, 0, false, DEFAULT_EPOCHS,
                    DEFAULT_FRAMES_PER_BATCH, DEFAULT_POINTS_PER_FRAME, 0.7, 1L, Runtime.getRuntime()
                    .availableProcessors(), 10, DEFAULT_LR_DECODER, DEFAULT_LR_LATENT, DEFAULT_LR_ANGLES, 350, 0.5, 0,
                    CodeRegulariser.SQUARED, DEFAULT_CODE_REG_WEIGHT, DEFAULT_CODE_INIT_STD, Math.PI / 8, 64, 64, 0,
                    RotationTraining.DEFAULT, PAPER.label(), SampleScheme.PAPER, LearningRateSchedule.STEP, 0,
                    false);
            return switch (this) {
                case PAPER -> paper;
                case FAST -> paper.toBuilder().recipe(label()).nearFraction(FAST_NEAR_FRACTION)
                        .lrDecoder(FAST_LR_DECODER).lrLatent(FAST_LR_LATENT)
                        .sampling(FAST_SAMPLING).lrSchedule(LearningRateSchedule.COSINE)
                        .warmupEpochs(FAST_WARMUP_EPOCHS).build();
            };
        }
    }

    /** The fast recipe's network learning rate (the paper: 1e-4). */
    public static final double FAST_LR_DECODER = 5e-4;
    /** The fast recipe's latent learning rate. */
    public static final double FAST_LR_LATENT = 3e-3;
    /** The fast recipe's near share. */
    public static final double FAST_NEAR_FRACTION = 0.8;
    /** The fast recipe's warm-up. */
    public static final int FAST_WARMUP_EPOCHS = 2;
    /** The fast recipe's sampling. */
    public static final SampleScheme FAST_SAMPLING = new SampleScheme(true, 4, 0, 5);

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few options of a record with many. */
    public static final class Builder {
        private String preset;
        private int latentSize;
        private boolean equivariant;
        private int epochs;
        private int framesPerBatch;
        private int pointsPerFrame;
        private double nearFraction;
        private long seed;
        private int threads;
        private int checkpointEvery;
        private double lrDecoder;
        private double lrLatent;
        private double lrAngles;
        private int lrInterval;
        private double lrFactor;
        private int freezeAnglesAfter;
        private CodeRegulariser codeRegulariser;
        private double codeRegWeight;
        private double codeInitStd;
        private double angleInitStd;
        private int chunkSize;
        private int diceMaxGrid;
        private double omega0;
        private RotationTraining rotation;
        private String recipe;
        private SampleScheme sampling;
        private LearningRateSchedule lrSchedule;
        private int warmupEpochs;
        private boolean lazyCodeUpdates;

        private Builder(TrainingOptions o) {
            preset = o.preset;
            latentSize = o.latentSize;
            equivariant = o.equivariant;
            epochs = o.epochs;
            framesPerBatch = o.framesPerBatch;
            pointsPerFrame = o.pointsPerFrame;
            nearFraction = o.nearFraction;
            seed = o.seed;
            threads = o.threads;
            checkpointEvery = o.checkpointEvery;
            lrDecoder = o.lrDecoder;
            lrLatent = o.lrLatent;
            lrAngles = o.lrAngles;
            lrInterval = o.lrInterval;
            lrFactor = o.lrFactor;
            freezeAnglesAfter = o.freezeAnglesAfter;
            codeRegulariser = o.codeRegulariser;
            codeRegWeight = o.codeRegWeight;
            codeInitStd = o.codeInitStd;
            angleInitStd = o.angleInitStd;
            chunkSize = o.chunkSize;
            diceMaxGrid = o.diceMaxGrid;
            omega0 = o.omega0;
            rotation = o.rotation;
            recipe = o.recipe;
            sampling = o.sampling;
            lrSchedule = o.lrSchedule;
            warmupEpochs = o.warmupEpochs;
            lazyCodeUpdates = o.lazyCodeUpdates;
        }

        public Builder preset(String v) {
            preset = v;
            return this;
        }

        public Builder latentSize(int v) {
            latentSize = v;
            return this;
        }

        public Builder equivariant(boolean v) {
            equivariant = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder framesPerBatch(int v) {
            framesPerBatch = v;
            return this;
        }

        public Builder pointsPerFrame(int v) {
            pointsPerFrame = v;
            return this;
        }

        public Builder nearFraction(double v) {
            nearFraction = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        public Builder lrDecoder(double v) {
            lrDecoder = v;
            return this;
        }

        public Builder lrLatent(double v) {
            lrLatent = v;
            return this;
        }

        public Builder lrAngles(double v) {
            lrAngles = v;
            return this;
        }

        public Builder lrInterval(int v) {
            lrInterval = v;
            return this;
        }

        public Builder lrFactor(double v) {
            lrFactor = v;
            return this;
        }

        public Builder freezeAnglesAfter(int v) {
            freezeAnglesAfter = v;
            return this;
        }

        public Builder codeRegulariser(CodeRegulariser v) {
            codeRegulariser = v;
            return this;
        }

        public Builder codeRegWeight(double v) {
            codeRegWeight = v;
            return this;
        }

        public Builder codeInitStd(double v) {
            codeInitStd = v;
            return this;
        }

        public Builder angleInitStd(double v) {
            angleInitStd = v;
            return this;
        }

        public Builder chunkSize(int v) {
            chunkSize = v;
            return this;
        }

        public Builder diceMaxGrid(int v) {
            diceMaxGrid = v;
            return this;
        }

        public Builder omega0(double v) {
            omega0 = v;
            return this;
        }

        public Builder rotation(RotationTraining v) {
            rotation = v;
            return this;
        }

        public Builder recipe(String v) {
            recipe = v;
            return this;
        }

        public Builder sampling(SampleScheme v) {
            sampling = v;
            return this;
        }

        public Builder lrSchedule(LearningRateSchedule v) {
            lrSchedule = v;
            return this;
        }

        public Builder warmupEpochs(int v) {
            warmupEpochs = v;
            return this;
        }

        public Builder lazyCodeUpdates(boolean v) {
            lazyCodeUpdates = v;
            return this;
        }

        public TrainingOptions build() {
            return new TrainingOptions(preset, latentSize, equivariant, epochs, framesPerBatch, pointsPerFrame,
                    nearFraction, seed, threads, checkpointEvery, lrDecoder, lrLatent, lrAngles, lrInterval, lrFactor,
                    freezeAnglesAfter, codeRegulariser, codeRegWeight, codeInitStd, angleInitStd, chunkSize,
                    diceMaxGrid, omega0, rotation, recipe, sampling, lrSchedule, warmupEpochs,
                    lazyCodeUpdates);
        }
    }
}
