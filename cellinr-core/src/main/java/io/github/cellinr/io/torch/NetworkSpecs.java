package io.github.cellinr.io.torch;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decoder configuration of the paper's released code, read from its {@code specs.json}
 * ({@code NetworkSpecs} and {@code CodeLength}), and the layer layout it implies.
 *
 * <p>The released decoder is DeepSDF's with sine activations and time: its input is
 * {@code [z (CodeLength), x, y, z, t]}; with {@code dims = [CodeLength + 4] + NetworkSpecs.dims + [1]}, layer
 * {@code l} reads {@code dims[l]} values and writes {@code dims[l+1] - dims[0]} when the next layer
 * re-reads the whole input ({@code l+1} in {@code latent_in}), {@code dims[l+1] - 4} when it re-reads the
 * coordinates ({@code xyz_in_all}), and one value at the last layer. Only the settings the released model
 * uses are accepted (sine, no weight or layer normalisation, no final tanh); the rest are training-time
 * settings (dropout) that do not change inference.
 *
 * @param file      the specs file, for error messages
 * @param codeLength latent code size ({@code CodeLength})
 * @param dims      hidden input widths ({@code NetworkSpecs.dims})
 * @param latentIn  layers that re-read the whole input ({@code NetworkSpecs.latent_in})
 * @param optimizeRotation  whether the model learnt a rotation per sequence ({@code OptimizeRot}; false if absent)
 * @param framesPerSequence frames of each training sequence ({@code ReconstructionFramesPerSequence}; 30, the
 *                          paper's, if absent)
 */
public record NetworkSpecs(Path file, int codeLength, List<Integer> dims, Set<Integer> latentIn,
                           boolean optimizeRotation, int framesPerSequence) {

    /** Spatial and time coordinates appended to the code: x, y, z, t. */
    public static final int COORDINATES = 4;

    /** Frames per training sequence in the paper. */
    public static final int DEFAULT_FRAMES = 30;

    /** Sine frequency of the released layers ({@code sin(30 h)}). */
    public static final double OMEGA_0 = 30.0;

    public NetworkSpecs {
        dims = List.copyOf(dims);
        latentIn = Set.copyOf(new TreeSet<>(latentIn));
    }

    /** What a layer concatenates to its input before the linear map. */
    public enum Concat {
        /** Layer 0: reads the input {@code [z, x, y, z, t]} itself. */
        INPUT,
        /** Re-reads the whole input: {@code [h, z, x, y, z, t]}. */
        LATENT_AND_COORDINATES,
        /** Re-reads the coordinates: {@code [h, x, y, z, t]}. */
        COORDINATES
    }

    /** One linear layer: {@code weight} is {@code outputs x inputs}; a sine follows all but the last. */
    public record Layer(int index, int inputs, int outputs, Concat concat) {
        public String weightKey() {
            return "lin" + index + ".weight";
        }

        public String biasKey() {
            return "lin" + index + ".bias";
        }
    }

    /** Reads and checks {@code specs.json}. */
    public static NetworkSpecs read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CellInrException.of(file, "no such specs file");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw CellInrException.of(file, "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.isObject()) {
            throw CellInrException.of(file, "not a specs.json object");
        }
        JsonNode net = root.get("NetworkSpecs");
        if (net == null || !net.isObject()) {
            throw CellInrException.of(file, "has no NetworkSpecs object");
        }
        int codeLength = positiveInt(file, root.get("CodeLength"), "CodeLength");
        List<Integer> dims = intList(file, net.get("dims"), "NetworkSpecs.dims", true);
        if (dims.isEmpty()) {
            throw CellInrException.of(file, "NetworkSpecs.dims is empty");
        }
        List<Integer> latentIn = intList(file, net.get("latent_in"), "NetworkSpecs.latent_in", false);
        for (int l : latentIn) {
            if (l < 1 || l > dims.size()) {
                throw CellInrException.of(file, "NetworkSpecs.latent_in names layer " + l + ", outside 1.."
                        + dims.size());
            }
        }
        requireFlag(file, net, "use_sine", true, "only sine (SIREN) decoders are imported");
        requireFlag(file, net, "xyz_in_all", true, "the released layout re-reads x, y, z, t at every layer");
        requireFlag(file, net, "weight_norm", false, "weight-normalised layers are not imported");
        requireFlag(file, net, "use_tanh", false, "a final tanh is not part of the imported layout");
        JsonNode norm = net.get("norm_layers");
        if (norm != null && !(norm.isArray() && norm.isEmpty())) {
            throw CellInrException.of(file, "NetworkSpecs.norm_layers is " + norm + ": layer normalisation is"
                    + " not imported");
        }
        JsonNode rot = root.get("OptimizeRot");
        if (rot != null && !rot.isBoolean()) {
            throw CellInrException.of(file, "OptimizeRot is " + rot + ", not true or false");
        }
        JsonNode frames = root.get("ReconstructionFramesPerSequence");
        int framesPerSequence = frames == null ? DEFAULT_FRAMES : positiveInt(file, frames,
                "ReconstructionFramesPerSequence");
        NetworkSpecs specs = new NetworkSpecs(file, codeLength, dims, Set.copyOf(latentIn),
                rot != null && rot.booleanValue(), framesPerSequence);
        for (Layer layer : specs.layers()) {
            if (layer.outputs() < 1) {
                throw CellInrException.of(file, "NetworkSpecs.dims give layer " + layer.index() + " "
                        + layer.outputs() + " outputs (each width must exceed what is concatenated after it)");
            }
        }
        return specs;
    }

    /** Width of the network input: the code and x, y, z, t. */
    public int inputWidth() {
        return codeLength + COORDINATES;
    }

    /** The linear layers {@code lin0 .. lin<dims.size()>}, the last one with a single output. */
    public List<Layer> layers() {
        List<Integer> all = new ArrayList<>();
        all.add(inputWidth());
        all.addAll(dims);
        all.add(1);
        int last = all.size() - 2;
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l <= last; l++) {
            int out;
            if (l == last) {
                out = 1;
            } else if (latentIn.contains(l + 1)) {
                out = all.get(l + 1) - all.get(0);
            } else {
                out = all.get(l + 1) - COORDINATES;
            }
            Concat concat = l == 0 ? Concat.INPUT
                    : latentIn.contains(l) ? Concat.LATENT_AND_COORDINATES : Concat.COORDINATES;
            layers.add(new Layer(l, all.get(l), out, concat));
        }
        return List.copyOf(layers);
    }

    /** Number of weights and biases of the decoder. */
    public long parameterCount() {
        return layers().stream().mapToLong(l -> (long) l.outputs() * l.inputs() + l.outputs()).sum();
    }

    /** A missing flag is false, as in the released decoder's constructor defaults. */
    private static void requireFlag(Path file, JsonNode net, String name, boolean expected, String why) {
        JsonNode v = net.get(name);
        if (v != null && !v.isBoolean()) {
            throw CellInrException.of(file, "NetworkSpecs." + name + " is " + v + ", not true or false");
        }
        boolean value = v != null && v.booleanValue();
        if (value != expected) {
            throw CellInrException.of(file, "NetworkSpecs." + name + " is " + (v == null ? "missing" : v)
                    + ": " + why);
        }
    }

    private static int positiveInt(Path file, JsonNode v, String name) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw CellInrException.of(file, name + " is " + (v == null ? "missing" : v) + ", not a positive integer");
        }
        return v.intValue();
    }

    private static List<Integer> intList(Path file, JsonNode v, String name, boolean positive) {
        if (v == null || !v.isArray()) {
            throw CellInrException.of(file, name + " is " + (v == null ? "missing" : v) + ", not a list of integers");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isIntegralNumber() || !e.canConvertToInt() || (positive && e.intValue() < 1)) {
                throw CellInrException.of(file, name + " holds " + e + ", not a " + (positive ? "positive " : "")
                        + "integer");
            }
            out.add(e.intValue());
        }
        return out;
    }
}
