package io.github.cellinr.interop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.io.torch.FloatTensor;
import io.github.cellinr.io.torch.MatFileWriter;
import io.github.cellinr.io.torch.NetworkSpecs;
import io.github.cellinr.io.torch.TorchCheckpointWriter;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.NetworkSpec;
import io.github.cellinr.nn.Activation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a CellINR model in the files of the paper's released code: {@code model.pth} (a {@code torch.save}
 * checkpoint of {@code {"epoch", "model_state_dict"}} with the {@code module.lin<l>} keys its
 * {@code DataParallel} decoder loads), {@code specs.json} (its {@code NetworkSpecs} and {@code CodeLength}) and,
 * when the model has training sequences, {@code lat_vecs.mat} ({@code lat_vecs}) and {@code rot_angs.mat}
 * ({@code rot_ang}). Only the released decoder family can be exported: sine layers with the coordinates at
 * every layer. Note that a model trained here predicts distances in consistent units, where the released code
 * normalises each frame; the zero level set, and so the shapes, mean the same.
 */
public final class ReleasedExport {
    private ReleasedExport() {
    }

    /** Writes the files into {@code dir} (must not exist or be empty), via a temporary folder beside it. */
    public static void write(CellShapeModel model, Path dir, long epoch) {
        NetworkSpec network = model.config().network();
        if (network.activation() != Activation.SINE || !network.xyzInAll()) {
            throw CellInrException.of(dir, "only SIREN decoders with the coordinates at every layer (as siren-paper)"
                    + " can be written for the released code; this model is " + network);
        }
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw CellInrException.of(dir, "exists and is not empty");
                }
            } catch (IOException e) {
                throw CellInrException.of(dir, "cannot read: " + e.getMessage(), e);
            }
        }
        Path parent = dir.toAbsolutePath().getParent();
        Path temp = parent.resolve("." + dir.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()));
        try {
            AtomicFiles.createDirectories(temp);
            writeInto(model, temp, epoch);
            Files.deleteIfExists(dir);
            Files.move(temp, dir);
        } catch (IOException e) {
            throw AtomicFiles.writeError(dir, e);
        } finally {
            if (Files.exists(temp)) {
                try (Stream<Path> walk = Files.walk(temp)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static void writeInto(CellShapeModel model, Path dir, long epoch) throws IOException {
        float[] flat = model.decoderParameters();
        Map<String, FloatTensor> state = new LinkedHashMap<>();
        for (NetworkSpec.TensorSpec t : model.config().network().decoderTensors()) {
            String key = "module." + t.name().substring("decoder.".length());
            int[] shape = java.util.Arrays.stream(t.shape()).mapToInt(Math::toIntExact).toArray();
            float[] data = java.util.Arrays.copyOfRange(flat, t.offset(), t.offset() + t.size());
            state.put(key, new FloatTensor(key, shape, data));
        }
        TorchCheckpointWriter.write(dir.resolve("model.pth"), state, epoch);
        AtomicFiles.writeString(dir.resolve("specs.json"), specs(model) + "\n");
        int s = model.sequenceCount();
        if (s > 0) {
            float[][] codes = new float[s][];
            float[][] angles = new float[s][3];
            for (int i = 0; i < s; i++) {
                codes[i] = model.latent(i);
                double[] e = model.eulerAngles(i);
                for (int k = 0; k < 3; k++) {
                    angles[i][k] = (float) e[k];
                }
            }
            MatFileWriter.write(dir.resolve("lat_vecs.mat"), Map.of("lat_vecs", codes));
            MatFileWriter.write(dir.resolve("rot_angs.mat"), Map.of("rot_ang", angles));
        }
    }

    private static String specs(CellShapeModel model) throws IOException {
        NetworkSpec n = model.config().network();
        ObjectNode root = Json.mapper().createObjectNode();
        root.putArray("Description").add("Exported by CellINR from a " + model.config().preset() + " model");
        ObjectNode net = root.putObject("NetworkSpecs");
        ArrayNode dims = net.putArray("dims");
        for (int d : n.dims()) {
            dims.add(d);
        }
        net.putArray("dropout");
        net.put("dropout_prob", 0.0);
        net.putArray("norm_layers");
        ArrayNode latentIn = net.putArray("latent_in");
        for (int l : n.latentIn()) {
            latentIn.add(l);
        }
        net.put("xyz_in_all", true);
        net.put("use_tanh", false);
        net.put("use_sine", true);
        net.put("latent_dropout", false);
        net.put("weight_norm", false);
        root.put("CodeLength", n.latentSize());
        root.put("OptimizeRot", model.config().equivariant());
        root.put("NumSequences", model.sequenceCount());
        if (model.sequenceCount() > 0) {
            root.put("ReconstructionFramesPerSequence", model.sequences().get(0).frameCount());
        }
        return Json.mapper().writeValueAsString(root);
    }
}
