package io.github.cellinr.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.dataset.Precision;
import io.github.cellinr.dataset.SdfFrame;
import io.github.cellinr.dataset.SequenceInfo;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The released sdf_vid fixture (see {@link SdfVideoTest}) becomes a dataset the trainer reads. */
class SdfVideoImportTest {
    @TempDir
    Path temp;

    @Test
    void sequencesBecomeADatasetInMicrometres() throws Exception {
        Path folder = Files.createDirectory(temp.resolve("data"));
        Files.copy(resource("sdf_vid_sphere.h5"), folder.resolve("seq_b.h5"));
        Files.copy(resource("sdf_vid_sphere.h5"), folder.resolve("seq_a.h5"));
        Files.writeString(folder.resolve("notes.txt"), "not a sequence");
        List<Path> files = SdfVideoImport.sequenceFiles(List.of(folder));
        assertEquals(List.of(folder.resolve("seq_a.h5"), folder.resolve("seq_b.h5")), files);
        double umPerUnit = 3.75; // 16 voxels over 2 units: 0.5 um per voxel
        SdfVideoImport.Result r = SdfVideoImport.importTo(files, temp.resolve("ds"), umPerUnit, 0.6, Precision.F32,
                false, List.of("import"), ProgressSink.NONE);
        assertEquals(2, r.sequences());
        assertEquals(6, r.frames());
        try (MappedSdfDataset ds = MappedSdfDataset.open(r.dataset())) {
            assertEquals(16, ds.info().gridSize());
            assertEquals(0.5, ds.info().voxelSizeUm(), 1e-12);
            SequenceInfo seq = ds.info().sequences().get(0);
            assertEquals("seq_a", seq.id());
            assertEquals(List.of(-1.0, 0.0, 1.0), java.util.Arrays.stream(seq.times()).boxed().toList());
            for (int t = 0; t < 3; t++) {
                SdfFrame frame = ds.frame(1, t);
                int near = 0;
                for (int z = 0; z < 16; z++) {
                    for (int y = 0; y < 16; y++) {
                        for (int x = 0; x < 16; x++) {
                            double d = Math.sqrt((x - 9.0) * (x - 9.0) + (y - 7.0) * (y - 7.0) + (z - 6.0) * (z - 6.0))
                                    - (3 + t);
                            double um = frame.sdfUm((z * 16 + y) * 16 + x);
                            assertEquals(d * 0.5, um, 0.02 * Math.abs(d * 0.5) + 1e-4);
                            near += um <= 0.6 ? 1 : 0;
                        }
                    }
                }
                assertEquals(near, frame.nearCount());
            }
        }
    }

    @Test
    void mixedGridsAndEmptyInputsAreRefused() throws Exception {
        Path a = resource("sdf_vid_sphere.h5");
        Path b = resource("sdf_vid_not_cubic.h5");
        CellInrException e = assertThrows(CellInrException.class, () -> SdfVideoImport.importTo(List.of(a, b),
                temp.resolve("x"), 1, 0.6, Precision.F16, false, List.of(), ProgressSink.NONE));
        assertTrue(e.getMessage().contains("sdf_vid_not_cubic.h5"), e.getMessage());
        assertTrue(!Files.exists(temp.resolve("x")), "no half-written dataset");
        Path empty = Files.createDirectory(temp.resolve("empty"));
        e = assertThrows(CellInrException.class, () -> SdfVideoImport.sequenceFiles(List.of(empty)));
        assertTrue(e.getMessage().contains("holds no .h5 sequence files"), e.getMessage());
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SdfVideoImportTest.class.getResource("/io/github/cellinr/io/torch/" + name).toURI()); // the format fixtures live with io.torch
    }
}
