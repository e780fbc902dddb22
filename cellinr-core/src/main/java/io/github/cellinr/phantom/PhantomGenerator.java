package io.github.cellinr.phantom;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.Seeds;
import io.github.cellinr.core.VoxelSize;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws phantom sequences from a {@link PhantomSpec}. Sequence i's shape parameters, centre jitter and
 * orientation come from their own streams ({@code Seeds.random(seed, "phantom.<type>.shape", i)} and
 * {@code "phantom.orientation"}), so sequence i is the same whatever the count, and the orientation is
 * uniform on SO(3).
 */
public final class PhantomGenerator {
    /** Largest random offset of a cell from the field's centre, per axis (micrometres). */
    static final double MAX_JITTER_UM = 1.0;

    private PhantomGenerator() {
    }

    /** The sequences of a spec (cheap: nothing is rasterised until {@link PhantomSequence#frame} is called). */
    public static List<PhantomSequence> sequences(PhantomSpec spec) {
        List<PhantomSequence> list = new ArrayList<>(spec.count());
        for (int i = 0; i < spec.count(); i++) {
            list.add(sequence(spec, i));
        }
        return list;
    }

    /** Sequence {@code index} of a spec. */
    public static PhantomSequence sequence(PhantomSpec spec, int index) {
        VoxelSize v = spec.effectiveVoxelSize();
        Dimensions d = spec.dimensions();
        double maxVoxel = Math.max(v.xUm(), Math.max(v.yUm(), v.zUm()));
        double[] field = {d.width() * v.xUm(), d.height() * v.yUm(), d.depth() * v.zUm()};
        double minField = Math.min(field[0], Math.min(field[1], field[2]));
        SplittableRandom random = Seeds.random(spec.seed(), "phantom." + spec.type().cliName() + ".shape", index);
        CellModel cell = switch (spec.type()) {
            case GROWING -> new GrowingCell(random, spec.frames());
            case DIVIDING -> new DividingCell(random, spec.frames(), maxVoxel);
            case FILOPODIAL -> new FilopodialCell(random, spec.frames(), 0.5 * spec.type().fieldOfViewUm() - 2.0);
        };
        Rotation orientation = Rotation.uniform(Seeds.random(spec.seed(), "phantom.orientation", index));
        PhantomSequence placed = new PhantomSequence(index, spec.type(), spec.frames(), d, v,
                new double[3], orientation, cell);
        // keep the cell clear of the border by 1.5 voxels: jitter only as far as the field allows
        double room = 0.5 * (minField - maxVoxel) - 1.5 * maxVoxel - placed.boundingRadiusUm();
        double jitter = Math.max(0, Math.min(MAX_JITTER_UM, room));
        double[] centre = new double[3];
        for (int a = 0; a < 3; a++) {
            double axisVoxel = a == 0 ? v.xUm() : a == 1 ? v.yUm() : v.zUm();
            int n = a == 0 ? d.width() : a == 1 ? d.height() : d.depth();
            centre[a] = 0.5 * (n - 1) * axisVoxel + jitter * (2 * random.nextDouble() - 1);
        }
        return new PhantomSequence(index, spec.type(), spec.frames(), d, v, centre, orientation, cell);
    }
}
