package io.github.cellinr.eval.view;

import io.github.cellinr.core.TriangleMesh;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A small software renderer for cell surfaces: triangle meshes in micrometres drawn with a z-buffer,
 * Phong shading (per-pixel normals interpolated from area-weighted vertex normals, Lambert diffuse plus a
 * Blinn-Phong highlight), a fixed orthographic camera and a micrometre scale bar, into a
 * {@link BufferedImage}. The rasterisation is plain Java (only the scale bar's label is drawn with Java2D), so
 * it runs headless and gives the same pixels on every machine.
 *
 * <p>Why orthographic: a biologist compares sizes between panels; with a parallel projection one pixel is
 * the same number of micrometres at every depth, so the scale bar holds for the whole cell.
 */
public final class SurfaceRenderer {

    /** Light direction in view space (x right, y up, z towards the viewer): from the upper left, in front. */
    public static final double[] LIGHT = normalise(new double[] {-0.45, 0.55, 0.70});
    private static final double AMBIENT = 0.18;
    private static final double DIFFUSE = 0.72;
    private static final double SPECULAR = 0.30;
    private static final double SHININESS = 28;

    private SurfaceRenderer() {
    }

    /**
     * Where the camera is and what it frames.
     *
     * @param width        image width in pixels
     * @param height       image height in pixels
     * @param umPerPixel   orthographic scale
     * @param centreUm     the point (x, y, z in micrometres) at the image centre
     * @param azimuthDeg   camera direction around the z axis, degrees
     * @param elevationDeg camera height above the x-y plane, degrees
     * @param background   background colour
     * @param scaleBar     whether to draw a micrometre scale bar in the lower right corner
     */
    public record View(int width, int height, double umPerPixel, double[] centreUm, double azimuthDeg,
                       double elevationDeg, Color background, boolean scaleBar) {
        public View {
            if (width < 1 || height < 1 || !(umPerPixel > 0) || !Double.isFinite(umPerPixel)) {
                throw new IllegalArgumentException("bad view " + width + "x" + height + " at " + umPerPixel + " um/px");
            }
            centreUm = centreUm.clone();
            if (centreUm.length != 3) {
                throw new IllegalArgumentException("the centre needs x, y, z");
            }
            Objects.requireNonNull(background, "background");
            if (Math.abs(elevationDeg) >= 90) {
                throw new IllegalArgumentException("elevation must be within (-90, 90) degrees");
            }
        }

        /** The default camera (azimuth -60, elevation 25 degrees), white background, scale bar. */
        public static View of(int width, int height, double umPerPixel, double[] centreUm) {
            return new View(width, height, umPerPixel, centreUm, -60, 25, Color.WHITE, true);
        }

        public View withScaleBar(boolean show) {
            return new View(width, height, umPerPixel, centreUm, azimuthDeg, elevationDeg, background, show);
        }

        public View withBackground(Color c) {
            return new View(width, height, umPerPixel, centreUm, azimuthDeg, elevationDeg, c, scaleBar);
        }

        public View withAngles(double azimuth, double elevation) {
            return new View(width, height, umPerPixel, centreUm, azimuth, elevation, background, scaleBar);
        }

        /** Rows: right, up, towards the viewer (world x, y, z components each). */
        double[][] basis() {
            double az = Math.toRadians(azimuthDeg);
            double el = Math.toRadians(elevationDeg);
            double[] toViewer = {Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)};
            double[] worldUp = {0, 0, 1};
            double[] right = normalise(cross(worldUp, toViewer));
            double[] up = cross(toViewer, right);
            return new double[][] {right, up, toViewer};
        }
    }

    /** A mesh and its colour. */
    public record Item(TriangleMesh mesh, Color colour) {
        public Item {
            Objects.requireNonNull(mesh, "mesh");
            Objects.requireNonNull(colour, "colour");
        }
    }

    /** Renders one mesh. */
    public static BufferedImage render(TriangleMesh mesh, Color colour, View view) {
        return render(List.of(new Item(mesh, colour)), view);
    }

    /** Renders meshes into one picture (the z-buffer resolves which is in front). */
    public static BufferedImage render(List<Item> items, View view) {
        int w = view.width();
        int h = view.height();
        int[] rgb = new int[w * h];
        Arrays.fill(rgb, view.background().getRGB());
        float[] depth = new float[w * h];
        Arrays.fill(depth, Float.NEGATIVE_INFINITY);
        double[][] basis = view.basis();
        for (Item item : items) {
            draw(item, view, basis, rgb, depth);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        if (view.scaleBar()) {
            drawScaleBar(out, view.umPerPixel());
        }
        return out;
    }

    private static void draw(Item item, View view, double[][] basis, int[] rgb, float[] depth) {
        TriangleMesh mesh = item.mesh();
        float[] v = mesh.vertices();
        int[] tri = mesh.triangles();
        int n = mesh.vertexCount();
        // project every vertex once: screen x, y (pixels, y down) and depth (larger = nearer the viewer)
        double[] sx = new double[n];
        double[] sy = new double[n];
        double[] sz = new double[n];
        double[] c = view.centreUm();
        double halfW = view.width() / 2.0;
        double halfH = view.height() / 2.0;
        double inv = 1 / view.umPerPixel();
        for (int i = 0; i < n; i++) {
            double x = v[3 * i] - c[0];
            double y = v[3 * i + 1] - c[1];
            double z = v[3 * i + 2] - c[2];
            sx[i] = halfW + inv * (x * basis[0][0] + y * basis[0][1] + z * basis[0][2]);
            sy[i] = halfH - inv * (x * basis[1][0] + y * basis[1][1] + z * basis[1][2]);
            sz[i] = x * basis[2][0] + y * basis[2][1] + z * basis[2][2];
        }
        double[] normals = viewNormals(mesh, basis);
        float[] base = item.colour().getRGBColorComponents(null);
        double[] half = normalise(new double[] {LIGHT[0], LIGHT[1], LIGHT[2] + 1});
        int w = view.width();
        int h = view.height();
        for (int t = 0; t < tri.length; t += 3) {
            int a = tri[t];
            int b = tri[t + 1];
            int d = tri[t + 2];
            double area = (sx[b] - sx[a]) * (sy[d] - sy[a]) - (sx[d] - sx[a]) * (sy[b] - sy[a]);
            if (area == 0 || !Double.isFinite(area)) {
                continue;
            }
            int x0 = Math.max(0, (int) Math.floor(Math.min(sx[a], Math.min(sx[b], sx[d]))));
            int x1 = Math.min(w - 1, (int) Math.ceil(Math.max(sx[a], Math.max(sx[b], sx[d]))));
            int y0 = Math.max(0, (int) Math.floor(Math.min(sy[a], Math.min(sy[b], sy[d]))));
            int y1 = Math.min(h - 1, (int) Math.ceil(Math.max(sy[a], Math.max(sy[b], sy[d]))));
            double invArea = 1 / area;
            for (int py = y0; py <= y1; py++) {
                double cy = py + 0.5;
                for (int px = x0; px <= x1; px++) {
                    double cx = px + 0.5;
                    // barycentric weights from edge functions; the sign of the area makes either winding work
                    double wa = ((sx[b] - cx) * (sy[d] - cy) - (sx[d] - cx) * (sy[b] - cy)) * invArea;
                    double wb = ((sx[d] - cx) * (sy[a] - cy) - (sx[a] - cx) * (sy[d] - cy)) * invArea;
                    double wd = 1 - wa - wb;
                    if (wa < 0 || wb < 0 || wd < 0) {
                        continue;
                    }
                    int p = py * w + px;
                    float z = (float) (wa * sz[a] + wb * sz[b] + wd * sz[d]);
                    if (z <= depth[p]) {
                        continue;
                    }
                    depth[p] = z;
                    double nx = wa * normals[3 * a] + wb * normals[3 * b] + wd * normals[3 * d];
                    double ny = wa * normals[3 * a + 1] + wb * normals[3 * b + 1] + wd * normals[3 * d + 1];
                    double nz = wa * normals[3 * a + 2] + wb * normals[3 * b + 2] + wd * normals[3 * d + 2];
                    rgb[p] = shade(nx, ny, nz, base, half);
                }
            }
        }
    }

    /** The lit colour of a surface point with (unnormalised) view-space normal n. */
    static int shade(double nx, double ny, double nz, float[] base, double[] half) {
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (len == 0) {
            nz = 1;
            len = 1;
        }
        nx /= len;
        ny /= len;
        nz /= len;
        if (nz < 0) { // the inside of an open surface: light it as the side we see
            nx = -nx;
            ny = -ny;
            nz = -nz;
        }
        double diffuse = Math.max(0, nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2]);
        double spec = diffuse > 0 ? Math.pow(Math.max(0, nx * half[0] + ny * half[1] + nz * half[2]), SHININESS) : 0;
        int out = 0;
        for (int k = 0; k < 3; k++) {
            double value = base[k] * (AMBIENT + DIFFUSE * diffuse) + SPECULAR * spec;
            out = out << 8 | (int) Math.round(255 * Math.min(1, value));
        }
        return out | 0xFF000000;
    }

    /** Area-weighted vertex normals rotated into view space (x right, y up, z towards the viewer). */
    private static double[] viewNormals(TriangleMesh mesh, double[][] basis) {
        float[] v = mesh.vertices();
        int[] tri = mesh.triangles();
        double[] world = new double[v.length];
        for (int t = 0; t < tri.length; t += 3) {
            int a = 3 * tri[t];
            int b = 3 * tri[t + 1];
            int c = 3 * tri[t + 2];
            double ux = v[b] - v[a], uy = v[b + 1] - v[a + 1], uz = v[b + 2] - v[a + 2];
            double vx = v[c] - v[a], vy = v[c + 1] - v[a + 1], vz = v[c + 2] - v[a + 2];
            // the cross product's length is twice the area: summing it weights each face by its area
            double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            for (int k : new int[] {a, b, c}) {
                world[k] += nx;
                world[k + 1] += ny;
                world[k + 2] += nz;
            }
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i += 3) {
            for (int r = 0; r < 3; r++) {
                out[i + r] = world[i] * basis[r][0] + world[i + 1] * basis[r][1] + world[i + 2] * basis[r][2];
            }
        }
        return out;
    }

    /** The longest 1, 2 or 5 x 10^k micrometres that is at most a quarter of the image width. */
    public static double scaleBarUm(double widthUm) {
        double target = widthUm / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(target)));
        for (double m : new double[] {5, 2, 1}) {
            if (m * magnitude <= target) {
                return m * magnitude;
            }
        }
        return magnitude;
    }

    /** "10 µm", "0.5 µm". */
    public static String formatUm(double um) {
        String number = um >= 1 ? String.format(Locale.ROOT, "%d", Math.round(um))
                : String.format(Locale.ROOT, "%s", Double.toString(um).replaceAll("0+$", ""));
        return number + " \u00b5m";
    }

    private static void drawScaleBar(BufferedImage image, double umPerPixel) {
        double um = scaleBarUm(image.getWidth() * umPerPixel);
        int length = (int) Math.round(um / umPerPixel);
        int margin = Math.max(4, image.getWidth() / 40);
        int thickness = Math.max(2, image.getHeight() / 80);
        int x1 = image.getWidth() - margin;
        int x0 = x1 - length;
        int y1 = image.getHeight() - margin;
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0x20, 0x20, 0x20));
        g.fillRect(x0, y1 - thickness, length, thickness);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, Math.min(14, image.getHeight() / 14))));
        FontMetrics fm = g.getFontMetrics();
        String label = formatUm(um);
        g.drawString(label, x0 + (length - fm.stringWidth(label)) / 2, y1 - thickness - 3);
        g.dispose();
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    static double[] normalise(double[] a) {
        double len = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return new double[] {a[0] / len, a[1] / len, a[2] / len};
    }
}
