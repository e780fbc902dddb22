package io.github.cellinr.io.torch;

import io.github.cellinr.core.AtomicFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes 2-D float32 matrices as a level-5 MAT-file (uncompressed {@code miMATRIX} elements of class single),
 * the form in which the released code saves its latent codes and angles and reads them with
 * {@code scipy.io.loadmat}.
 */
public final class MatFileWriter {
    private static final int MI_INT8 = 1;
    private static final int MI_INT32 = 5;
    private static final int MI_UINT32 = 6;
    private static final int MI_SINGLE = 7;
    private static final int MI_MATRIX = 14;
    private static final int MX_SINGLE_CLASS = 7;

    private MatFileWriter() {
    }

    /** Writes each {@code name -> rows x columns} matrix (rows of equal length), atomically. */
    public static void write(Path file, Map<String, float[][]> matrices) {
        int total = 128;
        for (Map.Entry<String, float[][]> e : matrices.entrySet()) {
            total += 8 + matrixBytes(e.getKey(), e.getValue());
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        byte[] text = new byte[116];
        java.util.Arrays.fill(text, (byte) ' ');
        byte[] header = "MATLAB 5.0 MAT-file, Platform: Java, Created by: cellinr".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, text, 0, header.length);
        b.put(text).putLong(0).putShort((short) 0x0100).putShort((short) 0x4d49); // writes the bytes 'I', 'M'
        for (Map.Entry<String, float[][]> e : matrices.entrySet()) {
            String name = e.getKey();
            float[][] m = e.getValue();
            int rows = m.length;
            int columns = rows == 0 ? 0 : m[0].length;
            b.putInt(MI_MATRIX).putInt(matrixBytes(name, m));
            b.putInt(MI_UINT32).putInt(8).putInt(MX_SINGLE_CLASS).putInt(0);
            b.putInt(MI_INT32).putInt(8).putInt(rows).putInt(columns);
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            b.putInt(MI_INT8).putInt(n.length).put(n);
            pad(b, n.length);
            b.putInt(MI_SINGLE).putInt(4 * rows * columns);
            for (int c = 0; c < columns; c++) { // column-major, as MATLAB stores arrays
                for (float[] row : m) {
                    if (row.length != columns) {
                        throw new IllegalArgumentException(name + " has rows of different lengths");
                    }
                    b.putFloat(row[c]);
                }
            }
            pad(b, 4 * rows * columns);
        }
        AtomicFiles.writeBytes(file, b.array());
    }

    private static int matrixBytes(String name, float[][] m) {
        int rows = m.length;
        int columns = rows == 0 ? 0 : m[0].length;
        if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a MATLAB variable name: " + name);
        }
        return 16 + 16 + 8 + padded(name.length()) + 8 + padded(4 * rows * columns);
    }

    private static int padded(int n) {
        return (n + 7) / 8 * 8;
    }

    private static void pad(ByteBuffer b, int n) {
        for (int i = n; i < padded(n); i++) {
            b.put((byte) 0);
        }
    }
}
