package io.github.cellinr.experiment;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.dataset.InMemorySdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.NetworkSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Analytic data and hand-made models for the experiment package's tests. */
final class TestData {
    static final double UM_PER_UNIT = 10.0;

    private TestData() {
    }

    /** Ellipsoids (semi-axes a, b, c growing with time) centred in the cube, one per sequence. */
    static InMemorySdfDataset ellipsoids(int sequences, int frames, int grid) {
        List<InMemorySdfDataset.AnalyticSdf> shapes = new ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            double a = 5.5 + 0.5 * s;
            double b = 3.5;
            double c = 2.5 + 0.25 * s;
            shapes.add((x, y, z, t) -> ellipsoid(x, y, z, a * (1 + 0.1 * t), b, c));
        }
        return InMemorySdfDataset.sample(shapes, SequenceInfo.evenTimes(frames), grid, UM_PER_UNIT, 0.6);
    }

    /** Spheres of radius r (micrometres) centred in the cube. */
    static InMemorySdfDataset spheres(int sequences, int frames, int grid, double r) {
        List<InMemorySdfDataset.AnalyticSdf> shapes = new ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            shapes.add((x, y, z, t) -> Math.sqrt(x * x + y * y + z * z) - r);
        }
        return InMemorySdfDataset.sample(shapes, SequenceInfo.evenTimes(frames), grid, UM_PER_UNIT, 0.6);
    }

    /** A close bound of an ellipsoid's signed distance (exact on the axes). */
    static double ellipsoid(double x, double y, double z, double a, double b, double c) {
        double k0 = Math.sqrt(x * x / (a * a) + y * y / (b * b) + z * z / (c * c));
        double k1 = Math.sqrt(x * x / (a * a * a * a) + y * y / (b * b * b * b) + z * z / (c * c * c * c));
        return k1 == 0 ? -Math.min(a, Math.min(b, c)) : k0 * (k0 - 1) / k1;
    }

    /**
     * A siren-paper model (latent 8) whose network outputs the constant {@code value} everywhere: all weights
     * zero, the last bias {@code value}. Its reconstructions are all inside (value < 0) or all outside.
     */
    static CellShapeModel constant(List<SequenceInfo> sequences, double value, float[] codes) {
        ModelConfig config = ModelConfig.of(NetworkSpec.SIREN_PAPER, 8, false, UM_PER_UNIT);
        List<NetworkSpec.TensorSpec> tensors = config.network().decoderTensors();
        NetworkSpec.TensorSpec lastBias = tensors.get(tensors.size() - 1);
        float[] decoder = new float[config.network().layout().parameterCount()];
        decoder[lastBias.offset()] = (float) value;
        return CellShapeModel.of(config, sequences, decoder, codes, new float[3 * sequences.size()], null, null);
    }

    static ExperimentContext context(Path folder, boolean quick) {
        return new ExperimentContext(folder, quick, 7, 2, new PrintWriter(new StringWriter()), ProgressSink.NONE,
                List.of("cellinr", "test"));
    }
}
