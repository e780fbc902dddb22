package io.github.cellinr.io;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The file families of the Cell Tracking Challenge layout (celltrackingchallenge.net, "Naming and file
 * content conventions"). Frame numbers have 3 digits, 4 when a sequence has more than 1000 frames.
 */
public enum CtcKind {
    /** Raw images {@code t###.tif}, in a folder {@code NN/}. */
    IMAGES("t", null),
    /** Segmentation ground truth {@code man_seg###.tif}, in {@code NN_GT/SEG/} (often only some frames). */
    SEGMENTATION("man_seg", null),
    /** Tracking ground truth {@code man_track###.tif} with lineage {@code man_track.txt}, in {@code NN_GT/TRA/}. */
    TRACKING("man_track", "man_track.txt"),
    /** A method's result {@code mask###.tif} with lineage {@code res_track.txt}, in {@code NN_RES/}. */
    RESULT("mask", "res_track.txt");

    private final String prefix;
    private final String lineageFile;
    private final Pattern pattern;

    CtcKind(String prefix, String lineageFile) {
        this.prefix = prefix;
        this.lineageFile = lineageFile;
        this.pattern = Pattern.compile(Pattern.quote(prefix) + "(\\d{3,4})\\.tiff?");
    }

    /** The file name before the frame number ({@code t}, {@code man_seg}, {@code man_track}, {@code mask}). */
    public String prefix() {
        return prefix;
    }

    /** The lineage file that goes with this family ({@code man_track.txt}, {@code res_track.txt}), if any. */
    public Optional<String> lineageFileName() {
        return Optional.ofNullable(lineageFile);
    }

    /** Frame number of a file name of this family, or -1 if the name is not one. */
    public int frameOf(String fileName) {
        var m = pattern.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The file name of {@code frame} in a sequence of {@code frameCount} frames (3 digits, 4 above 1000). */
    public String fileName(int frame, int frameCount) {
        int digits = CtcLayout.frameDigits(frameCount);
        if (frame < 0 || frame >= Math.pow(10, digits)) {
            throw new IllegalArgumentException("frame " + frame + " does not fit " + digits + " digits");
        }
        return prefix + String.format(java.util.Locale.ROOT, "%0" + digits + "d", frame) + ".tif";
    }
}
