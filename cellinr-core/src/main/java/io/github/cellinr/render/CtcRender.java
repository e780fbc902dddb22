package io.github.cellinr.render;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Dimensions;
import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.VoxelSize;
import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.io.CtcKind;
import io.github.cellinr.io.CtcLayout;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.TiffWriter;
import io.github.cellinr.io.Track;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Renders Cell Tracking Challenge mask folders into a CTC dataset of images and ground truth:
 * <pre>
 *   OUT/NN/t###.tif                  rendered images (uint8 or uint16, ImageJ calibration)
 *   OUT/NN_GT/SEG/man_seg###.tif     the masks on the images' grid
 *   OUT/NN_GT/TRA/man_track###.tif   the same masks as tracking markers, with TRA/man_track.txt,
 *                                    when the input has a lineage
 *   OUT/mip/NN/..., OUT/mip/NN_GT/... the same for the maximum-intensity projections (with --mip)
 *   OUT/provenance.json              every setting, the seed, input checksums, what each sequence measured
 * </pre>
 * Every mask sequence found under the input is rendered (per sequence name the tracking ground truth is
 * preferred, then a result folder with {@code res_track.txt}, then segmentation ground truth, which must cover
 * every frame). Everything is written into a hidden folder beside OUT and renamed to OUT when complete.
 */
public final class CtcRender {
    private CtcRender() {
    }

    /** One rendered sequence. */
    public record SequenceResult(String name, Path source, CtcKind sourceKind, int firstFrame,
                                 RenderSummary summary, boolean tracking, boolean mipTracking, List<String> notes) {
    }

    /** The rendered dataset. */
    public record Result(Path out, List<SequenceResult> sequences) {
    }

    /**
     * @param voxelOverride voxel size to use instead of the masks' calibration, or null
     * @param command       the command line for provenance
     */
    public static Result run(Path masks, Path out, RenderSettings settings, VoxelSize voxelOverride,
                             List<String> command, ProgressSink progress) {
        Path target = out.toAbsolutePath().normalize();
        requireFreshOutput(target);
        List<CtcSequence> inputs = chooseSequences(masks);
        Path staging = target.resolveSibling("." + target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        AtomicFiles.createDirectories(staging);
        boolean published = false;
        try {
            List<SequenceResult> results = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                CtcSequence input = inputs.get(i);
                results.add(renderSequence(input, outputName(input, i), staging, settings, voxelOverride,
                        progress));
            }
            List<Map<String, Object>> described = new ArrayList<>();
            for (SequenceResult r : results) {
                described.add(describe(r, settings.mip()));
            }
            Provenance provenance = provenance(masks, settings, voxelOverride, command, described);
            if (settings.mip()) {
                provenance.writeTo(staging.resolve("mip"));
            }
            provenance.writeTo(staging);
            publish(staging, target);
            published = true;
            return new Result(target, List.copyOf(results));
        } finally {
            if (!published) {
                deleteTree(staging);
            }
        }
    }

    /**
     * The output name of the {@code index}-th input sequence (0-based, in {@link #chooseSequences} order): its own
     * name when that is a CTC number, else its position, {@code 01, 02, ...}.
     */
    public static String outputName(CtcSequence input, int index) {
        return input.name().matches("\\d+") ? input.name() : String.format(Locale.ROOT, "%02d", index + 1);
    }

