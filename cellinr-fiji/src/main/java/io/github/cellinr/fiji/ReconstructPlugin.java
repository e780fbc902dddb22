package io.github.cellinr.fiji;

import io.github.cellinr.infer.RotationChoice;
import io.github.cellinr.infer.Shape;
import io.github.cellinr.infer.Shapes;
import io.github.cellinr.model.CellShapeModel;
import java.util.Arrays;
import java.util.List;

/** Plugins > CellINR > Reconstruct: a model's training sequences from their codes ({@code cellinr reconstruct}). */
public final class ReconstructPlugin extends InferencePlugin {

    @Override
    String command() {
        return "Reconstruct";
    }

    @Override
    void fields(Form form) {
        commonFields(form);
        form.string("Sequences", "")
                .choice("Rotation", new String[] {"learned", "identity", "random"}, "learned")
                .help("Sequences: ids or 0-based indices, comma separated (empty: all).\n"
                        + "Masks, lineage and meshes are written into Output, one folder per sequence.");
    }

    @Override
    List<Shape> shapes(Form form, CellShapeModel model, long seed) {
        String text = form.text("Sequences");
        List<String> ids = text.isEmpty() ? List.of()
                : Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return Shapes.reconstruct(model, ids, RotationChoice.parse(form.choice("Rotation")), seed);
    }
}
