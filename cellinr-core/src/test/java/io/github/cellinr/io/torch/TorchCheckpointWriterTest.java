package io.github.cellinr.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointWriterTest {
    @TempDir
    Path temp;

    @Test
    void paperStateDictRoundTripsBitForBit() {
        TorchCheckpoint original = TorchCheckpoint.read(PaperFixtures.checkpoint());
        Path file = temp.resolve("e2000_model.pth");
        TorchCheckpointWriter.write(file, original.stateDict(), 2000);
        TorchCheckpoint back = TorchCheckpoint.read(file);
        assertEquals(2000, back.epoch().getAsLong());
        assertEquals(List.copyOf(original.stateDict().keySet()), List.copyOf(back.stateDict().keySet()));
        original.stateDict().forEach((k, t) -> {
            assertArrayEquals(t.shape(), back.tensor(k).shape(), k);
            assertArrayEquals(t.toArray(), back.tensor(k).toArray(), k);
        });
        // the same structure as the released file: same opcode kinds, same globals, one storage per tensor
        assertEquals(CheckpointFiles.entries(PaperFixtures.checkpoint()).keySet().stream()
                .filter(n -> n.contains("/data/")).count(), CheckpointFiles.entries(file).keySet().stream()
                .filter(n -> n.startsWith("e2000_model/data/")).count());
    }

    @Test
    void recordsAreStoredAndAlignedTo64Bytes() throws IOException {
        Map<String, FloatTensor> state = new LinkedHashMap<>();
        state.put("module.lin0.weight", new FloatTensor("module.lin0.weight", new int[] {2, 3},
                new float[] {1, 2, 3, 4, 5, 6}));
        state.put("module.lin0.bias", new FloatTensor("module.lin0.bias", new int[] {2}, new float[] {-1, 70000}));
        Path file = temp.resolve("tiny.pth");
        TorchCheckpointWriter.write(file, state, 70000);
        byte[] zip = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        List<String> names = new ArrayList<>();
        int at = 0;
        while (b.getInt(at) == 0x04034b50) {
            assertEquals(0, b.getShort(at + 8), "STORED");
            int size = b.getInt(at + 18);
            int nameLength = b.getShort(at + 26) & 0xffff;
            int extraLength = b.getShort(at + 28) & 0xffff;
            names.add(new String(zip, at + 30, nameLength, java.nio.charset.StandardCharsets.UTF_8));
            int data = at + 30 + nameLength + extraLength;
            assertEquals(0, data % 64, "data of " + names.get(names.size() - 1) + " at " + data);
            at = data + size;
        }
        assertEquals(List.of("tiny/data.pkl", "tiny/byteorder", "tiny/data/0", "tiny/data/1", "tiny/version"), names);
        TorchCheckpoint back = TorchCheckpoint.read(file);
        assertEquals(70000, back.epoch().getAsLong());
        assertEquals(6f, back.tensor("module.lin0.weight").get(1, 2));
        assertEquals(70000f, back.tensor("module.lin0.bias").get(1));
        assertTrue(TorchCheckpointWriter.archiveName(Path.of("my model.v2.pth")).equals("my_model.v2"));
    }
}
