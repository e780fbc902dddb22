package io.github.cellinr.io.torch;

import static io.github.cellinr.io.torch.CheckpointFiles.ascii;
import static io.github.cellinr.io.torch.CheckpointFiles.bytes;
import static io.github.cellinr.io.torch.CheckpointFiles.replaceOnce;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointTest {
    private static final String PKL = "e14905/data.pkl";

    @TempDir
    Path temp;

    @Test
    void paperCheckpointHasTheReadmesTwentyTwoTensors() {
        TorchCheckpoint checkpoint = TorchCheckpoint.read(PaperFixtures.checkpoint());
        Map<String, FloatTensor> state = checkpoint.stateDict();
        assertEquals(22, state.size());
        assertEquals(2000, checkpoint.epoch().getAsLong());
        Map<String, int[]> expected = new LinkedHashMap<>();
        for (int l = 0; l <= 10; l++) {
            int in = l == 0 ? 68 : l == 4 || l == 7 ? 192 : 128;
            int out = l == 10 ? 1 : 124;
            expected.put("module.lin" + l + ".weight", new int[] {out, in});
            expected.put("module.lin" + l + ".bias", new int[] {out});
        }
        assertEquals(expected.keySet(), state.keySet());
        expected.forEach((key, shape) -> assertArrayEquals(shape, state.get(key).shape(), key));
        // torch's key order is the module order, kept by the OrderedDict
        assertEquals(List.copyOf(expected.keySet()).subList(0, 2), List.copyOf(state.keySet()).subList(0, 2));
    }

    @Test
    void storageBytesAreLittleEndianFloat32() {
        Map<String, byte[]> entries = CheckpointFiles.entries(PaperFixtures.checkpoint());
        byte[] raw = entries.get("e14905/data/20"); // lin10.weight, 1 x 128
        FloatTensor w = TorchCheckpoint.read(PaperFixtures.checkpoint()).tensor("module.lin10.weight");
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 128; i++) {
            assertEquals(b.getFloat(4 * i), w.get(0, i));
        }
    }

    @Test
    void stridedViewIsGatheredInRowMajorOrder() throws IOException {
        // lin0.weight saved as its transpose: shape (68, 124), stride (1, 68) over the same storage
        Path file = tamperedPickle(p -> replaceOnce(replaceOnce(p, bytes('K', 124, 'K', 68, 0x86),
                bytes('K', 68, 'K', 124, 0x86)), bytes('K', 68, 'K', 1, 0x86), bytes('K', 1, 'K', 68, 0x86)));
        FloatTensor original = TorchCheckpoint.read(PaperFixtures.checkpoint()).tensor("module.lin0.weight");
        FloatTensor transposed = TorchCheckpoint.read(file).tensor("module.lin0.weight");
        assertArrayEquals(new int[] {68, 124}, transposed.shape());
        for (int i = 0; i < 68; i++) {
            for (int j = 0; j < 124; j++) {
                assertEquals(original.get(j, i), transposed.get(i, j));
            }
        }
    }

    @Test
    void unknownGlobalIsRefusedByName() throws IOException {
        Path file = tamperedPickle(p -> replaceOnce(p, ascii("collections\nOrderedDict\n"), ascii("os\nsystem\n")));
        assertRefused(file, "global 'os.system' is not on the allow-list");
    }

    @Test
    void otherDtypeIsRefusedNamingIt() throws IOException {
        Path file = tamperedPickle(p -> replaceOnce(p, ascii("torch\nFloatStorage\n"), ascii("torch\nDoubleStorage\n")));
        assertRefused(file, "'torch.DoubleStorage' holds float64 tensors");
    }

    @Test
    void opcodeOutsideTheSubsetIsRefusedByName() throws IOException {
        // byte 2 is EMPTY_DICT; INST would build an object from any class in Python
        Path file = tamperedPickle(p -> {
            byte[] q = p.clone();
            q[2] = 'i';
            return q;
        });
        assertRefused(file, "e14905/data.pkl byte 2: pickle opcode 0x69 (INST) is outside the subset");
    }

    @Test
    void wrongTensorShapeIsRefusedAgainstTheSpecs() throws IOException {
        Path file = tamperedPickle(p -> replaceOnce(p, bytes('K', 124, 'K', 68, 0x86), bytes('K', 124, 'K', 67, 0x86)));
        TorchCheckpoint checkpoint = TorchCheckpoint.read(file);
        NetworkSpecs specs = NetworkSpecs.read(PaperFixtures.specs());
        CellInrException e = assertThrows(CellInrException.class, () -> ReleasedDecoder.of(checkpoint, specs));
        assertOneLine(e, file, "tensor 'module.lin0.weight' has shape [124, 67] but the layout of");
        assertTrue(e.getMessage().contains("needs [124, 68]"), e.getMessage());
    }

    @Test
    void tensorReachingPastItsStorageIsRefused() throws IOException {
        Path file = tamperedPickle(p -> replaceOnce(p, bytes('K', 124, 'K', 68, 0x86), bytes('K', 125, 'K', 68, 0x86)));
        assertRefused(file, "tensor 'module.lin0.weight'");
        assertRefused(file, "reaches element 8500 but its storage holds 8432");
    }

    @Test
    void truncatedZipIsRefused() throws IOException {
        byte[] all = Files.readAllBytes(PaperFixtures.checkpoint());
        Path file = Files.write(temp.resolve("truncated.pth"), Arrays.copyOf(all, all.length / 2));
        assertRefused(file, "not a readable zip archive (truncated or corrupt)");
    }

    @Test
    void missingStorageFileIsRefused() {
        Map<String, byte[]> entries = CheckpointFiles.entries(PaperFixtures.checkpoint());
        entries.remove("e14905/data/5");
        Path file = CheckpointFiles.write(temp.resolve("missing.pth"), entries);
        assertRefused(file, "storage file e14905/data/5 of tensor 'module.lin2.bias' is missing");
    }

    @Test
    void shortStorageFileIsRefused() {
        Map<String, byte[]> entries = CheckpointFiles.entries(PaperFixtures.checkpoint());
        entries.put("e14905/data/5", Arrays.copyOf(entries.get("e14905/data/5"), 100));
        Path file = CheckpointFiles.write(temp.resolve("short.pth"), entries);
        assertRefused(file, "storage file e14905/data/5 of tensor 'module.lin2.bias' holds 100 bytes, too short");
    }

    @Test
    void nonFiniteWeightIsRefused() {
        Map<String, byte[]> entries = CheckpointFiles.entries(PaperFixtures.checkpoint());
        entries.put("e14905/data/21", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).array());
        Path file = CheckpointFiles.write(temp.resolve("nan.pth"), entries);
        assertRefused(file, "tensor 'module.lin10.bias' holds NaN at flat index 0");
    }

    @Test
    void bigEndianStoragesAreRefused() {
        Map<String, byte[]> entries = CheckpointFiles.entries(PaperFixtures.checkpoint());
        entries.put("e14905/byteorder", ascii("big"));
        Path file = CheckpointFiles.write(temp.resolve("big.pth"), entries);
        assertRefused(file, "storages are big-endian");
    }

    @Test
    void legacyAndNonZipFilesAreRefused() throws IOException {
        Path legacy = Files.write(temp.resolve("legacy.pth"), bytes(0x80, 2, 0x8a, 10));
        assertRefused(legacy, "legacy (pre-1.6) PyTorch checkpoint");
        Path text = Files.writeString(temp.resolve("text.pth"), "hello");
        assertRefused(text, "not a PyTorch checkpoint (not a zip archive)");
        assertRefused(temp.resolve("absent.pth"), "no such checkpoint file");
        Map<String, byte[]> noPickle = new LinkedHashMap<>();
        noPickle.put("a/b.txt", ascii("x"));
        assertRefused(CheckpointFiles.write(temp.resolve("other.zip"), noPickle), "has no <folder>/data.pkl");
    }

    @Test
    void bareStateDictIsAccepted() throws IOException {
        // {"epoch": 2000, "model_state_dict": D} -> the same pickle with the wrapper removed is a bare D
        byte[] pickle = CheckpointFiles.entries(PaperFixtures.checkpoint()).get(PKL);
        // drop the outer EMPTY_DICT BINPUT MARK 'epoch' ... 'model_state_dict' BINPUT (bytes 2..43) and the
        // trailing SETITEMS; the OrderedDict that follows becomes the root
        byte[] bare = new byte[pickle.length - 42 - 1];
        System.arraycopy(pickle, 0, bare, 0, 2);
        System.arraycopy(pickle, 44, bare, 2, pickle.length - 44 - 2);
        bare[bare.length - 1] = '.';
        Map<String, byte[]> entries = CheckpointFiles.entries(PaperFixtures.checkpoint());
        entries.put(PKL, bare);
        TorchCheckpoint checkpoint = TorchCheckpoint.read(CheckpointFiles.write(temp.resolve("bare.pth"), entries));
        assertEquals(22, checkpoint.stateDict().size());
        assertFalse(checkpoint.epoch().isPresent());
    }

    private Path tamperedPickle(UnaryOperator<byte[]> change) throws IOException {
        Map<String, byte[]> entries = CheckpointFiles.entries(PaperFixtures.checkpoint());
        entries.put(PKL, change.apply(entries.get(PKL)));
        return CheckpointFiles.write(Files.createTempFile(temp, "tampered", ".pth"), entries);
    }

    private static void assertRefused(Path file, String expected) {
        CellInrException e = assertThrows(CellInrException.class, () -> TorchCheckpoint.read(file));
        assertOneLine(e, file, expected);
    }

    static void assertOneLine(CellInrException e, Path file, String expected) {
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString() + ": "), m);
        assertTrue(m.contains(expected), m);
        assertFalse(m.contains("\n"), m);
    }
}
