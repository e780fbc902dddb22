package io.github.cellinr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The kernels chosen for an instruction set, and what the system properties force. */
class KernelSelectionTest {
    private static final Isa AVX512 = new Isa("x86_64", 512, 32, 3);
    private static final Isa AVX2 = new Isa("x86_64", 256, 16, 2);
    private static final Isa NEON = new Isa("aarch64", 128, 32, -1);
    private static final Isa NO_VECTOR_API = new Isa("x86_64", 0, 16, 2);

    @Test
    void theTileFitsTheRegisterFile() {
        assertEquals(TileShape.ROWS6_VECTORS4, KernelSelection.select("auto", AVX512).tile());
        assertEquals(TileShape.ROWS6_VECTORS2, KernelSelection.select("auto", AVX2).tile());
        assertEquals(TileShape.ROWS6_VECTORS4, KernelSelection.select(null, NEON).tile());
        for (TileShape t : TileShape.values()) {
            assertTrue(t.registersUsed() <= (t == TileShape.ROWS6_VECTORS4 ? 32 : 16), t.label());
        }
    }

    @Test
    void aPropertyForcesAShapeOrThePlainKernels() {
        assertEquals(TileShape.ROWS6_VECTORS4, KernelSelection.select("6x4", AVX2).tile());
        assertEquals(TileShape.ROWS6_VECTORS2, KernelSelection.select(" 6X2 ", AVX512).tile());
        KernelSelection plain = KernelSelection.select("plain", AVX512);
        assertSame(Kernels.PLAIN, plain.kernels());
        assertNull(plain.tile());
        assertEquals("plain", plain.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelSelection.select("8x8", AVX2));
        assertTrue(e.getMessage().contains("6x4, 6x2"), e.getMessage());
    }

    @Test
    void withoutTheVectorApiThePlainKernelsRun() {
        KernelSelection s = KernelSelection.select("auto", NO_VECTOR_API);
        assertSame(Kernels.PLAIN, s.kernels());
        assertTrue(s.reason().contains("--add-modules jdk.incubator.vector"), s.reason());
        assertThrows(IllegalStateException.class, () -> KernelSelection.select("6x2", NO_VECTOR_API));
    }

    @Test
    void theIsaIsDescribedWithItsLevel() {
        assertEquals("x86_64 AVX2 (UseAVX=2), 256-bit vectors, 16 vector registers", AVX2.describe());
        assertTrue(NEON.describe().startsWith("aarch64 NEON/SVE"), NEON.describe());
        Isa here = Isa.detect();
        assertTrue(here.vectorBits() >= 128, "the tests run with the Vector API: " + here.describe());
        assertTrue(here.vectorRegisters() == 16 || here.vectorRegisters() == 32, here.describe());
    }

    @Test
    void aVectorWidthCanOnlyBeNarrowed() {
        assertEquals(128, Simd.species("128").vectorBitSize());
        assertEquals(Simd.preferredBits(), Simd.species("auto").vectorBitSize());
        assertThrows(IllegalArgumentException.class, () -> Simd.species("100"));
        assertThrows(IllegalArgumentException.class, () -> Simd.species("1024"));
        if (Simd.preferredBits() < 512) {
            assertThrows(IllegalArgumentException.class, () -> Simd.species("512"));
        }
    }
}
