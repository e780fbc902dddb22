package io.github.cellinr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.io.TiffReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inference verbs end to end on the bundled paper model, on small grids. */
class InferCommandsTest {

    @Test
    void generateWritesSequencesWithCodesAndProvenance(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("gen");
        MainTest.Run r = MainTest.run("generate", "--model", "paper-plat", "--out", out.toString(), "--count", "2",
                "--size", "24", "--frames", "3", "--rotation", "random", "--mesh", "obj", "--zarr", "--seed", "5",
                "--threads", "2", "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode json = Json.mapper().readTree(r.out);
        assertEquals(2, json.get("sequences").size());
        // the default, auto, picks the paper's Gaussian for a model without learned codes and says so
        assertEquals("gaussian", json.at("/sampler/sampler").asText());
        assertEquals("auto", json.at("/sampler/selectedBy").asText());
        assertEquals("auto", json.at("/sampler/requested").asText());
        assertEquals(5, json.at("/sampler/seed").asLong());
        assertTrue(json.at("/sampler/reason").asText().contains("no learned codes"), json.toString());
        assertTrue(Files.exists(out.resolve("gen_001/masks/mask002.tif")));
        assertTrue(Files.exists(out.resolve("gen_001/masks/res_track.txt")));
        assertTrue(Files.exists(out.resolve("gen_000/meshes/mesh000.obj")));
        assertTrue(Files.exists(out.resolve("gen_000/sdf.ome.zarr/.zattrs")));
        assertTrue(Files.exists(out.resolve("codes.csv")));
        Provenance p = Provenance.read(out.resolve("gen_000/provenance.json"));
        assertEquals(5L, p.seed());
        assertEquals(64, p.toJsonNode().at("/parameters/shape/latent").size());
        assertTrue(p.modelId().length() == 64);
        LabelVolume m = TiffReader.readLabels(out.resolve("gen_000/masks/mask001.tif"));
        assertTrue(m.maxLabel() >= 1, "a cell in the mask");

        // interpolate between the two generated codes, read back from codes.csv
        Path lerp = dir.resolve("lerp");
        r = MainTest.run("interpolate", "--model", "paper-plat", "--out", lerp.toString(), "--codes",
                out.resolve("codes.csv").toString(), "--from", "gen_000", "--to", "gen_001", "--steps", "3",
                "--path", "spherical", "--size", "20", "--frames", "2", "--threads", "2");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("interpolate: 3 sequence(s)"), r.out);
        assertTrue(Files.exists(lerp.resolve("slerp_002/masks/mask001.tif")));
    }

