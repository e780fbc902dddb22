package io.github.cellinr.experiment;

import io.github.cellinr.core.FloatVolume;
import io.github.cellinr.core.LabelVolume;
import io.github.cellinr.eval.report.Figure;
import io.github.cellinr.eval.report.Table;
import io.github.cellinr.eval.view.WrappedText;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A report figure of rendered microscopy images: one row per cell type, one panel per chosen frame, each panel
 * the (2D) image in grey, contrast-stretched between its 0.5th and 99.8th percentiles, with the outline of every
 * labelled cell of its mask drawn in colour on top, so that a reader sees image and annotation agree. Each row is
 * cropped to a square around the cells of all its panels (with a margin), so small cells fill their panels.
 */
public final class Montage {
    private Montage() {
    }

    /**
     * One panel.
     *
     * @param image     a 2D image (depth 1)
     * @param mask      its labels, same size
     * @param caption   shown under the panel (e.g. "t = 12")
     * @param imageFile where the image is, for the figure's CSV
     * @param maskFile  where the mask is
     */
    public record Panel(FloatVolume image, LabelVolume mask, String caption, String imageFile, String maskFile) {
        public Panel {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(mask, "mask");
            if (image.depth() != 1 || !image.dimensions().equals(mask.dimensions())) {
                throw new IllegalArgumentException("a panel needs a 2D image and a mask of the same size, got "
                        + image.dimensions() + " and " + mask.dimensions());
            }
        }
    }

    /** One row: a label (the cell type) and its panels. */
    public record Row(String label, List<Panel> panels) {
        public Row {
            panels = List.copyOf(panels);
        }
    }

    private static final Color[] OUTLINES = {new Color(0xFF, 0xD7, 0x00), new Color(0x00, 0xE5, 0xFF),
        new Color(0xFF, 0x4F, 0xD8), new Color(0x7C, 0xFF, 0x4F), new Color(0xFF, 0x8C, 0x1A)};

