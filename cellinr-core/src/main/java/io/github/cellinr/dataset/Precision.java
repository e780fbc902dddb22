package io.github.cellinr.dataset;

import io.github.cellinr.core.CellInrException;
import java.util.Locale;

/** How SDF values are stored on disk. */
public enum Precision {
    /** IEEE half precision (2 bytes): 11 significant bits, 0.016 um steps at 20 um from the surface. */
    F16(2),
    /** IEEE single precision (4 bytes). */
    F32(4);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    public int bytesPerValue() {
        return bytes;
    }

    /** The spelling used on the command line and in dataset.json ({@code f16}, {@code f32}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.id().equalsIgnoreCase(text.strip()) || p.name().equalsIgnoreCase(text.strip())) {
                return p;
            }
        }
        throw CellInrException.of("precision '" + text + "' is not f16 or f32");
    }
}
