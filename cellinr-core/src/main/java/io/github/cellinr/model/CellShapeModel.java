package io.github.cellinr.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.io.SafeTensors;
import io.github.cellinr.nn.MlpLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained (or imported) cell shape model: the decoder network, one latent code and one rotation per
 * training sequence, the scale that maps normalised units to micrometres, and how it was made.
 *
 * <p>On disk a model is a folder with {@value #WEIGHTS_FILE} (safetensors, float32, little-endian):
 * <ul>
 *   <li>{@code decoder.lin<l>.weight}: {@code out x in}, row-major as PyTorch's {@code nn.Linear}, input
 *       columns in the released code's order {@code [h, z, x', y', z', t]} (see {@link MlpLayout});</li>
 *   <li>{@code decoder.lin<l>.bias}: {@code out};</li>
 *   <li>{@code latent.codes}: {@code S x L}, row s is the code of sequence s;</li>
 *   <li>{@code rotation.euler}: {@code S x 3}, the angles (alpha, beta, gamma) in radians of sequence s,
 *       {@code R = Rx(alpha) Ry(beta) Rz(gamma)}, the network sees {@code R^T x}; all zero when not equivariant;</li>
 * </ul>
 * and {@value #CONFIG_FILE} ({@link ModelConfig}, the sequences, the weights' SHA-256, provenance and the
 * training summary), written last so that a folder with a {@code model.json} is complete.
 *
 * <p>Instances are immutable: accessors return copies.
 */
public final class CellShapeModel {
    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String CONFIG_FILE = "model.json";
    public static final String FORMAT = "cellinr-model";
    public static final int FORMAT_VERSION = 1;
    public static final String CODES = "latent.codes";
    public static final String ANGLES = "rotation.euler";

    private final ModelConfig config;
    private final MlpLayout layout;
    private final List<SequenceInfo> sequences;
    private final float[] decoder;
    private final float[] codes;
    private final float[] euler;
    private final Provenance provenance;
    private final TrainingSummary training;
    private volatile SdfEvaluator evaluator;

    private CellShapeModel(ModelConfig config, List<SequenceInfo> sequences, float[] decoder, float[] codes,
                           float[] euler, Provenance provenance, TrainingSummary training) {
        this.config = config;
        this.layout = config.network().layout();
        this.sequences = List.copyOf(sequences);
        this.decoder = decoder;
        this.codes = codes;
        this.euler = euler;
        this.provenance = provenance;
        this.training = training;
    }

