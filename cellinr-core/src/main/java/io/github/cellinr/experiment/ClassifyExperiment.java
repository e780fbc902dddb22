package io.github.cellinr.experiment;

import io.github.cellinr.core.Seeds;
import io.github.cellinr.dataset.MappedSdfDataset;
import io.github.cellinr.eval.NearestCentroid;
import io.github.cellinr.eval.Pca;
import io.github.cellinr.eval.Summary;
import io.github.cellinr.eval.Tsne;
import io.github.cellinr.eval.report.Charts;
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
 * Paper section 5.8 (Fig. 13): one equivariant model trained on all three phantom types; the t-SNE of its codes
 * coloured by type, and how well a nearest-centroid classifier in latent space tells the type of a sequence it
 * did not fit the centroids on (leave-one-out), with the confusion table.
 */
public final class ClassifyExperiment implements Experiment {

    record Sizes(int perType, int frames, int volume, int grid, int epochs) {
    }

    static Sizes sizes(boolean quick) {
        return quick ? new Sizes(4, 3, 48, 24, 25) : new Sizes(10, 10, 96, 64, 80);
    }

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String reproduces() {
        return "5.8 (cell classification based on a latent code): Fig. 13";
    }

    @Override
    public String title() {
        return "One model on all three phantom types: t-SNE of the codes by type, nearest-centroid accuracy";
    }

    @Override
    public String description(boolean quick) {
        Sizes z = sizes(quick);
        return String.format(Locale.ROOT, "%d sequences of each phantom type (growing for Platynereis, dividing for"
                + " C. elegans, filopodial for A549), %d frames each, prepared into one cube and learned by one"
                + " equivariant model without any label. Its %d codes are embedded by t-SNE and coloured by type"
                + " (Fig. 13); the paper shows the clusters, and here a nearest-centroid classifier in the 64-dimensional"
                + " latent space, each code classified by the centroids of the others (leave-one-out), measures"
                + " how well the type can be read from the code.", z.perType(), z.frames(), 3 * z.perType());
    }

    @Override
    public Scaling scaling(boolean quick) {
        Sizes z = sizes(quick);
        return new Scaling()
                .add("data", "Platynereis, C. elegans and A549 segmentations", "growing, dividing and filopodial"
                        + " phantoms")
                .add("sequences", "3 x 33 = 99", "3 x " + z.perType() + " = " + 3 * z.perType())
                .add("frames per sequence", 30, z.frames())
                .sdfGrid(z.grid())
                .epochs(z.epochs())
                .samplesPerFrame(quick)
                .add("model", "equivariant, latent 64", "equivariant, latent 64");
    }

    @Override
    public String expectedTime(boolean quick) {
        return quick ? "40 s" : "20 min";
    }

