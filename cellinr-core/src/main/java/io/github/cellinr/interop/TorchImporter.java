package io.github.cellinr.interop;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.io.torch.FloatTensor;
import io.github.cellinr.io.torch.LatentSdf;
import io.github.cellinr.io.torch.NetworkSpecs;
import io.github.cellinr.io.torch.ReleasedCodes;
import io.github.cellinr.io.torch.ReleasedDecoder;
import io.github.cellinr.io.torch.TorchCheckpoint;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.model.SdfEvaluator;
import io.github.cellinr.nn.Activation;
import io.github.cellinr.nn.MlpLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Turns the paper's released model (a PyTorch checkpoint and its {@code specs.json}, optionally with the
 * {@code .mat} codes and angles of its training sequences) into a {@link CellShapeModel}.
 *
 * <p>The decoder maps one to one: {@code module.lin<l>.weight/bias} of the checkpoint become
 * {@code decoder.lin<l>.weight/bias}, whose column order {@code [h, z, x', y', z', t]} is the released code's.
 * What the checkpoint lacks is recorded explicitly:
 * <ul>
 *   <li>the sampling distribution of new codes, N(0, sigma^2 I) with sigma = {@value #PAPER_LATENT_SIGMA}, the
 *       paper's ("we sample new codes from N(0, 0.001)"), as {@link ModelConfig#latentSigma()};</li>
 *   <li>that outputs are per-frame normalised SDF values ({@link ModelConfig.SdfScale#PER_FRAME_NORMALISED});</li>
 *   <li>a physical scale, micrometres per normalised unit, calibrated by {@link VolumeCalibration} so that
 *       generated cells have the paper's average Platynereis volume, or given by the user;</li>
 * </ul>
 * and the calibration, the checkpoint's epoch and the input checksums go into the model's provenance.
 */
public final class TorchImporter {
    /** The paper's standard deviation of sampled latent codes (section 4: z ~ N(0, 0.001)). */
    public static final double PAPER_LATENT_SIGMA = 0.001;

    private TorchImporter() {
    }

    /**
     * How to import.
     *
     * @param latentSigma         sigma of the code distribution recorded for generation
     * @param micrometresPerUnit  the physical scale to record; {@code NaN} to calibrate it by volume
     * @param referenceVolumeUm3  mean cell volume the calibration matches
     * @param calibrationCodes    codes drawn for the calibration
     * @param calibrationPoints   random points per code and frame
     * @param seed                seed of the calibration draws
     * @param threads             worker threads of the calibration
     * @param codes               {@code .mat} file with {@code lat_vecs}, or null (no training sequences)
     * @param angles              {@code .mat} file with {@code rot_ang}/{@code rot_angs}, or null
     */
    public record Options(double latentSigma, double micrometresPerUnit, double referenceVolumeUm3,
                          int calibrationCodes, int calibrationPoints, long seed, int threads, Path codes,
                          Path angles) {

        /** The paper's sampling, calibrated to its average Platynereis volume. */
        public static Options paperDefaults(long seed, int threads) {
            return new Options(PAPER_LATENT_SIGMA, Double.NaN, VolumeCalibration.PAPER_PLATYNEREIS_MEAN_VOLUME_UM3,
                    16, 4096, seed, threads, null, null);
        }

        public Options withScale(double umPerUnit) {
            return new Options(latentSigma, umPerUnit, referenceVolumeUm3, calibrationCodes, calibrationPoints, seed,
                    threads, codes, angles);
        }

        public Options withCodes(Path codesFile, Path anglesFile) {
            return new Options(latentSigma, micrometresPerUnit, referenceVolumeUm3, calibrationCodes,
                    calibrationPoints, seed, threads, codesFile, anglesFile);
        }
    }

    /** The outcome: the model and, when calibrated, the calibration. */
    public record Result(CellShapeModel model, ReleasedDecoder decoder, VolumeCalibration calibration) {
    }

    /** Reads, checks, maps and (unless a scale is given) calibrates; writes nothing. */
    public static Result load(Path checkpoint, Path specsFile, Options options, List<String> command,
            ProgressSink progress) {
        NetworkSpecs specs = NetworkSpecs.read(specsFile);
        ReleasedDecoder decoder = ReleasedDecoder.of(TorchCheckpoint.read(checkpoint), specs);
        NetworkSpec network = networkSpec(specs);
        float[] parameters = decoderParameters(decoder, network);
        VolumeCalibration calibration = null;
        double scale = options.micrometresPerUnit();
        if (Double.isNaN(scale)) {
            SdfEvaluator evaluator = new SdfEvaluator(network.layout(), parameters);
            LatentSdf sdf = (code, t, xyz, n, out) -> evaluator.evaluate(code, Rotation.IDENTITY, t, xyz, n, out);
            calibration = VolumeCalibration.estimate(sdf, specs.codeLength(), options.latentSigma(),
                    options.referenceVolumeUm3(), options.calibrationCodes(), VolumeCalibration.PAPER_FRAMES,
                    options.calibrationPoints(), options.seed(), options.threads(), progress);
            scale = calibration.micrometresPerUnit();
        } else if (!(scale > 0) || Double.isInfinite(scale)) {
            throw CellInrException.of("micrometres per unit must be a positive number, got " + scale);
        }
        boolean equivariant = specs.optimizeRotation();
        ModelConfig config = new ModelConfig(presetName(network), network, equivariant, scale, options.latentSigma(),
                ModelConfig.SdfScale.PER_FRAME_NORMALISED);

        List<SequenceInfo> sequences = new ArrayList<>();
        float[] codes = new float[0];
        float[] euler = new float[0];
        if (options.codes() != null) {
            ReleasedCodes released = ReleasedCodes.read(options.codes(), options.angles(), specs.codeLength());
            int frames = specs.framesPerSequence();
            codes = new float[released.sequenceCount() * specs.codeLength()];
            euler = new float[released.sequenceCount() * 3];
            double[][] z = released.codes();
            double[][] a = released.eulerAngles();
            for (int s = 0; s < released.sequenceCount(); s++) {
                for (int k = 0; k < specs.codeLength(); k++) {
                    codes[s * specs.codeLength() + k] = (float) z[s][k];
                }
                for (int k = 0; k < 3; k++) {
                    euler[3 * s + k] = (float) a[s][k];
                }
                sequences.add(new SequenceInfo(String.format("%03d", s), options.codes().getFileName().toString()
                        + " row " + s, SequenceInfo.evenTimes(frames), -1));
            }
        }

        Provenance.Builder provenance = Provenance.builder(command).seed(options.seed())
                .input("checkpoint", checkpoint).input("specs", specsFile)
                .parameter("import.format", "PyTorch zip checkpoint of the paper's released code")
                .parameter("import.latentSigma", options.latentSigma())
                .parameter("import.sdfScale", ModelConfig.SdfScale.PER_FRAME_NORMALISED.name());
        decoder.epoch().ifPresent(e -> provenance.parameter("import.checkpointEpoch", e));
        if (options.codes() != null) {
            provenance.input("codes", options.codes());
        }
        if (options.angles() != null) {
            provenance.input("angles", options.angles());
        }
        if (calibration != null) {
            provenance.parameter("calibration", calibrationRecord(calibration));
        } else {
            provenance.parameter("calibration", Map.of("method", "given by the user (--um-per-unit)"));
        }
        CellShapeModel model = CellShapeModel.of(config, sequences, parameters, codes, euler, provenance.build(), null);
        return new Result(model, decoder, calibration);
    }

    /**
     * Imports into the folder {@code out}, which must not exist or be empty: the model is written into a
     * temporary folder beside it, with a copy of the weights' licence when one sits beside the checkpoint, and
     * renamed into place at the end.
     */
    public static Result importTo(Path checkpoint, Path specsFile, Path out, Options options, List<String> command,
            ProgressSink progress) {
        checkTarget(out);
        Result result = load(checkpoint, specsFile, options, command, progress);
        Path parent = out.toAbsolutePath().getParent();
        AtomicFiles.createDirectories(parent);
        Path temp = parent.resolve("." + out.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()));
        try {
            AtomicFiles.createDirectories(temp);
            OutputFolder.writeMarker(temp); // the model folder is ours: a later --force may replace it
            Path licence = licenceBeside(checkpoint);
            if (licence != null) {
                AtomicFiles.writeBytes(temp.resolve("LICENSE.txt"), Files.readAllBytes(licence));
            }
            result.model().save(temp);
            if (Files.exists(out)) {
                Files.delete(out); // an empty folder, checked above
            }
            Files.move(temp, out);
        } catch (IOException e) {
            throw AtomicFiles.writeError(out, e);
        } finally {
            deleteTree(temp);
        }
        return result;
    }

    /** The network of the specs as a {@link NetworkSpec} (the released layout with its code length). */
    public static NetworkSpec networkSpec(NetworkSpecs specs) {
        int[] dims = specs.dims().stream().mapToInt(Integer::intValue).toArray();
        int[] latentIn = specs.latentIn().stream().mapToInt(Integer::intValue).sorted().toArray();
        return new NetworkSpec(specs.codeLength(), dims, latentIn, true, Activation.SINE, NetworkSpecs.OMEGA_0);
    }

    /** The decoder's parameters in {@link MlpLayout} order, checked against the network's tensor shapes. */
    public static float[] decoderParameters(ReleasedDecoder decoder, NetworkSpec network) {
        MlpLayout layout = network.layout();
        float[] flat = new float[layout.parameterCount()];
        if (layout.layerCount() != decoder.layerCount()) {
            throw new IllegalArgumentException("network has " + layout.layerCount() + " layers, checkpoint "
                    + decoder.layerCount());
        }
        for (NetworkSpec.TensorSpec t : network.decoderTensors()) {
            // decoder.lin<l>.weight / .bias
            String[] parts = t.name().split("\\.");
            int layer = Integer.parseInt(parts[1].substring(3));
            FloatTensor source = parts[2].equals("weight") ? decoder.weight(layer) : decoder.bias(layer);
            long[] shape = Arrays.stream(source.shape()).asLongStream().toArray();
            if (!Arrays.equals(shape, t.shape())) {
                throw new IllegalArgumentException(t.name() + " has shape " + Arrays.toString(t.shape())
                        + " in the network but " + Arrays.toString(shape) + " in the checkpoint");
            }
            System.arraycopy(source.toArray(), 0, flat, t.offset(), t.size());
        }
        return flat;
    }

    private static String presetName(NetworkSpec network) {
        return network.equals(NetworkSpec.preset(NetworkSpec.SIREN_PAPER, network.latentSize()))
                ? NetworkSpec.SIREN_PAPER : "custom";
    }

    private static Map<String, Object> calibrationRecord(VolumeCalibration c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "micrometres per unit such that the mean inside volume (f <= 0) of codes drawn from"
                + " N(0, sigma^2), over evenly spaced frames, equals the reference volume");
        m.put("referenceVolumeUm3", c.referenceVolumeUm3());
        m.put("reference", "paper section 5.3: average Platynereis dumerilii cell volume 3324.0 um^3");
        m.put("micrometresPerUnit", c.micrometresPerUnit());
        m.put("micrometresPerUnitStandardError", c.standardErrorUm());
        m.put("meanVolumeUnits3", c.meanVolumeUnits3());
        m.put("meanVolumeStandardErrorUnits3", c.standardErrorUnits3());
        m.put("codes", c.codes());
        m.put("codeSigma", c.codeSigma());
        m.put("frames", c.frames());
        m.put("pointsPerFrame", c.pointsPerFrame());
        m.put("seed", c.seed());
        return m;
    }

    private static Path licenceBeside(Path checkpoint) {
        Path dir = checkpoint.toAbsolutePath().getParent();
        for (String name : List.of("LICENSE.txt", "LICENSE", "LICENCE.txt", "LICENCE")) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static void checkTarget(Path out) {
        if (Files.isRegularFile(out)) {
            throw CellInrException.of(out, "exists and is a file; --out names the model folder to create");
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw CellInrException.of(out, "exists and is not empty; choose a new --out folder");
                }
            } catch (IOException e) {
                throw CellInrException.of(out, "cannot read: " + e.getMessage(), e);
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException ignored) {
            // best effort: a stray temporary folder is named as such
        }
    }
}
