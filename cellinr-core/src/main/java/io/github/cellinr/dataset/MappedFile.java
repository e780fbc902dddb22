package io.github.cellinr.dataset;

import io.github.cellinr.core.CellInrException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A read-only, little-endian file of any size, memory-mapped lazily in chunks (a single mapping is limited
 * to 2 GiB in Java). Values are read with absolute gets, which are safe from many threads. Offsets must be
 * aligned to the value size so no value straddles a chunk (the dataset format guarantees it).
 */
final class MappedFile implements AutoCloseable {
    static final int DEFAULT_CHUNK_BITS = 30;

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final int chunkBits;
    private final long chunkMask;
    private final AtomicReferenceArray<MappedByteBuffer> chunks;

    MappedFile(Path path, int chunkBits) {
        this.path = path;
        this.chunkBits = chunkBits;
        this.chunkMask = (1L << chunkBits) - 1;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
            this.size = channel.size();
        } catch (IOException e) {
            throw CellInrException.of(path, "cannot open: " + e.getMessage(), e);
        }
        this.chunks = new AtomicReferenceArray<>((int) ((size + chunkMask) >>> chunkBits));
    }

    static MappedFile open(Path path) {
        return new MappedFile(path, DEFAULT_CHUNK_BITS);
    }

    long size() {
        return size;
    }

    private MappedByteBuffer chunk(long offset) {
        int c = (int) (offset >>> chunkBits);
        MappedByteBuffer b = chunks.get(c);
        if (b == null) {
            long start = (long) c << chunkBits;
            try {
                b = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(1L << chunkBits, size - start));
            } catch (IOException e) {
                throw CellInrException.of(path, "cannot map bytes " + start + "..: " + e.getMessage(), e);
            }
            b.order(ByteOrder.LITTLE_ENDIAN);
            if (!chunks.compareAndSet(c, null, b)) {
                b = chunks.get(c);
            }
        }
        return b;
    }

    short getShort(long offset) {
        return chunk(offset).getShort((int) (offset & chunkMask));
    }

    int getInt(long offset) {
        return chunk(offset).getInt((int) (offset & chunkMask));
    }

    float getFloat(long offset) {
        return chunk(offset).getFloat((int) (offset & chunkMask));
    }

    long getLong(long offset) {
        return chunk(offset).getLong((int) (offset & chunkMask));
    }

    @Override
    public void close() {
        try {
            channel.close(); // mappings stay valid until collected; the dataset's views must not be used after close
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
