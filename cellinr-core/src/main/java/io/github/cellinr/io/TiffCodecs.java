package io.github.cellinr.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The TIFF compression schemes CellINR reads (LZW, PackBits, Deflate) and writes (Deflate), and the
 * horizontal-differencing predictor. Decoders write into a caller buffer and return how many bytes they
 * produced, so that callers can check the count against the strip size; they throw
 * {@link IllegalStateException} with a short reason on corrupt input (the caller adds the file name).
 */
final class TiffCodecs {
    private TiffCodecs() {
    }

    private static final int LZW_CLEAR = 256;
    private static final int LZW_EOI = 257;
    private static final int LZW_TABLE = 4096;

    /**
     * Decodes TIFF LZW (most significant bit first, code width growing one code early as TIFF 6.0 requires)
     * into {@code out[0..limit)}; output beyond {@code limit} is dropped.
     */
    static int decodeLzw(byte[] in, int inLength, byte[] out, int limit) {
        if (inLength >= 2 && in[0] == 0 && (in[1] & 1) == 1) {
            throw new IllegalStateException("old-style (pre TIFF 6.0) LZW data, which is not supported");
        }
        int[] prefix = new int[LZW_TABLE];
        byte[] suffix = new byte[LZW_TABLE];
        byte[] first = new byte[LZW_TABLE];
        int[] length = new int[LZW_TABLE];
        for (int i = 0; i < 256; i++) {
            prefix[i] = -1;
            suffix[i] = (byte) i;
            first[i] = (byte) i;
            length[i] = 1;
        }
        byte[] scratch = new byte[LZW_TABLE];
        int next = 258;
        int width = 9;
        int old = -1;
        int pos = 0;
        long bitBuffer = 0;
        int bitCount = 0;
        int inPos = 0;
        while (pos < limit) {
            while (bitCount < width && inPos < inLength) {
                bitBuffer = (bitBuffer << 8) | (in[inPos++] & 0xFF);
                bitCount += 8;
            }
            if (bitCount < width) {
                break; // input ended without an end-of-information code: tolerated, as libtiff does
            }
            int code = (int) ((bitBuffer >>> (bitCount - width)) & ((1 << width) - 1));
            bitCount -= width;
            if (code == LZW_EOI) {
                break;
            }
            if (code == LZW_CLEAR) {
                next = 258;
                width = 9;
                old = -1;
                continue;
            }
            int emitted;
            if (old == -1) {
                if (code > 255) {
                    throw new IllegalStateException("corrupt LZW data (code " + code + " after a clear code)");
                }
                out[pos++] = (byte) code;
                old = code;
                continue;
            }
            if (code < next) {
                emitted = code;
                if (next < LZW_TABLE) {
                    prefix[next] = old;
                    suffix[next] = first[code];
                    first[next] = first[old];
                    length[next] = length[old] + 1;
                    next++;
                }
            } else if (code == next && next < LZW_TABLE) {
                prefix[next] = old;
                suffix[next] = first[old];
                first[next] = first[old];
                length[next] = length[old] + 1;
                emitted = next;
                next++;
            } else {
                throw new IllegalStateException("corrupt LZW data (code " + code + " not yet defined)");
            }
            int len = length[emitted];
            int c = emitted;
            for (int k = len - 1; k >= 0; k--) {
                scratch[k] = suffix[c];
                c = prefix[c];
            }
            int copy = Math.min(len, limit - pos);
            System.arraycopy(scratch, 0, out, pos, copy);
            pos += copy;
            old = code;
            if (next == 511) {
                width = 10;
            } else if (next == 1023) {
                width = 11;
            } else if (next == 2047) {
                width = 12;
            }
        }
        return pos;
    }

    /** Decodes PackBits (Apple run-length) into {@code out[0..limit)}. */
    static int decodePackBits(byte[] in, int inLength, byte[] out, int limit) {
        int pos = 0;
        int i = 0;
        while (i < inLength && pos < limit) {
            int n = in[i++];
            if (n >= 0) {
                int count = n + 1;
                if (i + count > inLength) {
                    throw new IllegalStateException("corrupt PackBits data (literal run past the end of the strip)");
                }
                int copy = Math.min(count, limit - pos);
                System.arraycopy(in, i, out, pos, copy);
                pos += copy;
                i += count;
            } else if (n != -128) {
                if (i >= inLength) {
                    throw new IllegalStateException("corrupt PackBits data (repeat run past the end of the strip)");
                }
                int count = Math.min(1 - n, limit - pos);
                byte b = in[i++];
                for (int k = 0; k < count; k++) {
                    out[pos++] = b;
                }
            }
        }
        return pos;
    }

    /** Inflates a zlib stream (TIFF compression 8 and 32946) into {@code out[0..limit)}. */
    static int inflate(Inflater inflater, byte[] in, int inLength, byte[] out, int limit) {
        inflater.reset();
        inflater.setInput(in, 0, inLength);
        int pos = 0;
        try {
            while (pos < limit && !inflater.finished()) {
                int n = inflater.inflate(out, pos, limit - pos);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                pos += n;
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt Deflate data (" + e.getMessage() + ")");
        }
        return pos;
    }

    /** Compresses with zlib framing (TIFF compression 8, "Adobe Deflate"). */
    static byte[] deflate(Deflater deflater, byte[] data, int offset, int length) {
        deflater.reset();
        deflater.setInput(data, offset, length);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 4));
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Undoes TIFF predictor 2 (horizontal differencing) in place: each sample of a row was stored as the
     * difference to its left neighbour, modulo 2^bits.
     */
    static void undoHorizontalDifferencing(byte[] buf, int offset, int rows, int rowSamples, int sampleBytes,
            ByteOrder order) {
        int rowBytes = rowSamples * sampleBytes;
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        for (int r = 0; r < rows; r++) {
            int p = offset + r * rowBytes;
            switch (sampleBytes) {
                case 1 -> {
                    for (int i = 1; i < rowSamples; i++) {
                        buf[p + i] += buf[p + i - 1];
                    }
                }
                case 2 -> {
                    int prev = read16(buf, p, little);
                    for (int i = 1; i < rowSamples; i++) {
                        int q = p + 2 * i;
                        prev = (read16(buf, q, little) + prev) & 0xFFFF;
                        write16(buf, q, prev, little);
                    }
                }
                case 4 -> {
                    int prev = read32(buf, p, little);
                    for (int i = 1; i < rowSamples; i++) {
                        int q = p + 4 * i;
                        prev = read32(buf, q, little) + prev;
                        write32(buf, q, prev, little);
                    }
                }
                default -> throw new IllegalStateException("predictor 2 with " + sampleBytes
                        + "-byte samples is not supported");
            }
        }
    }

    private static int read16(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 : (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    private static void write16(byte[] b, int p, int v, boolean little) {
        if (little) {
            b[p] = (byte) v;
            b[p + 1] = (byte) (v >>> 8);
        } else {
            b[p] = (byte) (v >>> 8);
            b[p + 1] = (byte) v;
        }
    }

    private static int read32(byte[] b, int p, boolean little) {
        return little
                ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24
                : (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    private static void write32(byte[] b, int p, int v, boolean little) {
        for (int k = 0; k < 4; k++) {
            b[p + k] = (byte) (v >>> (little ? 8 * k : 8 * (3 - k)));
        }
    }
}
