package io.github.cellinr.fiji;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.infer.LatentSampler;
import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.model.CellShapeModel;
import java.util.List;

/** Plugins > CellINR > Generate: new time-evolving cells from sampled latent codes ({@code cellinr generate}). */
public final class GeneratePlugin extends InferencePlugin {

    @Override
    String command() {
        return "Generate";
    }

    @Override
    void fields(Form form) {
        commonFields(form);
        form.choice("Sampler", new String[] {"auto", "mix", "ppca", "gaussian", "near", "gmm"}, "auto")
                .number("Count", 3)
                .choice("Rotation", new String[] {"identity", "random"}, "identity")
                .help("Model: a model folder, or paper-plat (bundled). Frames 0: the model's own count.\n"
                        + "Masks, lineage and meshes are written into Output, one folder per sequence.");
    }

    @Override
    List<Shape> shapes(Form form, CellShapeModel model, long seed) {
        int count = form.integer("Count");
        if (count < 1 || count > 10_000) {
            throw CellInrException.of("count must be between 1 and 10000, got " + count);
        }
        LatentSampler sampler = LatentSampler.of(LatentSampler.Kind.parse(form.choice("Sampler")), model, seed);
        return Shapes.generate(sampler, count, RotationChoice.parse(form.choice("Rotation")), seed, "gen");
    }
}
