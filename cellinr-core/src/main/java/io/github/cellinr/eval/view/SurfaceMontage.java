package io.github.cellinr.eval.view;

import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.eval.report.Figure;
import io.github.cellinr.eval.report.Table;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A report figure of rendered cell surfaces, as the paper's Figs. 5, 8, 9 and 12: one row per cell (real,
 * reconstructed, synthetic...), one panel per time point, each panel rendered by {@link SurfaceRenderer}
 * from the same camera and at the same scale across the whole figure, so that sizes compare between rows
 * and over time (a scale bar in each panel). Each panel is centred on its own cell.
 */
public final class SurfaceMontage {
    private static final int LABEL_WIDTH = 170;
    private static final int GAP = 8;
    private static final int CAPTION = 18;
    private static final int TITLE = 30;

    private SurfaceMontage() {
    }

    /** The colour of a set's surfaces, the same in the montage and the interactive viewer. */
    public static Color colourOf(String set) {
        return switch (set.toLowerCase(Locale.ROOT)) {
            case "real" -> new Color(0x8F, 0xA8, 0xC8);
            case "reconstructed" -> new Color(0xF0, 0x9A, 0x3E);
            case "synthetic" -> new Color(0x6B, 0xC0, 0x6F);
            default -> Color.getHSBColor((set.hashCode() & 0xFFFF) / 65536f, 0.45f, 0.85f);
        };
    }

    /**
     * The montage.
     *
     * @param rows        one cell per row (its meshes are the panels)
     * @param panelPixels edge of a square panel in pixels
     */
    public static Figure figure(String name, String title, String caption, List<SurfaceSeries> rows, int panelPixels) {
        if (rows.isEmpty() || rows.stream().allMatch(r -> r.meshes().isEmpty())) {
            throw new IllegalArgumentException("a surface montage needs at least one mesh");
        }
        int columns = rows.stream().mapToInt(r -> r.meshes().size()).max().orElse(0);
        double radius = 0;
        for (SurfaceSeries r : rows) {
            for (TriangleMesh m : r.meshes()) {
                radius = Math.max(radius, Bounds.of(m).radius());
            }
        }
        // the largest cell fills 90 % of its panel; an all-empty montage still gets a finite scale
        double umPerPixel = radius > 0 ? 2 * radius / (0.9 * panelPixels) : 1;
        int width = LABEL_WIDTH + columns * (panelPixels + GAP) + GAP;
        int height = TITLE + rows.size() * (panelPixels + CAPTION + GAP) + GAP;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, GAP, 20);
        Table.Builder data = Table.builder(name, title, "row", "set", "sequence", "time_point", "triangles",
                "surface_um2", "volume_um3", "um_per_pixel", "covered_pixels");
        Color panelBackground = new Color(0xF6, 0xF6, 0xF6);
        for (int r = 0; r < rows.size(); r++) {
            SurfaceSeries row = rows.get(r);
            int top = TITLE + r * (panelPixels + CAPTION + GAP);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            WrappedText.draw(g, row.label(), GAP, top + panelPixels / 2, LABEL_WIDTH - 2 * GAP);
            for (int p = 0; p < row.meshes().size(); p++) {
                TriangleMesh mesh = row.meshes().get(p);
                int left = LABEL_WIDTH + p * (panelPixels + GAP);
                Bounds b = Bounds.of(mesh);
                SurfaceRenderer.View view = SurfaceRenderer.View.of(panelPixels, panelPixels, umPerPixel, b.centre())
                        .withBackground(panelBackground);
                BufferedImage tile = SurfaceRenderer.render(mesh, colourOf(row.set()), view);
                g.drawImage(tile, left, top, null);
                String text = "t = " + row.timePoints().get(p) + (mesh.isEmpty() ? " (no cell)" : "");
                g.setColor(Color.DARK_GRAY);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                FontMetrics fm = g.getFontMetrics();
                g.drawString(text, left + (panelPixels - fm.stringWidth(text)) / 2, top + panelPixels + 14);
                data.row(r + 1, row.set(), row.sequence(), row.timePoints().get(p), mesh.triangleCount(),
                        mesh.surfaceAreaUm2(), mesh.enclosedVolumeUm3(), umPerPixel,
                        covered(tile, panelBackground.getRGB()));
            }
        }
        g.dispose();
        return Figure.ofImage(name, title, caption, out, data.build());
    }

    /** Pixels that differ from the background (the surface, and the scale bar). */
    static long covered(BufferedImage image, int background) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) != background) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Axis-aligned bounds of a mesh: its centre, and the radius of the sphere around the centre holding it. */
    record Bounds(double[] centre, double radius) {
        static Bounds of(TriangleMesh m) {
            float[] v = m.vertices();
            if (v.length == 0) {
                return new Bounds(new double[3], 0);
            }
            double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            for (int i = 0; i < v.length; i += 3) {
                for (int c = 0; c < 3; c++) {
                    lo[c] = Math.min(lo[c], v[i + c]);
                    hi[c] = Math.max(hi[c], v[i + c]);
                }
            }
            double[] centre = {(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2};
            double r2 = 0;
            for (int i = 0; i < v.length; i += 3) {
                double dx = v[i] - centre[0], dy = v[i + 1] - centre[1], dz = v[i + 2] - centre[2];
                r2 = Math.max(r2, dx * dx + dy * dy + dz * dz);
            }
            return new Bounds(centre, Math.sqrt(r2));
        }
    }
}
