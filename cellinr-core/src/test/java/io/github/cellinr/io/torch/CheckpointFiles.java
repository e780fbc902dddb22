package io.github.cellinr.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test helper: copies of a checkpoint with entries replaced, removed or bytes patched. */
public final class CheckpointFiles {
    private CheckpointFiles() {
    }

    public static Map<String, byte[]> entries(Path checkpoint) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(checkpoint.toFile())) {
            Enumeration<? extends ZipEntry> e = zip.entries();
            while (e.hasMoreElements()) {
                ZipEntry entry = e.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    public static Path write(Path target, Map<String, byte[]> entries) {
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** {@code haystack} with the only occurrence of {@code from} replaced by {@code to}. */
    public static byte[] replaceOnce(byte[] haystack, byte[] from, byte[] to) {
        int at = -1;
        for (int i = 0; i + from.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + from.length, from, 0, from.length)) {
                if (at >= 0) {
                    throw new IllegalArgumentException("pattern occurs more than once");
                }
                at = i;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("pattern not found");
        }
        byte[] out = new byte[haystack.length - from.length + to.length];
        System.arraycopy(haystack, 0, out, 0, at);
        System.arraycopy(to, 0, out, at, to.length);
        System.arraycopy(haystack, at + from.length, out, at + to.length, haystack.length - at - from.length);
        return out;
    }

    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    public static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
