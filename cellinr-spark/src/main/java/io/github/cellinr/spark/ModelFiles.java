package io.github.cellinr.spark;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.OutputFolder;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.zoo.ModelRegistry;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model as the job broadcasts it: the bytes of its two files (description and weights), read once by the
 * driver. Each executor turns them into a {@link CellShapeModel} once and keeps it for every task of the job
 * (the weights are read-only during inference, so concurrent tasks share one copy). A bundled model travels
 * as its name: every executor has it in the jar.
 *
 * @param reference the {@code --model} the user gave (recorded in provenance)
 * @param id        the model's id (its weights' SHA-256)
 * @param files     file name to bytes; empty for a bundled model
 */
record ModelFiles(String reference, String id, Map<String, byte[]> files) implements Serializable {

    private static final Map<String, ModelRegistry.ResolvedModel> LOADED = new ConcurrentHashMap<>();

    /** Resolves {@code --model} on the driver: a bundled name, a local folder, or a folder on a Hadoop path. */
    static ModelRegistry.ResolvedModel resolveOnDriver(String reference, HadoopConf conf) {
        if (ModelRegistry.bundledNames().contains(reference) || !reference.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*")
                || reference.startsWith("file:")) {
            String local = reference.startsWith("file:") ? Path.of(java.net.URI.create(reference)).toString()
                    : reference;
            ModelRegistry.ResolvedModel r = ModelRegistry.resolve(local);
            return new ModelRegistry.ResolvedModel(reference, r.id(), r.bundled(), r.folder(), r.model());
        }
        HadoopFolder remote = new HadoopFolder(reference, conf);
        Path scratch = temporaryFolder();
        for (String file : new String[] {CellShapeModel.CONFIG_FILE, CellShapeModel.WEIGHTS_FILE}) {
            if (!remote.exists(file)) {
                throw CellInrException.of(remote.display(file) + ": missing (not a model folder)");
            }
            remote.localCopy(file, scratch);
        }
        ModelRegistry.ResolvedModel r = ModelRegistry.resolve(scratch.toString());
        return new ModelRegistry.ResolvedModel(reference, r.id(), false, scratch, r.model());
    }

    /** What to broadcast for a model the driver resolved. */
    static ModelFiles of(ModelRegistry.ResolvedModel resolved) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!resolved.bundled()) {
            for (String file : new String[] {CellShapeModel.CONFIG_FILE, CellShapeModel.WEIGHTS_FILE}) {
                Path path = resolved.folder().resolve(file);
                try {
                    files.put(file, Files.readAllBytes(path));
                } catch (IOException e) {
                    throw CellInrException.of(path, "cannot read (" + e.getMessage() + ")", e);
                }
            }
        }
        return new ModelFiles(resolved.reference(), resolved.id(), files);
    }

    /** The model on this executor: loaded on the first call of the job, the same object afterwards. */
    ModelRegistry.ResolvedModel load() {
        return LOADED.computeIfAbsent(id, key -> {
            if (files.isEmpty()) {
                ModelRegistry.ResolvedModel r = ModelRegistry.resolve(reference);
                return new ModelRegistry.ResolvedModel(reference, r.id(), r.bundled(), r.folder(), r.model());
            }
            Path dir = temporaryFolder();
            try {
                for (var e : files.entrySet()) {
                    Files.write(dir.resolve(e.getKey()), e.getValue());
                }
                ModelRegistry.ResolvedModel r = ModelRegistry.resolve(dir.toString());
                return new ModelRegistry.ResolvedModel(reference, r.id(), false, dir, r.model());
            } catch (IOException e) {
                throw CellInrException.of(dir, "cannot write the broadcast model (" + e.getMessage() + ")", e);
            }
        });
    }

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("cellinr-model-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> OutputFolder.deleteTree(dir)));
            return dir;
        } catch (IOException e) {
            throw CellInrException.of("cannot create a temporary folder for the model (" + e.getMessage() + ")", e);
        }
    }
}
