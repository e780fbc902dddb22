package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Rotation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A time-evolving shape to evaluate: a latent code and the rotation it is shown in (the network sees
 * {@code R^T x}).
 *
 * @param name     the sequence's name, used as its output folder name (letters, digits, {@code _ - .})
 * @param latent   the latent code (a copy is kept)
 * @param rotation the rotation of the shape
 * @param origin   how the code was obtained ("training sequence 01_0007", "gaussian sample 3"...)
 */
public record Shape(String name, float[] latent, Rotation rotation, String origin) {

    public Shape {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_.-]+") || name.startsWith(".")) {
            throw CellInrException.of("shape name '" + name + "' must be letters, digits, '_', '-' or '.'"
                    + " and not start with '.'");
        }
        latent = latent.clone();
        for (float v : latent) {
            if (!Float.isFinite(v)) {
                throw CellInrException.of("latent code of '" + name + "' holds a non-finite value");
            }
        }
        Objects.requireNonNull(rotation, "rotation");
        origin = origin == null ? "" : origin;
    }

    @Override
    public float[] latent() {
        return latent.clone();
    }

    /** The shape as provenance records it: code, rotation (matrix and Euler angles), origin. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("origin", origin);
        m.put("latent", latent.clone());
        m.put("rotationEulerRadians", rotation.toEuler());
        m.put("rotationMatrixRowMajor", rotation.matrix());
        return m;
    }
}
