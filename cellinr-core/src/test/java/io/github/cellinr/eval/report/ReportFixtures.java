package io.github.cellinr.eval.report;

import io.github.cellinr.eval.Pca;
import io.github.cellinr.eval.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** A report with one figure of every kind, from seeded synthetic numbers. */
final class ReportFixtures {
    private ReportFixtures() {
    }

    static Summary summary(SplittableRandom r, double centre, double spread, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = centre + spread * (r.nextDouble() - 0.5);
        }
        return Summary.of(v);
    }

    static Report everyFigure() {
        SplittableRandom r = new SplittableRandom(1);
        Report report = new Report("Fixture report <with> \"escapes\" & more");
        report.addSection("Shape descriptors", "Growing cells.\n\nSecond paragraph with <b>no</b> markup.");
        Map<String, List<Charts.SummaryPoint>> series = new LinkedHashMap<>();
        for (String set : List.of("real", "reconstructed", "synthetic")) {
            List<Charts.SummaryPoint> pts = new ArrayList<>();
            for (int t = 0; t < 30; t++) {
                pts.add(new Charts.SummaryPoint(t, summary(r, 500 + 40 * t + (set.equals("synthetic") ? 30 : 0), 200, 33)));
            }
            series.put(set, pts);
        }
        report.addFigure(Charts.descriptorOverTime("volume-over-time", "Volume [um^3]", series));
        report.addTable(Table.builder("ks", "KS p-values", "comparison", "Surface", "Volume", "Sphericity")
                .row("real vs reconstructed", 0.634, 0.252, new Table.Cell("<0.001", 2e-5)).build());
        report.addSection("Latent space", "");
        double[][] codes = new double[40][8];
        for (double[] c : codes) {
            for (int j = 0; j < 8; j++) {
                c[j] = (r.nextDouble() - 0.5) * (8 - j);
            }
        }
        Map<String, Pca> pcas = new LinkedHashMap<>();
        pcas.put("equivariant", Pca.of(codes));
        report.addFigure(Charts.explainedVariance("pca", pcas));
        Map<String, List<Charts.SummaryPoint>> latent = new LinkedHashMap<>();
        for (String model : List.of("equivariant", "non-equivariant")) {
            List<Charts.SummaryPoint> pts = new ArrayList<>();
            for (int size : new int[] {4, 8, 16, 32, 64, 128}) {
                pts.add(new Charts.SummaryPoint(size, summary(r, 0.9 - 0.5 / size, 0.05, 10)));
            }
            latent.put(model, pts);
        }
        report.addFigure(Charts.diceVsLatentSize("dice-latent", latent));
        List<Charts.SummaryPoint> frames = new ArrayList<>();
        for (int t = 0; t < 29; t++) {
            frames.add(new Charts.SummaryPoint(t, summary(r, 0.95 - 0.002 * t, 0.02, 33)));
        }
        report.addFigure(Charts.dicePerFrame("dice-frames", frames, Set.of(1, 2, 3, 5, 6, 7)));
        Map<String, List<Charts.SummaryPoint>> epochs = new LinkedHashMap<>();
        List<Charts.SummaryPoint> e = new ArrayList<>();
        for (int epoch = 100; epoch <= 1000; epoch += 100) {
            e.add(new Charts.SummaryPoint(epoch, summary(r, 1 - 100.0 / (epoch + 100), 0.02, 33)));
        }
        epochs.put("SIREN", e);
        report.addFigure(Charts.diceVsEpoch("dice-epochs", epochs));
        double[][] points = new double[30][2];
        List<String> names = new ArrayList<>(), classes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            points[i][0] = (i % 3) * 10 + r.nextDouble();
            points[i][1] = r.nextDouble();
            names.add("seq" + i);
            classes.add(List.of("growing", "dividing", "filopodial").get(i % 3));
        }
        report.addFigure(Charts.embedding("tsne", "t-SNE of latent codes", points, names, classes));
        return report;
    }
}
