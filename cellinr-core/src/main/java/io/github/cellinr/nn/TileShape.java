package io.github.cellinr.nn;

import java.util.Locale;

/**
 * The register tile of the vector products: rows (points, or weight rows) by vectors of columns. A tile
 * needs rows x vectors accumulators, one register per column vector loaded and one for the broadcast, and is
 * fastest when all of them fit the CPU's vector register file.
 */
public enum TileShape {
    /** 24 accumulators + 4 loads + 1 broadcast = 29 registers: CPUs with 32 vector registers. */
    ROWS6_VECTORS4(6, 4),
    /** 12 accumulators + 2 loads + 1 broadcast = 15 registers: CPUs with 16 vector registers. */
    ROWS6_VECTORS2(6, 2);

    private final int rows;
    private final int vectors;

    TileShape(int rows, int vectors) {
        this.rows = rows;
        this.vectors = vectors;
    }

    public int rows() {
        return rows;
    }

    public int vectors() {
        return vectors;
    }

    /** Vector registers the tile's inner loop keeps live. */
    public int registersUsed() {
        return rows * vectors + vectors + 1;
    }

    /** The shape as written in options and reports, e.g. {@code 6x2}. */
    public String label() {
        return rows + "x" + vectors;
    }

    /** The largest tile whose registers fit a register file of this size. */
    public static TileShape forRegisters(int vectorRegisters) {
        return vectorRegisters >= ROWS6_VECTORS4.registersUsed() ? ROWS6_VECTORS4 : ROWS6_VECTORS2;
    }

    /** Parses a label such as {@code 6x4}; the message lists the valid ones. */
    public static TileShape parse(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        for (TileShape s : values()) {
            if (s.label().equals(l)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown tile shape '" + label + "' (valid: 6x4, 6x2)");
    }
}
