package io.github.cellinr.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.dataset.Precision;
import io.github.cellinr.interop.SdfVideoImport;
import io.github.cellinr.interop.TorchImporter;
import io.github.cellinr.interop.VolumeCalibration;
import io.github.cellinr.model.CellShapeModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cellinr import}: a model trained with the paper's released PyTorch code, into our model format. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Import what the paper's released PyTorch code made, in one of two modes:",
            "  --pth: a trained model (model.pth + specs.json, optionally its .mat codes and angles) into a CellINR",
            "    model folder for generate and the other verbs. The checkpoint is read without running any of its",
            "    code. The released network has no physical scale: unless --um-per-unit is given, the micrometres",
            "    per normalised unit are calibrated so that generated cells have the paper's average Platynereis",
            "    volume (3324.0 um^3).",
            "  --sdf-h5: its training sequences (HDF5 files with sdf_vid, or folders of them) into a CellINR dataset",
            "    for train; --um-per-unit is then required (the files record no scale)."})
public final class ImportCommand implements Runnable {

    @ParentCommand
    CellInrCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--pth", paramLabel = "FILE",
            description = "PyTorch checkpoint of the released code (e.g. model.pth, eNNNN_model.pth).")
    Path checkpoint;

    @Option(names = "--sdf-h5", paramLabel = "PATH", arity = "1..*",
            description = "Training sequences of the released code: .h5 files with sdf_vid, or folders of them.")
    List<Path> sequences;

    @Option(names = "--specs", paramLabel = "FILE",
            description = "The experiment's specs.json (default: specs.json beside --pth).")
    Path specs;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Model folder (--pth) or dataset folder (--sdf-h5) to create (must not exist or be empty).")
    Path out;

    @Option(names = "--codes", paramLabel = "FILE.mat",
            description = "Latent codes of the training sequences (lat_vecs, e.g. eNNNN_lat_vecs.mat); none: a model"
                    + " for generation only.")
    Path codes;

    @Option(names = "--angles", paramLabel = "FILE.mat",
            description = "Euler angles of the training sequences (rot_ang or rot_angs, e.g. eNNNN_rot_angs.mat);"
                    + " needs --codes.")
    Path angles;

    @Option(names = "--latent-sigma", defaultValue = "0.001", paramLabel = "S",
            description = "Standard deviation of the Gaussian that new latent codes are drawn from (the paper's).")
    double latentSigma;

    @Option(names = "--um-per-unit", paramLabel = "UM",
            description = "Micrometres per normalised unit (half the grid edge): for --pth, skips the volume"
                    + " calibration; for --sdf-h5, required.")
    Double micrometresPerUnit;

    @Option(names = "--near-um", defaultValue = "0.6", paramLabel = "UM",
            description = "--sdf-h5: voxels with SDF at or below this (the interior included) are 'near' for sampling.")
    double nearUm;

    @Option(names = "--precision", defaultValue = "f16", paramLabel = "f16|f32",
            description = "--sdf-h5: SDF storage precision.")
    String precision;

    @Option(names = "--force", description = "--sdf-h5: replace --out if it is an earlier cellinr output.")
    boolean force;

    @Option(names = "--reference-volume-um3", defaultValue = "3324.0", paramLabel = "UM3",
            description = "Mean cell volume the calibration matches (paper, section 5.3: Platynereis).")
    double referenceVolumeUm3;

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--quick", description = "Coarser calibration (4 codes x 1024 points per frame instead of 16 x 4096).")
    boolean quick;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public void run() {
        if ((checkpoint == null) == (sequences == null)) {
            throw CellInrException.of("give either --pth (a trained model) or --sdf-h5 (training sequences)");
        }
        if (sequences != null) {
            importSequences();
            return;
        }
        Path specsFile = specs != null ? specs : checkpoint.toAbsolutePath().getParent().resolve("specs.json");
        if (angles != null && codes == null) {
            throw CellInrException.of("--angles needs --codes (the latent codes of the same sequences)");
        }
        if (!(latentSigma > 0) || Double.isInfinite(latentSigma)) {
            throw CellInrException.of("--latent-sigma must be positive, got " + latentSigma);
        }
        if (!(referenceVolumeUm3 > 0) || Double.isInfinite(referenceVolumeUm3)) {
            throw CellInrException.of("--reference-volume-um3 must be positive, got " + referenceVolumeUm3);
        }
        int workers = threads.resolved();
        OutputFolder.checkSeparate(out, java.util.Arrays.asList(checkpoint, specsFile, codes, angles));
        TorchImporter.Options options = new TorchImporter.Options(latentSigma,
                micrometresPerUnit != null ? micrometresPerUnit : Double.NaN, referenceVolumeUm3, quick ? 4 : 16,
                quick ? 1024 : 4096, seed.value, workers, codes, angles);
        TorchImporter.Result result = TorchImporter.importTo(checkpoint, specsFile, out, options,
                root.arguments(), ProgressSink.console());
        print(result);
    }

    private void importSequences() {
        if (micrometresPerUnit == null) {
            throw CellInrException.of("--sdf-h5 needs --um-per-unit: the released sequences record no physical scale");
        }
        if (codes != null || angles != null) {
            throw CellInrException.of("--codes and --angles belong to --pth (a trained model)");
        }
        OutputFolder.checkSeparate(out, sequences);
        List<Path> files = SdfVideoImport.sequenceFiles(sequences);
        SdfVideoImport.Result r = SdfVideoImport.importTo(files, out, micrometresPerUnit, nearUm,
                Precision.parse(precision), force, root.arguments(), ProgressSink.console());
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("dataset", r.dataset().toAbsolutePath().toString());
            node.put("sequences", r.sequences());
            node.put("frames", r.frames());
            node.put("grid", r.gridSize());
            node.put("micrometresPerUnit", micrometresPerUnit);
            try {
                w.println(Json.mapper().writeValueAsString(node));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            w.printf(Locale.ROOT, "Imported %d sequence(s), %d frames of %d^3, %.4g um per unit -> %s%n",
                    r.sequences(), r.frames(), r.gridSize(), micrometresPerUnit, r.dataset());
        }
        w.flush();
    }

    private void print(TorchImporter.Result result) {
        CellShapeModel model = result.model();
        VolumeCalibration c = result.calibration();
        String id = CellShapeModel.id(out);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("model", out.toAbsolutePath().toString());
            node.put("modelId", id);
            node.put("preset", model.config().preset());
            node.put("parameters", model.layout().parameterCount());
            node.put("latentSize", model.latentSize());
            node.put("sequences", model.sequenceCount());
            node.put("micrometresPerUnit", model.micrometresPerUnit());
            node.put("latentSigma", model.config().latentSigma());
            result.decoder().epoch().ifPresent(e -> node.put("checkpointEpoch", e));
            if (c != null) {
                node.put("calibrationStandardErrorUm", c.standardErrorUm());
                node.put("calibrationMeanVolumeUnits3", c.meanVolumeUnits3());
            }
            node.put("licenceCopied", Files.exists(out.resolve("LICENSE.txt")));
            try {
                w.println(Json.mapper().writeValueAsString(node));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            w.printf(Locale.ROOT, "Imported %s%s: %s, %,d parameters, latent %d, %d training sequence(s)%n",
                    checkpoint, result.decoder().epoch().isPresent() ? " (epoch " + result.decoder().epoch()
                            .getAsLong() + ")" : "", model.config().preset(), model.layout().parameterCount(),
                    model.latentSize(), model.sequenceCount());
            if (c != null) {
                w.printf(Locale.ROOT, "  scale: %.3f um per unit (+- %.3f), calibrated so that generated cells"
                        + " average %.1f um^3%n", c.micrometresPerUnit(), c.standardErrorUm(), c.referenceVolumeUm3());
            } else {
                w.printf(Locale.ROOT, "  scale: %.3f um per unit (given)%n", model.micrometresPerUnit());
            }
            w.printf(Locale.ROOT, "  new codes: N(0, %s^2); outputs: per-frame normalised SDF%n",
                    model.config().latentSigma());
            w.printf(Locale.ROOT, "  -> %s (model id %s)%n", out, id.substring(0, Math.min(12, id.length())));
        }
        w.flush();
    }
}
