package io.github.cellinr.eval.report;

import io.github.cellinr.eval.Pca;
import io.github.cellinr.eval.Summary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's figures as {@link Figure}s: descriptor curves with inter-quartile bands (Fig. 4), PCA
 * explained variance (Fig. 7a), Dice against latent size (Fig. 7b), Dice per frame with interpolated
 * frames marked (Fig. 9b), Dice against epoch (Fig. 12e) and 2D embeddings coloured by class (Fig. 13).
 * Each returns the chart and the table of exactly the numbers drawn.
 */
public final class Charts {
    private Charts() {
    }

    public static final int WIDTH = 820;
    public static final int HEIGHT = 480;

    /** The paper's colours: yellow for real shapes, blue for reconstructed, green for synthetic. */
    private static final Map<String, Color> ROLE_COLOURS = Map.of(
            "real", new Color(0xE0, 0xA1, 0x00),
            "reconstructed", new Color(0x1F, 0x6F, 0xC0),
            "synthetic", new Color(0x2C, 0xA0, 0x2C));
    /** Okabe-Ito colours, distinguishable with the common colour-vision deficiencies. */
    private static final Color[] PALETTE = {new Color(0x00, 0x72, 0xB2), new Color(0xE6, 0x9F, 0x00),
        new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7), new Color(0xD5, 0x5E, 0x00),
        new Color(0x56, 0xB4, 0xE9), new Color(0xF0, 0xE4, 0x42), new Color(0x00, 0x00, 0x00)};

    /** One point of a summarised curve: an x value and the summary of the samples there. */
    public record SummaryPoint(double x, Summary summary) {
    }

    /** Colour of series {@code index} named {@code name} (role names keep the paper's colours). */
    public static Color colour(String name, int index) {
        Color c = ROLE_COLOURS.get(name.toLowerCase(java.util.Locale.ROOT));
        return c != null ? c : PALETTE[index % PALETTE.length];
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0xBB, 0xBB, 0xBB));
        s.setPlotGridLinesColor(new Color(0xE6, 0xE6, 0xE6));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleBoxVisible(false);
        s.setAntiAlias(true);
        s.setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setMarkerSize(7);
        return chart;
    }

    private static Color alpha(Color c, int a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
    }

    private static double[] xs(List<SummaryPoint> points) {
        return points.stream().mapToDouble(SummaryPoint::x).toArray();
    }

    /**
     * Fig. 4: a shape descriptor over time, one mean curve and one inter-quartile band per set.
     *
     * @param series set name (real, reconstructed, synthetic, ...) to one summary per frame
     */
    public static Figure descriptorOverTime(String name, String descriptorLabel,
                                            Map<String, List<SummaryPoint>> series) {
        XYChart chart = chart(descriptorLabel + " over time", "Time point", descriptorLabel);
        Table.Builder data = Table.builder(name, descriptorLabel + " per time point", "set", "time_point", "n",
                "mean", "q1", "median", "q3");
        int index = 0;
        for (Map.Entry<String, List<SummaryPoint>> e : series.entrySet()) {
            List<SummaryPoint> pts = e.getValue().stream().filter(p -> p.summary().count() > 0).toList();
            Color c = colour(e.getKey(), index++);
            for (SummaryPoint p : pts) {
                Summary s = p.summary();
                data.row(e.getKey(), (int) p.x(), s.count(), s.mean(), s.q1(), s.median(), s.q3());
            }
            if (pts.isEmpty()) {
                continue;
            }
            int n = pts.size();
            double[] bx = new double[2 * n], by = new double[2 * n];
            for (int i = 0; i < n; i++) {
                bx[i] = pts.get(i).x();
                by[i] = pts.get(i).summary().q3();
                bx[2 * n - 1 - i] = pts.get(i).x();
                by[2 * n - 1 - i] = pts.get(i).summary().q1();
            }
            XYSeries band = chart.addSeries(e.getKey() + " IQR", bx, by);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(alpha(c, 60));
            band.setLineColor(alpha(c, 0));
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
            XYSeries mean = chart.addSeries(e.getKey(), xs(pts),
                    pts.stream().mapToDouble(p -> p.summary().mean()).toArray());
            mean.setLineColor(c);
            mean.setMarkerColor(c);
            mean.setMarker(SeriesMarkers.NONE);
            mean.setLineStyle(new BasicStroke(2.2f));
        }
        ensureNotEmpty(chart);
        return Figure.of(name, descriptorLabel + " at each time point over all sequences of each set: the line is"
                + " the mean, the band the inter-quartile range (paper Fig. 4).", chart, data.build());
    }

    /**
     * Fig. 7a: cumulative explained variance (%) of the principal components of each model's codes.
     */
    public static Figure explainedVariance(String name, Map<String, Pca> models) {
        XYChart chart = chart("PCA of latent codes", "Principal component", "Cumulative explained variance [%]");
        Table.Builder data = Table.builder(name, "Explained variance of the latent codes", "model", "component",
                "explained_variance_ratio", "cumulative_ratio");
        int index = 0;
        for (Map.Entry<String, Pca> e : models.entrySet()) {
            double[] ratio = e.getValue().explainedVarianceRatio();
            double[] cumulative = e.getValue().cumulativeRatio();
            double[] x = new double[ratio.length], y = new double[ratio.length];
            for (int i = 0; i < ratio.length; i++) {
                x[i] = i + 1;
                y[i] = 100 * cumulative[i];
                data.row(e.getKey(), i + 1, ratio[i], cumulative[i]);
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            Color c = colour(e.getKey(), index++);
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        ensureNotEmpty(chart);
        return Figure.of(name, "Cumulative share of the latent codes' variance carried by the leading principal"
                + " components (paper Fig. 7a).", chart, data.build());
    }

    /** Fig. 7b: Dice (mean and standard deviation) against latent code size, log2 axis, one curve per model. */
    public static Figure diceVsLatentSize(String name, Map<String, List<SummaryPoint>> models) {
        XYChart chart = chart("Dice vs latent size", "Latent code size", "Dice");
        // Plotted at log2(size) with ticks labelled 4, 8, 16...: XChart's log axis labels only decades.
        chart.setCustomXAxisTickLabelsFormatter(x -> Math.abs(x - Math.rint(x)) < 1e-6
                ? Long.toString(Math.round(Math.pow(2, x))) : "");
        return meanStdCurves(chart, name, models, "latent_size", x -> Math.log(x) / Math.log(2),
                "Dice of reconstructed and real shapes against the latent code size (mean and standard deviation"
                        + " over sequences; paper Fig. 7b and Table 2).");
    }

    /** Fig. 12e: Dice (mean and standard deviation) against training epoch, one curve per model. */
    public static Figure diceVsEpoch(String name, Map<String, List<SummaryPoint>> models) {
        XYChart chart = chart("Convergence", "Epoch", "Dice");
        return meanStdCurves(chart, name, models, "epoch", x -> x, "Dice of reconstructed and real shapes during training"
                + " (mean and standard deviation over sequences; paper Fig. 12e).");
    }

    /**
     * Mean and standard deviation curves of any quantity, one per series, e.g. Dice against the
     * reconstruction grid per training grid (Fig. 10c) or sphericity against omega_0 (Fig. 11b).
     *
     * @param xColumn CSV column name of the x values
     */
    public static Figure meanStd(String name, String title, String xTitle, String yTitle, String xColumn,
                                 String caption, Map<String, List<SummaryPoint>> series) {
        return meanStdCurves(chart(title, xTitle, yTitle), name, series, xColumn, x -> x, caption);
    }

    private static Figure meanStdCurves(XYChart chart, String name, Map<String, List<SummaryPoint>> models,
                                        String xColumn, java.util.function.DoubleUnaryOperator plotX,
                                        String caption) {
        Table.Builder data = Table.builder(name, chart.getTitle(), "model", xColumn, "n", "mean", "std");
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        int index = 0;
        for (Map.Entry<String, List<SummaryPoint>> e : models.entrySet()) {
            List<SummaryPoint> pts = e.getValue().stream().filter(p -> p.summary().count() > 0).toList();
            for (SummaryPoint p : pts) {
                data.row(e.getKey(), p.x(), p.summary().count(), p.summary().mean(), p.summary().std());
            }
            if (pts.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(e.getKey(), pts.stream().mapToDouble(p -> plotX.applyAsDouble(p.x())).toArray(),
                    pts.stream().mapToDouble(p -> p.summary().mean()).toArray(),
                    pts.stream().mapToDouble(p -> p.summary().std()).toArray());
            Color c = colour(e.getKey(), index++);
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        ensureNotEmpty(chart);
        return Figure.of(name, caption, chart, data.build());
    }

    /**
     * Fig. 9b: Dice per time point (mean and standard deviation over sequences); the frames the model never
     * saw in training are drawn with their own marker and colour.
     */
    public static Figure dicePerFrame(String name, List<SummaryPoint> frames, Set<Integer> interpolatedFrames) {
        XYChart chart = chart("Dice per time point", "Time point", "Dice");
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        Table.Builder data = Table.builder(name, "Dice per time point", "time_point", "interpolated", "n", "mean",
                "std");
        List<SummaryPoint> pts = frames.stream().filter(p -> p.summary().count() > 0).toList();
        for (SummaryPoint p : pts) {
            data.row((int) p.x(), interpolatedFrames.contains((int) p.x()), p.summary().count(), p.summary().mean(),
                    p.summary().std());
        }
        if (!pts.isEmpty()) {
            XYSeries line = chart.addSeries("mean", xs(pts), pts.stream().mapToDouble(p -> p.summary().mean()).toArray());
            line.setLineColor(new Color(0x99, 0x99, 0x99));
            line.setMarker(SeriesMarkers.NONE);
            line.setShowInLegend(false);
        }
        addFramePoints(chart, pts.stream().filter(p -> !interpolatedFrames.contains((int) p.x())).toList(),
                interpolatedFrames.isEmpty() ? "Dice" : "trained", PALETTE[0], SeriesMarkers.CIRCLE);
        addFramePoints(chart, pts.stream().filter(p -> interpolatedFrames.contains((int) p.x())).toList(),
                "interpolated", PALETTE[4], SeriesMarkers.DIAMOND);
        ensureNotEmpty(chart);
        return Figure.of(name, "Dice of reconstructed and real shapes at each time point (mean and standard"
                + " deviation over sequences)" + (interpolatedFrames.isEmpty() ? "."
                : "; time points the model never saw in training are marked as interpolated (paper Fig. 9b)."),
                chart, data.build());
    }

    private static void addFramePoints(XYChart chart, List<SummaryPoint> pts, String label, Color c, Marker marker) {
        if (pts.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(label, xs(pts), pts.stream().mapToDouble(p -> p.summary().mean()).toArray(),
                pts.stream().mapToDouble(p -> p.summary().std()).toArray());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(c);
        s.setLineColor(c);
    }

    /**
     * Fig. 13 (and 6): a 2D embedding (t-SNE) of latent codes, one colour per class.
     *
     * @param names   one name per point (written to the CSV)
     * @param classes one class per point
     */
    public static Figure embedding(String name, String title, double[][] points, List<String> names,
                                   List<String> classes) {
        if (points.length != names.size() || points.length != classes.size()) {
            throw new IllegalArgumentException(points.length + " points, " + names.size() + " names, "
                    + classes.size() + " classes");
        }
        XYChart chart = chart(title, "t-SNE 1", "t-SNE 2");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(9);
        Table.Builder data = Table.builder(name, title, "name", "class", "x", "y");
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < points.length; i++) {
            byClass.computeIfAbsent(classes.get(i), k -> new ArrayList<>()).add(i);
            data.row(names.get(i), classes.get(i), points[i][0], points[i][1]);
        }
        Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS};
        int index = 0;
        for (Map.Entry<String, List<Integer>> e : byClass.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(i -> points[i][0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(i -> points[i][1]).toArray();
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            Color c = PALETTE[index % PALETTE.length];
            s.setMarker(markers[index % markers.length]);
            s.setMarkerColor(alpha(c, 210));
            index++;
        }
        ensureNotEmpty(chart);
        return Figure.of(name, "Two-dimensional t-SNE embedding of the latent codes, one colour per class"
                + " (paper Fig. 13).", chart, data.build());
    }

    /** A chart with no series cannot be painted by XChart: show an empty plot with a note instead. */
    private static void ensureNotEmpty(XYChart chart) {
        if (chart.getSeriesMap().isEmpty()) {
            XYSeries s = chart.addSeries("no data", new double[] {0}, new double[] {0});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(alpha(Color.GRAY, 0));
        }
    }
}
