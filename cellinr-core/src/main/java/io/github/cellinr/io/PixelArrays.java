package io.github.cellinr.io;

import io.github.cellinr.core.CellInrException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Typed primitive pixel arrays (see {@link SampleType}) and their conversions, without boxing. */
final class PixelArrays {
    private PixelArrays() {
    }

    static Object allocate(SampleType type, int length) {
        return switch (type) {
            case UINT8, INT8 -> new byte[length];
            case UINT16, INT16 -> new short[length];
            case UINT32, INT32 -> new int[length];
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
        };
    }

    static int length(Object pixels) {
        if (pixels instanceof byte[] a) {
            return a.length;
        } else if (pixels instanceof short[] a) {
            return a.length;
        } else if (pixels instanceof int[] a) {
            return a.length;
        } else if (pixels instanceof float[] a) {
            return a.length;
        } else if (pixels instanceof double[] a) {
            return a.length;
        }
        throw new IllegalArgumentException("not a pixel array: " + pixels);
    }

    static boolean matches(SampleType type, Object pixels) {
        return switch (type) {
            case UINT8, INT8 -> pixels instanceof byte[];
            case UINT16, INT16 -> pixels instanceof short[];
            case UINT32, INT32 -> pixels instanceof int[];
            case FLOAT32 -> pixels instanceof float[];
            case FLOAT64 -> pixels instanceof double[];
        };
    }

    /** Copies {@code count} samples of {@code bytes} (in {@code order}) into {@code pixels} at {@code offset}. */
    static void fill(SampleType type, ByteBuffer bytes, ByteOrder order, Object pixels, int offset, int count) {
        ByteBuffer b = bytes.duplicate().order(order);
        switch (type) {
            case UINT8, INT8 -> b.get((byte[]) pixels, offset, count);
            case UINT16, INT16 -> b.asShortBuffer().get((short[]) pixels, offset, count);
            case UINT32, INT32 -> b.asIntBuffer().get((int[]) pixels, offset, count);
            case FLOAT32 -> b.asFloatBuffer().get((float[]) pixels, offset, count);
            case FLOAT64 -> b.asDoubleBuffer().get((double[]) pixels, offset, count);
        }
    }

    static double value(SampleType type, Object pixels, int i) {
        return switch (type) {
            case UINT8 -> Byte.toUnsignedInt(((byte[]) pixels)[i]);
            case INT8 -> ((byte[]) pixels)[i];
            case UINT16 -> Short.toUnsignedInt(((short[]) pixels)[i]);
            case INT16 -> ((short[]) pixels)[i];
            case UINT32 -> Integer.toUnsignedLong(((int[]) pixels)[i]);
            case INT32 -> ((int[]) pixels)[i];
            case FLOAT32 -> ((float[]) pixels)[i];
            case FLOAT64 -> ((double[]) pixels)[i];
        };
    }

    static Object copyRange(SampleType type, Object pixels, int from, int count) {
        Object out = allocate(type, count);
        System.arraycopy(pixels, from, out, 0, count);
        return out;
    }

    /**
     * Converts to non-negative {@code int} labels. Floating-point values must all be integral; any negative
     * label, or one above {@link Integer#MAX_VALUE}, is an error naming {@code file}, the value and the voxel.
     */
    static int[] toLabels(SampleType type, Object pixels, Path file) {
        int n = length(pixels);
        int[] labels = new int[n];
        switch (type) {
            case UINT8 -> {
                byte[] a = (byte[]) pixels;
                for (int i = 0; i < n; i++) {
                    labels[i] = a[i] & 0xFF;
                }
            }
            case UINT16 -> {
                short[] a = (short[]) pixels;
                for (int i = 0; i < n; i++) {
                    labels[i] = a[i] & 0xFFFF;
                }
            }
            case INT8, INT16, INT32 -> {
                for (int i = 0; i < n; i++) {
                    int v = (int) value(type, pixels, i);
                    if (v < 0) {
                        throw badLabel(file, type, v, i);
                    }
                    labels[i] = v;
                }
            }
            case UINT32 -> {
                int[] a = (int[]) pixels;
                for (int i = 0; i < n; i++) {
                    if (a[i] < 0) {
                        throw CellInrException.of(file, "label " + Integer.toUnsignedString(a[i]) + " at voxel " + i
                                + " is above 2147483647, the largest label CellINR supports");
                    }
                    labels[i] = a[i];
                }
            }
            case FLOAT32, FLOAT64 -> {
                for (int i = 0; i < n; i++) {
                    double v = value(type, pixels, i);
                    if (v != Math.rint(v) || Double.isNaN(v)) {
                        throw CellInrException.of(file, "holds " + type + " value " + v + " at voxel " + i
                                + ": a label image must hold whole numbers (this looks like an intensity image)");
                    }
                    if (v < 0 || v > Integer.MAX_VALUE) {
                        throw badLabel(file, type, v, i);
                    }
                    labels[i] = (int) v;
                }
            }
        }
        return labels;
    }

    static float[] toFloats(SampleType type, Object pixels) {
        if (type == SampleType.FLOAT32) {
            return ((float[]) pixels).clone();
        }
        int n = length(pixels);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) value(type, pixels, i);
        }
        return out;
    }

    private static CellInrException badLabel(Path file, SampleType type, double v, int voxel) {
        return CellInrException.of(file, "holds " + type + " label " + (long) v + " at voxel " + voxel
                + ": labels must be whole numbers from 0 (background) to 2147483647");
    }
}
