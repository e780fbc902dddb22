package io.github.cellinr.shape;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.Track;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns measured frames into cell sequences: which labels of which frames form each training sequence
 * (paper 4.4: up to 30 frames from the cell's inception; for a dividing cell, its two daughters in the
 * frames after the division).
 */
final class SequencePlanner {

    private SequencePlanner() {
    }

    /** The measured frames of one input series. */
    record SeriesScan(LabelSeries series, List<TreeMap<Integer, CellFrame>> cells) {
    }

    /** Frame {@code index} of series {@code series}, with the cell's label or the two daughters' labels. */
    record PlannedFrame(int series, int index, List<Integer> labels) {
    }

    /** A sequence to prepare; {@code divisionFrame} is the first frame with two daughters, or -1. */
    record PlannedSequence(String id, String source, List<PlannedFrame> frames, int divisionFrame) {
    }

    /** Everything the planner decided and why. */
    static final class Plan {
        final List<PlannedSequence> sequences = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final Map<String, String> trackingPerSeries = new java.util.LinkedHashMap<>();
        int skippedBorder;
        int skippedSmall;
        int skippedShort;
        int truncated;
        int singleFrame;
    }

    static Plan plan(List<SeriesScan> scans, PrepareOptions options) {
        Plan plan = new Plan();
        for (int s = 0; s < scans.size(); s++) {
            SeriesScan scan = scans.get(s);
            TrackingMode mode = resolveMode(scan, options.tracking(), plan);
            plan.trackingPerSeries.put(scan.series().name(), mode.id());
            List<PlannedSequence> candidates = switch (mode) {
                case LINEAGE -> byLineage(s, scan, scan.series().lineage().orElseThrow(), options, plan);
                case LABEL -> byLabel(s, scan, options, plan);
                case NONE, AUTO -> oneFrameEach(s, scan);
            };
            for (PlannedSequence candidate : candidates) {
                keepIfUsable(candidate, scans, options, plan);
            }
        }
        return plan;
    }

    private static TrackingMode resolveMode(SeriesScan scan, TrackingMode requested, Plan plan) {
        LabelSeries series = scan.series();
        boolean hasLineage = series.lineage().isPresent();
        switch (requested) {
            case LINEAGE:
                if (!hasLineage) {
                    throw CellInrException.of("--tracking lineage: series " + series.name()
                            + " has no lineage file (man_track.txt or res_track.txt)");
                }
                return TrackingMode.LINEAGE;
            case LABEL:
            case NONE:
                return requested;
            default:
                if (hasLineage) {
                    return TrackingMode.LINEAGE;
                }
                if (series.frameCount() == 1) {
                    return TrackingMode.NONE;
                }
                if (labelsLinked(scan)) {
                    plan.notes.add(series.name() + ": no lineage file; labels are linked over time, so cells are"
                            + " tracked by label (no divisions)");
                    return TrackingMode.LABEL;
                }
                plan.notes.add(series.name() + ": labels are not linked over time (the same label lies in a"
                        + " different place in the next frame): every cell of every frame is a one-frame sequence");
                return TrackingMode.NONE;
        }
    }

