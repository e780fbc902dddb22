package io.github.cellinr.nn;

import java.util.Locale;

/**
 * Which kernels the engine runs, chosen once per JVM: the vector kernels in the tile shape that fits this CPU's
 * register file ({@link TileShape#forRegisters}), or the plain kernels where the Vector API module is absent
 * (a JVM started without {@code --add-modules jdk.incubator.vector}, e.g. inside Fiji). The system property
 * {@value #PROPERTY} forces a choice for tests and benchmarks: {@code auto} (default), {@code plain}, or a tile
 * label ({@code 6x4}, {@code 6x2}); {@value Simd#BITS_PROPERTY} forces a narrower vector width.
 *
 * @param kernels the implementation
 * @param tile    its tile shape, null for the plain kernels
 * @param isa     the instruction set it was chosen for
 * @param reason  why, in words (for bench and logs)
 */
public record KernelSelection(Kernels kernels, TileShape tile, Isa isa, int vectorBits, String reason) {
    /** System property: auto, plain, 6x4 or 6x2. */
    public static final String PROPERTY = "cellinr.kernels";

    /** The selection of this JVM (computed on first use). */
    public static KernelSelection current() {
        return Holder.SELECTED;
    }

    /** A short name: {@code vector 6x2 (256-bit)} or {@code plain}. */
    public String label() {
        return tile == null ? "plain" : "vector " + tile.label() + " (" + vectorBits + "-bit)";
    }

    /** The vector kernels with a given tile shape (tests compare every shape with the plain kernels). */
    static Kernels vector(TileShape shape) {
        return switch (shape) {
            case ROWS6_VECTORS4 -> new Tiles6x4();
            case ROWS6_VECTORS2 -> new Tiles6x2();
        };
    }

    static KernelSelection select(String forced, Isa isa) {
        String choice = forced == null ? "auto" : forced.trim().toLowerCase(Locale.ROOT);
        if (choice.equals("plain")) {
            return new KernelSelection(PlainKernels.INSTANCE, null, isa, 0, PROPERTY + "=plain");
        }
        if (isa.vectorBits() == 0) {
            if (!choice.equals("auto")) {
                throw new IllegalStateException(PROPERTY + "=" + forced + " needs the Vector API: start Java with"
                        + " --add-modules jdk.incubator.vector");
            }
            return new KernelSelection(PlainKernels.INSTANCE, null, isa, 0,
                    "the Vector API module is absent (java --add-modules jdk.incubator.vector enables it)");
        }
        TileShape shape;
        String reason;
        if (choice.equals("auto")) {
            shape = TileShape.forRegisters(isa.vectorRegisters());
            reason = shape.registersUsed() + " of " + isa.vectorRegisters() + " vector registers";
        } else {
            shape = TileShape.parse(choice);
            reason = PROPERTY + "=" + choice;
        }
        Kernels k = vector(shape);
        return new KernelSelection(k, shape, isa, Simd.SPECIES.vectorBitSize(), reason);
    }

    private static final class Holder {
        static final KernelSelection SELECTED = select(System.getProperty(PROPERTY), Isa.detect());
    }
}
