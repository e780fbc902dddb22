package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.io.MeshFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to write for each sequence.
 *
 * @param mesh        mesh format of the per-frame marching-cubes surfaces, or null for no meshes
 * @param zarr        write the SDF series as OME-Zarr ({@code sdf.ome.zarr})
 * @param minFragment inside components smaller than this fraction of the frame's largest component are left
 *                    out of the label masks (0 keeps every component)
 * @param overwrite   replace an existing sequence folder of the same name (otherwise that is an error)
 */
public record OutputOptions(MeshFormat mesh, boolean zarr, double minFragment, boolean overwrite) {

    /** Default fraction under which a component is a fragment, not a cell. */
    public static final double DEFAULT_MIN_FRAGMENT = 0.01;

    public OutputOptions {
        if (!(minFragment >= 0 && minFragment < 1)) {
            throw CellInrException.of("minimum fragment fraction must be in [0, 1), got " + minFragment);
        }
    }

    /** Masks only, default fragment threshold, no overwriting. */
    public static OutputOptions masksOnly() {
        return new OutputOptions(null, false, DEFAULT_MIN_FRAGMENT, false);
    }

    public OutputOptions withMesh(MeshFormat format) {
        return new OutputOptions(format, zarr, minFragment, overwrite);
    }

    public OutputOptions withZarr(boolean on) {
        return new OutputOptions(mesh, on, minFragment, overwrite);
    }

    public OutputOptions withOverwrite(boolean on) {
        return new OutputOptions(mesh, zarr, minFragment, on);
    }

    public OutputOptions withMinFragment(double fraction) {
        return new OutputOptions(mesh, zarr, fraction, overwrite);
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mesh", mesh == null ? "none" : mesh.extension());
        m.put("zarr", zarr);
        m.put("minFragment", minFragment);
        return m;
    }
}
