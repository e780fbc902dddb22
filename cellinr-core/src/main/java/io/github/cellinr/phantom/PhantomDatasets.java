package io.github.cellinr.phantom;

import io.github.cellinr.core.ProgressSink;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.io.Track;
import io.github.cellinr.shape.LabelSeries;
import io.github.cellinr.shape.Prepare;
import io.github.cellinr.shape.PrepareOptions;
import io.github.cellinr.shape.PrepareSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Phantoms straight into a training dataset, without writing mask files: the programmatic equivalent of
 * {@code cellinr phantom ... --out M} followed by {@code cellinr prepare --in M ...}, giving the same
 * dataset (the phantoms are rasterised on demand, frame by frame).
 *
 * <pre>{@code
 * PrepareSummary s = PhantomDatasets.prepare(
 *         new PhantomSpec(PhantomType.GROWING, 8, 10, 64, null, 1),
 *         dir, PrepareOptions.defaults().withGridSize(64).withFrames(10), ProgressSink.NONE);
 * try (SdfDataset data = MappedSdfDataset.open(s.output())) { ... }
 * }</pre>
 */
public final class PhantomDatasets {

    private PhantomDatasets() {
    }

    /** Generates the phantoms of {@code spec} and prepares them into the dataset folder {@code out}. */
    public static PrepareSummary prepare(PhantomSpec spec, Path out, PrepareOptions options, ProgressSink progress) {
        List<PhantomSequence> sequences = PhantomGenerator.sequences(spec);
        List<LabelSeries> series = new ArrayList<>();
        for (PhantomSequence s : sequences) {
            series.add(series(s));
        }
        List<String> command = List.of("cellinr (programmatic) phantom --type " + spec.type() + " --count "
                + spec.count() + " --frames " + spec.frames() + " --size " + spec.size() + " --seed " + spec.seed()
                + " | prepare");
        Provenance.Builder provenance = Provenance.builder(command);
        provenance.parameter("phantoms", PhantomWriter.provenance(spec, sequences, command).parameters());
        return Prepare.run(series, out, options, spec.seed(), provenance, progress);
    }

    /** A label series that rasterises one phantom sequence on demand (CTC name 01, 02, ...; with lineage). */
    public static LabelSeries series(PhantomSequence sequence) {
        List<Track> tracks = new ArrayList<>();
        for (PhantomTrack t : sequence.tracks()) {
            tracks.add(new Track(t.label(), t.firstFrame(), t.lastFrame(), t.parent()));
        }
        Lineage lineage = Lineage.of(tracks);
        String name = PhantomWriter.sequenceName(sequence.index());
        return LabelSeries.indexed(name, sequence.frameCount(),
                index -> sequence.type() + " phantom " + name + " frame " + index,
                index -> new LabelSeries.LabelFrame(sequence.frame(index), Optional.empty()), Optional.of(lineage),
                null);
    }
}