    /**
     * Renders one input sequence into {@code root/<name>/} and {@code root/<name>_GT/} (and {@code root/mip/...}),
     * exactly as {@link #run} renders it among others: for callers that spread one run's sequences over several
     * processes or machines (a sequence's images depend only on its masks, its name-independent settings and the
     * seed). Nothing is staged here: the caller publishes {@code root}'s contents.
     */
    public static SequenceResult renderSequence(CtcSequence input, String name, Path root, RenderSettings settings,
                                                VoxelSize voxelOverride, ProgressSink progress) {
        if (!input.isContiguous()) {
            throw CellInrException.of(input.folder(), "sequence " + input.name() + " has " + input.kind().prefix()
                    + " files for only " + input.frameCount() + " of frames " + input.firstFrame() + ".."
                    + input.lastFrame() + "; rendering needs every frame (give the TRA or result folder)");
        }
        Map<Integer, Integer> parents = new TreeMap<>();
        Lineage lineage = input.readLineage().orElse(null);
        if (lineage != null) {
            for (Track track : lineage.tracks()) {
                if (track.hasParent()) {
                    parents.put(track.label(), track.parent());
                }
            }
        }
        int first = input.firstFrame();
        int count = input.frameCount();
        int digitsFor = input.lastFrame() + 1;
        MaskSequence masks = new MaskSequence() {
            @Override
            public int frameCount() {
                return count;
            }

            @Override
            public LabelVolume frame(int t) {
                LabelVolume v = input.readLabels(first + t);
                return voxelOverride == null ? v : v.withVoxelSize(voxelOverride);
            }

            @Override
            public Map<Integer, Integer> parents() {
                return parents;
            }
        };
        boolean tracking = lineage != null;
        Writer volume = new Writer(root, name, settings.camera().bits(), tracking, first, digitsFor);
        Writer mip = settings.mip() ? new Writer(root.resolve("mip"), name, settings.camera().bits(), tracking,
                first, digitsFor) : null;
        RenderSummary summary = new Renderer(settings).render(masks, frame -> {
            volume.write(frame.index(), frame.image(), frame.mask());
            if (mip != null) {
                mip.write(frame.index(), frame.mipImage(), frame.mipMask());
            }
        }, progress);
        List<String> notes = new ArrayList<>();
        if (voxelOverride == null && summary.inputVoxel().equals(VoxelSize.UNIT)) {
            notes.add("the masks carry no voxel size (or 1 um voxels): 1 um was assumed; give --voxel-size Z,Y,X"
                    + " if that is wrong, the PSF is in micrometres");
        }
        boolean volumeTracks = tracking && volume.finishTracking(parents, notes, "3D");
        boolean mipTracks = mip != null && tracking && mip.finishTracking(parents, notes, "projection");
        if (!tracking) {
            notes.add("the input has no lineage file: no TRA ground truth written");
        }
        return new SequenceResult(name, input.folder(), input.kind(), first, summary, volumeTracks, mipTracks,
                List.copyOf(notes));
    }

    /** Writes one CTC sequence (images, SEG, TRA) frame by frame and remembers which labels each frame holds. */
    private static final class Writer {
        private final Path images;
        private final Path gt;
        private final int bits;
        private final boolean tracking;
        private final int first;
        private final int digitsFor;
        private final List<BitSet> present = new ArrayList<>();
        private final TiffWriter tiff = new TiffWriter(TiffWriter.Compression.DEFLATE);

        Writer(Path root, String name, int bits, boolean tracking, int first, int digitsFor) {
            this.images = root.resolve(name);
            this.gt = root.resolve(name + "_GT");
            this.bits = bits;
            this.tracking = tracking;
            this.first = first;
            this.digitsFor = digitsFor;
            AtomicFiles.createDirectories(images);
            AtomicFiles.createDirectories(gt.resolve("SEG"));
            if (tracking) {
                AtomicFiles.createDirectories(gt.resolve("TRA"));
            }
        }

        void write(int index, FloatVolume image, LabelVolume mask) {
            int frame = first + index;
            Dimensions d = image.dimensions();
            float[] v = image.values();
            Path file = images.resolve(CtcKind.IMAGES.fileName(frame, digitsFor));
            if (bits == 8) {
                byte[] pixels = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    pixels[i] = (byte) (int) v[i];
                }
                tiff.writeUint8(file, d, image.voxelSize(), pixels);
            } else {
                short[] pixels = new short[v.length];
                for (int i = 0; i < v.length; i++) {
                    pixels[i] = (short) (int) v[i];
                }
                tiff.writeUint16(file, d, image.voxelSize(), pixels);
            }
            tiff.writeLabels(gt.resolve("SEG").resolve(CtcKind.SEGMENTATION.fileName(frame, digitsFor)), mask);
            if (tracking) {
                tiff.writeLabels(gt.resolve("TRA").resolve(CtcKind.TRACKING.fileName(frame, digitsFor)), mask);
            }
            BitSet labels = new BitSet();
            for (int l : mask.labels()) {
                if (l > 0) {
                    labels.set(l);
                }
            }
            present.add(labels);
        }

