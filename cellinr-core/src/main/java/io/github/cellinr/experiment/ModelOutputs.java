package io.github.cellinr.experiment;

import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.SdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.eval.MaskSequence;
import io.github.cellinr.infer.Inference;
import io.github.cellinr.infer.OutputGrid;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.io.CtcKind;
import io.github.cellinr.io.CtcLayout;
import io.github.cellinr.io.CtcSequence;
import io.github.cellinr.io.Lineage;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.core.ProgressSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The sets an evaluation compares, as {@link MaskSequence}s: the training data (its masks, {@code SDF <= 0}, read
 * from the dataset on demand) and a model's shapes written by the inference stage as Cell Tracking Challenge
 * folders ({@code <name>/masks}, labels and division lineage) and read back one frame at a time.
 */
public final class ModelOutputs {
    private ModelOutputs() {
    }

    /** Sequence {@code s} of a dataset as masks (label 1 inside), named by its id; no lineage. */
    public static MaskSequence dataset(SdfDataset data, int s) {
        SequenceInfo info = data.info().sequences().get(s);
        List<Integer> frames = IntStream.range(0, info.frameCount()).boxed().toList();
        return new MaskSequence() {
            @Override
            public String name() {
                return info.id();
            }

            @Override
            public List<Integer> frames() {
                return frames;
            }

            @Override
            public LabelVolume read(int frame) {
                return Reconstructions.mask(data, s, frame);
            }

            @Override
            public Optional<Lineage> lineage() {
                return Optional.empty();
            }
        };
    }

    /** Every sequence of a dataset whose id {@code select} accepts. */
    public static List<MaskSequence> dataset(SdfDataset data, java.util.function.Predicate<String> select) {
        List<MaskSequence> out = new ArrayList<>();
        for (int s = 0; s < data.sequenceCount(); s++) {
            if (select.test(data.info().sequences().get(s).id())) {
                out.add(dataset(data, s));
            }
        }
        return out;
    }

    /**
     * Writes {@code shapes} of the model into {@code dir} on an {@code edge}^3 grid at {@code frames} evenly spaced
     * times (or reads them if a previous run finished writing them there) and returns them as mask sequences,
     * named as the shapes.
     */
    public static List<MaskSequence> write(CellShapeModel model, List<Shape> shapes, Path dir, int edge, int frames,
                                           int threads, Provenance provenance, ProgressSink progress) {
        if (!Files.exists(dir.resolve(Provenance.FILE_NAME))) {
            Inference.Settings settings = Inference.Settings.of(OutputGrid.ofEdge(edge, model.micrometresPerUnit()),
                    frames).withThreads(threads);
            Inference.write(model, provenance.modelId(), shapes, settings, dir, provenance, progress);
        }
        return read(dir, shapes.stream().map(Shape::name).toList());
    }

    /** The sequences {@code names} written by the inference stage into {@code dir}. */
    public static List<MaskSequence> read(Path dir, List<String> names) {
        List<MaskSequence> out = new ArrayList<>();
        for (String name : names) {
            CtcSequence ctc = CtcLayout.open(dir.resolve(name).resolve("masks"), CtcKind.RESULT);
            MaskSequence base = MaskSequence.of(ctc);
            out.add(new MaskSequence() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public List<Integer> frames() {
                    return base.frames();
                }

                @Override
                public LabelVolume read(int frame) {
                    return base.read(frame);
                }

                @Override
                public Optional<Lineage> lineage() {
                    return base.lineage();
                }
            });
        }
        return out;
    }
}
