package io.github.cellinr.shape;

import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the label that is not a cell. Label 0 always is (the CTC convention); when a volume has no 0 at
 * all, segmentations such as PlantSeg's use their most frequent label for the outside (the Drosophila
 * data: label 1, 70 % of voxels). That label is taken as background when it covers at least
 * {@value #MIN_FRACTION} of the volume and touches its border; the choice is reported.
 */
final class Background {
    static final double MIN_FRACTION = 0.2;

    private Background() {
    }

    static int detect(LabelVolume volume, String file, Set<String> notes) {
        int[] labels = volume.labels();
        for (int v : labels) {
            if (v == 0) {
                return 0;
            }
        }
        Map<Integer, Long> counts = new HashMap<>();
        int run = labels[0];
        long length = 0;
        for (int v : labels) {
            if (v == run) {
                length++;
            } else {
                counts.merge(run, length, Long::sum);
                run = v;
                length = 1;
            }
        }
        counts.merge(run, length, Long::sum);
        int best = 0;
        long bestCount = -1;
        for (var e : counts.entrySet()) {
            if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        double fraction = bestCount / (double) labels.length;
        if (fraction >= MIN_FRACTION && touchesBorder(volume, best)) {
            notes.add(String.format(Locale.ROOT, "%s has no label 0: label %d (%.0f%% of voxels, on the volume"
                    + " border) is taken as background (--background-label sets it)", file, best, 100 * fraction));
            return best;
        }
        notes.add(file + " has no label 0 and no dominant border label: every label is taken as a cell"
                + " (--background-label sets the background)");
        return 0;
    }

    private static boolean touchesBorder(LabelVolume volume, int label) {
        Dimensions d = volume.dimensions();
        for (int z = 0; z < d.depth(); z++) {
            for (int y = 0; y < d.height(); y++) {
                boolean face = z == 0 || z == d.depth() - 1 || y == 0 || y == d.height() - 1;
                if (face) {
                    for (int x = 0; x < d.width(); x++) {
                        if (volume.get(z, y, x) == label) {
                            return true;
                        }
                    }
                } else if (volume.get(z, y, 0) == label || volume.get(z, y, d.width() - 1) == label) {
                    return true;
                }
            }
        }
        return false;
    }
}
