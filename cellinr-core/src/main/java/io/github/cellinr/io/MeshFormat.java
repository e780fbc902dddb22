package io.github.cellinr.io;

import io.github.cellinr.core.CellInrException;
import java.nio.file.Path;
import java.util.Locale;

/** Triangle mesh file formats: binary little-endian PLY, binary STL, Wavefront OBJ. */
public enum MeshFormat {
    PLY("ply"),
    STL("stl"),
    OBJ("obj");

    private final String extension;

    MeshFormat(String extension) {
        this.extension = extension;
    }

    /** File name extension without the dot. */
    public String extension() {
        return extension;
    }

    /** The format named {@code ply}, {@code stl} or {@code obj} (any case), as {@code --mesh} takes it. */
    public static MeshFormat parse(String name) {
        for (MeshFormat f : values()) {
            if (f.extension.equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw CellInrException.of("mesh format '" + name + "' is not one of ply, stl, obj");
    }

    /** The format of a file by its extension. */
    public static MeshFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (MeshFormat f : values()) {
            if (name.endsWith("." + f.extension)) {
                return f;
            }
        }
        throw CellInrException.of(file, "has no mesh extension (.ply, .stl or .obj)");
    }
}
