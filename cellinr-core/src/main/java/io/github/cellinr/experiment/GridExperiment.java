package io.github.cellinr.experiment;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.dataset.SequenceInfo;
import io.github.cellinr.eval.Summary;
import io.github.cellinr.eval.report.Charts;
import io.github.cellinr.eval.report.Charts.SummaryPoint;
import io.github.cellinr.eval.report.Report;
import io.github.cellinr.eval.report.Table;
import io.github.cellinr.model.CellShapeModel;
import io.github.cellinr.phantom.PhantomType;
import io.github.cellinr.train.TrainingOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Paper section 5.5 (Fig. 10c): the equivariant model trained on the same filopodial sequences sampled on three
 * grids, each model reconstructed on six grids, every reconstruction compared at the last frame with the data on
 * the finest grid (nearest-neighbour upsampling of the coarser masks, as the paper).
 */
public final class GridExperiment implements Experiment {

    record Sizes(int count, int frames, int volume, int[] trainGrids, int[] reconstructionGrids, int reference,
                 int epochs) {
    }

    static Sizes sizes(boolean quick) {
        return quick ? new Sizes(3, 4, 48, new int[] {16, 24, 32}, new int[] {8, 16, 24, 32}, 32, 60)
                : new Sizes(8, 10, 128, new int[] {48, 64, 96}, new int[] {16, 32, 48, 64, 80, 96}, 96, 200);
    }

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public String reproduces() {
        return "5.5 (spatial interpolation and sampling grid): Fig. 10c";
    }

    @Override
    public String title() {
        return "Dice vs training grid and reconstruction grid";
    }

    @Override
    public String description(boolean quick) {
        Sizes z = sizes(quick);
        return String.format(Locale.ROOT, "%d filopodial phantom sequences (the stand-in for A549) of %d frames are"
                + " prepared on the grids %s (the paper: 192, 256 and 384), all in the same cube; one equivariant"
                + " model is trained on each. Each model reconstructs the last frame of every sequence on the grids"
                + " %s (the paper: 64 to 384), and each reconstruction is compared by Dice with the data on the"
                + " %d^3 grid, coarser masks upsampled by nearest neighbour.", z.count(), z.frames(),
                join(z.trainGrids()), join(z.reconstructionGrids()), z.reference());
    }

    @Override
    public Scaling scaling(boolean quick) {
        Sizes z = sizes(quick);
        return new Scaling()
                .filopodialData()
                .sequencesByFrames(z.count(), z.frames())
                .add("training grids", "192, 256, 384", join(z.trainGrids()))
                .add("reconstruction grids", "64, 128, 192, 256, 320, 384", join(z.reconstructionGrids()))
                .add("reference grid", 384, z.reference())
                .add("epochs", "1000 / 2000 / 4000 (until converged)", z.epochs() + " for every grid")
                .samplesPerFrame(quick);
    }

    @Override
    public String expectedTime(boolean quick) {
        return quick ? "1 min" : "20 min";
    }

    @Override
    public Outcome run(ExperimentContext c, Report report) {
        Sizes z = sizes(c.quick());
        PhantomData spec = new PhantomData(PhantomType.FILOPODIAL, z.count(), z.frames(), z.volume(), z.reference());
        Map<String, Object> results = new LinkedHashMap<>();
        List<String> headlines = new ArrayList<>();
        Map<String, List<SummaryPoint>> curves = new LinkedHashMap<>();
        try (MappedSdfDataset reference = spec.open(c, "filopodial-" + z.reference(), c.seed())) {
            // every grid spans the reference's cube, so the voxels of all grids cover the same micrometres
            double extentUm = 2 * reference.info().micrometresPerUnit();
            Map<String, CellShapeModel> trained = new LinkedHashMap<>();
            for (int grid : z.trainGrids()) {
                String name = "model_" + grid;
                CellShapeModel model;
                try (MappedSdfDataset data = grid == z.reference() ? null
                        : spec.withGrid(grid).withExtentUm(extentUm).open(c, "filopodial-" + grid, c.seed())) {
                    MappedSdfDataset train = data == null ? reference : data;
                    requireSameSequences(train, reference);
                    TrainingOptions o = ModelTraining.equivariant(c, z.epochs()).build();
                    model = ModelTraining.trainOrReuse(c, train, PhantomData.checksum(train), o,
                            c.path("models", name), name + " (trained on " + grid + "^3)");
                }
                trained.put("trained on " + grid + "^3", model);
                int last = z.frames() - 1;
                List<SummaryPoint> points = new ArrayList<>();
                Map<String, Object> perGrid = new LinkedHashMap<>();
                for (int edge : z.reconstructionGrids()) {
                    List<Reconstructions.FrameScore> scores = Reconstructions.score(model, reference, edge,
                            f -> f == last, false, c.threads(), c.progress(), "Dice " + name + " at " + edge + "^3");
                    Summary s = Stats.summary(scores, Reconstructions.FrameScore::dice);
                    points.add(Stats.point(edge, s));
                    perGrid.put(Integer.toString(edge), Stats.json(s));
                }
                curves.put(name, points);
                results.put(name, perGrid);
                headlines.add(name + " Dice at the last frame by reconstruction grid: " + points.stream()
                        .map(p -> (int) p.x() + ": " + Stats.meanStd(p.summary())).toList());
            }
            ExperimentViews.add(report, "As the paper's Fig. 10: one filopodial cell reconstructed by the model"
                    + " trained on each grid, shown on the reference grid.", reference, 0, trained, c.threads());
        }
        report.addSection("Dice against training and reconstruction grid (Fig. 10c)", String.format(Locale.ROOT,
                "Dice at the last frame (mean and standard deviation over sequences) of each model's reconstruction"
                        + " on each grid against the data on the %d^3 grid. The paper found the finest reconstruction"
                        + " grid best for every model, and the model trained on the finest grid best overall (given"
                        + " twice the epochs to converge; here every model has the same epochs).", z.reference()));
        report.addFigure(Charts.meanStd("dice-vs-grid", "Dice vs reconstruction grid", "Reconstruction grid edge",
                "Dice", "reconstruction_grid", "Dice of reconstructions and the data on the finest grid at the last"
                        + " frame, against the reconstruction grid, one curve per training grid (paper Fig. 10c).",
                curves));
        List<String> columns = new ArrayList<>(List.of("model (training grid)"));
        for (int edge : z.reconstructionGrids()) {
            columns.add(edge + "^3");
        }
        List<List<Object>> rows = new ArrayList<>();
        curves.forEach((name, points) -> {
            List<Object> row = new ArrayList<>();
            row.add(name);
            points.forEach(p -> row.add(Stats.cell(p.summary())));
            rows.add(row);
        });
        report.addTable(new Table("dice-vs-grid", "Dice (mean \u00b1 std) at the last frame by training grid (rows)"
                + " and reconstruction grid (columns)", columns, rows));
        return new Outcome(results, headlines);
    }

    private static void requireSameSequences(MappedSdfDataset a, MappedSdfDataset b) {
        List<String> ia = a.info().sequences().stream().map(SequenceInfo::id).toList();
        List<String> ib = b.info().sequences().stream().map(SequenceInfo::id).toList();
        if (!ia.equals(ib)) {
            throw CellInrException.of(a.folder(), "holds other sequences than " + b.folder() + " (" + ia + " vs "
                    + ib + "); the grids must hold the same cells");
        }
    }

    static String join(int[] values) {
        StringBuilder b = new StringBuilder();
        for (int v : values) {
            b.append(b.length() == 0 ? "" : ", ").append(v);
        }
        return b.toString();
    }
}
