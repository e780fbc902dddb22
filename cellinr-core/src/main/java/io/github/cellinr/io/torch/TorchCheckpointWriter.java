package io.github.cellinr.io.torch;

import io.github.cellinr.core.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a float32 state dict as {@code torch.save} does, so that the paper's released code can load it:
 * a zip archive of STORED entries {@code <name>/data.pkl}, {@code <name>/data/<k>}, {@code <name>/version},
 * {@code <name>/byteorder}, each record's data aligned to 64 bytes (torch's own layout, which its memory-mapped
 * loading relies on), and a protocol-2 pickle of {@code {"epoch": E, "model_state_dict": OrderedDict(...)}}
 * using only the opcodes and globals that {@link RestrictedUnpickler} accepts.
 */
public final class TorchCheckpointWriter {
    private static final int ALIGNMENT = 64;
    private static final int LOCAL_HEADER = 30;

    private TorchCheckpointWriter() {
    }

    /** Writes {@code stateDict} (in its order) with {@code epoch}, atomically. */
    public static void write(Path file, Map<String, FloatTensor> stateDict, long epoch) {
        String archive = archiveName(file);
        byte[] pickle = new StatePickle().encode(stateDict, epoch);
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put(archive + "/data.pkl", pickle);
        records.put(archive + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        int key = 0;
        for (FloatTensor t : stateDict.values()) {
            ByteBuffer b = ByteBuffer.allocate(Float.BYTES * t.numel()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < t.numel(); i++) {
                b.putFloat(t.get(i));
            }
            records.put(archive + "/data/" + key++, b.array());
        }
        records.put(archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        AtomicFiles.write(file, (AtomicFiles.StreamWriter) out -> writeZip(out, records));
    }

    /** torch names the archive's folder after the file (without extension). */
    static String archiveName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String clean = base.replaceAll("[^A-Za-z0-9_.-]", "_");
        return clean.isEmpty() ? "archive" : clean;
    }

    private static void writeZip(OutputStream sink, Map<String, byte[]> records) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(sink, StandardCharsets.UTF_8);
        zip.setMethod(ZipOutputStream.STORED);
        long offset = 0;
        for (Map.Entry<String, byte[]> r : records.entrySet()) {
            byte[] name = r.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] data = r.getValue();
            long dataStart = offset + LOCAL_HEADER + name.length;
            int pad = (int) ((ALIGNMENT - (dataStart + 4) % ALIGNMENT) % ALIGNMENT);
            byte[] extra = new byte[4 + pad]; // header id 'FB' (torch's padding record), then the padding
            extra[0] = 'F';
            extra[1] = 'B';
            extra[2] = (byte) pad;
            extra[3] = (byte) (pad >>> 8);
            ZipEntry e = new ZipEntry(r.getKey());
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setCrc(crc.getValue());
            // the zip epoch (as torch writes) in DOS time: reproducible bytes and no extended-timestamp field
            e.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0, 2)); // 00:00:00 is the JDK's "before 1980" mark
            e.setExtra(extra);
            zip.putNextEntry(e);
            zip.write(data);
            zip.closeEntry();
            offset = dataStart + extra.length + data.length;
        }
        zip.finish();
    }

    /** The pickle, memoising as Python's pickler does (every new str, tuple, global and container). */
    private static final class StatePickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Map<String, Integer> memoised = new LinkedHashMap<>();
        private int memo;

        byte[] encode(Map<String, FloatTensor> stateDict, long epoch) {
            op(0x80);
            op(2);
            op('}');
            put();
            op('(');
            string("epoch");
            integer(epoch);
            string("model_state_dict");
            global("collections", "OrderedDict");
            op(')');
            op('R');
            put();
            op('(');
            int key = 0;
            for (Map.Entry<String, FloatTensor> e : stateDict.entrySet()) {
                tensor(e.getKey(), e.getValue(), Integer.toString(key++));
            }
            op('u');
            op('u');
            op('.');
            return out.toByteArray();
        }

        private void tensor(String name, FloatTensor t, String storageKey) {
            string(name);
            global("torch._utils", "_rebuild_tensor_v2");
            op('(');
            op('(');
            sharedString("storage");
            global("torch", "FloatStorage");
            string(storageKey);
            string("cpu");
            integer(t.numel());
            op('t');
            put();
            op('Q');
            integer(0);
            int[] shape = t.shape();
            long[] stride = new long[shape.length];
            long s = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                stride[d] = s;
                s *= shape[d];
            }
            tuple(java.util.Arrays.stream(shape).asLongStream().boxed().toList());
            tuple(java.util.Arrays.stream(stride).boxed().toList());
            op(0x89);
            global("collections", "OrderedDict");
            op(')');
            op('R');
            put();
            op('t');
            put();
            op('R');
            put();
        }

        private void tuple(List<Long> items) {
            if (items.isEmpty()) {
                op(')');
                return;
            }
            boolean small = items.size() <= 3;
            if (!small) {
                op('(');
            }
            items.forEach(this::integer);
            op(small ? 0x84 + items.size() : 't');
            put();
        }

        /** A global is memoised by Python's pickler: the second use is a BINGET. */
        private void global(String module, String name) {
            String id = "global:" + module + "." + name;
            Integer at = memoised.get(id);
            if (at != null) {
                get(at);
                return;
            }
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            memoised.put(id, memo);
            put();
        }

        /** A string that is one object in torch (its 'storage' tag): BINGET after the first time. */
        private void sharedString(String s) {
            String id = "str:" + s;
            Integer at = memoised.get(id);
            if (at != null) {
                get(at);
                return;
            }
            memoised.put(id, memo);
            string(s);
        }

        private void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            int32(b.length);
            out.writeBytes(b);
            put();
        }

        private void integer(long v) {
            if (v >= 0 && v < 256) {
                op('K');
                op((int) v);
            } else if (v >= 0 && v < 65536) {
                op('M');
                op((int) (v & 0xff));
                op((int) (v >>> 8));
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                op('J');
                int32((int) v);
            } else {
                byte[] le = new byte[8];
                ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
                op(0x8a);
                op(8);
                out.writeBytes(le);
            }
        }

        private void put() {
            if (memo < 256) {
                op('q');
                op(memo);
            } else {
                op('r');
                int32(memo);
            }
            memo++;
        }

        private void get(int index) {
            if (index < 256) {
                op('h');
                op(index);
            } else {
                op('j');
                int32(index);
            }
        }

        private void int32(int v) {
            out.write(v & 0xff);
            out.write((v >>> 8) & 0xff);
            out.write((v >>> 16) & 0xff);
            out.write((v >>> 24) & 0xff);
        }

        private void op(int b) {
            out.write(b);
        }
    }
}
