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
import java.util.function.Function;
import java.util.function.IntFunction;

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

    /** This series under another name (same frames, lineage and source). */
    default LabelSeries withName(String newName) {
        return new FunctionalLabelSeries(newName, frameCount(), this::frameNumber, this::frameFile, this::read,
                lineage(), source());
    }

    /**
     * A series of {@code frameCount} frames numbered 0..frameCount-1, each read on demand by index.
     *
     * @param frameFile the file of a frame, or a description of it for generated or in-memory data
     * @param source    the file or folder to checksum for provenance, or null
     */
    static LabelSeries indexed(String name, int frameCount, IntFunction<String> frameFile,
                               IntFunction<LabelFrame> reader, Optional<Lineage> lineage, Path source) {
        return new FunctionalLabelSeries(name, frameCount, index -> index, frameFile, reader, lineage, source);
    }

    /** A Cell Tracking Challenge sequence (tracking ground truth, results or segmentations). */
    static LabelSeries ctc(CtcSequence sequence) {
        List<Integer> numbers = new ArrayList<>(sequence.frames().keySet());
        return new FunctionalLabelSeries(sequence.name(), numbers.size(), numbers::get,
                index -> sequence.frame(numbers.get(index)).toString(),
                index -> readTiff(sequence.frame(numbers.get(index))), sequence.readLineage(), sequence.folder());
    }

    /** Label TIFFs, one file per frame, in the given order. */
    static LabelSeries tiffFiles(String name, Path source, List<Path> files) {
        return files(name, source, files, LabelSeries::readTiff);
    }

    /** Files read by {@code reader}, one per frame, in the given order. */
    static LabelSeries files(String name, Path source, List<Path> files, Function<Path, LabelFrame> reader) {
        List<Path> list = List.copyOf(files);
        return indexed(name, list.size(), index -> list.get(index).toString(), index -> reader.apply(list.get(index)),
                Optional.empty(), source);
    }

    /** Volumes already in memory (tests, programmatic use); frame numbers 0..n-1. */
    static LabelSeries inMemory(String name, List<LabelVolume> frames, Lineage lineageOrNull) {
        List<LabelVolume> list = List.copyOf(frames);
        return indexed(name, list.size(), index -> name + " frame " + index,
                index -> new LabelFrame(list.get(index), Optional.empty()), Optional.ofNullable(lineageOrNull), null);
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
