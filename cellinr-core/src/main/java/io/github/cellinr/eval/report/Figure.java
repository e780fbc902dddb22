package io.github.cellinr.eval.report;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Objects;
import javax.imageio.ImageIO;
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
 * any XChart chart with {@link #of}; a picture that is not a chart (a montage of rendered microscopy images)
 * is wrapped with {@link #ofImage} (its SVG embeds the bitmap).
 */
public final class Figure {
    private final String name;
    private final String title;
    private final String caption;
    private final Chart<?, ?> chart;
    private final BufferedImage image;
    private final Table data;

    private Figure(String name, String title, String caption, Chart<?, ?> chart, BufferedImage image, Table data) {
        Table.checkName(name);
        this.name = name;
        this.title = Objects.requireNonNull(title, "title");
        this.caption = Objects.requireNonNull(caption, "caption");
        if ((chart == null) == (image == null)) {
            throw new IllegalArgumentException("a figure is either a chart or an image");
        }
        this.chart = chart;
        this.image = image;
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
        return new Figure(name, chart.getTitle() == null ? name : chart.getTitle(), caption,
                Objects.requireNonNull(chart, "chart"), null, data);
    }

    /**
     * A figure from a bitmap, e.g. a montage of images. The PNG is the bitmap; the SVG embeds it.
     *
     * @param data what the picture shows, one row per panel (written as {@code name.csv})
     */
    public static Figure ofImage(String name, String title, String caption, BufferedImage image, Table data) {
        return new Figure(name, title, caption, null, Objects.requireNonNull(image, "image"), data);
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
        return chart != null ? chart.getWidth() : image.getWidth();
    }

    public int height() {
        return chart != null ? chart.getHeight() : image.getHeight();
    }

    /** The chart (or image) as PNG bytes at its pixel size. */
    public synchronized byte[] png() {
        try {
            if (image != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(image, "png", out);
                return out.toByteArray();
            }
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode figure " + name + " as PNG", e);
        }
    }

    /** The chart as a standalone SVG document (text kept as text, coordinates to 3 decimals). */
    public synchronized String svg() {
        if (image != null) {
            // Batik's own image embedding needs its codec module; a bitmap in an SVG is one element anyway.
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
                    + width() + "\" height=\"" + height() + "\" viewBox=\"0 0 " + width() + " " + height()
                    + "\">\n<!-- CellINR figure " + name + " -->\n<image x=\"0\" y=\"0\" width=\"" + width()
                    + "\" height=\"" + height() + "\" href=\"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(png()) + "\"/>\n</svg>\n";
        }
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
