package io.github.cellinr.io.torch;

import io.github.cellinr.core.CellInrException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A PyTorch zip checkpoint ({@code torch.save} since PyTorch 1.6) read safely: the archive with
 * {@link ZipFile}, its {@code data.pkl} with {@link RestrictedUnpickler} (a fixed subset of pickle, no code
 * runs), and each float32 tensor from its raw little-endian storage file {@code <prefix>/data/<key>}.
 *
 * <p>Accepts a checkpoint whose pickle is a dict with a {@code model_state_dict} (as the paper's training code
 * writes) or {@code state_dict} entry, or a bare state dict. Every problem is a one-line
 * {@link CellInrException} naming the file.
 */
public final class TorchCheckpoint {
    /** Upper bound on the pickle of a state dict (the paper's is 2.4 kB); a bigger one is not a state dict. */
    private static final int MAX_PICKLE_BYTES = 64 << 20;

    private final Path file;
    private final OptionalLong epoch;
    private final Map<String, FloatTensor> stateDict;

    private TorchCheckpoint(Path file, OptionalLong epoch, Map<String, FloatTensor> stateDict) {
        this.file = file;
        this.epoch = epoch;
        this.stateDict = stateDict;
    }

    /** Reads and checks a checkpoint; see the class comment for what is accepted. */
    public static TorchCheckpoint read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CellInrException.of(file, "no such checkpoint file");
        }
        checkMagic(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(file, zip);
            checkByteOrder(file, zip, prefix);
            String pickleName = prefix + "data.pkl";
            byte[] pickle = readEntry(file, zip, zip.getEntry(pickleName), MAX_PICKLE_BYTES + 1);
            if (pickle.length > MAX_PICKLE_BYTES) {
                throw CellInrException.of(file, pickleName + " is larger than " + (MAX_PICKLE_BYTES >> 20)
                        + " MiB: not the pickle of a state dict");
            }
            Object root = RestrictedUnpickler.load(file, pickleName, pickle);
            Map<?, ?> stateRefs = locateStateDict(file, root);
            Map<String, FloatTensor> tensors = resolve(file, zip, prefix, stateRefs);
            OptionalLong epoch = root instanceof Map<?, ?> m && m != stateRefs && m.get("epoch") instanceof Long e
                    ? OptionalLong.of(e) : OptionalLong.empty();
            return new TorchCheckpoint(file, epoch, Collections.unmodifiableMap(tensors));
        } catch (ZipException e) {
            throw CellInrException.of(file, "not a readable zip archive (truncated or corrupt): " + e.getMessage(), e);
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }

    /** The training epoch recorded beside the state dict, if any. */
    public OptionalLong epoch() {
        return epoch;
    }

    /** The tensors by state-dict key, in the checkpoint's order. */
    public Map<String, FloatTensor> stateDict() {
        return stateDict;
    }

    /** The tensor with this key, or a one-line error naming the file and the key. */
    public FloatTensor tensor(String key) {
        FloatTensor t = stateDict.get(key);
        if (t == null) {
            throw CellInrException.of(file, "state dict has no tensor '" + key + "'");
        }
        return t;
    }

    private static void checkMagic(Path file) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read: " + e.getMessage(), e);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x80 && head[1] == 2) {
            throw CellInrException.of(file, "legacy (pre-1.6) PyTorch checkpoint; re-save it with a current"
                    + " torch.save, which writes the zip format read here");
        }
        if (n < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            throw CellInrException.of(file, "not a PyTorch checkpoint (not a zip archive)");
        }
    }

    /** The single top folder {@code <prefix>/} that holds {@code data.pkl}. */
    private static String archivePrefix(Path file, ZipFile zip) {
        List<String> pickles = new ArrayList<>();
        zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - 9)
                .forEach(pickles::add);
        if (pickles.size() != 1) {
            throw CellInrException.of(file, pickles.isEmpty()
                    ? "zip archive has no <folder>/data.pkl: not a PyTorch checkpoint"
                    : "zip archive has " + pickles.size() + " data.pkl entries " + pickles + ", expected one");
        }
        return pickles.get(0).substring(0, pickles.get(0).length() - "data.pkl".length());
    }

    private static void checkByteOrder(Path file, ZipFile zip, String prefix) {
        ZipEntry order = zip.getEntry(prefix + "byteorder");
        if (order != null) {
            String value = new String(readEntry(file, zip, order, 16), StandardCharsets.US_ASCII).strip();
            if (!value.equals("little")) {
                throw CellInrException.of(file, "storages are " + value + "-endian; only little-endian is read");
            }
        }
    }

    private static Map<?, ?> locateStateDict(Path file, Object root) {
        if (!(root instanceof Map<?, ?> top)) {
            throw CellInrException.of(file, "the pickle holds a " + (root == null ? "None" : "non-dict value")
                    + ", not a state dict");
        }
        for (String key : List.of("model_state_dict", "state_dict")) {
            if (top.get(key) instanceof Map<?, ?> inner) {
                return inner;
            }
        }
        if (!top.isEmpty() && top.values().stream().allMatch(v -> v instanceof TensorRef)) {
            return top;
        }
        throw CellInrException.of(file, "no state dict found: top-level keys are " + top.keySet()
                + ", expected 'model_state_dict', 'state_dict' or a dict of tensors");
    }

    private static Map<String, FloatTensor> resolve(Path file, ZipFile zip, String prefix, Map<?, ?> refs) {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        Map<String, float[]> storages = new HashMap<>();
        for (Map.Entry<?, ?> e : refs.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw CellInrException.of(file, "state dict key " + e.getKey() + " is not a string");
            }
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw CellInrException.of(file, "state dict entry '" + name + "' is not a tensor");
            }
            StorageRef s = ref.storage();
            if (ref.extent() > s.numel()) {
                throw CellInrException.of(file, "tensor '" + name + "' " + ref + " reaches element "
                        + ref.extent() + " but its storage holds " + s.numel());
            }
            float[] storage = storages.get(s.key());
            if (storage == null) {
                storage = readStorage(file, zip, prefix, name, s);
                storages.put(s.key(), storage);
            } else if (storage.length != s.numel()) {
                throw CellInrException.of(file, "storage '" + s.key() + "' is declared with " + storage.length
                        + " and " + s.numel() + " elements");
            }
            float[] values = gather(storage, ref);
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw CellInrException.of(file, "tensor '" + name + "' holds " + values[i] + " at flat index " + i);
                }
            }
            tensors.put(name, new FloatTensor(name, ref.shape(), values));
        }
        return tensors;
    }

    private static float[] readStorage(Path file, ZipFile zip, String prefix, String tensor, StorageRef s) {
        String entryName = prefix + "data/" + s.key();
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw CellInrException.of(file, "storage file " + entryName + " of tensor '" + tensor + "' is missing");
        }
        if (s.numel() > Integer.MAX_VALUE / Float.BYTES) {
            throw CellInrException.of(file, "storage " + entryName + " of " + s.numel() + " elements is too large");
        }
        int bytes = (int) s.numel() * Float.BYTES;
        byte[] raw = readEntry(file, zip, entry, bytes + 1);
        if (raw.length != bytes) {
            throw CellInrException.of(file, "storage file " + entryName + " of tensor '" + tensor + "' holds "
                    + raw.length + " bytes, " + (raw.length < bytes ? "too short for" : "more than") + " the "
                    + s.numel() + " float32 values (" + bytes + " bytes) the pickle declares");
        }
        float[] values = new float[(int) s.numel()];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** The view's elements in row-major order; strided (non-contiguous) views are gathered. */
    private static float[] gather(float[] storage, TensorRef ref) {
        int[] shape = ref.shape();
        long[] stride = ref.stride();
        int n = (int) ref.numel();
        float[] out = new float[n];
        if (ref.isContiguous()) {
            System.arraycopy(storage, (int) ref.offset(), out, 0, n);
            return out;
        }
        int[] index = new int[shape.length];
        long position = ref.offset();
        for (int i = 0; i < n; i++) {
            out[i] = storage[(int) position];
            for (int d = shape.length - 1; d >= 0; d--) { // odometer over the index, last axis fastest
                index[d]++;
                position += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                position -= (long) shape[d] * stride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    /** Reads a whole entry, at most {@code limit} bytes (more is reported by the caller as a size mismatch). */
    private static byte[] readEntry(Path file, ZipFile zip, ZipEntry entry, int limit) {
        if (entry == null) {
            throw new IllegalArgumentException("caller checks for missing entries");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readNBytes(limit);
        } catch (IOException e) {
            throw CellInrException.of(file, "zip entry " + entry.getName() + " is corrupt: " + e.getMessage(), e);
        }
    }
}
