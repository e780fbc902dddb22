package io.github.cellinr.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float vector species of the vector kernels, fixed once per JVM: the CPU's preferred width, or a narrower
 * one named by the system property {@value #BITS_PROPERTY} (128 or 256; e.g. 128 stands in for Arm NEON on an
 * x86 machine). It is a static final so the JIT treats it as a constant, which the Vector API needs to compile
 * operations into single instructions. Only classes that already depend on {@code jdk.incubator.vector} touch
 * this class, so a JVM without that module never loads it.
 */
final class Simd {
    /** System property forcing a narrower vector width in bits (128, 256 or 512; at most the preferred). */
    static final String BITS_PROPERTY = "cellinr.vector.bits";

    static final VectorSpecies<Float> SPECIES = species(System.getProperty(BITS_PROPERTY));

    private Simd() {
    }

    /** The preferred vector width of this CPU in bits, as the JIT compiles it. */
    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    static VectorSpecies<Float> species(String bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits == null || bits.isBlank() || bits.equals("auto")) {
            return preferred;
        }
        int wanted;
        try {
            wanted = Integer.parseInt(bits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(BITS_PROPERTY + " must be 128, 256 or 512, not '" + bits + "'");
        }
        if (wanted != 128 && wanted != 256 && wanted != 512) {
            throw new IllegalArgumentException(BITS_PROPERTY + " must be 128, 256 or 512, not '" + bits + "'");
        }
        if (wanted > preferred.vectorBitSize()) {
            // wider than the hardware: the Vector API would emulate it thousands of times slower
            throw new IllegalArgumentException(BITS_PROPERTY + "=" + wanted + " is wider than this CPU's "
                    + preferred.vectorBitSize() + "-bit vectors");
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(wanted));
    }
}
