package io.github.cellinr.experiment;

import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.DatasetManifest;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.phantom.PhantomDatasets;
import io.github.cellinr.phantom.PhantomGenerator;
import io.github.cellinr.phantom.PhantomSequence;
import io.github.cellinr.phantom.PhantomSpec;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.shape.LabelSeries;
import io.github.cellinr.shape.Prepare;
import io.github.cellinr.shape.PrepareOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Several phantom types in one training set (the paper's section 5.8 model of all three cell lines): the series
 * of every type prepared together, so that they share one cube and one scale (micrometres per unit), which a
 * single model needs. Each series is named {@code <type>-NN}, so a sequence id ({@code growing-01_0001}) says its
 * class.
 */
public final class PhantomMix {
    private PhantomMix() {
    }

    /** The class (phantom type name) of a sequence id made here. */
    public static String classOf(String sequenceId) {
        int dash = sequenceId.indexOf('-');
        return dash > 0 ? sequenceId.substring(0, dash) : sequenceId;
    }

    /** The phantoms of {@code spec}, rasterised on demand, named {@code <type>-NN}. */
    public static List<LabelSeries> series(PhantomSpec spec) {
        List<LabelSeries> out = new ArrayList<>();
        for (PhantomSequence s : PhantomGenerator.sequences(spec)) {
            LabelSeries base = PhantomDatasets.series(s);
            out.add(base.withName(spec.type().cliName() + "-" + base.name()));
        }
        return out;
    }

    /**
     * Prepares the phantoms of every spec into {@code data/<name>} of the run folder as one dataset (or opens the
     * one a previous run left there); the caller closes it.
     */
    public static MappedSdfDataset open(ExperimentContext c, String name, List<PhantomSpec> specs, int grid,
                                        int frames) {
        Path dir = c.path("data", name);
        if (!Files.exists(dir.resolve(DatasetManifest.FILE_NAME))) {
            List<LabelSeries> all = new ArrayList<>();
            StringBuilder what = new StringBuilder();
            for (PhantomSpec spec : specs) {
                all.addAll(series(spec));
                what.append(what.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d %s", spec.count(),
                        spec.type().cliName()));
            }
            c.say("  data %s: %s phantoms x %d frames in one cube, SDF grid %d^3", name, what, frames, grid);
            Provenance.Builder provenance = Provenance.builder(c.command());
            for (PhantomSpec spec : specs) {
                provenance.parameter("phantoms." + spec.type().cliName(), spec.toString());
            }
            Prepare.run(all, dir, PrepareOptions.defaults().withGridSize(grid).withFrames(frames)
                    .withThreads(c.threads()), specs.get(0).seed(), provenance, c.progress());
        }
        return MappedSdfDataset.open(dir);
    }

    /**
     * The model with only the training sequences of one class (same network, their codes and rotations): what a
     * class-conditional sampler is fitted to ({@code LatentSampler.gaussian} or {@code near} of this model draw
     * codes of that class only).
     */
    public static CellShapeModel ofClass(CellShapeModel model, String type) {
        List<SequenceInfo> sequences = new ArrayList<>();
        int l = model.latentSize();
        List<Integer> chosen = new ArrayList<>();
        for (int s = 0; s < model.sequenceCount(); s++) {
            if (classOf(model.sequences().get(s).id()).equals(type)) {
                chosen.add(s);
                sequences.add(model.sequences().get(s));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("the model has no sequence of class " + type);
        }
        float[] allCodes = model.codes();
        float[] allAngles = model.angles();
        float[] codes = new float[chosen.size() * l];
        float[] angles = new float[chosen.size() * 3];
        for (int i = 0; i < chosen.size(); i++) {
            System.arraycopy(allCodes, chosen.get(i) * l, codes, i * l, l);
            System.arraycopy(allAngles, chosen.get(i) * 3, angles, i * 3, 3);
        }
        return CellShapeModel.of(model.config(), sequences, model.decoderParameters(), codes, angles,
                model.provenance(), model.training());
    }

    /** A spec per type, {@code count} sequences of {@code frames} frames in volumes of the given edge. */
    public static List<PhantomSpec> specs(int count, int frames, int volume, long seed) {
        List<PhantomSpec> out = new ArrayList<>();
        for (PhantomType type : PhantomType.values()) {
            out.add(new PhantomSpec(type, count, frames, volume, null, seed));
        }
        return out;
    }
}
