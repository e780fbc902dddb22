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

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
