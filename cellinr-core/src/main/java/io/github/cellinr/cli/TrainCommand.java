package io.github.cellinr.cli;

import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.DatasetManifest;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.infer.SignExactGrid;
import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.train.CodeRegulariser;
import io.github.cellinr.train.LearningRateSchedule;
import io.github.cellinr.train.SampleScheme;
import io.github.cellinr.train.RotationTraining;
import io.github.cellinr.train.Trainer;
import io.github.cellinr.train.TrainingOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code cellinr train}: fits a cell shape model (network, one latent code and, with {@code --equivariant}, one
 * rotation per sequence) to a prepared dataset, then reports the reconstruction Dice of every sequence.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a cell shape model on a prepared dataset (auto-decoder, paper section 3).",
            "Writes MODEL/model.json + model.safetensors, loss.csv, checkpoint.safetensors (every"
                    + " --checkpoint-every epochs; continue with --resume) and provenance.json, then prints the"
                    + " reconstruction Dice of each training sequence."})
public final class TrainCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Prepared dataset folder.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model folder to write.")
    Path out;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is in --out (same dataset; the"
            + " other options come from the checkpoint, except --epochs, --threads, --checkpoint-every and"
            + " --dice-grid).")
    boolean resume;

    @Option(names = "--recipe", defaultValue = "fast", paramLabel = "NAME",
            description = {"Training recipe: fast (the default: continuous sample positions, a surface-weighted L1,"
                    + " a warm-up and a cosine learning rate from 5e-4; learns fine"
                    + " structure with far less compute) or paper (the paper's exactly, for reproduction).",
                "Options given on their own override the recipe's values."})
    String recipe;

    @Option(names = "--preset", defaultValue = NetworkSpec.SIREN_PAPER, paramLabel = "NAME",
            description = "Network: siren-paper (the paper's released layout, 168,521 parameters) or deepsdf"
                    + " (ReLU 8 x 512, latent 256).")
    String preset;

    @Option(names = "--latent", defaultValue = "0", paramLabel = "L",
            description = "Latent code length (0: the preset's, 64 for siren-paper, 256 for deepsdf).")
    int latent;

    @Option(names = "--equivariant", description = "Learn one rotation per sequence (SO(3)-equivariant model).")
    boolean equivariant;

    @Option(names = "--epochs", defaultValue = "" + TrainingOptions.DEFAULT_EPOCHS, paramLabel = "E",
            description = "Epochs (each draws as many frames as the dataset holds).")
    int epochs;

    @Option(names = "--frames-per-batch", defaultValue = "" + TrainingOptions.DEFAULT_FRAMES_PER_BATCH,
            paramLabel = "F", description = "Frames per optimiser step, drawn with repetition (paper: 5).")
    int framesPerBatch;

    @Option(names = "--points-per-frame", defaultValue = "" + TrainingOptions.DEFAULT_POINTS_PER_FRAME,
            paramLabel = "N", description = "SDF samples per frame and step (paper: 1,000,000, sized for a GPU).")
    int pointsPerFrame;

    @Option(names = "--near-fraction", paramLabel = "P",
            description = "Share of samples within the dataset's near threshold or inside the cell (fast: 0.8;"
                    + " paper: 0.7).")
    Double nearFraction;

    @Option(names = "--sample-positions", paramLabel = "HOW",
            description = "continuous (anywhere in a voxel, SDF interpolated trilinearly; fast) or voxel (voxel"
                    + " centres only; paper).")
    String samplePositions;

    @Option(names = "--surface-weight", paramLabel = "W",
            description = "Extra weight of errors at the surface: a sample counts 1 + W exp(-|sdf| / 2 voxels)"
                    + " (fast: 4; paper: 0, plain L1).")
    Double surfaceWeight;

    @Option(names = "--hard-fraction", paramLabel = "P",
            description = "Share of samples drawn around the voxels where the model is most wrong, re-scored every"
                    + " --hard-every epochs (0 in both recipes: it lowered the Dice in the ablation, docs/ENGINE.md).")
    Double hardFraction;

    @Option(names = "--hard-every", paramLabel = "E",
            description = "Epochs between re-scorings of the hard voxels (fast: 5).")
    Integer hardEvery;

    @Mixin
    SeedOption seed;

    /** Results are identical run to run for one thread count. */
    @Mixin
    ThreadsOption threads;

    @Option(names = "--checkpoint-every", defaultValue = "10", paramLabel = "E",
            description = "Epochs between checkpoints.")
    int checkpointEvery;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Adam learning rate of the network (fast: 5e-4; paper: 1e-4).")
    Double lrDecoder;

    @Option(names = "--lr-latent", paramLabel = "RATE",
            description = "Adam learning rate of the latent codes (fast: 3e-3; paper: 1e-3).")
    Double lrLatent;

    @Option(names = "--code-updates", defaultValue = "dense", paramLabel = "HOW",
            description = "dense (Adam moves every code at every step, the paper's) or lazy (only the codes of the"
                    + " step's sequences move: for many sequences that are rarely visited, e.g. untracked real"
                    + " cells).")
    String codeUpdates;

    @Option(names = "--lr-schedule", paramLabel = "KIND",
            description = "cosine (from the rate down to 2 % of it at the last epoch; fast) or step (times"
                    + " --lr-factor every --lr-halve-every epochs; paper).")
    String lrSchedule;

    @Option(names = "--warmup", paramLabel = "E",
            description = "Epochs of linear learning-rate warm-up (fast: 2; paper: 0).")
    Integer warmup;

    @Option(names = "--lr-angles", defaultValue = "" + TrainingOptions.DEFAULT_LR_ANGLES, paramLabel = "RATE",
            description = "Adam learning rate of the rotation angles (--equivariant).")
    double lrAngles;

    @Option(names = "--lr-halve-every", defaultValue = "350", paramLabel = "E",
            description = "Epochs between learning-rate reductions (paper: 350).")
    int lrInterval;

    @Option(names = "--lr-factor", defaultValue = "0.5", paramLabel = "F", description = "Reduction factor.")
    double lrFactor;

    @Option(names = "--freeze-angles-after", defaultValue = "0", paramLabel = "E",
            description = "Stop optimising the angles after E epochs, as the released code does (0: never).")
    int freezeAnglesAfter;

    @Option(names = "--code-reg", defaultValue = "squared", paramLabel = "KIND",
            description = "Latent regulariser: squared (paper eq. 3, weight x ||z||^2), released (the released"
                    + " code's weight x 1000 / min(1, epoch/100) x ||z||) or none.")
    CodeRegulariser codeRegulariser;

    @Option(names = "--code-reg-weight", defaultValue = "" + TrainingOptions.DEFAULT_CODE_REG_WEIGHT,
            paramLabel = "W", description = "Weight of the latent regulariser.")
    double codeRegWeight;

    @Option(names = "--code-init-std", defaultValue = "" + TrainingOptions.DEFAULT_CODE_INIT_STD,
            paramLabel = "S", description = "Standard deviation of the initial codes (paper: 0.01).")
    double codeInitStd;

    @Option(names = "--angle-init-std", defaultValue = "0.39269908169872414", paramLabel = "S",
            description = "Standard deviation of the initial angles in radians (paper: pi/8).")
    double angleInitStd;

    @Option(names = "--rotation-start", defaultValue = "principal-axes", paramLabel = "HOW",
            description = "Equivariant runs: where each sequence's rotation starts, principal-axes (its data's axes)"
                    + " or random (Euler angles from N(0, angle-init-std^2), the paper).")
    String rotationStart;

    @Option(names = "--rotation-step", defaultValue = "tangent", paramLabel = "HOW",
            description = "Equivariant runs: how a gradient step moves a rotation, tangent (a left-multiplied"
                    + " axis-angle increment, no gimbal lock) or euler (Adam on the angles, the paper).")
    String rotationStep;

    @Option(names = "--rotation-search", defaultValue = "5", paramLabel = "E",
            description = "Equivariant runs: every E epochs, move each sequence's rotation R to the best of the 24"
                    + " rotations R g (g in the cube group) on the current network (0: never, the paper).")
    int rotationSearch;

    @Option(names = "--dice-grid", defaultValue = "64", paramLabel = "N",
            description = "Largest grid edge for the final Dice (larger training grids are subsampled).")
    int diceGrid;

    @Option(names = "--omega", defaultValue = "0", paramLabel = "W",
            description = "SIREN frequency omega_0 of the sine layers (0: the preset's, 30; paper section 5.6).")
    double omega;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Override
    public void run() {
        // by name, from the defaults: the chunk size (and any option without a flag) keeps its default
        RotationTraining rotation;
        try {
            rotation = new RotationTraining(RotationTraining.Parametrisation.parse(rotationStep),
                    RotationTraining.Start.parse(rotationStart), rotationSearch, 0,
                    RotationTraining.DEFAULT.searchPoints());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        TrainingOptions recipeOptions = TrainingOptions.Recipe.parse(recipe).options();
        SampleScheme recipeSampling = recipeOptions.sampling();
        SampleScheme sampling = new SampleScheme(
                samplePositions == null ? recipeSampling.continuous()
                        : either("--sample-positions", samplePositions, "continuous", "voxel"),
                surfaceWeight == null ? recipeSampling.surfaceWeight() : surfaceWeight,
                hardFraction == null ? recipeSampling.hardFraction() : hardFraction,
                hardEvery == null ? recipeSampling.hardEvery() : hardEvery);
        TrainingOptions options = recipeOptions.toBuilder()
                .preset(preset).latentSize(latent).equivariant(equivariant).epochs(epochs)
                .framesPerBatch(framesPerBatch).pointsPerFrame(pointsPerFrame)
                .nearFraction(nearFraction == null ? recipeOptions.nearFraction() : nearFraction)
                .seed(seed.value).threads(threads.resolved()).checkpointEvery(checkpointEvery)
                .lrDecoder(lrDecoder == null ? recipeOptions.lrDecoder() : lrDecoder)
                .lrLatent(lrLatent == null ? recipeOptions.lrLatent() : lrLatent)
                .lrSchedule(lrSchedule == null ? recipeOptions.lrSchedule() : LearningRateSchedule.parse(lrSchedule))
                .warmupEpochs(warmup == null ? recipeOptions.warmupEpochs() : warmup)
                .sampling(sampling)
                .lazyCodeUpdates(either("--code-updates", codeUpdates, "lazy", "dense"))
                .lrAngles(lrAngles).lrInterval(lrInterval).lrFactor(lrFactor)
                .freezeAnglesAfter(freezeAnglesAfter).codeRegulariser(codeRegulariser).codeRegWeight(codeRegWeight)
                .codeInitStd(codeInitStd).angleInitStd(angleInitStd).diceMaxGrid(diceGrid).omega0(omega)
                .rotation(rotation)
                .build();
        CellInrCommand root = (CellInrCommand) spec.root().userObject();
        ProgressSink progress = json ? ProgressSink.NONE : ProgressSink.console();
        Trainer.Result result;
        try (OutputFolder folder = OutputFolder.claim(out, List.of(data), resume ? Trainer.CHECKPOINT_FILE : null);
             SdfDataset dataset = MappedSdfDataset.open(data)) {
            String checksum = Provenance.sha256(data.resolve(DatasetManifest.FILE_NAME));
            Trainer trainer = new Trainer(dataset, checksum, out, root.arguments(), progress)
                    .gridSdf(SignExactGrid.DEFAULT);
            if (resume) {
                ParseResult pr = spec.commandLine().getParseResult();
                TrainingOptions requested = options;
                result = trainer.resume(saved -> checkUnchanged(pr, requested, saved).toBuilder()
                        .epochs(pr.hasMatchedOption("--epochs") ? epochs : saved.epochs())
                        .threads(pr.hasMatchedOption("--threads") ? options.threads() : saved.threads())
                        .checkpointEvery(pr.hasMatchedOption("--checkpoint-every") ? checkpointEvery
                                : saved.checkpointEvery())
                        .diceMaxGrid(pr.hasMatchedOption("--dice-grid") ? diceGrid : saved.diceMaxGrid())
                        .build());
            } else {
                result = trainer.train(options);
            }
            folder.complete();
        }
        print(result);
    }

    /** A two-valued option's word: {@code yes} gives true, {@code no} false, anything else a one-line error. */
    private boolean either(String option, String text, String yes, String no) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        if (word.equals(yes) || word.equals(no)) {
            return word.equals(yes);
        }
        throw new ParameterException(spec.commandLine(), option + " '" + text + "' is not one of " + yes + ", " + no);
    }

    /** Options a resumed run may change (every other training option comes from its checkpoint). */
    static final java.util.Set<String> MUTABLE_ON_RESUME = java.util.Set.of("--epochs", "--threads",
            "--checkpoint-every", "--dice-grid");

    /** Options about the run itself, not the training it does. */
    static final java.util.Set<String> RUN_OPTIONS = java.util.Set.of("--data", "--out", "--resume", "--json",
            "--help", "--version", "--debug");

    /**
     * Options a resumed run takes from its checkpoint, by option name. Every option of the verb is in exactly one
     * of this map, {@link #MUTABLE_ON_RESUME} and {@link #RUN_OPTIONS} (TrainCommandTest checks), so a new
     * training option cannot be silently ignored by --resume.
     */
    static final Map<String, java.util.function.Function<TrainingOptions, Object>> FIXED_ON_RESUME =
            Map.ofEntries(
                    Map.entry("--recipe", TrainingOptions::recipe),
                    Map.entry("--sample-positions", o -> o.sampling().continuous() ? "continuous" : "voxel"),
                    Map.entry("--surface-weight", o -> o.sampling().surfaceWeight()),
                    Map.entry("--hard-fraction", o -> o.sampling().hardFraction()),
                    Map.entry("--hard-every", o -> o.sampling().hardEvery()),
                    Map.entry("--lr-schedule", TrainingOptions::lrSchedule),
                    Map.entry("--warmup", TrainingOptions::warmupEpochs),
                    Map.entry("--code-updates", o -> o.lazyCodeUpdates() ? "lazy" : "dense"),
                    Map.entry("--preset", TrainingOptions::preset),
                    Map.entry("--latent", TrainingOptions::latentSize),
                    Map.entry("--equivariant", TrainingOptions::equivariant),
                    Map.entry("--frames-per-batch", TrainingOptions::framesPerBatch),
                    Map.entry("--points-per-frame", TrainingOptions::pointsPerFrame),
                    Map.entry("--near-fraction", TrainingOptions::nearFraction),
                    Map.entry("--seed", TrainingOptions::seed),
                    Map.entry("--lr", TrainingOptions::lrDecoder),
                    Map.entry("--lr-latent", TrainingOptions::lrLatent),
                    Map.entry("--lr-angles", TrainingOptions::lrAngles),
                    Map.entry("--lr-halve-every", TrainingOptions::lrInterval),
                    Map.entry("--lr-factor", TrainingOptions::lrFactor),
                    Map.entry("--freeze-angles-after", TrainingOptions::freezeAnglesAfter),
                    Map.entry("--code-reg", TrainingOptions::codeRegulariser),
                    Map.entry("--code-reg-weight", TrainingOptions::codeRegWeight),
                    Map.entry("--code-init-std", TrainingOptions::codeInitStd),
                    Map.entry("--angle-init-std", TrainingOptions::angleInitStd),
                    Map.entry("--omega", TrainingOptions::omega0),
                    Map.entry("--rotation-start", o -> o.rotation().start()),
                    Map.entry("--rotation-step", o -> o.rotation().parametrisation()),
                    Map.entry("--rotation-search", o -> o.rotation().searchEvery()));

    /** Repeating the original command with --resume is fine; changing what the checkpoint fixed is not. */
    private TrainingOptions checkUnchanged(ParseResult pr, TrainingOptions requested, TrainingOptions saved) {
        for (Map.Entry<String, java.util.function.Function<TrainingOptions, Object>> e : FIXED_ON_RESUME.entrySet()) {
            if (pr.hasMatchedOption(e.getKey())
                    && !e.getValue().apply(requested).equals(e.getValue().apply(saved))) {
                throw new ParameterException(spec.commandLine(), e.getKey() + " cannot change on --resume (the"
                        + " checkpoint has " + e.getValue().apply(saved) + "); only "
                        + String.join(", ", new java.util.TreeSet<>(MUTABLE_ON_RESUME)) + " may");
            }
        }
        return saved;
    }

    private void print(Trainer.Result r) {
        PrintWriter w = spec.commandLine().getOut();
        var t = r.model().training();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", r.modelDir().toAbsolutePath().toString());
            m.put("epochs", t.epochs());
            m.put("steps", t.steps());
            m.put("final_loss", t.finalLoss());
            m.put("final_sdf_loss", t.finalSdfLoss());
            m.put("training_seconds", t.trainingSeconds());
            m.put("mean_dice", t.meanDice());
            m.put("dice", t.dicePerSequence());
            m.put("dice_stride", t.diceStride());
            try {
                w.println(Json.mapper().writer()
                        .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(m));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            w.printf(Locale.ROOT, "trained %d epochs (%d steps) in %.1f s: loss %.5f (L1 %.5f normalised units)%n",
                    t.epochs(), t.steps(), t.trainingSeconds(), t.finalLoss(), t.finalSdfLoss());
            w.printf(Locale.ROOT, "reconstruction Dice per sequence%s:%n",
                    t.diceStride() > 1 ? " (grid subsampled by " + t.diceStride() + ")" : "");
            t.dicePerSequence().forEach((id, d) -> w.printf(Locale.ROOT, "  %-16s %.4f%n", id, d));
            w.printf(Locale.ROOT, "  %-16s %.4f%n", "mean", t.meanDice());
            w.printf("model: %s%n", r.modelDir().toAbsolutePath());
        }
        w.flush();
    }
}
