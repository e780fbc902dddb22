package io.github.cellinr.io;

import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.LabelVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a Cell Tracking Challenge folder one frame at a time, so that a long series never has to be in
 * memory, and publishes it only when complete.
 *
 * <p>Two flavours: a result folder ({@code mask###.tif} + {@code res_track.txt}, what {@code reconstruct}
 * and {@code generate} write) and a ground-truth folder ({@code SEG/man_seg###.tif},
 * {@code TRA/man_track###.tif} + {@code TRA/man_track.txt}, what the phantom generator writes). Frame numbers
 * have 3 digits, 4 for more than 1000 frames. Masks are uint16 TIFFs (uint32 if a label exceeds 65535) with
 * the ImageJ calibration of the volume.
 *
 * <p>Everything goes to a hidden staging folder beside the target. {@link #finish(Lineage)} checks that
 * every frame was written and that the lineage agrees with the masks (each track's label present in every
 * frame from its begin to its end and in no other, as the challenge's evaluation requires), then renames
 * the staging folder to the target, or, when the target exists, moves the files into it with the lineage
 * file last. {@link #close()} without {@code finish} removes the staging folder.
 *
 * <pre>{@code
 * try (CtcWriter out = CtcWriter.result(dir.resolve("01_RES"), frames)) {
 *     for (int t = 0; t < frames; t++) out.writeFrame(t, masks(t));
 *     out.finish(lineage);
 * }
 * }</pre>
 */
public final class CtcWriter implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final int frameCount;
    private final boolean groundTruth;
    private final TiffWriter tiff;
    private final BitSet[] labelsPerFrame;
    private Dimensions dimensions;
    private boolean finished;

    private CtcWriter(Path target, int frameCount, boolean groundTruth, TiffWriter tiff) {
        if (frameCount < 1) {
            throw CellInrException.of(target, "a sequence needs at least one frame, got " + frameCount);
        }
        this.target = target.toAbsolutePath().normalize();
        this.frameCount = frameCount;
        this.groundTruth = groundTruth;
        this.tiff = Objects.requireNonNull(tiff, "tiff");
        this.labelsPerFrame = new BitSet[frameCount];
        Path parent = this.target.getParent();
        AtomicFiles.createDirectories(parent);
        this.staging = parent.resolve("." + this.target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        AtomicFiles.createDirectories(groundTruth ? staging.resolve("SEG") : staging);
        if (groundTruth) {
            AtomicFiles.createDirectories(staging.resolve("TRA"));
        }
    }

    /** A result folder ({@code mask###.tif}, {@code res_track.txt}) of uncompressed TIFFs. */
    public static CtcWriter result(Path folder, int frameCount) {
        return new CtcWriter(folder, frameCount, false, new TiffWriter());
    }

    /** A result folder whose TIFFs are written by {@code tiff} (e.g. with Deflate compression). */
    public static CtcWriter result(Path folder, int frameCount, TiffWriter tiff) {
        return new CtcWriter(folder, frameCount, false, tiff);
    }

    /** A ground-truth folder ({@code NN_GT}: {@code SEG/man_seg###.tif}, {@code TRA/man_track###.tif}, lineage). */
    public static CtcWriter groundTruth(Path folder, int frameCount) {
        return new CtcWriter(folder, frameCount, true, new TiffWriter());
    }

    public static CtcWriter groundTruth(Path folder, int frameCount, TiffWriter tiff) {
        return new CtcWriter(folder, frameCount, true, tiff);
    }

    /** The folder that {@link #finish} publishes. */
    public Path target() {
        return target;
    }

    /**
     * Writes the masks of frame {@code t} (in the ground-truth flavour, as both the segmentation and the
     * tracking markers). Every frame must have the same dimensions.
     */
    public void writeFrame(int t, LabelVolume labels) {
        checkOpen();
        if (t < 0 || t >= frameCount) {
            throw new IllegalArgumentException("frame " + t + " outside 0.." + (frameCount - 1));
        }
        if (labelsPerFrame[t] != null) {
            throw new IllegalStateException("frame " + t + " written twice");
        }
        if (dimensions == null) {
            dimensions = labels.dimensions();
        } else if (!dimensions.equals(labels.dimensions())) {
            throw CellInrException.of(target, "frame " + t + " is " + labels.dimensions() + " but frame dimensions"
                    + " so far were " + dimensions + "; all frames of a sequence must have the same size");
        }
        BitSet present = new BitSet();
        for (int v : labels.labels()) {
            if (v > 0) {
                present.set(v);
            }
        }
        if (groundTruth) {
            tiff.writeLabels(staging.resolve("SEG").resolve(CtcKind.SEGMENTATION.fileName(t, frameCount)), labels);
            tiff.writeLabels(staging.resolve("TRA").resolve(CtcKind.TRACKING.fileName(t, frameCount)), labels);
        } else {
            tiff.writeLabels(staging.resolve(CtcKind.RESULT.fileName(t, frameCount)), labels);
        }
        labelsPerFrame[t] = present;
    }

    /**
     * Adds a small text file (e.g. {@code provenance.json}) to the folder; it is published with the masks,
     * before the lineage file.
     */
    public void writeText(String fileName, String content) {
        checkOpen();
        if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("plain file name expected, got " + fileName);
        }
        AtomicFiles.writeString(staging.resolve(fileName), content);
    }

    /**
     * Checks completeness and the lineage against the masks written, writes the lineage file and publishes
     * the folder.
     *
     * @throws CellInrException naming the target if a frame is missing or the lineage contradicts the masks
     */
    public void finish(Lineage lineage) {
        checkOpen();
        List<Integer> missing = new ArrayList<>();
        for (int t = 0; t < frameCount; t++) {
            if (labelsPerFrame[t] == null) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw CellInrException.of(target, "frames " + abbreviate(missing) + " of " + frameCount
                    + " were not written");
        }
        checkLineage(lineage);
        Path lineageFile = groundTruth ? staging.resolve("TRA").resolve("man_track.txt")
                : staging.resolve("res_track.txt");
        try {
            if (Files.notExists(target)) {
                lineage.write(lineageFile);
                AtomicFiles.publish(staging, target);
            } else {
                if (!Files.isDirectory(target)) {
                    throw CellInrException.of(target, "exists and is a file, not a folder");
                }
                mergeInto(staging, target);
                lineage.write(groundTruth ? target.resolve("TRA").resolve("man_track.txt")
                        : target.resolve("res_track.txt"));
                deleteTree(staging);
            }
        } catch (IOException e) {
            throw AtomicFiles.writeError(target, e);
        }
        finished = true;
    }

    private void checkLineage(Lineage lineage) {
        for (Track track : lineage.tracks()) {
            if (track.end() >= frameCount) {
                throw CellInrException.of(target, "lineage track " + track.label() + " ends in frame " + track.end()
                        + " but the sequence has frames 0.." + (frameCount - 1));
            }
            for (int t = track.begin(); t <= track.end(); t++) {
                if (!labelsPerFrame[t].get(track.label())) {
                    throw CellInrException.of(target, "lineage track " + track.label() + " (frames " + track.begin()
                            + ".." + track.end() + ") is absent from the mask of frame " + t);
                }
            }
        }
        for (int t = 0; t < frameCount; t++) {
            BitSet present = labelsPerFrame[t];
            for (int label = present.nextSetBit(0); label >= 0; label = present.nextSetBit(label + 1)) {
                var track = lineage.track(label);
                if (track.isEmpty()) {
                    throw CellInrException.of(target, "label " + label + " appears in the mask of frame " + t
                            + " but has no lineage track");
                }
                if (!track.get().contains(t)) {
                    throw CellInrException.of(target, "label " + label + " appears in the mask of frame " + t
                            + " but its lineage track covers frames " + track.get().begin() + ".." + track.get().end());
                }
            }
        }
    }

    private static void mergeInto(Path from, Path to) throws IOException {
        AtomicFiles.createDirectories(to);
        List<Path> children;
        try (Stream<Path> list = Files.list(from)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            Path dest = to.resolve(child.getFileName().toString());
            if (Files.isDirectory(child)) {
                mergeInto(child, dest);
            } else {
                AtomicFiles.publish(child, dest);
            }
        }
    }

    private static void deleteTree(Path root) {
        if (Files.notExists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException e) {
            // best effort: a stray hidden staging folder is harmless and named as such
        }
    }

    private static String abbreviate(List<Integer> frames) {
        if (frames.size() <= 8) {
            return frames.toString().replaceAll("[\\[\\]]", "");
        }
        return frames.subList(0, 8).toString().replaceAll("[\\[\\]]", "") + ", ... (" + frames.size() + " in all)";
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("CtcWriter for " + target + " already finished");
        }
    }

    /** Removes the staging folder unless {@link #finish} published it. */
    @Override
    public void close() {
        if (!finished) {
            deleteTree(staging);
            finished = true;
        }
    }
}
