package io.github.cellinr.io.torch;

import io.github.cellinr.core.CellInrException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An interpreter of the small part of Python's pickle language that {@code torch.save} writes for state dicts
 * (protocol 2). It never executes anything and never loads a class by name: each allowed global is mapped onto
 * plain Java data here, and every other opcode or global is refused with a one-line error that names the file,
 * the byte offset and the offending opcode or global.
 *
 * <p>Values: {@code str} -> {@link String}; {@code int} -> {@link Long} (or {@link BigInteger} past 64 bits);
 * {@code float} -> {@link Double}; {@code bool} -> {@link Boolean}; {@code None} -> {@code null}; {@code list}
 * -> mutable {@link ArrayList}; {@code tuple} -> unmodifiable {@link List}; {@code dict} and
 * {@code collections.OrderedDict} -> {@link LinkedHashMap} (insertion order kept); a rebuilt tensor ->
 * {@link TensorRef}; a persistent storage id -> {@link StorageRef}.
 *
 * <p>Written by hand because no Java library reads pickles without being able to run arbitrary globals, and
 * the subset is small enough to check line by line against the protocol (CPython's {@code pickletools}).
 */
final class RestrictedUnpickler {

    /** The allowed globals, all that a float32 state dict (optionally with optimizer state) needs. */
    static final String ORDERED_DICT = "collections.OrderedDict";
    static final String REBUILD_TENSOR_V2 = "torch._utils._rebuild_tensor_v2";
    static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";
    static final String FLOAT_STORAGE = "torch.FloatStorage";
    static final Set<String> ALLOWED_GLOBALS = Set.of(ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_PARAMETER, FLOAT_STORAGE);

    /** Storage classes we know but do not read, so that the refusal can say what the dtype was. */
    private static final Map<String, String> OTHER_STORAGES = Map.ofEntries(
            Map.entry("torch.DoubleStorage", "float64"), Map.entry("torch.HalfStorage", "float16"),
            Map.entry("torch.BFloat16Storage", "bfloat16"), Map.entry("torch.LongStorage", "int64"),
            Map.entry("torch.IntStorage", "int32"), Map.entry("torch.ShortStorage", "int16"),
            Map.entry("torch.CharStorage", "int8"), Map.entry("torch.ByteStorage", "uint8"),
            Map.entry("torch.BoolStorage", "bool"), Map.entry("torch.UntypedStorage", "untyped bytes"));

    private static final int MAX_STACK = 1 << 20;

    private final Path file;
    private final String entry;
    private final ByteBuffer in;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final HashMap<Long, Object> memo = new HashMap<>();
    /** Maps made by {@code OrderedDict()}: the only objects BUILD may update (Python sets their __dict__). */
    private final Set<Object> orderedDicts = Collections.newSetFromMap(new IdentityHashMap<>());
    private int opcodeStart;

    private RestrictedUnpickler(Path file, String entry, byte[] pickle) {
        this.file = file;
        this.entry = entry;
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Interprets {@code pickle} (the bytes of archive entry {@code entry} of {@code file}) and returns its value.
     *
     * @throws CellInrException for anything outside the subset, or a malformed or truncated pickle
     */
    static Object load(Path file, String entry, byte[] pickle) {
        return new RestrictedUnpickler(file, entry, pickle).run();
    }

    private Object run() {
        while (true) {
            if (!in.hasRemaining()) {
                throw error("the pickle ends without a STOP opcode (truncated)");
            }
            opcodeStart = in.position();
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol != 2) {
                        throw error("pickle protocol " + protocol + " is not read: torch.save writes protocol 2");
                    }
                }
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case ')' -> push(List.of()); // EMPTY_TUPLE
                case '(' -> marks.add(stack.size()); // MARK
                case 'X' -> push(utf8(u32Length())); // BINUNICODE
                case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
                case 'J' -> push((long) need(4).getInt()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) (need(2).getShort() & 0xffff)); // BININT2
                case 0x8a -> push(long1()); // LONG1
                case 'G' -> push(need(8).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT is big-endian
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'N' -> push(null); // NONE
                case 0x85 -> tupleOfTop(1); // TUPLE1
                case 0x86 -> tupleOfTop(2); // TUPLE2
                case 0x87 -> tupleOfTop(3); // TUPLE3
                case 't' -> push(tuple(popMark())); // TUPLE
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    put(dictOnTop("SETITEM"), key, value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    if (items.size() % 2 != 0) {
                        throw error("SETITEMS with an odd number of items");
                    }
                    Map<Object, Object> dict = dictOnTop("SETITEMS");
                    for (int i = 0; i < items.size(); i += 2) {
                        put(dict, items.get(i), items.get(i + 1));
                    }
                }
                case 'a' -> { // APPEND
                    Object value = pop();
                    listOnTop("APPEND").add(value);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    listOnTop("APPENDS").addAll(items);
                }
                case 'q' -> memo.put((long) u8(), top("BINPUT")); // BINPUT
                case 'r' -> memo.put(need(4).getInt() & 0xffffffffL, top("LONG_BINPUT")); // LONG_BINPUT
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(need(4).getInt() & 0xffffffffL)); // LONG_BINGET
                case 'c' -> push(global(line(), line())); // GLOBAL
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(reduce(callable, args));
                }
                case 'b' -> build(); // BUILD
                case 'Q' -> push(persistentStorage(pop())); // BINPERSID
                case '.' -> { // STOP
                    if (!marks.isEmpty() || stack.size() != 1) {
                        throw error("STOP with " + stack.size() + " values and " + marks.size()
                                + " open MARKs on the stack (malformed pickle)");
                    }
                    if (in.hasRemaining()) {
                        throw error(in.remaining() + " bytes after STOP (not a single pickle)");
                    }
                    return stack.get(0);
                }
                default -> throw error("pickle opcode " + describe(op) + " is outside the subset that torch.save"
                        + " writes for state dicts, refused (a pickle can carry code)");
            }
        }
    }

    private Object global(String module, String name) {
        String qualified = module + "." + name;
        if (ALLOWED_GLOBALS.contains(qualified)) {
            return new PickleGlobal(module, name);
        }
        String otherDtype = OTHER_STORAGES.get(qualified);
        if (otherDtype != null) {
            throw error("global '" + qualified + "' holds " + otherDtype + " tensors; only float32"
                    + " (torch.FloatStorage) checkpoints are read");
        }
        throw error("global '" + qualified + "' is not on the allow-list (" + String.join(", ",
                ALLOWED_GLOBALS.stream().sorted().toList()) + "), refused (a pickle can carry code)");
    }

    private Object reduce(Object callable, Object args) {
        if (!(callable instanceof PickleGlobal global)) {
            throw error("REDUCE on a " + typeName(callable) + ", only allowed globals can be called");
        }
        List<Object> a = tupleArg(args, "arguments of " + global);
        switch (global.qualifiedName()) {
            case ORDERED_DICT -> {
                if (!a.isEmpty()) {
                    throw error("collections.OrderedDict called with arguments; torch.save writes OrderedDict()");
                }
                Map<Object, Object> dict = new LinkedHashMap<>();
                orderedDicts.add(dict);
                return dict;
            }
            case REBUILD_TENSOR_V2 -> {
                return rebuildTensor(a);
            }
            case REBUILD_PARAMETER -> {
                // _rebuild_parameter(data, requires_grad, backward_hooks): a Parameter is its tensor for us
                if (a.size() != 3 || !(a.get(0) instanceof TensorRef tensor)) {
                    throw error("torch._utils._rebuild_parameter expects (tensor, requires_grad, hooks)");
                }
                return tensor;
            }
            default -> throw error("global '" + global + "' cannot be called");
        }
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private TensorRef rebuildTensor(List<Object> a) {
        String what = REBUILD_TENSOR_V2;
        if (a.size() != 6 && a.size() != 7) {
            throw error(what + " called with " + a.size() + " arguments, expected 6 or 7");
        }
        if (!(a.get(0) instanceof StorageRef storage)) {
            throw error(what + ": first argument is a " + typeName(a.get(0)) + ", not a persistent storage");
        }
        long offset = nonNegativeInt(a.get(1), what + " storage_offset");
        List<Object> size = tupleArg(a.get(2), what + " size");
        List<Object> stride = tupleArg(a.get(3), what + " stride");
        if (size.size() != stride.size()) {
            throw error(what + ": size has " + size.size() + " axes but stride has " + stride.size());
        }
        int[] shape = new int[size.size()];
        long[] strides = new long[size.size()];
        for (int d = 0; d < shape.length; d++) {
            long s = nonNegativeInt(size.get(d), what + " size");
            if (s > Integer.MAX_VALUE) {
                throw error(what + ": axis of " + s + " elements is too large");
            }
            shape[d] = (int) s;
            strides[d] = nonNegativeInt(stride.get(d), what + " stride");
        }
        if (!(a.get(4) instanceof Boolean)) {
            throw error(what + ": requires_grad is a " + typeName(a.get(4)) + ", not a bool");
        }
        if (!(a.get(5) instanceof Map<?, ?> hooks) || !hooks.isEmpty()) {
            throw error(what + ": backward hooks must be an empty OrderedDict");
        }
        return new TensorRef(storage, offset, shape, strides);
    }

    /** BINPERSID: torch's id is {@code ('storage', <storage class>, key, location, numel)}. */
    private StorageRef persistentStorage(Object pid) {
        List<Object> t = tupleArg(pid, "persistent id");
        if (t.size() != 5 || !"storage".equals(t.get(0))) {
            throw error("persistent id is not ('storage', type, key, location, numel)");
        }
        if (!(t.get(1) instanceof PickleGlobal type) || !type.qualifiedName().equals(FLOAT_STORAGE)) {
            throw error("persistent storage of type " + typeName(t.get(1)) + ", expected " + FLOAT_STORAGE);
        }
        if (!(t.get(2) instanceof String key) || !key.matches("[A-Za-z0-9_.-]{1,64}") || key.startsWith(".")) {
            throw error("persistent storage key is not a plain file name");
        }
        if (!(t.get(3) instanceof String location)) {
            throw error("persistent storage location is a " + typeName(t.get(3)) + ", not a str");
        }
        long numel = nonNegativeInt(t.get(4), "persistent storage size");
        return new StorageRef("float32", key, location, numel);
    }

    private void build() {
        Object state = pop();
        Object target = top("BUILD");
        // torch pickles OrderedDict state dicts with their _metadata attribute (module versions), which Python
        // sets with BUILD; it says nothing about the weights, so it is checked for shape and dropped.
        if (!orderedDicts.contains(target) || !(state instanceof Map<?, ?> attributes)) {
            throw error("BUILD on a " + typeName(target) + " with a " + typeName(state)
                    + " state; only OrderedDict attributes are accepted");
        }
        for (Object name : attributes.keySet()) {
            if (!"_metadata".equals(name)) {
                throw error("BUILD sets OrderedDict attribute '" + name + "'; only _metadata is accepted");
            }
        }
    }

    private void put(Map<Object, Object> dict, Object key, Object value) {
        if (!isHashableScalar(key) && !(key instanceof List<?> t && !(t instanceof ArrayList)
                && t.stream().allMatch(RestrictedUnpickler::isHashableScalar))) {
            throw error("dict key of type " + typeName(key) + " is not supported");
        }
        dict.put(key, value);
    }

    private static boolean isHashableScalar(Object o) {
        return o == null || o instanceof String || o instanceof Long || o instanceof BigInteger
                || o instanceof Double || o instanceof Boolean;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dictOnTop(String opcode) {
        Object t = top(opcode);
        if (!(t instanceof LinkedHashMap<?, ?>)) {
            throw error(opcode + " on a " + typeName(t) + ", not a dict");
        }
        return (Map<Object, Object>) t;
    }

    @SuppressWarnings("unchecked")
    private List<Object> listOnTop(String opcode) {
        Object t = top(opcode);
        if (!(t instanceof ArrayList<?>)) {
            throw error(opcode + " on a " + typeName(t) + ", not a list");
        }
        return (List<Object>) t;
    }

    private List<Object> tupleArg(Object o, String what) {
        if (!(o instanceof List<?> list) || o instanceof ArrayList) {
            throw error(what + " is a " + typeName(o) + ", not a tuple");
        }
        @SuppressWarnings("unchecked")
        List<Object> t = (List<Object>) list;
        return t;
    }

    private long nonNegativeInt(Object o, String what) {
        if (!(o instanceof Long v) || v < 0) {
            throw error(what + " is " + (o instanceof Long ? o : "a " + typeName(o)) + ", not a non-negative int");
        }
        return v;
    }

    private void tupleOfTop(int n) {
        if (stack.size() - lastMark() < n) {
            throw error("TUPLE" + n + " needs " + n + " values on the stack (malformed pickle)");
        }
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        push(tuple(items));
    }

    /** An immutable tuple that may hold None (List.of may not). */
    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw error("opcode needs a MARK but none is open (malformed pickle)");
        }
        int mark = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private int lastMark() {
        return marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    }

    private void push(Object o) {
        if (stack.size() >= MAX_STACK) {
            throw error("pickle stack grows past " + MAX_STACK + " values, refused");
        }
        stack.add(o);
    }

    private Object pop() {
        if (stack.size() <= lastMark()) {
            throw error("opcode " + describe(in.get(opcodeStart) & 0xff) + " pops an empty stack (malformed pickle)");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top(String opcode) {
        if (stack.size() <= lastMark()) {
            throw error(opcode + " on an empty stack (malformed pickle)");
        }
        return stack.get(stack.size() - 1);
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw error("memo entry " + index + " read before it was written (malformed pickle)");
        }
        return memo.get(index);
    }

    private ByteBuffer need(int n) {
        if (in.remaining() < n) {
            throw error("the pickle ends inside an opcode (truncated)");
        }
        ByteBuffer slice = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        slice.limit(n);
        in.position(in.position() + n);
        return slice;
    }

    private int u8() {
        return need(1).get() & 0xff;
    }

    private int u32Length() {
        long n = need(4).getInt() & 0xffffffffL;
        if (n > in.remaining()) {
            throw error("string of " + n + " bytes runs past the end of the pickle (truncated)");
        }
        return (int) n;
    }

    private Object long1() {
        int n = u8();
        byte[] le = new byte[n];
        need(n).get(le);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger v = new BigInteger(be); // two's complement, as LONG1 stores it
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String utf8(int n) {
        ByteBuffer bytes = need(n);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw error("string is not valid UTF-8");
        }
    }

    /** A GLOBAL operand line: printable ASCII up to a newline. */
    private String line() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!in.hasRemaining()) {
                throw error("GLOBAL name runs past the end of the pickle (truncated)");
            }
            int c = in.get() & 0xff;
            if (c == '\n') {
                return sb.toString();
            }
            if (c < 0x20 || c > 0x7e || sb.length() >= 256) {
                throw error("GLOBAL name is not a short printable ASCII line");
            }
            sb.append((char) c);
        }
    }

    private CellInrException error(String problem) {
        return CellInrException.of(file, entry + " byte " + opcodeStart + ": " + problem);
    }

    private static String typeName(Object o) {
        if (o == null) {
            return "None";
        } else if (o instanceof String) {
            return "str";
        } else if (o instanceof Long || o instanceof BigInteger) {
            return "int";
        } else if (o instanceof Double) {
            return "float";
        } else if (o instanceof Boolean) {
            return "bool";
        } else if (o instanceof ArrayList) {
            return "list";
        } else if (o instanceof List) {
            return "tuple";
        } else if (o instanceof Map) {
            return "dict";
        } else if (o instanceof TensorRef) {
            return "tensor";
        } else if (o instanceof StorageRef) {
            return "storage";
        } else if (o instanceof PickleGlobal g) {
            return "global " + g;
        }
        return o.getClass().getSimpleName();
    }

    /** Opcode byte with its pickletools name, for refusals. */
    static String describe(int op) {
        String name = OPCODE_NAMES.get(op);
        return String.format("0x%02x", op) + (name == null ? " (not a pickle opcode)" : " (" + name + ")");
    }

    private static final Map<Integer, String> OPCODE_NAMES = opcodeNames();

    private static Map<Integer, String> opcodeNames() {
        Object[] table = {
            '(', "MARK", '.', "STOP", '0', "POP", '1', "POP_MARK", '2', "DUP", 'F', "FLOAT", 'I', "INT",
            'J', "BININT", 'K', "BININT1", 'L', "LONG", 'M', "BININT2", 'N', "NONE", 'P', "PERSID",
            'Q', "BINPERSID", 'R', "REDUCE", 'S', "STRING", 'T', "BINSTRING", 'U', "SHORT_BINSTRING",
            'V', "UNICODE", 'X', "BINUNICODE", 'a', "APPEND", 'b', "BUILD", 'c', "GLOBAL", 'd', "DICT",
            '}', "EMPTY_DICT", 'e', "APPENDS", 'g', "GET", 'h', "BINGET", 'i', "INST", 'j', "LONG_BINGET",
            'l', "LIST", ']', "EMPTY_LIST", 'o', "OBJ", 'p', "PUT", 'q', "BINPUT", 'r', "LONG_BINPUT",
            's', "SETITEM", 't', "TUPLE", ')', "EMPTY_TUPLE", 'u', "SETITEMS", 'G', "BINFLOAT",
            0x80, "PROTO", 0x81, "NEWOBJ", 0x82, "EXT1", 0x83, "EXT2", 0x84, "EXT4", 0x85, "TUPLE1",
            0x86, "TUPLE2", 0x87, "TUPLE3", 0x88, "NEWTRUE", 0x89, "NEWFALSE", 0x8a, "LONG1", 0x8b, "LONG4",
            'B', "BINBYTES", 'C', "SHORT_BINBYTES", 0x8c, "SHORT_BINUNICODE", 0x8d, "BINUNICODE8",
            0x8e, "BINBYTES8", 0x8f, "EMPTY_SET", 0x90, "ADDITEMS", 0x91, "FROZENSET", 0x92, "NEWOBJ_EX",
            0x93, "STACK_GLOBAL", 0x94, "MEMOIZE", 0x95, "FRAME", 0x96, "BYTEARRAY8", 0x97, "NEXT_BUFFER",
            0x98, "READONLY_BUFFER"};
        Map<Integer, String> names = new HashMap<>();
        for (int i = 0; i < table.length; i += 2) {
            int code = table[i] instanceof Character c ? c : (Integer) table[i];
            names.put(code, (String) table[i + 1]);
        }
        return Map.copyOf(names);
    }
}