    /**
     * The montage as a report figure.
     *
     * @param panelPixels edge of a panel in pixels (images are scaled by whole pixels, nearest neighbour)
     */
    public static Figure figure(String name, String title, String caption, List<Row> rows, int panelPixels) {
        if (rows.isEmpty() || rows.stream().allMatch(r -> r.panels().isEmpty())) {
            throw new IllegalArgumentException("a montage needs at least one panel");
        }
        int columns = rows.stream().mapToInt(r -> r.panels().size()).max().orElse(0);
        Font labelFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        Font captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        int labelWidth = 150;
        int gap = 8;
        int captionHeight = 18;
        int titleHeight = 30;
        int width = labelWidth + columns * (panelPixels + gap) + gap;
        int height = titleHeight + rows.size() * (panelPixels + captionHeight + gap) + gap;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, gap, 20);
        Table.Builder data = Table.builder(name, title, "row", "panel", "caption", "image", "mask", "cells",
                "foreground_pixels", "mean_inside", "mean_outside");
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int top = titleHeight + r * (panelPixels + captionHeight + gap);
            g.setColor(Color.BLACK);
            g.setFont(labelFont);
            WrappedText.draw(g, row.label(), gap, top + panelPixels / 2, labelWidth - 2 * gap);
            int[] crop = crop(row);
            for (int p = 0; p < row.panels().size(); p++) {
                Panel panel = row.panels().get(p);
                int left = labelWidth + p * (panelPixels + gap);
                BufferedImage tile = tile(panel, crop, panelPixels);
                g.drawImage(tile, left + (panelPixels - tile.getWidth()) / 2, top + (panelPixels - tile.getHeight()) / 2,
                        null);
                g.setColor(Color.DARK_GRAY);
                g.setStroke(new BasicStroke(1f));
                g.drawRect(left, top, panelPixels - 1, panelPixels - 1);
                g.setFont(captionFont);
                FontMetrics fm = g.getFontMetrics();
                g.drawString(panel.caption(), left + (panelPixels - fm.stringWidth(panel.caption())) / 2,
                        top + panelPixels + 14);
                double[] stats = insideOutside(panel);
                data.row(row.label(), p + 1, panel.caption(), panel.imageFile(), panel.maskFile(), cells(panel.mask()),
                        (long) stats[2], stats[0], stats[1]);
            }
        }
        g.dispose();
        return Figure.ofImage(name, title, caption, out, data.build());
    }

    /**
     * The square {x0, y0, edge} around the labelled pixels of all panels of a row, 30 % wider, kept inside the
     * image (the whole image when nothing is labelled).
     */
    static int[] crop(Row row) {
        int w = row.panels().get(0).image().width();
        int h = row.panels().get(0).image().height();
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (Panel p : row.panels()) {
            int[] l = p.mask().labels();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (l[y * w + x] != 0) {
                        x0 = Math.min(x0, x);
                        y0 = Math.min(y0, y);
                        x1 = Math.max(x1, x);
                        y1 = Math.max(y1, y);
                    }
                }
            }
        }
        int full = Math.min(w, h);
        if (x1 < 0) {
            return new int[] {0, 0, full};
        }
        int edge = Math.min(full, Math.max(8, (int) Math.ceil(1.3 * Math.max(x1 - x0 + 1, y1 - y0 + 1))));
        int cx = (x0 + x1 + 1) / 2;
        int cy = (y0 + y1 + 1) / 2;
        int left = Math.max(0, Math.min(w - edge, cx - edge / 2));
        int top = Math.max(0, Math.min(h - edge, cy - edge / 2));
        return new int[] {left, top, edge};
    }

    /** The cropped panel scaled by a whole factor to fit, with the mask outlines drawn over the grey image. */
    static BufferedImage tile(Panel panel, int[] crop, int pixels) {
        FloatVolume image = panel.image();
        int w = image.width();
        int h = image.height();
        int edge = crop[2];
        int scale = Math.max(1, pixels / edge);
        float[] v = image.values();
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        double lo = sorted[(int) Math.floor(0.005 * (sorted.length - 1))];
        double hi = sorted[(int) Math.ceil(0.998 * (sorted.length - 1))];
        double range = hi > lo ? hi - lo : 1;
        int[] labels = panel.mask().labels();
        BufferedImage out = new BufferedImage(edge * scale, edge * scale, BufferedImage.TYPE_INT_RGB);
        for (int cy = 0; cy < edge; cy++) {
            for (int cx = 0; cx < edge; cx++) {
                int x = crop[0] + cx;
                int y = crop[1] + cy;
                int i = y * w + x;
                int grey = (int) Math.round(255 * Math.max(0, Math.min(1, (v[i] - lo) / range)));
                int rgb = grey << 16 | grey << 8 | grey;
                int label = labels[i];
                if (label != 0 && boundary(labels, w, h, x, y)) {
                    rgb = OUTLINES[(label - 1) % OUTLINES.length].getRGB() & 0xFFFFFF;
                }
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(cx * scale + dx, cy * scale + dy, rgb);
                    }
                }
            }
        }
        return out;
    }

    /** A labelled pixel with a 4-neighbour of another label (or on the image border). */
    static boolean boundary(int[] labels, int w, int h, int x, int y) {
        int l = labels[y * w + x];
        return x == 0 || y == 0 || x == w - 1 || y == h - 1 || labels[y * w + x - 1] != l
                || labels[y * w + x + 1] != l || labels[(y - 1) * w + x] != l || labels[(y + 1) * w + x] != l;
    }

    private static int cells(LabelVolume mask) {
        return (int) Arrays.stream(mask.labels()).filter(l -> l != 0).distinct().count();
    }

    /** Mean image value inside the cells, outside, and the number of foreground pixels. */
    private static double[] insideOutside(Panel panel) {
        float[] v = panel.image().values();
        int[] l = panel.mask().labels();
        double in = 0;
        double out = 0;
        long nIn = 0;
        for (int i = 0; i < v.length; i++) {
            if (l[i] != 0) {
                in += v[i];
                nIn++;
            } else {
                out += v[i];
            }
        }
        long nOut = v.length - nIn;
        return new double[] {nIn == 0 ? Double.NaN : in / nIn, nOut == 0 ? Double.NaN : out / nOut, nIn};
    }
}