    /**
     * A model from its parts (the trainer and the importer use this). Arrays are copied.
     *
     * @param decoder    flat decoder parameters in {@link MlpLayout} order ({@link NetworkSpec#decoderTensors()})
     * @param codes      {@code S x L} latent codes, row-major
     * @param euler      {@code S x 3} Euler angles in radians (zeros when not equivariant)
     * @param provenance where it came from (may be null)
     * @param training   how it was trained (null for an imported model)
     * @throws IllegalArgumentException when sizes do not match the config or a value is not finite
     */
    public static CellShapeModel of(ModelConfig config, List<SequenceInfo> sequences, float[] decoder, float[] codes,
                                    float[] euler, Provenance provenance, TrainingSummary training) {
        MlpLayout layout = config.network().layout();
        int s = sequences.size();
        int l = config.latentSize();
        check(decoder.length == layout.parameterCount(), "decoder has " + decoder.length
                + " parameters, the network needs " + layout.parameterCount());
        check(codes.length == s * l, "codes have " + codes.length + " values, need " + s + " x " + l);
        check(euler.length == s * 3, "angles have " + euler.length + " values, need " + s + " x 3");
        checkFinite(decoder, "decoder");
        checkFinite(codes, CODES);
        checkFinite(euler, ANGLES);
        return new CellShapeModel(config, sequences, decoder.clone(), codes.clone(), euler.clone(), provenance,
                training);
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static void checkFinite(float[] a, String what) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new IllegalArgumentException(what + " holds a non-finite value (" + a[i] + ") at index " + i);
            }
        }
    }

    public ModelConfig config() {
        return config;
    }

    public MlpLayout layout() {
        return layout;
    }

    public int latentSize() {
        return config.latentSize();
    }

    public double micrometresPerUnit() {
        return config.micrometresPerUnit();
    }

    public List<SequenceInfo> sequences() {
        return sequences;
    }

    public int sequenceCount() {
        return sequences.size();
    }

    /** The learned codes, one row per training sequence, widened to double for statistics (PCA, t-SNE, mixtures). */
    public double[][] latentCodes() {
        int l = latentSize();
        double[][] rows = new double[sequenceCount()][l];
        for (int s = 0; s < rows.length; s++) {
            for (int i = 0; i < l; i++) {
                rows[s][i] = codes[s * l + i];
            }
        }
        return rows;
    }

    /** The latent code of training sequence {@code s}. */
    public float[] latent(int s) {
        int l = latentSize();
        float[] z = new float[l];
        System.arraycopy(codes, s * l, z, 0, l);
        return z;
    }

    /** The Euler angles (alpha, beta, gamma) of sequence {@code s}, radians. */
    public double[] eulerAngles(int s) {
        return new double[] {euler[3 * s], euler[3 * s + 1], euler[3 * s + 2]};
    }

    /** The rotation of sequence {@code s} (the identity for a non-equivariant model). */
    public Rotation rotation(int s) {
        return Rotation.fromEuler(euler[3 * s], euler[3 * s + 1], euler[3 * s + 2]);
    }

    /** All codes, {@code S x L} row-major (a copy). */
    public float[] codes() {
        return codes.clone();
    }

    /** All angles, {@code S x 3} row-major (a copy). */
    public float[] angles() {
        return euler.clone();
    }

    /** The flat decoder parameters (a copy). */
    public float[] decoderParameters() {
        return decoder.clone();
    }

    public Provenance provenance() {
        return provenance;
    }

    public TrainingSummary training() {
        return training;
    }

    /** The shared thread-safe evaluator of this model's network. */
    public SdfEvaluator evaluator() {
        SdfEvaluator e = evaluator;
        if (e == null) {
            synchronized (this) {
                e = evaluator;
                if (e == null) {
                    e = new SdfEvaluator(layout, decoder);
                    evaluator = e;
                }
            }
        }
        return e;
    }

    /** A copy with other provenance and training summary (the trainer finishes a model with this). */
    public CellShapeModel withRecords(Provenance newProvenance, TrainingSummary newTraining) {
        return new CellShapeModel(config, sequences, decoder, codes, euler, newProvenance, newTraining);
    }

    /** All tensors under their file names, in file order (decoder, codes, angles). */
    public Map<String, SafeTensors.Tensor> tensors() {
        Map<String, SafeTensors.Tensor> map = new LinkedHashMap<>();
        for (NetworkSpec.TensorSpec t : config.network().decoderTensors()) {
            float[] part = new float[t.size()];
            System.arraycopy(decoder, t.offset(), part, 0, part.length);
            map.put(t.name(), SafeTensors.Tensor.f32(part, t.shape()));
        }
        map.put(CODES, SafeTensors.Tensor.f32(codes.clone(), sequences.size(), latentSize()));
        map.put(ANGLES, SafeTensors.Tensor.f32(euler.clone(), sequences.size(), 3));
        return map;
    }

    /** What {@value #CONFIG_FILE} holds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Document(String format, int formatVersion, ModelConfig config, List<SequenceInfo> sequences,
                    Map<String, long[]> tensors, String weightsSha256, Provenance provenance,
                    TrainingSummary training) {
    }

    /**
     * Writes the model into {@code dir} (created if needed): the weights first, then {@value #CONFIG_FILE}.
     *
     * @return the model's id (the SHA-256 of its weights file)
     */
    public String save(Path dir) {
        AtomicFiles.createDirectories(dir);
        Path weights = dir.resolve(WEIGHTS_FILE);
        Map<String, SafeTensors.Tensor> tensors = tensors();
        SafeTensors.write(weights, tensors, Map.of("format", FORMAT));
        String sha = Provenance.sha256(weights);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, t) -> shapes.put(name, t.shape()));
        Document doc = new Document(FORMAT, FORMAT_VERSION, config, sequences, shapes, sha, provenance, training);
        try {
            AtomicFiles.writeString(dir.resolve(CONFIG_FILE), Json.mapper().writeValueAsString(doc) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("model description is not serialisable", e);
        }
        return sha;
    }

    /** The model id of a saved model folder: the SHA-256 recorded for its weights. */
    public static String id(Path dir) {
        return readDocument(dir.resolve(CONFIG_FILE)).weightsSha256();
    }

    /**
     * Loads a model folder (or its {@value #CONFIG_FILE}), validating the description, the weights' checksum,
     * every tensor's name, dtype and shape, and that all values are finite.
     *
     * @throws CellInrException with one line naming the file and the problem
     */
    public static CellShapeModel load(Path path) {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Path json = dir.resolve(CONFIG_FILE);
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.exists(json)) {
            throw CellInrException.of(dir, Files.isDirectory(dir)
                    ? "not a model folder (no " + CONFIG_FILE + ")" : "no such model folder");
        }
        Document doc = readDocument(json);
        if (!Files.exists(weights)) {
            throw CellInrException.of(weights, "missing (the model folder is incomplete)");
        }
        String sha = Provenance.sha256(weights);
        if (doc.weightsSha256() != null && !doc.weightsSha256().equals(sha)) {
            throw CellInrException.of(weights, "does not match " + CONFIG_FILE
                    + " (checksum differs: the weights were replaced or damaged)");
        }
        SafeTensors.Contents contents = SafeTensors.read(weights);
        checkTensorMap(json, doc.tensors(), contents.tensors());
        try {
            return fromTensors(doc.config(), doc.sequences(), contents.tensors(), doc.provenance(), doc.training());
        } catch (IllegalArgumentException e) {
            throw CellInrException.of(weights, e.getMessage(), e);
        }
    }

    /**
     * The description's tensor map must list exactly the tensors of the weights file with their shapes: a
     * mismatch means the two files do not belong together (or the description was edited), which would
     * otherwise pass unnoticed.
     */
    private static void checkTensorMap(Path json, Map<String, long[]> listed, Map<String, SafeTensors.Tensor> held) {
        if (listed == null) {
            return; // written before the map existed
        }
        for (Map.Entry<String, long[]> e : listed.entrySet()) {
            SafeTensors.Tensor t = held.get(e.getKey());
            if (t == null) {
                throw CellInrException.of(json, "lists tensor " + e.getKey() + ", which " + WEIGHTS_FILE + " lacks");
            }
            if (!java.util.Arrays.equals(e.getValue(), t.shape())) {
                throw CellInrException.of(json, "lists tensor " + e.getKey() + " with shape "
                        + java.util.Arrays.toString(e.getValue()) + " but " + WEIGHTS_FILE + " holds "
                        + java.util.Arrays.toString(t.shape()));
            }
        }
        for (String name : held.keySet()) {
            if (!listed.containsKey(name)) {
                throw CellInrException.of(json, "does not list tensor " + name + " of " + WEIGHTS_FILE);
            }
        }
    }

    private static Document readDocument(Path json) {
        Document doc;
        try {
            doc = Json.mapper().readValue(json.toFile(), Document.class);
        } catch (NoSuchFileException e) {
            throw CellInrException.of(json, "no such file", e);
        } catch (IOException e) {
            throw CellInrException.of(json, "not a readable model description (" + Json.problem(e) + ")", e);
        }
        if (doc == null || !FORMAT.equals(doc.format())) {
            throw CellInrException.of(json, "not a CellINR model description (format is not '" + FORMAT + "')");
        }
        if (doc.formatVersion() > FORMAT_VERSION) {
            throw CellInrException.of(json, "model format version " + doc.formatVersion()
                    + " is newer than this program reads (" + FORMAT_VERSION + "); update cellinr");
        }
        if (doc.config() == null || doc.sequences() == null) {
            throw CellInrException.of(json, "model description lacks its config or sequence list");
        }
        return doc;
    }

    /**
     * A model from named tensors ({@link #tensors()} names; the importer builds these from a PyTorch
     * checkpoint). Missing, unexpected, wrongly typed or shaped tensors are rejected.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    public static CellShapeModel fromTensors(ModelConfig config, List<SequenceInfo> sequences,
                                             Map<String, SafeTensors.Tensor> tensors, Provenance provenance,
                                             TrainingSummary training) {
        MlpLayout layout;
        try {
            layout = config.network().layout();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid network: " + e.getMessage(), e);
        }
        float[] decoder = new float[layout.parameterCount()];
        List<String> expected = new ArrayList<>();
        for (NetworkSpec.TensorSpec spec : config.network().decoderTensors()) {
            float[] data = tensor(tensors, spec.name(), spec.shape());
            System.arraycopy(data, 0, decoder, spec.offset(), data.length);
            expected.add(spec.name());
        }
        int s = sequences.size();
        float[] codes = tensor(tensors, CODES, new long[] {s, config.latentSize()});
        float[] angles = tensor(tensors, ANGLES, new long[] {s, 3});
        expected.add(CODES);
        expected.add(ANGLES);
        for (String name : tensors.keySet()) {
            if (!expected.contains(name)) {
                throw new IllegalArgumentException("unexpected tensor '" + name + "' for this network");
            }
        }
        return of(config, sequences, decoder, codes, angles, provenance, training);
    }

    private static float[] tensor(Map<String, SafeTensors.Tensor> tensors, String name, long[] shape) {
        SafeTensors.Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("tensor '" + name + "' is missing");
        }
        if (t.dtype() != SafeTensors.DType.F32) {
            throw new IllegalArgumentException("tensor '" + name + "' is " + t.dtype() + ", expected F32");
        }
        if (!t.hasShape(shape)) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape "
                    + java.util.Arrays.toString(t.shape()) + ", the model needs " + java.util.Arrays.toString(shape));
        }
        return t.floats();
    }
}
