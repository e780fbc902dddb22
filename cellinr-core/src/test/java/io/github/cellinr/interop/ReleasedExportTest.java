package io.github.cellinr.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.io.torch.MatFile;
import io.github.cellinr.io.torch.MatFileWriter;
import io.github.cellinr.io.torch.PaperFixtures;
import io.github.cellinr.io.torch.TorchCheckpoint;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.nn.MlpInit;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasedExportTest {
    @TempDir
    Path temp;

    @Test
    void exportedFilesImportBackToTheSameModel() throws URISyntaxException {
        TorchImporter.Options options = TorchImporter.Options.paperDefaults(1, 1).withScale(31.0)
                .withCodes(resource("e2000_lat_vecs.mat"), resource("e2000_rot_angs.mat"));
        CellShapeModel model = TorchImporter.load(PaperFixtures.checkpoint(), PaperFixtures.specs(), options,
                List.of(), ProgressSink.NONE).model();
        Path dir = temp.resolve("released");
        ReleasedExport.write(model, dir, 2000);
        CellShapeModel back = TorchImporter.load(dir.resolve("model.pth"), dir.resolve("specs.json"),
                TorchImporter.Options.paperDefaults(1, 1).withScale(31.0)
                        .withCodes(dir.resolve("lat_vecs.mat"), dir.resolve("rot_angs.mat")), List.of(),
                ProgressSink.NONE).model();
        assertArrayEquals(model.decoderParameters(), back.decoderParameters());
        assertArrayEquals(model.codes(), back.codes());
        assertArrayEquals(model.angles(), back.angles());
        assertEquals(model.config().network(), back.config().network());
        assertEquals(model.config().equivariant(), back.config().equivariant());
        assertEquals(2000, TorchCheckpoint.read(dir.resolve("model.pth")).epoch().getAsLong());
    }

    @Test
    void matricesRoundTripThroughTheReader() {
        Path file = temp.resolve("m.mat");
        float[][] m = {{1, 2, 3}, {4, 5, 6.5f}};
        MatFileWriter.write(file, Map.of("abc", m, "empty", new float[0][0]));
        MatFile read = MatFile.read(file);
        assertEquals("single", read.array("abc").matlabClass());
        assertArrayEquals(new double[][] {{1, 2, 3}, {4, 5, 6.5}}, read.array("abc").asMatrix());
        assertEquals(0, read.array("empty").numel());
    }

    @Test
    void otherArchitecturesAreRefused() {
        ModelConfig config = ModelConfig.of("deepsdf", 8, false, 1.0);
        float[] decoder = MlpInit.initialise(config.network().layout(), new SplittableRandom(1));
        CellShapeModel deepSdf = CellShapeModel.of(config, List.of(), decoder, new float[0], new float[0], null, null);
        CellInrException e = assertThrows(CellInrException.class, () -> ReleasedExport.write(deepSdf,
                temp.resolve("x"), 1));
        assertTrue(e.getMessage().contains("only SIREN decoders"), e.getMessage());
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ReleasedExportTest.class.getResource("/io/github/cellinr/io/torch/" + name).toURI()); // the format fixtures live with io.torch
    }
}
