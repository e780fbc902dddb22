package io.github.cellinr.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.io.torch.FloatTensor;
import io.github.cellinr.io.torch.NetworkSpecs;
import io.github.cellinr.io.torch.PaperFixtures;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.model.ModelConfig;
import io.github.cellinr.model.NetworkSpec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchImporterTest {
    @TempDir
    Path temp;

    private static TorchImporter.Options quick() {
        TorchImporter.Options d = TorchImporter.Options.paperDefaults(3, 2);
        return new TorchImporter.Options(d.latentSigma(), d.micrometresPerUnit(), d.referenceVolumeUm3(), 4, 512,
                d.seed(), d.threads(), null, null);
    }

    @Test
    void importedModelRecordsSamplingScaleAndProvenance() {
        TorchImporter.Result r = TorchImporter.load(PaperFixtures.checkpoint(), PaperFixtures.specs(), quick(),
                List.of("import", "--test"), ProgressSink.NONE);
        CellShapeModel model = r.model();
        ModelConfig config = model.config();
        assertEquals(NetworkSpec.SIREN_PAPER, config.preset());
        assertTrue(config.equivariant(), "specs.json optimised rotations");
        assertEquals(TorchImporter.PAPER_LATENT_SIGMA, config.latentSigma());
        assertEquals(ModelConfig.SdfScale.PER_FRAME_NORMALISED, config.sdfScale());
        assertEquals(0, model.sequenceCount());
        VolumeCalibration c = r.calibration();
        assertEquals(c.micrometresPerUnit(), model.micrometresPerUnit());
        assertEquals(3324.0, Math.pow(c.micrometresPerUnit(), 3) * c.meanVolumeUnits3(), 1e-6);
        // the grid64 fixture's volumes (918..5759 of 64^3 voxels over 8 units^3) bracket the mean over time
        assertTrue(c.meanVolumeUnits3() > 918 * 8.0 / (64 * 64 * 64) && c.meanVolumeUnits3() < 5759 * 8.0 / (64 * 64 * 64),
                "mean volume " + c.meanVolumeUnits3());
        Map<String, Object> params = model.provenance().parameters();
        assertEquals(2000L, ((Number) params.get("import.checkpointEpoch")).longValue());
        assertTrue(params.get("calibration") instanceof Map<?, ?> m && m.containsKey("micrometresPerUnitStandardError"));
        assertEquals(2, model.provenance().inputs().size());
        // the decoder is the checkpoint's, value for value
        float[] flat = model.decoderParameters();
        FloatTensor w4 = r.decoder().weight(4);
        int offset = model.layout().weightOffset(4);
        for (int i = 0; i < w4.numel(); i++) {
            assertEquals(w4.get(i), flat[offset + i]);
        }
    }

    @Test
    void importWritesALoadableFolderWithTheLicence() throws IOException {
        Path out = temp.resolve("paper-plat");
        TorchImporter.Result r = TorchImporter.importTo(PaperFixtures.checkpoint(), PaperFixtures.specs(), out,
                quick().withScale(30.0), List.of("import"), ProgressSink.NONE);
        assertEquals(null, r.calibration());
        CellShapeModel loaded = CellShapeModel.load(out);
        assertEquals(30.0, loaded.micrometresPerUnit());
        assertEquals(r.model().config(), loaded.config());
        assertArrayEquals(r.model().decoderParameters(), loaded.decoderParameters());
        assertEquals(Files.readString(PaperFixtures.folder().resolve("LICENSE.txt")),
                Files.readString(out.resolve("LICENSE.txt")));
        try (var files = Files.list(temp)) {
            assertEquals(List.of(out), files.toList(), "no temporary folder left behind");
        }
        // the loaded model evaluates the fixture points like the checkpoint
        PaperFixtures.Code code = PaperFixtures.codes().get(1);
        PaperFixtures.Point p = PaperFixtures.points().stream().filter(q -> q.code() == 1).findFirst().orElseThrow();
        float[] z = new float[64];
        for (int k = 0; k < 64; k++) {
            z[k] = (float) code.z()[k];
        }
        assertEquals(p.sdf(), loaded.evaluator().evaluate(z, code.rotation(), p.t(), p.x(), p.y(), p.z()), 1e-5);

        CellInrException e = assertThrows(CellInrException.class, () -> TorchImporter.importTo(
                PaperFixtures.checkpoint(), PaperFixtures.specs(), out, quick().withScale(30.0), List.of(),
                ProgressSink.NONE));
        assertTrue(e.getMessage().contains("exists and is not empty"), e.getMessage());
    }

    @Test
    void codesAndAnglesBecomeTrainingSequences() throws URISyntaxException {
        Path codes = resource("e2000_lat_vecs.mat");
        Path angles = resource("e2000_rot_angs.mat");
        CellShapeModel model = TorchImporter.load(PaperFixtures.checkpoint(), PaperFixtures.specs(),
                quick().withScale(25.0).withCodes(codes, angles), List.of(), ProgressSink.NONE).model();
        assertEquals(3, model.sequenceCount());
        assertEquals(30, model.sequences().get(0).frameCount(), "ReconstructionFramesPerSequence of specs.json");
        assertEquals((float) ((64 * 2 + 5) * 1e-4), model.latent(2)[5]);
        assertArrayEquals(new double[] {(float) 0.2, (float) -0.4, (float) 0.6}, model.eulerAngles(2));
        assertEquals(4, model.provenance().inputs().size());
    }

    @Test
    void badInputsAreOneLineErrors() throws IOException {
        Path notSpecs = Files.writeString(temp.resolve("specs.json"), "{\"CodeLength\": 32, \"NetworkSpecs\": {"
                + "\"dims\": [128, 128, 128, 192, 128, 128, 192, 128, 128, 128], \"latent_in\": [4, 7],"
                + " \"use_sine\": true, \"xyz_in_all\": true}}");
        CellInrException e = assertThrows(CellInrException.class, () -> TorchImporter.load(PaperFixtures.checkpoint(),
                notSpecs, quick().withScale(1), List.of(), ProgressSink.NONE));
        assertTrue(e.getMessage().contains("tensor 'module.lin0.weight' has shape [124, 68] but the layout of"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Path file = Files.writeString(temp.resolve("file"), "x");
        e = assertThrows(CellInrException.class, () -> TorchImporter.importTo(PaperFixtures.checkpoint(),
                PaperFixtures.specs(), file, quick().withScale(1), List.of(), ProgressSink.NONE));
        assertTrue(e.getMessage().contains("exists and is a file"), e.getMessage());
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchImporterTest.class.getResource("/io/github/cellinr/io/torch/" + name).toURI()); // the format fixtures live with io.torch
    }
}