    @Override
    public Outcome run(ExperimentContext c, Report report) {
        Sizes z = sizes(c.quick());
        Map<String, Object> results = new LinkedHashMap<>();
        List<String> headlines = new ArrayList<>();
        try (MappedSdfDataset data = PhantomMix.open(c, "three-types", PhantomMix.specs(z.perType(), z.frames(),
                z.volume(), c.seed()), z.grid(), z.frames())) {
            TrainingOptions o = ModelTraining.equivariant(c, z.epochs()).build();
            CellShapeModel model = ModelTraining.trainOrReuse(c, data, PhantomData.checksum(data), o,
                    c.path("models", "equivariant-three-types"), "equivariant, three types");
            double[][] codes = model.latentCodes();
            List<String> names = new ArrayList<>();
            List<String> classes = new ArrayList<>();
            for (var s : model.sequences()) {
                names.add(s.id());
                classes.add(label(PhantomMix.classOf(s.id())));
            }
            int last = z.frames() - 1;
            List<Reconstructions.FrameScore> scores = Reconstructions.score(model, data, z.grid(), f -> f == last,
                    false, c.threads(), c.progress(), "Dice at the last frame");
            double accuracy = NearestCentroid.leaveOneOutAccuracy(codes, classes);
            Map<String, Map<String, Integer>> confusion = confusion(codes, classes);
            Tsne.Result tsne = Tsne.embed(codes, Tsne.Settings.defaults(Seeds.derive(c.seed(), "experiment.tsne"))
                    .withPerplexity(Math.min(30, (codes.length - 1) / 3.0)), c.progress());
            Pca pca = Pca.of(codes);

            Table.Builder perClass = Table.builder("per-type", "Each type: sequences, Dice of the reconstructions at"
                    + " the last frame (is every type learned?), and the share of its codes classified right",
                    "type", "sequences", "Dice at the last frame", "classified right");
            Map<String, Object> types = new LinkedHashMap<>();
            for (String cls : confusion.keySet()) {
                List<Reconstructions.FrameScore> of = scores.stream()
                        .filter(s -> label(PhantomMix.classOf(s.sequenceId())).equals(cls)).toList();
                Summary d = Stats.summary(of, Reconstructions.FrameScore::dice);
                int n = confusion.get(cls).values().stream().mapToInt(Integer::intValue).sum();
                int right = confusion.get(cls).getOrDefault(cls, 0);
                perClass.row(cls, n, Stats.cell(d), String.format(Locale.ROOT, "%d / %d", right, n));
                types.put(cls, Map.of("sequences", n, "dice_last_frame", Stats.json(d), "classified_right", right));
            }
            List<String> columns = new ArrayList<>(List.of("true type \\ predicted"));
            columns.addAll(confusion.keySet());
            List<List<Object>> rows = new ArrayList<>();
            confusion.forEach((truth, predicted) -> {
                List<Object> row = new ArrayList<>(List.of(truth));
                confusion.keySet().forEach(p -> row.add(predicted.getOrDefault(p, 0)));
                rows.add(row);
            });
            report.addSection("Latent space by cell type (Fig. 13)", String.format(Locale.ROOT, "The %d codes of the"
                    + " model, embedded by t-SNE (perplexity %.3g) and coloured by phantom type. A nearest-centroid"
                    + " classifier in latent space, leave-one-out, assigns %.1f %% of the sequences to their type"
                    + " (chance: 33 %%). %d principal components carry 90 %% of the codes' variance. The paper"
                    + " shows the three cell lines as separate clusters (it reports no accuracy).", codes.length,
                    tsne.perplexity(), 100 * accuracy, pca.componentsFor(0.9)));
            report.addFigure(Charts.embedding("tsne-by-type", "t-SNE of the latent codes by cell type",
                    tsne.embedding(), names, classes));
            report.addTable(new Table("confusion", "Nearest-centroid classification in latent space, leave-one-out:"
                    + " counts of sequences by true (rows) and predicted (columns) type", columns, rows));
            report.addTable(perClass.build());
            report.addFigure(Charts.explainedVariance("pca-codes", Map.of("equivariant", pca)));
            ExperimentViews.add(report, "One of the model's cells (it learned all three types at once).", data, 0,
                    Map.of("reconstructed", model), c.threads());
            results.put("nearest_centroid_loo_accuracy", accuracy);
            results.put("confusion", confusion);
            results.put("types", types);
            results.put("components_for_90", pca.componentsFor(0.9));
            results.put("tsne_kl_divergence", tsne.klDivergence());
            headlines.add(String.format(Locale.ROOT, "nearest-centroid accuracy in latent space (leave-one-out): %.1f%%"
                    + " of %d sequences; confusion %s", 100 * accuracy, codes.length, confusion));
        }
        return new Outcome(results, headlines);
    }

    /** "growing (Platynereis dumerilii)". */
    static String label(String type) {
        return type + " (" + PhantomData.paperCellType(PhantomType.parse(type)) + ")";
    }

    /** Leave-one-out predictions of the nearest-centroid classifier, counted by true and predicted class. */
    static Map<String, Map<String, Integer>> confusion(double[][] codes, List<String> classes) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (String cls : classes) {
            out.computeIfAbsent(cls, k -> new LinkedHashMap<>());
        }
        for (int i = 0; i < codes.length; i++) {
            List<double[]> others = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int j = 0; j < codes.length; j++) {
                if (j != i) {
                    others.add(codes[j]);
                    labels.add(classes.get(j));
                }
            }
            String predicted = NearestCentroid.fit(others.toArray(double[][]::new), labels).predict(codes[i]);
            out.get(classes.get(i)).merge(predicted, 1, Integer::sum);
        }
        return out;
    }
}
