package io.github.cellinr.io;

import java.util.Locale;

/**
 * The type of one pixel sample in an image file: signedness, integer or floating point, and bit depth.
 *
 * <p>Pixel arrays of {@link TiffImage} and the HDF5 readers hold the raw bits in the narrowest Java
 * primitive of the same width: {@code byte[]} for 8-bit, {@code short[]} for 16-bit, {@code int[]} for
 * 32-bit integers, {@code float[]} and {@code double[]} for floating point. Unsigned values are recovered
 * with {@link Byte#toUnsignedInt}, {@link Short#toUnsignedInt} and {@link Integer#toUnsignedLong}.
 */
public enum SampleType {
    UINT8(8, false, false),
    INT8(8, true, false),
    UINT16(16, false, false),
    INT16(16, true, false),
    UINT32(32, false, false),
    INT32(32, true, false),
    FLOAT32(32, true, true),
    FLOAT64(64, true, true);

    private final int bits;
    private final boolean signed;
    private final boolean floatingPoint;

    SampleType(int bits, boolean signed, boolean floatingPoint) {
        this.bits = bits;
        this.signed = signed;
        this.floatingPoint = floatingPoint;
    }

    public int bits() {
        return bits;
    }

    public int bytes() {
        return bits / 8;
    }

    public boolean isSigned() {
        return signed;
    }

    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    public boolean isInteger() {
        return !floatingPoint;
    }

    /** Lower-case NumPy-style name ({@code uint16}, {@code float32}), as users see it in Python tools. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return displayName();
    }
}
