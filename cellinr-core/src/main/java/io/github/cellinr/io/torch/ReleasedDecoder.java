package io.github.cellinr.io.torch;

import io.github.cellinr.core.CellInrException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The weights of the paper's released decoder, checked against the layout its {@code specs.json} implies:
 * every {@code linN.weight} ({@code outputs x inputs}) and {@code linN.bias} present with the right shape,
 * nothing else in the state dict. Keys may carry the {@code module.} prefix that {@code nn.DataParallel}
 * adds (the paper's checkpoint does).
 */
public final class ReleasedDecoder {
    private static final String DATA_PARALLEL_PREFIX = "module.";

    private final NetworkSpecs specs;
    private final List<FloatTensor> weights;
    private final List<FloatTensor> biases;
    private final OptionalLong epoch;

    private ReleasedDecoder(NetworkSpecs specs, List<FloatTensor> weights, List<FloatTensor> biases,
            OptionalLong epoch) {
        this.specs = specs;
        this.weights = List.copyOf(weights);
        this.biases = List.copyOf(biases);
        this.epoch = epoch;
    }

    /** Maps a checkpoint onto the layout of {@code specs}, or fails naming the checkpoint and the tensor. */
    public static ReleasedDecoder of(TorchCheckpoint checkpoint, NetworkSpecs specs) {
        Map<String, FloatTensor> state = checkpoint.stateDict();
        boolean prefixed = !state.isEmpty() && state.keySet().stream().allMatch(k -> k.startsWith(DATA_PARALLEL_PREFIX));
        String prefix = prefixed ? DATA_PARALLEL_PREFIX : "";
        List<FloatTensor> weights = new ArrayList<>();
        List<FloatTensor> biases = new ArrayList<>();
        TreeSet<String> expected = new TreeSet<>();
        for (NetworkSpecs.Layer layer : specs.layers()) {
            String w = prefix + layer.weightKey();
            String b = prefix + layer.biasKey();
            expected.add(w);
            expected.add(b);
            weights.add(shaped(checkpoint, specs, w, layer.outputs(), layer.inputs()));
            biases.add(shaped(checkpoint, specs, b, layer.outputs()));
        }
        TreeSet<String> extra = new TreeSet<>(state.keySet());
        extra.removeAll(expected);
        if (!extra.isEmpty()) {
            throw CellInrException.of(checkpoint.file(), "state dict has tensors " + extra + " that the layout of "
                    + specs.file() + " (" + specs.layers().size() + " layers) does not have");
        }
        return new ReleasedDecoder(specs, weights, biases, checkpoint.epoch());
    }

    private static FloatTensor shaped(TorchCheckpoint checkpoint, NetworkSpecs specs, String key, int... shape) {
        FloatTensor t = checkpoint.stateDict().get(key);
        if (t == null) {
            throw CellInrException.of(checkpoint.file(), "state dict has no tensor '" + key + "', which the layout of "
                    + specs.file() + " needs");
        }
        if (!t.hasShape(shape)) {
            throw CellInrException.of(checkpoint.file(), "tensor '" + key + "' has shape "
                    + Arrays.toString(t.shape()) + " but the layout of " + specs.file() + " needs "
                    + Arrays.toString(shape));
        }
        return t;
    }

    public NetworkSpecs specs() {
        return specs;
    }

    /** The training epoch the checkpoint records, if any. */
    public OptionalLong epoch() {
        return epoch;
    }

    /** Number of linear layers. */
    public int layerCount() {
        return weights.size();
    }

    /** Layer {@code l}'s weight, {@code outputs x inputs}, row-major (as torch's {@code nn.Linear} stores it). */
    public FloatTensor weight(int layer) {
        return weights.get(layer);
    }

    /** Layer {@code l}'s bias. */
    public FloatTensor bias(int layer) {
        return biases.get(layer);
    }

    /** Number of weights and biases. */
    public long parameterCount() {
        long n = 0;
        for (int l = 0; l < weights.size(); l++) {
            n += weights.get(l).numel() + biases.get(l).numel();
        }
        return n;
    }
}
