package io.github.cellinr.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.eval.report.ReportChromiumTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Checks that a written report is whole: every embedded figure decodes as a PNG and has its PNG, SVG and CSV
 * beside the report, every table its CSV, nothing is loaded from elsewhere; and, where Chromium is installed,
 * that the page loads offline with every figure decoded and no error.
 */
public final class ReportChecks {
    private ReportChecks() {
    }

    /** Checks the report and returns the names of its figures. */
    public static List<String> check(Path html, Path scratch) throws Exception {
        assertTrue(Files.isRegularFile(html), html + " exists");
        String text = Files.readString(html);
        assertTrue(text.startsWith("<!DOCTYPE html>"), "an HTML document");
        assertTrue(text.strip().endsWith("</html>"), "complete");
        assertFalse(Pattern.compile("<(script|img|link)[^>]+(src|href)=\"https?:").matcher(text).find(),
                "nothing is loaded from elsewhere");
        Path dir = html.getParent();
        Matcher figure = Pattern.compile("<figure id=\"fig-([a-z0-9_-]+)\">\\s*<img class=\"figure\" src=\"data:image/png;"
                + "base64,([A-Za-z0-9+/=]+)\"").matcher(text);
        List<String> names = new ArrayList<>();
        while (figure.find()) {
            String name = figure.group(1);
            names.add(name);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(figure.group(2))));
            assertNotNull(image, name + " decodes");
            for (String ext : List.of("png", "svg", "csv")) {
                assertTrue(Files.size(dir.resolve("figures/" + name + "." + ext)) > 0, name + "." + ext);
            }
        }
        assertTrue(!names.isEmpty(), "the report has figures");
        assertEquals(names.size(), count(text, "<img class=\"figure\""), "every image is a figure that decoded");
        Matcher table = Pattern.compile("<div class=\"table\" id=\"tab-([a-z0-9_-]+)\">").matcher(text);
        while (table.find()) {
            assertTrue(Files.size(dir.resolve("tables/" + table.group(1) + ".csv")) > 0, table.group(1) + ".csv");
        }
        Optional<Path> browser = ReportChromiumTest.chromium();
        if (browser.isPresent()) {
            String dom = ReportChromiumTest.dumpDom(browser.get(), html, Files.createDirectories(scratch));
            assertEquals(names.size(), ReportChromiumTest.attribute(dom, "figures"));
            assertEquals(names.size(), ReportChromiumTest.attribute(dom, "decoded"), "Chromium decoded every figure");
            assertEquals(0, ReportChromiumTest.attribute(dom, "errors"), "no error while loading in Chromium");
        }
        return names;
    }

    /**
     * Checks a surface montage PNG: it decodes and is not blank, i.e. coloured cell pixels (the montage's
     * background, panels, text and scale bars are grey) cover at least 1 % of it, and every row of its CSV
     * with a mesh drew more than a scale bar.
     */
    public static void surfaceMontage(Path png) throws Exception {
        assertTrue(Files.isRegularFile(png), png + " exists");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " decodes");
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                coloured += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 20 ? 1 : 0;
            }
        }
        long total = (long) image.getWidth() * image.getHeight();
        assertTrue(coloured > 0.01 * total, png + " shows cells: " + coloured + " coloured of " + total + " pixels");
        List<String> rows = Files.readAllLines(Path.of(png.toString().replaceAll("\\.png$", ".csv")));
        List<String> header = List.of(rows.get(0).split(","));
        int triangles = header.indexOf("triangles");
        int covered = header.indexOf("covered_pixels");
        int drawn = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            if (Long.parseLong(f[triangles]) > 0) {
                assertTrue(Long.parseLong(f[covered]) > 400, png + ": a panel with a mesh draws it: " + row);
                drawn++;
            }
        }
        assertTrue(drawn > 0, png + " has at least one panel with a cell");
    }

    /** The report holds an interactive 3D viewer with embedded cells. */
    public static void hasViewer(Path html) throws Exception {
        String text = Files.readString(html);
        Matcher m = Pattern.compile("<script type=\"application/json\" class=\"cv-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), html + " has a 3D viewer");
        var data = io.github.cellinr.core.Json.mapper().readTree(m.group(1));
        assertTrue(data.get("cells").size() > 0, "the viewer has cells");
        assertTrue(data.get("cells").get(0).get("frames").size() > 0, "the viewer's cells have frames");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