    /**
     * Whether the same label is the same cell in consecutive frames: most labels present in both frames of a
     * pair must have moved less than half their radius and kept their volume within a factor of two.
     */
    static boolean labelsLinked(SeriesScan scan) {
        int consistent = 0;
        int common = 0;
        List<TreeMap<Integer, CellFrame>> cells = scan.cells();
        for (int i = 0; i + 1 < cells.size() && i < 10; i++) {
            for (var e : cells.get(i).entrySet()) {
                CellFrame a = e.getValue();
                CellFrame b = cells.get(i + 1).get(e.getKey());
                if (b == null) {
                    continue;
                }
                common++;
                double[] ca = a.centroidUm(), cb = b.centroidUm();
                double d = Math.sqrt(sq(ca[0] - cb[0]) + sq(ca[1] - cb[1]) + sq(ca[2] - cb[2]));
                double radius = Math.cbrt(3 * Math.max(a.volumeUm3(), b.volumeUm3()) / (4 * Math.PI));
                double ratio = a.volumeUm3() / b.volumeUm3();
                if (d <= 0.5 * radius && ratio >= 0.5 && ratio <= 2) {
                    consistent++;
                }
            }
        }
        return common > 0 && consistent * 2 >= common;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static String id(String series, int label) {
        return String.format(Locale.ROOT, "%s_%04d", series, label);
    }

    private static List<PlannedSequence> byLineage(int s, SeriesScan scan, Lineage lineage, PrepareOptions options,
                                                   Plan plan) {
        LabelSeries series = scan.series();
        Map<Integer, Integer> indexOfFrame = new HashMap<>();
        for (int i = 0; i < series.frameCount(); i++) {
            indexOfFrame.put(series.frameNumber(i), i);
        }
        List<PlannedSequence> out = new ArrayList<>();
        for (Track start : lineage.tracks()) {
            if (!options.allTracks() && start.hasParent() && lineage.track(start.parent()).isPresent()) {
                continue;
            }
            List<PlannedFrame> frames = new ArrayList<>();
            List<Integer> current = List.of(start.label());
            int from = start.begin();
            int to = start.end();
            int division = -1;
            String stop = null;
            walk:
            while (frames.size() < options.maxFrames()) {
                for (int t = from; t <= to && frames.size() < options.maxFrames(); t++) {
                    Integer index = indexOfFrame.get(t);
                    if (index == null) {
                        stop = "frame " + t + " has no mask file";
                        break walk;
                    }
                    for (int label : current) {
                        if (!scan.cells().get(index).containsKey(label)) {
                            stop = "label " + label + " is absent from " + series.frameFile(index)
                                    + " although the lineage lists it there";
                            break walk;
                        }
                    }
                    frames.add(new PlannedFrame(s, index, current));
                }
                if (frames.size() >= options.maxFrames() || current.size() == 2) {
                    break;
                }
                List<Track> children = lineage.children(current.get(0));
                if (children.size() == 2 && children.get(0).begin() == to + 1 && children.get(1).begin() == to + 1) {
                    current = List.of(children.get(0).label(), children.get(1).label());
                    from = to + 1;
                    to = Math.min(children.get(0).end(), children.get(1).end());
                    division = frames.size();
                } else if (children.size() == 1 && children.get(0).begin() == to + 1) {
                    current = List.of(children.get(0).label()); // relabelled, same cell
                    from = to + 1;
                    to = children.get(0).end();
                } else {
                    break;
                }
            }
            if (stop != null) {
                plan.truncated++;
                plan.notes.add(series.name() + " track " + start.label() + ": " + stop + "; the sequence keeps the "
                        + frames.size() + (frames.size() == 1 ? " frame" : " frames") + " before it");
            }
            if (division >= frames.size()) {
                division = -1;
            }
            out.add(new PlannedSequence(id(series.name(), start.label()), series.name() + " track " + start.label()
                    + " (" + series.frameFile(frames.isEmpty() ? 0 : frames.get(0).index()) + ")", frames, division));
        }
        return out;
    }

    private static List<PlannedSequence> byLabel(int s, SeriesScan scan, PrepareOptions options, Plan plan) {
        LabelSeries series = scan.series();
        List<TreeMap<Integer, CellFrame>> cells = scan.cells();
        Map<Integer, Integer> firstSeen = new TreeMap<>();
        for (int i = 0; i < cells.size(); i++) {
            for (int label : cells.get(i).keySet()) {
                firstSeen.putIfAbsent(label, i);
            }
        }
        List<PlannedSequence> out = new ArrayList<>();
        for (var e : firstSeen.entrySet()) {
            int label = e.getKey();
            List<PlannedFrame> frames = new ArrayList<>();
            int i = e.getValue();
            while (i < cells.size() && frames.size() < options.maxFrames() && cells.get(i).containsKey(label)) {
                frames.add(new PlannedFrame(s, i, List.of(label)));
                i++;
            }
            if (frames.size() < options.maxFrames() && i < cells.size()) {
                for (int j = i; j < cells.size(); j++) {
                    if (cells.get(j).containsKey(label)) {
                        plan.truncated++;
                        plan.notes.add(series.name() + " label " + label + " vanishes in " + series.frameFile(i)
                                + " and reappears later: the sequence keeps the " + frames.size()
                                + (frames.size() == 1 ? " frame" : " frames") + " before it");
                        break;
                    }
                }
            }
            out.add(new PlannedSequence(id(series.name(), label), series.name() + " label " + label, frames, -1));
        }
        return out;
    }

    private static List<PlannedSequence> oneFrameEach(int s, SeriesScan scan) {
        LabelSeries series = scan.series();
        List<PlannedSequence> out = new ArrayList<>();
        for (int i = 0; i < scan.cells().size(); i++) {
            for (int label : scan.cells().get(i).keySet()) {
                String id = series.frameCount() == 1 ? id(series.name(), label)
                        : String.format(Locale.ROOT, "%s_t%03d_%04d", series.name(), series.frameNumber(i), label);
                out.add(new PlannedSequence(id, series.frameFile(i) + " label " + label,
                        List.of(new PlannedFrame(s, i, List.of(label))), -1));
            }
        }
        return out;
    }

    private static void keepIfUsable(PlannedSequence p, List<SeriesScan> scans, PrepareOptions options, Plan plan) {
        if (p.frames().size() < options.minFrames() || p.frames().isEmpty()) {
            plan.skippedShort++;
            return;
        }
        for (PlannedFrame f : p.frames()) {
            for (int label : f.labels()) {
                CellFrame c = scans.get(f.series()).cells().get(f.index()).get(label);
                if (c.voxelCount() < options.minVoxels()) {
                    plan.skippedSmall++;
                    return;
                }
                if (c.touchesBorder() && !options.keepBorderCells()) {
                    plan.skippedBorder++;
                    return;
                }
            }
        }
        if (p.frames().size() == 1) {
            plan.singleFrame++;
        }
        plan.sequences.add(p);
    }

    static Optional<CellFrame> cell(List<SeriesScan> scans, PlannedFrame f, int label) {
        return Optional.ofNullable(scans.get(f.series()).cells().get(f.index()).get(label));
    }
}