    @Test
    void fitFindsACodeForMasksPreparedOnTheFly(@TempDir Path dir) throws Exception {
        Path gen = dir.resolve("gen");
        MainTest.Run r = MainTest.run("generate", "--model", "paper-plat", "--out", gen.toString(), "--count", "1",
                "--size", "40", "--frames", "3", "--seed", "4", "--threads", "2");
        assertEquals(0, r.exitCode, r.err);
        Path fit = dir.resolve("fit");
        r = MainTest.run("fit", "--model", "paper-plat", "--in", gen.resolve("gen_000/masks").toString(), "--grid",
                "32", "--frames", "3", "--size", "32", "--quick", "--threads", "2", "--out", fit.toString(), "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode json = Json.mapper().readTree(r.out);
        JsonNode f = json.get("fits").get(0);
        assertTrue(f.get("meanDice").asDouble() > 0.8, "Dice of the fit " + f.get("meanDice"));
        assertEquals(3, f.get("diceByFrame").size());
        assertTrue(Files.exists(fit.resolve("codes.csv")));
        assertTrue(Files.exists(fit.resolve("fit.json")));
        String name = f.get("name").asText();
        assertTrue(Files.exists(fit.resolve(name).resolve("masks/mask002.tif")));
        try (var s = Files.list(fit)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")
                    || p.getFileName().toString().startsWith(".fit-")), "no temporary folder left");
        }
        r = MainTest.run("fit", "--model", "paper-plat", "--out", fit.toString());
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("--data") && r.err.contains("--in"), r.err);
    }

    @Test
    void theSharedThreadsOptionReachesEachVerb(@TempDir Path dir) {
        // --threads is declared once (ThreadsOption) and mixed into the inference options: a bad count is refused
        for (String verb : new String[] {"reconstruct", "generate"}) {
            MainTest.Run r = MainTest.run(verb, "--model", "paper-plat", "--out", dir.resolve(verb).toString(),
                    "--threads", "-1");
            assertEquals(2, r.exitCode, verb + ": " + r.err);
            assertTrue(r.err.contains("--threads must be 0 (all cores) or positive, got -1"), r.err);
        }
    }

    @Test
    void fitReadsAPreparedDataset(@TempDir Path dir) throws Exception {
        Path data = io.github.cellinr.dataset.PhantomDatasetFixture.prepared(
                io.github.cellinr.phantom.PhantomType.GROWING, 2, 3, 32, 32, 1);
        MainTest.Run r = MainTest.run("fit", "--model", "paper-plat", "--data", data.toString(), "--sequences", "1",
                "--restarts", "2", "--restart-steps", "5", "--iterations", "10", "--size", "24", "--threads", "2",
                "--out", dir.resolve("fit").toString(), "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode json = Json.mapper().readTree(r.out);
        assertEquals(1, json.get("fits").size());
        assertEquals(2, json.get("fits").get(0).get("starts").size());
        assertEquals(3, json.at("/sequences/0/frames").asInt(), "frames default to the data's");
        Provenance p = Provenance.read(dir.resolve("fit/provenance.json"));
        assertTrue(p.inputs().stream().anyMatch(i -> i.role().equals("data")), "the dataset is a recorded input");
    }

    /** A small network trained here (3 sequences of growing phantoms, a few epochs): a model with learned codes. */
    private static Path trainedModel(Path dir) {
        Path data = io.github.cellinr.dataset.PhantomDatasetFixture.prepared(
                io.github.cellinr.phantom.PhantomType.GROWING, 3, 3, 32, 24, 2);
        io.github.cellinr.train.TrainingOptions o = io.github.cellinr.train.TrainingOptions.defaults().toBuilder()
                .latentSize(8).equivariant(true).epochs(3).framesPerBatch(2).pointsPerFrame(256).threads(2)
                .checkpointEvery(3).diceMaxGrid(10).build();
        try (var d = io.github.cellinr.dataset.MappedSdfDataset.open(data)) {
            return new io.github.cellinr.train.Trainer(d, null, dir.resolve("model"), java.util.List.of("test"),
                    io.github.cellinr.core.ProgressSink.NONE).train(o).modelDir();
        }
    }

    @Test
    void reconstructInterpolateAndSampleAModelWithLearnedCodes(@TempDir Path dir) throws Exception {
        Path model = trainedModel(dir);
        Path rec = dir.resolve("rec");
        MainTest.Run r = MainTest.run("reconstruct", "--model", model.toString(), "--out", rec.toString(), "--size",
                "20", "--frames", "4", "--sequences", "0,2", "--threads", "2", "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode json = Json.mapper().readTree(r.out);
        assertEquals(2, json.get("sequences").size());
        assertEquals(4, json.at("/sequences/0/frames").asInt(), "--frames beyond the 3 trained: interpolated in time");
        String first = json.at("/sequences/0/name").asText();
        Provenance p = Provenance.read(rec.resolve(first).resolve("provenance.json"));
        assertTrue(p.toJsonNode().at("/parameters/shape/origin").asText().startsWith("training sequence"));

        // issue 14: a folder of the user's own is not written into (it was: codes.csv replaced, exit 0)
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("codes.csv"), "mine\n");
        DataCommandsTest.assertOneLineError(MainTest.run("reconstruct", "--model", model.toString(), "--out",
                mine.toString(), "--size", "20", "--frames", "2"), mine.toString(), "not made by cellinr");
        assertEquals("mine\n", Files.readString(mine.resolve("codes.csv")));

        r = MainTest.run("interpolate", "--model", model.toString(), "--out", dir.resolve("lerp").toString(),
                "--from", "0", "--to", "2", "--steps", "3", "--rotation", "learned", "--size", "16", "--frames", "2",
                "--threads", "2");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(Files.exists(dir.resolve("lerp/lerp_002/masks/res_track.txt")));

        for (String sampler : java.util.List.of("near", "gmm", "gaussian", "ppca", "mix", "auto")) {
            r = MainTest.run("generate", "--model", model.toString(), "--out", dir.resolve(sampler).toString(),
                    "--sampler", sampler, "--count", "2", "--size", "16", "--frames", "2", "--threads", "2", "--json");
            assertEquals(0, r.exitCode, sampler + ": " + r.err);
            JsonNode gen = Json.mapper().readTree(r.out);
            // auto draws with mix for a model with learned codes; mix draws between codes, so within their support
            assertEquals(sampler.equals("auto") ? "mix" : sampler, gen.at("/sampler/sampler").asText());
            assertEquals(2, gen.at("/support/of").asInt());
            if (sampler.equals("mix") || sampler.equals("auto")) {
                assertEquals(2, gen.at("/support/within").asInt(), gen.toString());
            }
        }
        r = MainTest.run("generate", "--model", model.toString(), "--out", dir.resolve("summary").toString(),
                "--count", "1", "--size", "16", "--frames", "2", "--threads", "2", "--seed", "9");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("sampler: sampler=mix") && r.out.contains("selectedBy=auto")
                && r.out.contains("reason=") && r.out.contains("seed=9"), r.out);
        assertTrue(r.out.contains("support: 1 of 1 drawn code(s) within"), r.out);
    }

    @Test
    void anisotropicVoxelsReachTheTiffCalibration(@TempDir Path dir) {
        Path out = dir.resolve("a");
        MainTest.Run r = MainTest.run("generate", "--model", "paper-plat", "--out", out.toString(), "--count", "1",
                "--voxel-size", "6,3,3", "--frames", "2", "--threads", "1");
        assertEquals(0, r.exitCode, r.err);
        LabelVolume m = TiffReader.readLabels(out.resolve("gen_000/masks/mask000.tif"));
        assertEquals(new VoxelSize(6, 3, 3), m.voxelSize());
    }

    @Test
    void badOptionsAreOneLineErrors(@TempDir Path dir) {
        MainTest.Run r = MainTest.run("generate", "--model", "paper-plat", "--out", dir.toString(), "--size", "20",
                "--voxel-size", "1,1,1");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("--size or --voxel-size") && r.err.strip().lines().count() == 1, r.err);
        r = MainTest.run("reconstruct", "--model", "paper-plat", "--out", dir.toString());
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("no training sequences"), r.err);
        r = MainTest.run("generate", "--model", "paper-plat", "--out", dir.toString(), "--sampler", "near");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("needs learned codes"), r.err);
        r = MainTest.run("generate", "--model", dir.resolve("nope").toString(), "--out", dir.toString());
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("nope"), r.err);
    }

    @Test
    void benchInferComparesWithBruteForce() throws Exception {
        MainTest.Run r = MainTest.run("bench", "infer", "--size", "40", "--frames", "3", "--brute-frames", "2",
                "--threads", "2", "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode json = Json.mapper().readTree(r.out);
        assertEquals(0, json.get("mismatched_voxels").asLong());
        assertTrue(json.get("c2f_fraction_evaluated").asDouble() < 0.5);
        assertTrue(json.get("speedup").asDouble() > 0);
    }

    @Test
    void benchInferWriteBreaksTheTimeDownByStage() throws Exception {
        MainTest.Run r = MainTest.run("bench", "infer", "--size", "32", "--frames", "2", "--brute-frames", "0",
                "--threads", "2", "--write", "--json");
        assertEquals(0, r.exitCode, r.err);
        JsonNode write = Json.mapper().readTree(r.out).get("write");
        for (String stage : new String[] {"evaluation_seconds", "labelling_seconds", "mask_tiff_seconds",
            "mesh_seconds", "total_seconds", "frames_per_second"}) {
            assertTrue(write.get(stage).asDouble() > 0, stage + " in " + write);
        }
        assertTrue(write.get("evaluation_seconds").asDouble() <= write.get("total_seconds").asDouble(), write.toString());
    }
}