        /**
         * Writes {@code TRA/man_track.txt} from the labels present in the written masks (a track begins and ends
         * where its label is first and last seen) and the input's parents. If a label is missing in some frame
         * of its span (a cell thinner than the z step, or hidden in a projection) the CTC format cannot hold it:
         * the TRA folder is removed and the reason noted. Returns whether TRA was kept.
         */
        boolean finishTracking(Map<Integer, Integer> parents, List<String> notes, String what) {
            Map<Integer, int[]> spans = new TreeMap<>();
            for (int t = 0; t < present.size(); t++) {
                BitSet p = present.get(t);
                for (int l = p.nextSetBit(0); l >= 0; l = p.nextSetBit(l + 1)) {
                    int frame = first + t;
                    spans.computeIfAbsent(l, k -> new int[] {frame, frame})[1] = frame;
                }
            }
            String problem = null;
            for (var e : spans.entrySet()) {
                for (int f = e.getValue()[0]; f <= e.getValue()[1] && problem == null; f++) {
                    if (!present.get(f - first).get(e.getKey())) {
                        problem = "label " + e.getKey() + " is missing from frame " + f + " inside its track";
                    }
                }
            }
            Lineage lineage = null;
            if (problem == null) {
                List<Track> tracks = new ArrayList<>();
                spans.forEach((label, span) -> {
                    Integer parent = parents.get(label);
                    tracks.add(new Track(label, span[0], span[1],
                            parent != null && spans.containsKey(parent) ? parent : 0));
                });
                try {
                    lineage = Lineage.of(tracks);
                } catch (CellInrException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                deleteTree(gt.resolve("TRA"));
                notes.add(what + " TRA ground truth not written: " + problem);
                return false;
            }
            lineage.write(gt.resolve("TRA").resolve("man_track.txt"));
            return true;
        }
    }

    /** Per sequence name the best mask family: tracking ground truth, then a result, then segmentation. */
    public static List<CtcSequence> chooseSequences(Path masks) {
        CtcLayout.Discovery found = CtcLayout.discover(masks);
        Map<String, CtcSequence> chosen = new TreeMap<>();
        for (CtcKind kind : new CtcKind[] {CtcKind.TRACKING, CtcKind.RESULT, CtcKind.SEGMENTATION}) {
            for (CtcSequence s : found.ofKind(kind)) {
                chosen.putIfAbsent(s.name(), s);
            }
        }
        if (chosen.isEmpty()) {
            throw CellInrException.of(masks, "holds images but no masks (man_track###.tif, mask###.tif or"
                    + " man_seg###.tif) to render from");
        }
        return List.copyOf(chosen.values());
    }

    private static void requireFreshOutput(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw CellInrException.of(target, "exists and is a file; --out must name a new or empty folder");
        }
        try (Stream<Path> list = Files.list(target)) {
            if (list.findAny().isPresent()) {
                throw CellInrException.of(target, "exists and is not empty; choose a new --out folder");
            }
        } catch (IOException e) {
            throw CellInrException.of(target, "cannot list folder: " + e.getMessage(), e);
        }
    }

    private static void publish(Path staging, Path target) {
        try {
            if (Files.isDirectory(target)) {
                Files.delete(target); // empty, checked before rendering
            }
            AtomicFiles.publish(staging, target);
        } catch (IOException e) {
            throw AtomicFiles.writeError(target, e);
        }
    }

    /**
     * The rendered dataset's provenance: the settings, the seed, the input's checksums and, per sequence, what
     * {@link #describe} made of its result.
     */
    public static Provenance provenance(Path masks, RenderSettings settings, VoxelSize voxelOverride,
                                        List<String> command, List<Map<String, Object>> sequences) {
        Provenance.Builder b = Provenance.builder(command).seed(settings.seed()).input("masks", masks);
        b.parameter("settings", settings);
        if (voxelOverride != null) {
            b.parameter("voxel_size_override_um_zyx", voxelOverride.toString());
        }
        b.parameter("snr_definition", "Cell Tracking Challenge: per cell |mean_fg - mean_bg| / std_bg of the grey"
                + " values, averaged over cells; background = voxels outside every mask where the noise-free"
                + " signal is below 5 % of the mean cell signal");
        b.parameter("projection_mask_rule", "label of the cell whose noise-free blurred signal is brightest"
                + " along the ray; 0 where the ray meets no cell");
        b.parameter("sequences", sequences);
        return b.build();
    }

    /** One sequence's entry in the provenance (source, lineage written, notes, what the renderer measured). */
    public static Map<String, Object> describe(SequenceResult r, boolean mip) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("source", r.source().toAbsolutePath().normalize().toString());
        m.put("source_kind", r.sourceKind().name());
        m.put("first_frame", r.firstFrame());
        m.put("tracking_written", r.tracking());
        if (mip) {
            m.put("projection_tracking_written", r.mipTracking());
        }
        m.put("notes", r.notes());
        m.put("render", r.summary().describe());
        return m;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException e) {
            // best effort: a stray hidden folder is harmless and named as such
        }
    }
}
