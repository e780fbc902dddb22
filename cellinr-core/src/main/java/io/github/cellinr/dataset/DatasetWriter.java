package io.github.cellinr.dataset;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a dataset folder one frame at a time (frames of any sequence, in any order, from several threads),
 * so that memory holds one frame per worker however large the dataset. Everything goes to a staging folder;
 * {@link #finish} writes {@code dataset.json} and {@code provenance.json} last and renames the folder into
 * place. Without {@code finish}, {@link #close()} removes the staging folder.
 *
 * <pre>{@code
 * try (DatasetWriter w = DatasetWriter.create(out, new DatasetWriter.Settings(64, 12.5, 0.6, Precision.F16), false)) {
 *     int s = w.addSequence("01_0001", "01/man_track.txt label 1", SequenceInfo.evenTimes(30), -1);
 *     for (int t = 0; t < 30; t++) w.writeFrame(s, t, sdfOfFrame(t), null);
 *     w.finish(seed, "phantoms", List.of(), Map.of(), provenance);
 * }
 * }</pre>
 */
public final class DatasetWriter implements AutoCloseable {

    /**
     * The grid and storage of a dataset.
     *
     * @param gridSize           N
     * @param micrometresPerUnit micrometres per normalised unit
     * @param nearThresholdUm    near/far split
     * @param precision          storage precision
     */
    public record Settings(int gridSize, double micrometresPerUnit, double nearThresholdUm, Precision precision) {
        public Settings {
            if (gridSize < 2 || gridSize > 1290) { // 1290^3 < 2^31 voxels: one frame indexable by int
                throw CellInrException.of("--grid must be 2..1290, got " + gridSize);
            }
            if (!(micrometresPerUnit > 0) || Double.isInfinite(micrometresPerUnit)) {
                throw CellInrException.of("the dataset scale must be positive, got " + micrometresPerUnit
                        + " um per unit");
            }
            if (!(nearThresholdUm >= 0) || Double.isInfinite(nearThresholdUm)) {
                throw CellInrException.of("--near-um must be a non-negative number, got " + nearThresholdUm);
            }
        }

        public int voxels() {
            return gridSize * gridSize * gridSize;
        }

        public double voxelSizeUm() {
            return 2.0 * micrometresPerUnit / (gridSize - 1);
        }
    }

    private final StagingFolder folder;
    private final Settings settings;
    private final List<SequenceState> sequences = new ArrayList<>();
    private boolean finished;

    private DatasetWriter(StagingFolder folder, Settings settings) {
        this.folder = folder;
        this.settings = settings;
    }

    /** Starts a dataset at {@code target} (see {@link StagingFolder} for when an existing folder is replaced). */
    public static DatasetWriter create(Path target, Settings settings, boolean replace) {
        return new DatasetWriter(StagingFolder.create(target, replace), settings);
    }

    public Settings settings() {
        return settings;
    }

    /** Adds a sequence and returns its index. */
    public synchronized int addSequence(String id, String source, double[] times, int divisionFrame) {
        new SequenceInfo(id, source, times, divisionFrame); // validates the times
        int index = sequences.size();
        String base = fileBase(index);
        sequences.add(new SequenceState(id, source, times.clone(), divisionFrame, base + ".sdf", base + ".idx"));
        return index;
    }

    /** The data files' name of the dataset's sequence {@code index}, without extension: {@code seq_0012}. */
    public static String fileBase(int index) {
        return String.format(Locale.ROOT, "seq_%04d", index);
    }

    /** The folder being filled (hidden until {@link #finish}): the sequences' data files are here. */
    public Path path() {
        return folder.path();
    }

    /**
     * The manifest entry of sequence {@code sequence}, all of whose frames are written; its data files are
     * flushed to disk. (A distributed prepare writes each sequence on its own and assembles the manifest.)
     */
    public DatasetManifest.SequenceEntry sequenceEntry(int sequence) {
        SequenceState s;
        synchronized (this) {
            s = sequences.get(sequence);
        }
        synchronized (s) {
            for (int t = 0; t < s.frames.length; t++) {
                if (s.frames[t] == null) {
                    throw new IllegalStateException("frame " + t + " of sequence " + s.id + " was not written");
                }
            }
            force(folder.path().resolve(s.sdfFile));
            force(folder.path().resolve(s.indexFile));
            return new DatasetManifest.SequenceEntry(s.id, s.source, s.times, s.divisionFrame, s.sdfFile,
                    s.indexFile, List.of(s.frames));
        }
    }

    /** {@code dataset.json}'s text for a dataset of {@code settings} with these sequences, as {@link #finish} writes it. */
    public static String manifestJson(Settings settings, long seed, String source,
                                      List<DatasetManifest.SequenceEntry> entries, List<String> notes,
                                      Map<String, Object> preparation) {
        DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT, DatasetManifest.VERSION,
                settings.gridSize(), settings.micrometresPerUnit(), settings.voxelSizeUm(), settings.nearThresholdUm(),
                settings.precision().id(), seed, source, entries, List.copyOf(notes), preparation);
        try {
            return Json.mapper().writeValueAsString(manifest) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("dataset manifest is not serialisable", e);
        }
    }

    /**
     * Stores frame {@code frame} of sequence {@code sequence}: N^3 SDF values in micrometres (negative
     * inside), converted to the dataset's precision; the near/far index is built from the stored values.
     */
    public void writeFrame(int sequence, int frame, float[] sdfUm, DatasetManifest.FrameOrigin origin) {
        SequenceState s;
        synchronized (this) {
            s = sequences.get(sequence);
        }
        int voxels = settings.voxels();
        if (sdfUm.length != voxels) {
            throw new IllegalArgumentException("frame has " + sdfUm.length + " values, the grid needs " + voxels);
        }
        if (frame < 0 || frame >= s.times.length) {
            throw new IllegalArgumentException("frame " + frame + " outside 0.." + (s.times.length - 1));
        }
        Precision precision = settings.precision();
        float[] stored = new float[voxels];
        ByteBuffer data = ByteBuffer.allocate(voxels * precision.bytesPerValue()).order(ByteOrder.LITTLE_ENDIAN);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        int inside = 0;
        for (int v = 0; v < voxels; v++) {
            float value = sdfUm[v];
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("SDF value " + value + " at voxel " + v + " of frame " + frame
                        + " of sequence " + s.id);
            }
            if (precision == Precision.F16) {
                short half = Float16.fromFloat(value);
                data.putShort(half);
                value = Float16.toFloat(half);
            } else {
                data.putFloat(value);
            }
            stored[v] = value;
            min = Math.min(min, value);
            max = Math.max(max, value);
            if (value <= 0) {
                inside++;
            }
        }
        data.flip();
        int[] near = new int[1];
        ByteBuffer index = NearFarBlock.encode(stored, settings.nearThresholdUm(), near);
        long sdfOffset = (long) frame * voxels * precision.bytesPerValue();
        Path sdfFile = folder.path().resolve(s.sdfFile);
        Path indexFile = folder.path().resolve(s.indexFile);
        synchronized (s) {
            if (s.frames[frame] != null) {
                throw new IllegalStateException("frame " + frame + " of sequence " + s.id + " written twice");
            }
            long indexOffset = s.indexBytes;
            writeAt(sdfFile, sdfOffset, data);
            writeAt(indexFile, indexOffset, index);
            s.indexBytes += index.capacity();
            double voxelVolume = Math.pow(settings.voxelSizeUm(), 3);
            s.frames[frame] = new DatasetManifest.FrameEntry(indexOffset, near[0], voxels - near[0], inside,
                    inside * voxelVolume, min, max, origin);
        }
    }

    private static void writeAt(Path file, long offset, ByteBuffer buffer) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long position = offset;
            while (buffer.hasRemaining()) {
                position += ch.write(buffer, position);
            }
        } catch (IOException e) {
            throw AtomicFiles.writeError(file, e);
        }
    }

    /**
     * Completes the dataset: checks every frame was written, flushes the data files to disk, writes
     * {@code dataset.json} and {@code provenance.json}, and renames the folder into place.
     *
     * @return the dataset folder
     */
    public synchronized Path finish(long seed, String source, List<String> notes, Map<String, Object> preparation,
                                    Provenance provenance) {
        if (finished) {
            throw new IllegalStateException("finish called twice");
        }
        if (sequences.isEmpty()) {
            throw CellInrException.of(folder.target(), "no cell sequence to write: the dataset would be empty");
        }
        List<DatasetManifest.SequenceEntry> entries = new ArrayList<>();
        for (int s = 0; s < sequences.size(); s++) {
            entries.add(sequenceEntry(s));
        }
        String manifest = manifestJson(settings, seed, source, entries, notes, preparation);
        provenance.writeTo(folder.path());
        AtomicFiles.writeString(folder.path().resolve(DatasetManifest.FILE_NAME), manifest);
        Path target = folder.publish();
        finished = true;
        return target;
    }

    private static void force(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(false);
        } catch (IOException e) {
            throw AtomicFiles.writeError(file, e);
        }
    }

    @Override
    public void close() {
        folder.close();
    }

    private static final class SequenceState {
        final String id;
        final String source;
        final double[] times;
        final int divisionFrame;
        final String sdfFile;
        final String indexFile;
        final DatasetManifest.FrameEntry[] frames;
        long indexBytes;

        SequenceState(String id, String source, double[] times, int divisionFrame, String sdfFile, String indexFile) {
            this.id = id;
            this.source = source;
            this.times = times;
            this.divisionFrame = divisionFrame;
            this.sdfFile = sdfFile;
            this.indexFile = indexFile;
            this.frames = new DatasetManifest.FrameEntry[times.length];
        }
    }
}
