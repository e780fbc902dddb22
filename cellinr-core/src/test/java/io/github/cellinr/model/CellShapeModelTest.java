package io.github.cellinr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.io.SafeTensors;
import io.github.cellinr.nn.MlpInit;
import io.github.cellinr.nn.MlpLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CellShapeModelTest {

    @TempDir
    Path dir;

    @Test
    void sirenPaperHasTheReleasedLayoutAndParameterCount() {
        NetworkSpec spec = NetworkSpec.preset(NetworkSpec.SIREN_PAPER, 0);
        assertEquals(64, spec.latentSize());
        MlpLayout layout = spec.layout();
        assertEquals(168_521, layout.parameterCount());
        assertEquals(11, layout.layerCount());
        Map<String, long[]> shapes = new LinkedHashMap<>();
        spec.decoderTensors().forEach(t -> shapes.put(t.name(), t.shape()));
        assertArrayEquals(new long[] {124, 68}, shapes.get("decoder.lin0.weight"));
        for (int l : new int[] {1, 2, 3, 5, 6, 8, 9}) {
            assertArrayEquals(new long[] {124, 128}, shapes.get("decoder.lin" + l + ".weight"));
        }
        assertArrayEquals(new long[] {124, 192}, shapes.get("decoder.lin4.weight"));
        assertArrayEquals(new long[] {124, 192}, shapes.get("decoder.lin7.weight"));
        assertArrayEquals(new long[] {1, 128}, shapes.get("decoder.lin10.weight"));
        assertArrayEquals(new long[] {1}, shapes.get("decoder.lin10.bias"));
        assertEquals(22, shapes.size());
    }

    @Test
    void deepSdfPresetFollowsDeepSdf() {
        MlpLayout layout = NetworkSpec.preset(NetworkSpec.DEEPSDF, 0).layout();
        assertEquals(256, layout.latentSize());
        assertEquals(9, layout.layerCount());
        assertEquals(260, layout.layer(0).inputWidth(256)); // [z, x, y, z, t]
        assertEquals(512 - 260, layout.layer(3).out());     // gives room to the latent concatenated before layer 4
        assertEquals(512, layout.layer(4).inputWidth(256));
        assertEquals(512, layout.layer(5).inputWidth(256)); // no coordinates in the other layers
        // layers 0..8: 260->512, 512->512 (x2), 512->252, 512->512 (x4), 512->1
        int expected = 260 * 512 + 512 + 2 * (512 * 512 + 512) + 512 * 252 + 252 + 4 * (512 * 512 + 512) + 512 + 1;
        assertEquals(expected, layout.parameterCount());
    }

    static CellShapeModel randomModel(int sequences, boolean equivariant, long seed) {
        ModelConfig config = ModelConfig.of(NetworkSpec.SIREN_PAPER, 0, equivariant, 12.5);
        SplittableRandom r = new SplittableRandom(seed);
        float[] decoder = MlpInit.initialise(config.network().layout(), r);
        float[] codes = new float[sequences * 64];
        float[] angles = new float[sequences * 3];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (float) (0.1 * r.nextGaussian());
        }
        for (int i = 0; i < angles.length && equivariant; i++) {
            angles[i] = (float) r.nextGaussian();
        }
        List<SequenceInfo> seqs = new java.util.ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            seqs.add(new SequenceInfo("01_" + s, "test", SequenceInfo.evenTimes(5), s == 0 ? 3 : -1));
        }
        Provenance prov = Provenance.builder(List.of("train", "--seed", "1")).seed(seed).build();
        TrainingSummary training = new TrainingSummary(Map.of("framesPerBatch", 5), 10, 20, 0.1, 0.09, 3.5,
                Map.of("01_0", 0.9), 0.9, 1);
        return CellShapeModel.of(config, seqs, decoder, codes, angles, prov, training);
    }

    @Test
    void saveAndLoadRoundTripEverything() {
        CellShapeModel m = randomModel(3, true, 7);
        String id = m.save(dir);
        CellShapeModel back = CellShapeModel.load(dir);
        assertEquals(id, CellShapeModel.id(dir));
        assertEquals(id, Provenance.sha256(dir.resolve(CellShapeModel.WEIGHTS_FILE)));
        assertEquals(m.config(), back.config());
        assertEquals(m.sequences(), back.sequences());
        assertArrayEquals(m.decoderParameters(), back.decoderParameters());
        assertArrayEquals(m.codes(), back.codes());
        assertArrayEquals(m.angles(), back.angles());
        assertEquals(m.training(), back.training());
        assertEquals(m.provenance().seed(), back.provenance().seed());
        assertEquals(3, back.sequences().get(0).divisionFrame());
        // loading from the json file path works too
        assertArrayEquals(m.codes(), CellShapeModel.load(dir.resolve(CellShapeModel.CONFIG_FILE)).codes());
        // and the loaded model evaluates identically
        float[] xyz = {0.1f, -0.2f, 0.3f, 0.5f, 0.5f, -0.5f};
        float[] a = new float[2];
        float[] b = new float[2];
        m.evaluator().evaluate(m.latent(1), m.rotation(1), 0.3, xyz, 2, a);
        back.evaluator().evaluate(back.latent(1), back.rotation(1), 0.3, xyz, 2, b);
        assertArrayEquals(a, b);
    }

    @Test
    void latentCodesAreTheCodesRowByRow() {
        CellShapeModel m = randomModel(3, false, 11);
        double[][] rows = m.latentCodes();
        assertEquals(3, rows.length);
        for (int s = 0; s < rows.length; s++) {
            float[] z = m.latent(s);
            assertEquals(z.length, rows[s].length);
            for (int i = 0; i < z.length; i++) {
                assertEquals(z[i], rows[s][i], 0.0, "sequence " + s + ", entry " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing-json", "missing-weights", "replaced-weights", "truncated-weights",
        "wrong-latent-size", "missing-tensor", "extra-tensor", "nan", "bad-json", "not-a-model", "future-version",
        "wrong-dtype"})
    void rejectsACorruptOrMismatchedModelWithOneLine(String kind) throws IOException {
        CellShapeModel m = randomModel(2, false, 3);
        m.save(dir);
        Path json = dir.resolve(CellShapeModel.CONFIG_FILE);
        Path weights = dir.resolve(CellShapeModel.WEIGHTS_FILE);
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(m.tensors());
        switch (kind) {
            case "missing-json" -> Files.delete(json);
            case "missing-weights" -> Files.delete(weights);
            case "replaced-weights" -> {
                tensors.put(CellShapeModel.CODES, SafeTensors.Tensor.f32(new float[128], 2, 64));
                SafeTensors.write(weights, tensors, Map.of());
            }
            case "truncated-weights" -> {
                byte[] bytes = Files.readAllBytes(weights);
                Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));
                dropChecksum(json);
            }
            case "wrong-latent-size" -> {
                ObjectNode doc = (ObjectNode) Json.mapper().readTree(json.toFile());
                ((ObjectNode) doc.get("config").get("network")).put("latentSize", 32);
                Files.writeString(json, doc.toString());
            }
            case "missing-tensor" -> {
                tensors.remove("decoder.lin3.bias");
                rewrite(weights, json, tensors);
            }
            case "extra-tensor" -> {
                tensors.put("decoder.lin11.weight", SafeTensors.Tensor.f32(new float[1], 1, 1));
                rewrite(weights, json, tensors);
            }
            case "nan" -> {
                float[] codes = m.codes();
                codes[5] = Float.NaN;
                tensors.put(CellShapeModel.CODES, SafeTensors.Tensor.f32(codes, 2, 64));
                rewrite(weights, json, tensors);
            }
            case "wrong-dtype" -> {
                tensors.put(CellShapeModel.ANGLES, SafeTensors.Tensor.f64(new double[6], 2, 3));
                rewrite(weights, json, tensors);
            }
            case "bad-json" -> Files.writeString(json, "{\"format\": \"cellinr-model\", ");
            case "not-a-model" -> Files.writeString(json, "{\"format\": \"something-else\"}");
            case "future-version" -> {
                ObjectNode doc = (ObjectNode) Json.mapper().readTree(json.toFile());
                doc.put("formatVersion", 99);
                Files.writeString(json, doc.toString());
            }
            default -> throw new IllegalArgumentException(kind);
        }
        CellInrException e = assertThrows(CellInrException.class, () -> CellShapeModel.load(dir));
        assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    private static void rewrite(Path weights, Path json, Map<String, SafeTensors.Tensor> tensors) throws IOException {
        SafeTensors.write(weights, tensors, Map.of());
        dropChecksum(json);
    }

    /** Removes the recorded checksum so that the content checks (not the checksum) must catch the problem. */
    private static void dropChecksum(Path json) throws IOException {
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(json.toFile());
        doc.remove("weightsSha256");
        Files.writeString(json, doc.toString());
    }

    @Test
    void partsWithWrongSizesOrNonFiniteValuesAreRejected() {
        ModelConfig config = ModelConfig.of(NetworkSpec.SIREN_PAPER, 0, false, 1);
        float[] decoder = new float[168_521];
        List<SequenceInfo> one = List.of(new SequenceInfo("a", "t", new double[] {0}, -1));
        assertThrows(IllegalArgumentException.class,
                () -> CellShapeModel.of(config, one, new float[10], new float[64], new float[3], null, null));
        assertThrows(IllegalArgumentException.class,
                () -> CellShapeModel.of(config, one, decoder, new float[63], new float[3], null, null));
        float[] angles = {0, Float.POSITIVE_INFINITY, 0};
        assertThrows(IllegalArgumentException.class,
                () -> CellShapeModel.of(config, one, decoder, new float[64], angles, null, null));
        assertEquals(1, CellShapeModel.of(config, one, decoder, new float[64], new float[3], null, null).sequenceCount());
    }
}
