package io.github.cellinr.nn;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The instruction set the engine runs on, as the JVM sees it: architecture, the vector width the JIT prefers
 * (0 where the Vector API module is absent), the number of vector registers the tiles may assume, and on x86
 * HotSpot's {@code UseAVX} level (-1 elsewhere). {@code -XX:UseAVX=2} on an AVX-512 machine makes HotSpot use
 * AVX2 with its 16 registers, which is how the AVX2 path is measured on any x86 host.
 *
 * @param arch            {@code os.arch}
 * @param vectorBits      the preferred float vector width in bits, 0 without the Vector API
 * @param vectorRegisters vector registers assumed by the tile choice (32: AVX-512, aarch64; 16: AVX2/AVX/SSE)
 * @param useAvx          HotSpot's UseAVX (3 = AVX-512, 2 = AVX2, 1 = AVX, 0 = SSE), -1 where not x86
 */
public record Isa(String arch, int vectorBits, int vectorRegisters, int useAvx) {

    /** A short human-readable name, e.g. {@code x86_64 AVX2 (UseAVX=2), 256-bit, 16 registers}. */
    public String describe() {
        String ext = switch (useAvx) {
            case 3 -> " AVX-512";
            case 2 -> " AVX2";
            case 1 -> " AVX";
            case 0 -> " SSE";
            default -> isArm() ? " NEON/SVE" : "";
        };
        String avx = useAvx >= 0 ? " (UseAVX=" + useAvx + ")" : "";
        String width = vectorBits > 0 ? vectorBits + "-bit vectors" : "no Vector API";
        return arch + ext + avx + ", " + width + ", " + vectorRegisters + " vector registers";
    }

    boolean isArm() {
        return arch.equals("aarch64") || arch.startsWith("arm");
    }

    /** This JVM's instruction set. */
    public static Isa detect() {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        int bits = preferredBits();
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86");
        int useAvx = x86 ? useAvxLevel() : -1;
        int registers;
        if (x86) {
            // AVX-512's EVEX encoding doubles the register file (zmm/ymm/xmm 0-31) whatever the vector width
            registers = useAvx >= 3 ? 32 : 16;
        } else if (arch.equals("aarch64")) {
            registers = 32;
        } else {
            registers = 16;
        }
        return new Isa(arch.equals("amd64") ? "x86_64" : arch, bits, registers, useAvx);
    }

    private static int preferredBits() {
        try {
            return Simd.preferredBits();
        } catch (LinkageError absent) {
            return 0;   // jdk.incubator.vector is not in this JVM's module graph (e.g. Fiji without the flag)
        }
    }

    /** HotSpot's UseAVX after it has clamped the flag to what the CPU supports; -1 if unreadable. */
    private static int useAvxLevel() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(bean.getVMOption("UseAVX").getValue());
        } catch (RuntimeException | LinkageError unavailable) {
            return -1;  // not HotSpot, or no jdk.management module
        }
    }
}
