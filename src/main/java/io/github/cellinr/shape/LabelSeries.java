package io.github.cellinr.shape;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.TiffImage;
import io.github.cellinr.io.TiffReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A time series of label volumes that {@code prepare} reads, one frame at a time (twice: once to measure
 * and track, once to compute SDFs), so a long series never sits in memory.
 */
public interface LabelSeries {

    /** A name for ids and messages, e.g. the CTC sequence {@code 01}. */
    String name();

    int frameCount();

    /** The frame number of the i-th frame (as in file names and lineage files). */
    int frameNumber(int index);

    /** The file of the i-th frame, for messages and provenance (a description for in-memory data). */
    String frameFile(int index);

    /** Reads the i-th frame. */
    LabelFrame read(int index);

    /** The lineage ({@code L B E P}), when the series has one. */
    Optional<Lineage> lineage();

    /** The file or folder to checksum for provenance, or null (in memory). */
    Path source();

    /**
     * A frame and what its reader had to assume.
     *
     * @param volume the labels and voxel size
     * @param note   e.g. "no voxel size in the file: 1 um assumed", if anything
     */
    record LabelFrame(LabelVolume volume, Optional<String> note) {
    }

    /** A Cell Tracking Challenge sequence (tracking ground truth, results or segmentations). */
    static LabelSeries ctc(CtcSequence sequence) {
        List<Integer> numbers = new ArrayList<>(sequence.frames().keySet());
        Optional<Lineage> lineage = sequence.readLineage();
        return new LabelSeries() {
            @Override
            public String name() {
                return sequence.name();
            }

            @Override
            public int frameCount() {
                return numbers.size();
            }

            @Override
            public int frameNumber(int index) {
                return numbers.get(index);
            }

            @Override
            public String frameFile(int index) {
                return sequence.frame(numbers.get(index)).toString();
            }

            @Override
            public LabelFrame read(int index) {
                return readTiff(sequence.frame(numbers.get(index)));
            }

            @Override
            public Optional<Lineage> lineage() {
                return lineage;
            }

            @Override
            public Path source() {
                return sequence.folder();
            }
        };
    }

    /** Label TIFFs, one file per frame, in the given order. */
    static LabelSeries tiffFiles(String name, Path source, List<Path> files) {
        return files(name, source, files, LabelSeries::readTiff);
    }

    /** Files read by {@code reader}, one per frame, in the given order. */
    static LabelSeries files(String name, Path source, List<Path> files, java.util.function.Function<Path, LabelFrame> reader) {
        List<Path> list = List.copyOf(files);
        return new LabelSeries() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int frameCount() {
                return list.size();
            }

            @Override
            public int frameNumber(int index) {
                return index;
            }

            @Override
            public String frameFile(int index) {
                return list.get(index).toString();
            }

            @Override
            public LabelFrame read(int index) {
                return reader.apply(list.get(index));
            }

            @Override
            public Optional<Lineage> lineage() {
                return Optional.empty();
            }

            @Override
            public Path source() {
                return source;
            }
        };
    }

    /** Volumes already in memory (tests, programmatic use); frame numbers 0..n-1. */
    static LabelSeries inMemory(String name, List<LabelVolume> frames, Lineage lineageOrNull) {
        List<LabelVolume> list = List.copyOf(frames);
        return new LabelSeries() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int frameCount() {
                return list.size();
            }

            @Override
            public int frameNumber(int index) {
                return index;
            }

            @Override
            public String frameFile(int index) {
                return name + " frame " + index;
            }

            @Override
            public LabelFrame read(int index) {
                return new LabelFrame(list.get(index), Optional.empty());
            }

            @Override
            public Optional<Lineage> lineage() {
                return Optional.ofNullable(lineageOrNull);
            }

            @Override
            public Path source() {
                return null;
            }
        };
    }

    private static LabelFrame readTiff(Path file) {
        TiffImage image = TiffReader.read(file);
        if (image.frames() > 1) {
            throw CellInrException.of(file, "holds " + image.frames() + " time points; prepare reads one 3D frame"
                    + " per file (save each time point as its own TIFF)");
        }
        return new LabelFrame(image.toLabelVolume(), image.isCalibrated() ? Optional.empty()
                : Optional.of(file.getFileName() + " has no voxel size: 1 um assumed (set --voxel-size)"));
    }
}
