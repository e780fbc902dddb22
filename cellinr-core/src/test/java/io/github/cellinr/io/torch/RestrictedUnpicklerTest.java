package io.github.cellinr.io.torch;

import static io.github.cellinr.io.torch.CheckpointFiles.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestrictedUnpicklerTest {
    private static final Path FILE = Path.of("test.pth");

    private static Object load(byte[] pickle) {
        return RestrictedUnpickler.load(FILE, "archive/data.pkl", pickle);
    }

    private static Object loadHex(String hex) {
        return load(HexFormat.of().parseHex(hex));
    }

    /**
     * Python 3.11: pickle.dumps({'a': [1, -2, 2.5, True, False, None, (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), 'é',
     * 300, 70000, -70000, 2**40, -(2**63), 2**70, 0], 'b': ()}, protocol=2).
     */
    @Test
    void scalarsTuplesAndListsMapToPlainJava() {
        Object v = loadHex("80027d71002858010000006171015d7102284b014afeffffff47400400000000000088894e4b01857103"
                + "4b014b028671044b014b024b03877105284b014b024b034b047471065802000000c3a971074d2c014a701101004a90"
                + "eefeff8a060000000000018a0800000000000000808a090000000000000000404b0065580100000062710829752e");
        Map<?, ?> dict = assertInstanceOf(Map.class, v);
        List<?> a = assertInstanceOf(ArrayList.class, dict.get("a"));
        List<Object> expected = new ArrayList<>(List.of(1L, -2L, 2.5, true, false));
        expected.add(null);
        expected.addAll(List.of(List.of(1L), List.of(1L, 2L), List.of(1L, 2L, 3L), List.of(1L, 2L, 3L, 4L), "é",
                300L, 70000L, -70000L, 1L << 40, Long.MIN_VALUE, BigInteger.TWO.pow(70), 0L));
        assertEquals(expected, a);
        assertEquals(List.of(), dict.get("b"));
        assertFalse(dict.get("b") instanceof ArrayList, "a tuple is not a list");
    }

    /** pickle.dumps({'p': x, 'q': x}) with x = [7]: BINGET yields the same object, APPEND fills it. */
    @Test
    void memoSharesObjects() {
        Map<?, ?> dict = (Map<?, ?>) loadHex("80027d71002858010000007071015d71024b076158010000007171036802752e");
        assertEquals(List.of(7L), dict.get("p"));
        assertSame(dict.get("p"), dict.get("q"));
    }

    /** pickle.dumps({(1, 'k'): 1e-300}): SETITEM, tuple keys, big-endian BINFLOAT. */
    @Test
    void tupleKeysAndTinyFloats() {
        Map<?, ?> dict = (Map<?, ?>) loadHex("80027d71004b0158010000006b71018671024701a56e1fc2f8f359732e");
        assertEquals(1e-300, dict.get(List.of(1L, "k")));
    }

    @Test
    void longMemoAndShortStrings() {
        // MARK, SHORT_BINUNICODE 'abc', LONG_BINPUT 256, LONG_BINGET 256, TUPLE, STOP
        Object v = load(bytes(0x80, 2, '(', 0x8c, 3, 'a', 'b', 'c', 'r', 0, 1, 0, 0, 'j', 0, 1, 0, 0, 't', '.'));
        assertEquals(List.of("abc", "abc"), v);
    }

    @Test
    void noneInsideTuples() {
        assertEquals(java.util.Arrays.asList(null, null), load(bytes(0x80, 2, 'N', 'N', 0x86, '.')));
        assertNull(((List<?>) load(bytes(0x80, 2, 'N', 0x85, '.'))).get(0));
    }

    @Test
    void orderedDictKeepsInsertionOrderAndItsMetadataIsAccepted() {
        // OrderedDict() with z, a, m set, then BUILD {'_metadata': {}}
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bytes(0x80, 2));
        b.writeBytes(ascii("ccollections\nOrderedDict\n"));
        b.writeBytes(bytes(')', 'R', '('));
        for (String k : List.of("z", "a", "m")) {
            b.writeBytes(bytes(0x8c, 1, k.charAt(0), 'K', k.charAt(0)));
        }
        b.writeBytes(bytes('u', '}', 0x8c, 9));
        b.writeBytes(ascii("_metadata"));
        b.writeBytes(bytes('}', 's', 'b', '.'));
        Map<?, ?> dict = (Map<?, ?>) load(b.toByteArray());
        assertEquals(List.of("z", "a", "m"), List.copyOf(dict.keySet()));
        assertEquals((long) 'm', dict.get("m"));
    }

    @Test
    void tensorDescriptionFromRebuildTensorV2() {
        Object v = load(tensorPickle("0", "cpu", 12, 2, bytes('K', 2, 'K', 5, 0x86), bytes('K', 5, 'K', 1, 0x86)));
        TensorRef t = assertInstanceOf(TensorRef.class, v);
        assertEquals("0", t.storage().key());
        assertEquals(12, t.storage().numel());
        assertEquals(2, t.offset());
        assertArrayEquals(new int[] {2, 5}, t.shape());
        assertArrayEquals(new long[] {5, 1}, t.stride());
        assertTrue(t.isContiguous());
        assertEquals(12, t.extent());
    }

    @Test
    void storageKeyMustBeAPlainFileName() {
        assertRefused(tensorPickle("../../etc/passwd", "cpu", 1, 0, bytes(')'), bytes(')')),
                "persistent storage key is not a plain file name");
    }

    // ----- refusals: code-carrying pickles and malformed ones

    @Test
    void classicOsSystemPayloadIsRefusedAtItsGlobal() {
        assertRefused(ascii("cos\nsystem\n(S'echo hi'\ntR."), "byte 0: global 'os.system' is not on the allow-list");
    }

    @Test
    void builtinsEvalIsRefused() {
        byte[] p = concat(bytes(0x80, 2), ascii("cbuiltins\neval\n"), bytes(0x8c, 1, '1', 0x85, 'R', '.'));
        assertRefused(p, "byte 2: global 'builtins.eval' is not on the allow-list");
    }

    @Test
    void otherProtocolsAreRefused() {
        assertRefused(bytes(0x80, 4, 0x95, 0, 0, 0, 0, 0, 0, 0, 0, '.'), "pickle protocol 4 is not read");
    }

    @Test
    void opcodesOutsideTheSubsetAreRefusedByName() {
        assertRefused(bytes(0x80, 2, 0x93, '.'), "byte 2: pickle opcode 0x93 (STACK_GLOBAL) is outside the subset");
        assertRefused(bytes(0x80, 2, 0x81, '.'), "pickle opcode 0x81 (NEWOBJ) is outside the subset");
        assertRefused(bytes(0x80, 2, 'S'), "pickle opcode 0x53 (STRING) is outside the subset");
        assertRefused(bytes(0x80, 2, 0xff), "pickle opcode 0xff (not a pickle opcode)");
    }

    @Test
    void allowedGlobalsCannotBeMisused() {
        byte[] od = ascii("ccollections\nOrderedDict\n");
        assertRefused(concat(bytes(0x80, 2), od, bytes(']', 0x85, 'R', '.')), "OrderedDict called with arguments");
        assertRefused(concat(bytes(0x80, 2), ascii("ctorch\nFloatStorage\n"), bytes(')', 'R', '.')),
                "global 'torch.FloatStorage' cannot be called");
        assertRefused(concat(bytes(0x80, 2), ascii("ctorch._utils\n_rebuild_tensor_v2\n"),
                bytes('(', 'N', 'K', 0, ')', ')', 0x89, '}', 't', 'R', '.')), "first argument is a None");
        assertRefused(bytes(0x80, 2, ')', ')', 'R', '.'), "REDUCE on a tuple");
        assertRefused(bytes(0x80, 2, '}', '}', 'b', '.'), "BUILD on a dict with a dict state");
        assertRefused(bytes(0x80, 2, 'K', 1, 'Q', '.'), "persistent id is a int, not a tuple");
    }

    @Test
    void malformedPicklesAreRefused() {
        assertRefused(bytes(0x80, 2, 'X', 5, 0, 0, 0, 'a'), "string of 5 bytes runs past the end");
        assertRefused(bytes(0x80, 2, '}'), "ends without a STOP opcode");
        assertRefused(bytes(0x80, 2, 'h', 5, '.'), "memo entry 5 read before it was written");
        assertRefused(bytes(0x80, 2, 's', '.'), "pops an empty stack");
        assertRefused(bytes(0x80, 2, ']', 'K', 1, 'K', 2, 's', '.'), "SETITEM on a list, not a dict");
        assertRefused(bytes(0x80, 2, '}', ']', 'K', 1, 's', '.'), "dict key of type list is not supported");
        assertRefused(bytes(0x80, 2, 'K', 1, 'K', 2, '.'), "STOP with 2 values");
        assertRefused(bytes(0x80, 2, 'N', '.', 'N'), "1 bytes after STOP");
        assertRefused(bytes(0x80, 2, 0x8c, 2, 0xc3, 0x28, '.'), "not valid UTF-8");
        assertRefused(bytes(0x80, 2, 'J', 1, 2), "ends inside an opcode");
    }

    /** Random corruptions of the real pickle: each is read or refused with a one-line error, never a crash. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void corruptedPicklesFailCleanly(long seed) {
        byte[] original = CheckpointFiles.entries(PaperFixtures.checkpoint()).get("e14905/data.pkl");
        SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 250; trial++) {
            byte[] p = original.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                p[random.nextInt(p.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                p = java.util.Arrays.copyOf(p, random.nextInt(p.length));
            }
            try {
                load(p);
            } catch (CellInrException expected) {
                assertFalse(expected.getMessage().contains("\n"));
            }
        }
    }

    private static byte[] tensorPickle(String key, String location, int numel, int offset, byte[] size, byte[] stride) {
        return concat(bytes(0x80, 2), ascii("ctorch._utils\n_rebuild_tensor_v2\n"), bytes('(', '('),
                bytes(0x8c, 7), ascii("storage"), ascii("ctorch\nFloatStorage\n"), bytes(0x8c, key.length()),
                ascii(key), bytes(0x8c, location.length()), ascii(location), bytes('K', numel, 't', 'Q', 'K', offset),
                size, stride, bytes(0x89), ascii("ccollections\nOrderedDict\n"), bytes(')', 'R', 't', 'R', '.'));
    }

    private static void assertRefused(byte[] pickle, String expected) {
        CellInrException e = assertThrows(CellInrException.class, () -> load(pickle));
        assertTrue(e.getMessage().startsWith("test.pth: archive/data.pkl byte "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
