package io.github.cellinr.eval.report;

import java.awt.Dimension;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.w3c.dom.Document;

/**
 * A figure of a report: one chart, drawn once by XChart and written both as PNG (XChart's bitmap encoder)
 * and as SVG (the same painting onto Apache Batik's {@code SVGGraphics2D}, so both show the same chart),
 * with the numbers it plots as a {@link Table} (CSV).
 *
 * <p>Why not XChart's own SVG export: it goes through VectorGraphics2D (LGPL-3.0), and the usual
 * alternative JFreeSVG is GPL; Batik's generator is Apache-2.0. Build figures with {@link Charts}, or wrap
 * any XChart chart with {@link #of}.
 */
public final class Figure {
    private final String name;
    private final String title;
    private final String caption;
    private final Chart<?, ?> chart;
    private final Table data;

    private Figure(String name, String title, String caption, Chart<?, ?> chart, Table data) {
        Table.checkName(name);
        this.name = name;
        this.title = Objects.requireNonNull(title, "title");
        this.caption = Objects.requireNonNull(caption, "caption");
        this.chart = Objects.requireNonNull(chart, "chart");
        this.data = Objects.requireNonNull(data, "data");
    }

    /**
     * A figure from an XChart chart.
     *
     * @param name    file stem ({@code [a-z0-9_-]+}) of the PNG, SVG and CSV
     * @param caption what the figure shows, in a sentence or two
     * @param data    the plotted numbers (written as {@code name.csv})
     */
    public static Figure of(String name, String caption, Chart<?, ?> chart, Table data) {
        return new Figure(name, chart.getTitle() == null ? name : chart.getTitle(), caption, chart, data);
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    public String caption() {
        return caption;
    }

    public Table data() {
        return data;
    }

    public int width() {
        return chart.getWidth();
    }

    public int height() {
        return chart.getHeight();
    }

    /** The chart as PNG bytes at its pixel size. */
    public synchronized byte[] png() {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode figure " + name + " as PNG", e);
        }
    }

    /** The chart as a standalone SVG document (text kept as text, coordinates to 3 decimals). */
    public synchronized String svg() {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            document = factory.newDocumentBuilder().getDOMImplementation()
                    .createDocument("http://www.w3.org/2000/svg", "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK has no XML DOM", e);
        }
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(document);
        context.setPrecision(3);
        context.setComment("CellINR figure " + name);
        SVGGraphics2D g = new SVGGraphics2D(context, false);
        g.setSVGCanvasSize(new Dimension(width(), height()));
        chart.paint(g, width(), height());
        StringWriter out = new StringWriter();
        try {
            g.stream(out, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write figure " + name + " as SVG", e);
        } finally {
            g.dispose();
        }
        return out.toString();
    }
}
