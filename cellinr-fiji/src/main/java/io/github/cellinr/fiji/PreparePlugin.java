package io.github.cellinr.fiji;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Provenance;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.shape.Prepare;
import io.github.cellinr.shape.PrepareInputs;
import io.github.cellinr.shape.PrepareOptions;
import io.github.cellinr.shape.PrepareSummary;
import io.github.cellinr.shape.TrackingMode;
import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plugins > CellINR > Prepare: masks (CTC folders, label TIFFs, HDF5) to the training dataset of aligned signed
 * distance frames ({@code cellinr prepare}); opens the first sequences' signed distances (micrometres, negative
 * inside) as 32-bit hyperstacks.
 */
public final class PreparePlugin extends CellInrPlugin {

    @Override
    String command() {
        return "Prepare";
    }

    @Override
    void fields(Form form) {
        PrepareOptions d = PrepareOptions.defaults();
        form.directory("Masks", "")
                .directory("Output", "")
                .number("Grid", d.gridSize())
                .number("Frames", d.maxFrames())
                .choice("Tracking", new String[] {"auto", "lineage", "label", "none"}, "auto")
                .number("Min_voxels", d.minVoxels())
                .checkbox("Replace", false)
                .help("Masks: a Cell Tracking Challenge folder, label TIFFs or HDF5.\n"
                        + "Output: the dataset folder to create (Replace: over an earlier CellINR output).");
    }

    @Override
    List<ImagePlus> execute(Form form, ImageJProgress progress) {
        if (form.text("Masks").isEmpty() || form.text("Output").isEmpty()) {
            throw CellInrException.of("masks and output: give both folders");
        }
        Path in = Path.of(form.text("Masks"));
        Path out = Path.of(form.text("Output"));
        PrepareOptions options = PrepareOptions.defaults().withGridSize(form.integer("Grid"))
                .withFrames(form.integer("Frames")).withTracking(TrackingMode.parse(form.choice("Tracking")))
                .withMinVoxels(form.integer("Min_voxels")).withReplace(form.checked("Replace"))
                .withThreads(Runtime.getRuntime().availableProcessors());
        PrepareInputs.Inputs inputs = PrepareInputs.open(in);
        for (String note : inputs.notes()) {
            IJ.log("CellINR Prepare: note: " + note);
        }
        PrepareSummary summary = Prepare.run(inputs.series(), out, options, inputs.seed(),
                Provenance.builder(List.of("fiji", "Prepare", String.valueOf(ij.Macro.getOptions()).strip())),
                progress);
        IJ.log("CellINR Prepare: " + summary.toText().strip().replace("\n", "; "));
        List<ImagePlus> opened = new ArrayList<>();
        try (MappedSdfDataset data = MappedSdfDataset.open(out)) {
            int n = Math.min(MAX_OPENED, data.sequenceCount());
            for (int s = 0; s < n; s++) {
                opened.add(Hyperstacks.sdf(data.info().sequences().get(s).id() + " SDF", data, s));
            }
        }
        return opened;
    }
}
