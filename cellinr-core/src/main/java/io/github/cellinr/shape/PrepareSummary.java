package io.github.cellinr.shape;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code prepare} did, for the command's summary and {@code --json}.
 *
 * @param output             the dataset folder
 * @param sequences          sequences written
 * @param frames             frames written (all sequences)
 * @param singleFrame        sequences of one frame (cells not linked over time)
 * @param divisions          sequences that contain a division (two daughters)
 * @param skippedBorder      sequences skipped because a cell touches the volume border
 * @param skippedSmall       sequences skipped because a cell has fewer than --min-voxels voxels
 * @param skippedFragments   sequences skipped because a cell is under --min-volume-fraction of the median volume
 * @param skippedShort       sequences skipped because they have fewer than --min-frames frames
 * @param skippedTooLarge    sequences skipped because a cell does not fit the grid (listed in outliers)
 * @param truncated          sequences cut short (a label vanished, a frame was missing)
 * @param emptyFrames        input frames with no cell
 * @param gridSize           N
 * @param micrometresPerUnit scale of the normalised coordinates
 * @param voxelSizeUm        grid spacing
 * @param extentRule         what set the grid extent
 * @param medianHalfExtentUm the median aligned half-extent of the sequences
 * @param largestHalfExtentUm the largest aligned half-extent
 * @param diskBytes          size of the dataset folder
 * @param seconds            wall time
 * @param tracking           how each input series was tracked
 * @param background         the background label used per input series
 * @param outliers           one line per sequence skipped as larger than the grid
 * @param notes              everything worth telling the user
 */
public record PrepareSummary(@JsonSerialize(using = ToStringSerializer.class) Path output, int sequences, int frames, int singleFrame, int divisions,
                             int skippedBorder, int skippedSmall, int skippedFragments, int skippedShort,
                             int skippedTooLarge, int truncated, int emptyFrames, int gridSize,
                             double micrometresPerUnit, double voxelSizeUm, String extentRule,
                             double medianHalfExtentUm, double largestHalfExtentUm, long diskBytes, double seconds,
                             Map<String, String> tracking, Map<String, Integer> background, List<String> outliers,
                             List<String> notes) {

    /** Outliers shown in {@link #toText()}; the rest are counted (all are in dataset.json and --json). */
    static final int OUTLIERS_SHOWN = 10;

    /** A short human summary (a few lines). */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "prepared %d sequence%s, %d frame%s of %d^3 in %s (%.1f s)%n",
                sequences, sequences == 1 ? "" : "s", frames, frames == 1 ? "" : "s", gridSize, output, seconds));
        sb.append(String.format(Locale.ROOT, "  scale: %.4g um per unit (grid %.4g um wide, voxel %.4g um); disk %s%n",
                micrometresPerUnit, 2 * micrometresPerUnit, voxelSizeUm, humanBytes(diskBytes)));
        sb.append(String.format(Locale.ROOT, "  extent: %s; median cell half-extent %.3g um (%.0f grid voxels"
                        + " across), largest %.3g um%n", extentRule, medianHalfExtentUm,
                2 * medianHalfExtentUm / voxelSizeUm, largestHalfExtentUm));
        if (divisions > 0) {
            sb.append("  ").append(divisions).append(" sequence").append(divisions == 1 ? "" : "s")
                    .append(" with a division (two daughters after it)").append(System.lineSeparator());
        }
        if (singleFrame > 0) {
            sb.append("  ").append(singleFrame).append(" one-frame sequence").append(singleFrame == 1 ? "" : "s")
                    .append(" (cells not linked over time)").append(System.lineSeparator());
        }
        StringBuilder skipped = new StringBuilder();
        append(skipped, skippedBorder, "cut by the volume border (--keep-border-cells keeps them)");
        append(skipped, skippedSmall, "smaller than --min-voxels");
        append(skipped, skippedFragments, "fragments (under --min-volume-fraction of the median volume)");
        append(skipped, skippedShort, "shorter than --min-frames");
        append(skipped, skippedTooLarge, "larger than the grid (listed below)");
        if (skipped.length() > 0) {
            sb.append("  skipped: ").append(skipped).append(System.lineSeparator());
        }
        if (truncated > 0) {
            sb.append("  ").append(truncated).append(" sequence").append(truncated == 1 ? "" : "s")
                    .append(" cut short (see notes)").append(System.lineSeparator());
        }
        if (emptyFrames > 0) {
            sb.append("  ").append(emptyFrames).append(" input frame").append(emptyFrames == 1 ? "" : "s")
                    .append(" without any cell").append(System.lineSeparator());
        }
        for (int i = 0; i < outliers.size(); i++) {
            if (i == OUTLIERS_SHOWN) {
                sb.append("  ... ").append(outliers.size() - OUTLIERS_SHOWN).append(" more larger than the grid, listed in"
                        + " dataset.json (notes)").append(System.lineSeparator());
                break;
            }
            sb.append("  larger than the grid: ").append(outliers.get(i)).append(System.lineSeparator());
        }
        long others = notes.stream().filter(n -> !n.startsWith("larger than the grid: ")).count();
        int shown = 0;
        for (String note : notes) {
            if (note.startsWith("larger than the grid: ")) {
                continue;
            }
            if (shown++ == 8) {
                sb.append("  ... ").append(others - 8).append(" more notes in dataset.json")
                        .append(System.lineSeparator());
                break;
            }
            sb.append("  note: ").append(note).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, int count, String why) {
        if (count > 0) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(count).append(' ').append(why);
        }
    }

    static String humanBytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
