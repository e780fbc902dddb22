package io.github.cellinr.phantom;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.VoxelSize;
import java.util.Locale;

/**
 * What to generate: {@code count} sequences of {@code frames} frames of one cell type.
 *
 * <p>Geometry: the field of view is a cube of edge {@code size} x the x voxel size. With no voxel size the
 * voxels are isotropic and the field is the type's default ({@link PhantomType#fieldOfViewUm()}); with an
 * anisotropic voxel size (to simulate a microscope's coarser z sampling) the x axis keeps {@code size}
 * voxels and y and z get as many as fill the same field. The field must hold the type's cells.
 *
 * @param type      cell type
 * @param count     number of sequences (each its own CTC sequence folder 01, 02, ...)
 * @param frames    frames per sequence
 * @param size      voxels along x
 * @param voxelSize voxel size in micrometres, or null for isotropic {@code fieldOfView / size}
 * @param seed      root seed of every random choice
 */
public record PhantomSpec(PhantomType type, int count, int frames, int size, VoxelSize voxelSize, long seed) {

    public PhantomSpec {
        if (type == null) {
            throw CellInrException.of("a phantom type is required");
        }
        if (count < 1 || count > 999) {
            throw CellInrException.of("--count must be 1..999 (CTC sequence folders are numbered 01..999), got "
                    + count);
        }
        if (frames < 1 || frames > 9999) {
            throw CellInrException.of("--frames must be 1..9999, got " + frames);
        }
        if (type == PhantomType.DIVIDING && frames < 2) {
            throw CellInrException.of("a dividing phantom needs --frames of at least 2 to divide, got " + frames);
        }
        if (size < 8 || size > 2048) {
            throw CellInrException.of("--size must be 8..2048 voxels, got " + size);
        }
        if (voxelSize != null) {
            double field = size * voxelSize.xUm();
            if (field < type.fieldOfViewUm() - 1e-9) {
                throw CellInrException.of(String.format(Locale.ROOT,
                        "a %s phantom needs a field of view of %.0f um, but --size %d x %.4g um (x voxel) is"
                                + " %.4g um: use --size %d or a larger voxel size", type, type.fieldOfViewUm(),
                        size, voxelSize.xUm(), field, (int) Math.ceil(type.fieldOfViewUm() / voxelSize.xUm())));
            }
        }
        dimensions(size, effectiveVoxelSize(type, size, voxelSize)); // fails early, in one line, if too large
    }

    private static VoxelSize effectiveVoxelSize(PhantomType type, int size, VoxelSize given) {
        return given != null ? given : VoxelSize.isotropic(type.fieldOfViewUm() / size);
    }

    private static Dimensions dimensions(int size, VoxelSize v) {
        double field = size * v.xUm();
        return new Dimensions(Math.max(1, (int) Math.round(field / v.zUm())),
                Math.max(1, (int) Math.round(field / v.yUm())), size);
    }

    /** The voxel size used (the given one, or the isotropic default). */
    public VoxelSize effectiveVoxelSize() {
        return effectiveVoxelSize(type, size, voxelSize);
    }

    /** Volume size in voxels (z, y, x). */
    public Dimensions dimensions() {
        return dimensions(size, effectiveVoxelSize());
    }
}
