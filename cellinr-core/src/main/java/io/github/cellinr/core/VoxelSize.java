package io.github.cellinr.core;

import java.util.Locale;

/**
 * Physical size of one voxel in micrometres, in the (z, y, x) order used by every volume in the project.
 *
 * <p>A 2D image is a volume of depth 1; its z size is kept (usually 1) so that volumes and areas stay
 * well defined.
 */
public record VoxelSize(double zUm, double yUm, double xUm) implements java.io.Serializable {

    public static final VoxelSize UNIT = new VoxelSize(1, 1, 1);

    public VoxelSize {
        if (!(zUm > 0 && yUm > 0 && xUm > 0) || !Double.isFinite(zUm) || !Double.isFinite(yUm)
                || !Double.isFinite(xUm)) {
            throw CellInrException.of(String.format(Locale.ROOT,
                    "voxel size must be three positive finite numbers (um), got z=%s y=%s x=%s", zUm, yUm, xUm));
        }
    }

    public static VoxelSize isotropic(double um) {
        return new VoxelSize(um, um, um);
    }

    /** Parses {@code "Z,Y,X"} (micrometres) or a single number for isotropic voxels. */
    public static VoxelSize parse(String text) {
        String[] parts = text.trim().split("\\s*[,x]\\s*");
        try {
            if (parts.length == 1) {
                return isotropic(Double.parseDouble(parts[0]));
            }
            if (parts.length == 3) {
                return new VoxelSize(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2]));
            }
        } catch (NumberFormatException e) {
            // fall through to the one-line error below
        }
        throw CellInrException.of("voxel size '" + text + "' is not Z,Y,X in micrometres (e.g. 2.0,0.4,0.4)");
    }

    /** Volume of one voxel in cubic micrometres. */
    public double volumeUm3() {
        return zUm * yUm * xUm;
    }

    public boolean isIsotropic() {
        return Math.abs(zUm - xUm) <= 1e-9 * xUm && Math.abs(yUm - xUm) <= 1e-9 * xUm;
    }

    public double minUm() {
        return Math.min(zUm, Math.min(yUm, xUm));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%g,%g,%g", zUm, yUm, xUm);
    }
}
