package io.github.cellinr.shape;

import io.github.cellinr.io.Lineage;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The one implementation behind {@link LabelSeries}'s factories: every series is a name, a frame count, three
 * per-index functions (frame number, frame description, reader) and a fixed lineage and source.
 */
final class FunctionalLabelSeries implements LabelSeries {
    private final String name;
    private final int frameCount;
    private final IntUnaryOperator frameNumber;
    private final IntFunction<String> frameFile;
    private final IntFunction<LabelFrame> reader;
    private final Optional<Lineage> lineage;
    private final Path source;

    FunctionalLabelSeries(String name, int frameCount, IntUnaryOperator frameNumber, IntFunction<String> frameFile,
                          IntFunction<LabelFrame> reader, Optional<Lineage> lineage, Path source) {
        this.name = name;
        this.frameCount = frameCount;
        this.frameNumber = Objects.requireNonNull(frameNumber);
        this.frameFile = Objects.requireNonNull(frameFile);
        this.reader = Objects.requireNonNull(reader);
        this.lineage = Objects.requireNonNull(lineage);
        this.source = source;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int frameCount() {
        return frameCount;
    }

    @Override
    public int frameNumber(int index) {
        return frameNumber.applyAsInt(index);
    }

    @Override
    public String frameFile(int index) {
        return frameFile.apply(index);
    }

    @Override
    public LabelFrame read(int index) {
        return reader.apply(index);
    }

    @Override
    public Optional<Lineage> lineage() {
        return lineage;
    }

    @Override
    public Path source() {
        return source;
    }
}
