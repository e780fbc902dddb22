package io.github.cellinr.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A prepared dataset folder opened for reading: the frames stay on disk, memory-mapped, so a dataset of
 * any size (33 sequences x 30 frames x 256^3 is 1 GB per sequence in f32) can be trained on with a small
 * heap. {@link #frame} returns cheap views that any number of threads may read concurrently. Views must
 * not be used after {@link #close()}.
 *
 * <pre>{@code
 * try (SdfDataset data = MappedSdfDataset.open(Path.of("prepared"))) {
 *     SdfFrame f = data.frame(0, 0);
 *     float sdf = f.sdfUm(f.nearVoxel(k));
 * }
 * }</pre>
 */
public final class MappedSdfDataset implements SdfDataset {
    private final Path folder;
    private final DatasetManifest manifest;
    private final DatasetInfo info;
    private final List<MappedFile> files = new ArrayList<>();
    private final Frame[][] frames;

    private MappedSdfDataset(Path folder, DatasetManifest manifest, int chunkBits) {
        this.folder = folder;
        this.manifest = manifest;
        List<SequenceInfo> sequences = new ArrayList<>();
        for (DatasetManifest.SequenceEntry s : manifest.sequences()) {
            sequences.add(new SequenceInfo(s.id(), s.source(), s.times(), s.divisionFrame()));
        }
        this.info = new DatasetInfo(manifest.gridSize(), manifest.micrometresPerUnit(), manifest.nearThresholdUm(),
                sequences, manifest.seed(), manifest.source());
        Precision precision = Precision.parse(manifest.precision());
        int n = manifest.gridSize();
        long voxels = (long) n * n * n;
        this.frames = new Frame[manifest.sequences().size()][];
        try {
            for (int s = 0; s < frames.length; s++) {
                DatasetManifest.SequenceEntry entry = manifest.sequences().get(s);
                MappedFile sdf = new MappedFile(resolve(entry.sdfFile()), chunkBits);
                files.add(sdf);
                MappedFile index = new MappedFile(resolve(entry.indexFile()), chunkBits);
                files.add(index);
                int count = entry.frames().size();
                if (count != entry.times().length) {
                    throw corrupt("sequence " + entry.id() + " lists " + count + " frames but " + entry.times().length
                            + " times");
                }
                long needed = count * voxels * precision.bytesPerValue();
                if (sdf.size() < needed) {
                    throw CellInrException.of(resolve(entry.sdfFile()), "is truncated: " + sdf.size()
                            + " bytes, the dataset needs " + needed);
                }
                frames[s] = new Frame[count];
                for (int t = 0; t < count; t++) {
                    DatasetManifest.FrameEntry fe = entry.frames().get(t);
                    if (fe.nearCount() < 0 || fe.farCount() < 0 || (long) fe.nearCount() + fe.farCount() != voxels
                            || fe.indexOffset() < 0 || fe.indexOffset() % 8 != 0) {
                        throw corrupt("frame " + t + " of sequence " + entry.id() + " has an inconsistent index entry");
                    }
                    long end = fe.indexOffset() + NearFarBlock.bytes((int) voxels);
                    if (index.size() < end) {
                        throw CellInrException.of(resolve(entry.indexFile()), "is truncated: " + index.size()
                                + " bytes, frame " + t + " needs " + end);
                    }
                    frames[s][t] = new Frame(n, sdf, t * voxels * precision.bytesPerValue(), precision == Precision.F16,
                            index, fe.indexOffset(), fe.nearCount(), fe.farCount());
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens the dataset folder written by {@code prepare} (or {@link DatasetWriter}). */
    public static MappedSdfDataset open(Path folder) {
        return open(folder, MappedFile.DEFAULT_CHUNK_BITS);
    }

    /** As {@link #open(Path)} with mapping chunks of 2^chunkBits bytes (tests exercise chunk edges with small ones). */
    static MappedSdfDataset open(Path folder, int chunkBits) {
        return new MappedSdfDataset(folder, readManifest(folder), chunkBits);
    }

    /** Reads and checks {@code dataset.json} of a dataset folder, without opening the data files. */
    public static DatasetManifest readManifest(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw CellInrException.of(folder, Files.exists(folder) ? "is a file, not a prepared dataset folder"
                    : "folder does not exist");
        }
        Path file = folder.resolve(DatasetManifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw CellInrException.of(folder, "is not a prepared dataset (no " + DatasetManifest.FILE_NAME
                    + "; make one with 'cellinr prepare')");
        }
        DatasetManifest m;
        try {
            m = Json.mapper().readValue(file.toFile(), DatasetManifest.class);
        } catch (JsonProcessingException e) {
            throw CellInrException.of(file, "is not valid dataset JSON (" + Json.problem(e) + ")", e);
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read: " + e.getMessage(), e);
        }
        if (m == null || !DatasetManifest.FORMAT.equals(m.format())) {
            throw CellInrException.of(file, "is not a cellinr dataset (format is "
                    + (m == null ? "missing" : m.format()) + ")");
        }
        if (m.formatVersion() != DatasetManifest.VERSION) {
            throw CellInrException.of(file, "has format version " + m.formatVersion() + "; this cellinr reads version "
                    + DatasetManifest.VERSION);
        }
        if (m.sequences() == null || m.sequences().isEmpty()) {
            throw CellInrException.of(file, "lists no sequences");
        }
        if (m.gridSize() < 2 || m.gridSize() > 1290 || !(m.micrometresPerUnit() > 0)) {
            throw CellInrException.of(file, "has an invalid grid size " + m.gridSize() + " or scale "
                    + m.micrometresPerUnit());
        }
        try {
            Precision.parse(m.precision() == null ? "" : m.precision());
        } catch (CellInrException e) {
            throw CellInrException.of(file, e.getMessage());
        }
        for (DatasetManifest.SequenceEntry s : m.sequences()) {
            if (s.id() == null || s.times() == null || s.frames() == null || s.sdfFile() == null || s.indexFile() == null) {
                throw CellInrException.of(file, "has an incomplete sequence entry " + s.id());
            }
        }
        return m;
    }

    private Path resolve(String name) {
        Path p = folder.resolve(name).normalize();
        if (!p.startsWith(folder.normalize()) || name.contains("..")) {
            throw corrupt("names a file outside the dataset: " + name);
        }
        if (!Files.isRegularFile(p)) {
            throw CellInrException.of(p, "is missing from the dataset");
        }
        return p;
    }

    private CellInrException corrupt(String problem) {
        return CellInrException.of(folder.resolve(DatasetManifest.FILE_NAME), problem);
    }

    public Path folder() {
        return folder;
    }

    /** Everything dataset.json records: per-frame volumes, source files and poses, notes, options. */
    public DatasetManifest manifest() {
        return manifest;
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public SdfFrame frame(int sequence, int frame) {
        return frames[sequence][frame];
    }

    @Override
    public void close() {
        for (MappedFile f : files) {
            f.close();
        }
    }

    /** A view of one frame in the mapped files. */
    private static final class Frame implements SdfFrame {
        private final int n;
        private final int voxels;
        private final MappedFile sdf;
        private final long sdfOffset;
        private final boolean half;
        private final MappedFile index;
        private final long bitmapOffset;
        private final long rankOffset;
        private final int nearCount;
        private final int farCount;
        private final int blocks;

        Frame(int n, MappedFile sdf, long sdfOffset, boolean half, MappedFile index, long indexOffset, int nearCount,
              int farCount) {
            this.n = n;
            this.voxels = n * n * n;
            this.sdf = sdf;
            this.sdfOffset = sdfOffset;
            this.half = half;
            this.index = index;
            this.bitmapOffset = indexOffset;
            this.rankOffset = indexOffset + 8L * NearFarBlock.words(voxels);
            this.nearCount = nearCount;
            this.farCount = farCount;
            this.blocks = NearFarBlock.blocks(voxels);
        }

        @Override
        public int gridSize() {
            return n;
        }

        @Override
        public float sdfUm(int voxel) {
            return half ? Float16.toFloat(sdf.getShort(sdfOffset + 2L * voxel)) : sdf.getFloat(sdfOffset + 4L * voxel);
        }

        @Override
        public int nearCount() {
            return nearCount;
        }

        @Override
        public int nearVoxel(int k) {
            if (k < 0 || k >= nearCount) {
                throw new IndexOutOfBoundsException("near voxel " + k + " of " + nearCount);
            }
            return select(k, true);
        }

        @Override
        public int farCount() {
            return farCount;
        }

        @Override
        public int farVoxel(int k) {
            if (k < 0 || k >= farCount) {
                throw new IndexOutOfBoundsException("far voxel " + k + " of " + farCount);
            }
            return select(k, false);
        }

        /** Voxels of the wanted kind before block b. */
        private int before(int b, boolean near) {
            int nearBefore = index.getInt(rankOffset + 4L * b);
            return near ? nearBefore : b * NearFarBlock.VOXELS_PER_BLOCK - nearBefore;
        }

        /** The k-th near (or far) voxel: binary search over blocks, popcount over words, select in a word. */
        private int select(int k, boolean near) {
            int lo = 0;
            int hi = blocks - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (before(mid, near) <= k) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            int rest = k - before(lo, near);
            int w = lo * NearFarBlock.WORDS_PER_BLOCK;
            while (true) {
                long word = index.getLong(bitmapOffset + 8L * w);
                long bits = near ? word : ~word;
                int count = Long.bitCount(bits);
                if (rest < count) {
                    return (w << 6) + NearFarBlock.selectOne(bits, rest);
                }
                rest -= count;
                w++;
            }
        }
    }
}
