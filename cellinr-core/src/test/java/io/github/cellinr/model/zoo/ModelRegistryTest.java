package io.github.cellinr.model.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    @TempDir
    Path temp;

    @Test
    void paperPlatResolvesByNameAndLoads() throws IOException {
        long before = countTemporaryFolders();
        ModelRegistry.ResolvedModel r = ModelRegistry.resolve(ModelRegistry.PAPER_PLAT);
        assertTrue(r.bundled());
        assertNull(r.folder());
        assertEquals(64, r.id().length());
        CellShapeModel m = r.model();
        ModelConfig config = m.config();
        assertEquals(NetworkSpec.SIREN_PAPER, config.preset());
        assertEquals(168_521, m.layout().parameterCount());
        assertEquals(0.001, config.latentSigma());
        assertEquals(ModelConfig.SdfScale.PER_FRAME_NORMALISED, config.sdfScale());
        assertTrue(m.micrometresPerUnit() > 20 && m.micrometresPerUnit() < 45, "scale " + m.micrometresPerUnit());
        // a generated-like cell: code 0 at t = 1 is inside at the centre and outside at the cube's corner
        float[] z = new float[64];
        assertTrue(m.evaluator().evaluate(z, Rotation.IDENTITY, 1.0, 0, 0, 0) < 0);
        assertTrue(m.evaluator().evaluate(z, Rotation.IDENTITY, 1.0, 0.95, 0.95, 0.95) > 0);
        assertEquals(before, countTemporaryFolders(), "the temporary copy is deleted");
    }

    @Test
    void extractedCopyIsAModelFolderWithItsLicence() throws IOException {
        Path dir = ModelRegistry.extract(ModelRegistry.PAPER_PLAT, temp.resolve("pp"));
        assertTrue(Files.readString(dir.resolve("LICENSE.txt")).contains("David Wiesner"));
        assertTrue(Files.readString(dir.resolve("ATTRIBUTION.md")).contains("EmbryoGen_SpheresAndSDFs"));
        ModelRegistry.ResolvedModel byPath = ModelRegistry.resolve(dir.toString());
        assertEquals(false, byPath.bundled());
        assertEquals(ModelRegistry.resolve(ModelRegistry.PAPER_PLAT).id(), byPath.id());
        assertEquals(byPath.id(), ModelRegistry.resolve(dir.resolve("model.json").toString()).id());
    }

    @Test
    void unknownNamesAreOneLineErrors() {
        CellInrException e = assertThrows(CellInrException.class, () -> ModelRegistry.resolve("paper-plot"));
        assertEquals("paper-plot: no such model folder, and not a bundled model (bundled: paper-plat)", e.getMessage());
        assertThrows(CellInrException.class, () -> ModelRegistry.resolve(" "));
        Path empty = temp.resolve("empty");
        assertTrue(empty.toFile().mkdir());
        e = assertThrows(CellInrException.class, () -> ModelRegistry.resolve(empty.toString()));
        assertTrue(e.getMessage().contains("not a model folder"), e.getMessage());
    }

    private static long countTemporaryFolders() throws IOException {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("cellinr-paper-plat-")).count();
        }
    }
}
