package io.github.cellinr.model.zoo;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.model.CellShapeModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds a model by what the user typed after {@code --model}: a model folder (or its {@code model.json}), or
 * the name of a model that ships with CellINR. An existing path wins over a bundled name.
 *
 * <p>Bundled models live on the classpath under {@code io/github/cellinr/model/zoo/<name>/} in the usual model
 * format, with their licence. They are copied to a temporary folder, loaded (with the checksum check of
 * {@link CellShapeModel#load}) and the copy is deleted, so nothing is left behind and a damaged jar is noticed.
 */
public final class ModelRegistry {
    /**
     * The paper's trained equivariant Platynereis dumerilii model (Wiesner, Suk, Dummer et al.; BSD-3-Clause,
     * see its LICENSE.txt), imported from its released checkpoint.
     */
    public static final String PAPER_PLAT = "paper-plat";

    private static final List<String> BUNDLED = List.of(PAPER_PLAT);
    private static final String RESOURCE_ROOT = "/io/github/cellinr/model/zoo/";
    private static final List<String> FILES = List.of(CellShapeModel.CONFIG_FILE, CellShapeModel.WEIGHTS_FILE,
            "LICENSE.txt", "ATTRIBUTION.md");

    private ModelRegistry() {
    }

    /**
     * A resolved model.
     *
     * @param reference what was asked for (a name or a path)
     * @param id        the model id (SHA-256 of its weights), for provenance
     * @param bundled   whether it ships with CellINR
     * @param folder    the model folder, or null for a bundled model
     * @param model     the loaded model
     */
    public record ResolvedModel(String reference, String id, boolean bundled, Path folder, CellShapeModel model) {
    }

    /** Names of the models that ship with CellINR. */
    public static List<String> bundledNames() {
        return BUNDLED;
    }

    /** Loads the model a user named; see the class comment. */
    public static CellShapeModel load(String nameOrPath) {
        return resolve(nameOrPath).model();
    }

    /**
     * Resolves and loads a model folder or a bundled model.
     *
     * @throws CellInrException with one line when it is neither, or the model is damaged
     */
    public static ResolvedModel resolve(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw CellInrException.of("no model given: name a model folder or one of " + BUNDLED);
        }
        Path path = Path.of(nameOrPath);
        if (Files.exists(path)) {
            Path folder = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
            CellShapeModel model = CellShapeModel.load(folder);
            return new ResolvedModel(nameOrPath, CellShapeModel.id(folder), false, folder, model);
        }
        if (BUNDLED.contains(nameOrPath)) {
            return loadBundled(nameOrPath);
        }
        throw CellInrException.of(path, "no such model folder, and not a bundled model (bundled: "
                + String.join(", ", BUNDLED) + ")");
    }

    /**
     * Copies a bundled model's files into {@code dir} (created; must not hold them yet), for users who want the
     * files themselves (e.g. to fine-tune or inspect). Returns {@code dir}.
     */
    public static Path extract(String name, Path dir) {
        if (!BUNDLED.contains(name)) {
            throw CellInrException.of("'" + name + "' is not a bundled model (bundled: " + String.join(", ", BUNDLED)
                    + ")");
        }
        AtomicFiles.createDirectories(dir);
        for (String file : FILES) {
            try (InputStream in = ModelRegistry.class.getResourceAsStream(RESOURCE_ROOT + name + "/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("bundled model '" + name + "' lacks " + file
                            + " on the classpath (a broken build)");
                }
                AtomicFiles.writeBytes(dir.resolve(file), in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read bundled model '" + name + "': " + e.getMessage(), e);
            }
        }
        return dir;
    }

    private static ResolvedModel loadBundled(String name) {
        Path temp;
        try {
            temp = Files.createTempDirectory("cellinr-" + name + "-");
        } catch (IOException e) {
            throw CellInrException.of("cannot create a temporary folder for the bundled model '" + name + "': "
                    + e.getMessage(), e);
        }
        try {
            extract(name, temp);
            return new ResolvedModel(name, CellShapeModel.id(temp), true, null, CellShapeModel.load(temp));
        } finally {
            try (Stream<Path> walk = Files.walk(temp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
            } catch (IOException ignored) {
                // best effort: the temporary folder is named after the model
            }
        }
    }
}
