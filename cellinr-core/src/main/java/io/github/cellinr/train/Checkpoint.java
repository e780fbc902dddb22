package io.github.cellinr.train;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.io.SafeTensors;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.nn.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs to continue exactly: the model's tensors, the optimiser moments
 * ({@code optimizer.<group>.m}, {@code optimizer.<group>.v} for groups decoder, latent, rotation) and the
 * trainer's counters, in one safetensors file written atomically (the state as JSON in its metadata under
 * {@value #STATE_KEY}). Every batch's randomness is derived from (seed, step), so no random-generator state
 * is needed.
 */
final class Checkpoint {
    static final String STATE_KEY = "cellinr.checkpoint";
    static final String[] GROUPS = {"decoder", "latent", "rotation"};

    /** The trainer's counters and settings at the end of an epoch. */
    record State(int formatVersion, int epochsDone, long steps, long[] adamSteps, double trainingSeconds,
                 TrainingOptions options, ModelConfig config, List<SequenceInfo> sequences, String datasetSha256,
                 double lastLoss, double lastSdfLoss) {
    }

    /** A loaded checkpoint. */
    record Loaded(State state, CellShapeModel model, float[][] firstMoments, float[][] secondMoments,
                  SafeTensors.Tensor hardExamples) {
    }

    private Checkpoint() {
    }

    /** @param hardExamples the run's hard pools ({@link HardExamples#tensor()}), or null when it keeps none */
    static void write(Path file, State state, CellShapeModel model, Adam[] optimisers,
                      SafeTensors.Tensor hardExamples) {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(model.tensors());
        if (hardExamples != null) {
            tensors.put(HardExamples.TENSOR, hardExamples);
        }
        for (int g = 0; g < GROUPS.length; g++) {
            Adam a = optimisers[g];
            tensors.put("optimizer." + GROUPS[g] + ".m", SafeTensors.Tensor.f32(a.firstMoment().clone(), a.size()));
            tensors.put("optimizer." + GROUPS[g] + ".v", SafeTensors.Tensor.f32(a.secondMoment().clone(), a.size()));
        }
        String json;
        try {
            json = Json.mapper().writeValueAsString(state);
        } catch (IOException e) {
            throw new IllegalStateException("checkpoint state is not serialisable", e);
        }
        SafeTensors.write(file, tensors, Map.of(STATE_KEY, json));
    }

    static Loaded read(Path file) {
        SafeTensors.Contents contents = SafeTensors.read(file);
        String json = contents.metadata().get(STATE_KEY);
        if (json == null) {
            throw CellInrException.of(file, "not a CellINR training checkpoint (no " + STATE_KEY + " metadata)");
        }
        State state;
        try {
            state = Json.mapper().readValue(json, State.class);
        } catch (IOException e) {
            throw CellInrException.of(file, "checkpoint state is unreadable (" + Json.problem(e) + ")", e);
        }
        if (state.options() == null || state.config() == null || state.sequences() == null
                || state.adamSteps() == null || state.adamSteps().length != GROUPS.length) {
            throw CellInrException.of(file, "checkpoint state is incomplete");
        }
        Map<String, SafeTensors.Tensor> modelTensors = new HashMap<>(contents.tensors());
        SafeTensors.Tensor hard = modelTensors.remove(HardExamples.TENSOR);
        float[][] m = new float[GROUPS.length][];
        float[][] v = new float[GROUPS.length][];
        for (int g = 0; g < GROUPS.length; g++) {
            m[g] = moment(file, modelTensors.remove("optimizer." + GROUPS[g] + ".m"), GROUPS[g]);
            v[g] = moment(file, modelTensors.remove("optimizer." + GROUPS[g] + ".v"), GROUPS[g]);
        }
        CellShapeModel model;
        try {
            model = CellShapeModel.fromTensors(state.config(), state.sequences(), modelTensors, null, null);
        } catch (IllegalArgumentException e) {
            throw CellInrException.of(file, e.getMessage(), e);
        }
        return new Loaded(state, model, m, v, hard);
    }

    private static float[] moment(Path file, SafeTensors.Tensor t, String group) {
        if (t == null || t.dtype() != SafeTensors.DType.F32 || t.shape().length != 1) {
            throw CellInrException.of(file, "optimiser state of group '" + group + "' is missing or malformed");
        }
        float[] a = t.floats();
        for (float x : a) {
            if (!Float.isFinite(x)) {
                throw CellInrException.of(file, "optimiser state of group '" + group + "' is not finite");
            }
        }
        return a;
    }
}
