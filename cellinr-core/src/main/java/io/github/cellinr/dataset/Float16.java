package io.github.cellinr.dataset;

/**
 * IEEE 754 binary16 ("half") conversion, the storage format of SDF frames at {@code --precision f16}.
 *
 * <p>Java 17 has no {@code Float.floatToFloat16}/{@code float16ToFloat} (they arrived in Java 20), so the
 * conversion is written here: encoding rounds to nearest with ties to even (as IEEE 754 and the Java 20
 * methods do), overflows to infinity from 65520 on, produces subnormals below 2^-14 and keeps NaN a NaN.
 * Decoding is a 65,536-entry table (256 KiB), which is exact and faster than bit manipulation in the
 * trainer's inner loop.
 */
public final class Float16 {
    /** Largest finite half value. */
    public static final float MAX_VALUE = 65504f;

    private static final float[] DECODE = buildTable();

    private Float16() {
    }

    /** The float value of a half-precision bit pattern (exact: every half is a float). */
    public static float toFloat(short bits) {
        return DECODE[bits & 0xFFFF];
    }

    /** The half-precision bit pattern nearest to {@code value} (ties to even). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFF_FFFF;
        if (abs >= 0x7F80_0000) { // infinity or NaN: keep NaN quiet and non-zero
            return (short) (sign | 0x7C00 | (abs > 0x7F80_0000 ? 0x200 | ((abs >>> 13) & 0x3FF) : 0));
        }
        if (abs >= 0x477F_F000) { // >= 65520: the midpoint to 2^16 rounds to even, i.e. to infinity
            return (short) (sign | 0x7C00);
        }
        if (abs < 0x3880_0000) { // below 2^-14, the smallest normal half: a subnormal (or zero)
            if (abs <= 0x3300_0000) { // <= 2^-25, half of the smallest subnormal: the tie goes to zero (even)
                return (short) sign;
            }
            int exponent = abs >>> 23;
            int mantissa = (abs & 0x7F_FFFF) | 0x80_0000;
            int shift = 126 - exponent; // value * 2^24 = mantissa * 2^(exponent - 126)
            return (short) (sign | roundShift(mantissa, shift));
        }
        // normal: re-bias the exponent (127 -> 15) and drop 13 mantissa bits, rounding to nearest even;
        // a carry out of the mantissa correctly bumps the exponent
        return (short) (sign | roundShift(abs - 0x3800_0000, 13));
    }

    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (kept & 1) != 0)) {
            kept++;
        }
        return kept;
    }

    private static float[] buildTable() {
        float[] table = new float[1 << 16];
        for (int h = 0; h < table.length; h++) {
            int sign = (h & 0x8000) << 16;
            int exponent = (h >>> 10) & 0x1F;
            int mantissa = h & 0x3FF;
            float value;
            if (exponent == 0) {
                value = mantissa * 0x1p-24f; // zero or subnormal: exact in float
                value = sign != 0 ? -value : value;
            } else if (exponent == 0x1F) {
                value = Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
            } else {
                value = Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
            }
            table[h] = value;
        }
        return table;
    }
}
