package io.github.cellinr.eval.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.eval.report.Report;
import io.github.cellinr.eval.report.ReportChromiumTest;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's WebGL viewer in headless Chromium (software WebGL, SwiftShader): a screenshot of its canvas shows
 * a cell, and moving the time slider changes the picture (the test cell grows). Skips without Chromium.
 */
class MeshViewerChromiumTest {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;

    /** A sphere that grows from 3 to 9 um over 6 time points, as the real set; a smaller one as synthetic. */
    static List<SurfaceSeries> cells() {
        List<TriangleMesh> growing = new ArrayList<>();
        List<TriangleMesh> small = new ArrayList<>();
        List<Integer> times = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            growing.add(Meshes.sphere(3 + 1.2 * t, new double[] {10, 10, 10}, 3));
            small.add(Meshes.sphere(2, new double[] {10, 10, 10}, 2));
            times.add(t);
        }
        return List.of(new SurfaceSeries("real", "01", times, growing), new SurfaceSeries("synthetic", "gen_000",
                times, small));
    }

    private static Path page(Path dir, String name, String extra) throws Exception {
        Report report = new Report("viewer");
        report.addSection("Cells in 3D", "");
        MeshViewer.addTo(report, "viewer", "test cells", cells());
        Path html = report.write(dir.resolve(name));
        // pin the viewer to the page's top left corner, so that the screenshot's first pixels are its canvas
        String text = Files.readString(html).replace("</body>", "<style>.cellinr-viewer{position:fixed;top:0;"
                + "left:0;z-index:9;margin:0}.cellinr-viewer canvas{border:0}</style>" + extra + "</body>");
        Files.writeString(html, text);
        return html;
    }

    private static List<String> flags(Path profile) {
        return List.of("--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                "--ignore-gpu-blocklist", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--user-data-dir=" + profile);
    }

    private static BufferedImage screenshot(Path browser, Path html, Path dir) throws Exception {
        Path png = dir.resolve(html.getParent().getFileName() + ".png");
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new ArrayList<>(List.of(browser.toString()));
        command.addAll(flags(profile));
        command.addAll(List.of("--window-size=" + WIDTH + "," + (HEIGHT + 200), "--virtual-time-budget=8000",
                "--screenshot=" + png, html.toUri().toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("chromium-"
                + html.getParent().getFileName() + ".log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 120 s");
        }
        assertTrue(Files.isRegularFile(png), () -> "Chromium wrote no screenshot: " + log(dir, html));
        return ImageIO.read(png.toFile());
    }

    private static String log(Path dir, Path html) {
        try {
            return Files.readString(dir.resolve("chromium-" + html.getParent().getFileName() + ".log"));
        } catch (Exception e) {
            return "(no log)";
        }
    }

    /** Canvas pixels that are not its clear colour (0.965 grey): the drawn cell. */
    private static int cellPixels(BufferedImage shot) {
        int n = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int rgb = shot.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                if (Math.abs(r - 246) + Math.abs(g - 246) + Math.abs(b - 246) > 12) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void theCanvasDrawsTheCellAndChangesWithTheTimeSlider(@TempDir Path dir) throws Exception {
        Optional<Path> browser = ReportChromiumTest.chromium();
        Assumptions.assumeTrue(browser.isPresent(), "Chromium is not installed: the viewer's browser check is skipped");
        Path first = page(dir, "first", "");
        Path last = page(dir, "last", "<script>window.addEventListener('load',function(){"
                + "var s=document.querySelector('input.cv-time');s.value=s.max;"
                + "s.dispatchEvent(new Event('input'));});</script>");
        // the page itself loads without an error and the viewer started
        String dom = dump(browser.get(), first, dir);
        assertEquals(0, ReportChromiumTest.attribute(dom, "errors"), "no script error");
        assertEquals(1, ReportChromiumTest.attribute(dom, "viewers"), "the viewer started");
        Assumptions.assumeFalse(dom.contains("<p class=\"cv-message\">"), "this Chromium has no WebGL here");
        assertTrue(dom.contains("data-drawn=\""), "the canvas was drawn");

        int atStart = cellPixels(screenshot(browser.get(), first, dir));
        int atEnd = cellPixels(screenshot(browser.get(), last, dir));
        double canvas = WIDTH * HEIGHT;
        assertTrue(atStart > 0.01 * canvas, "a cell is drawn at the first time point: " + atStart + " pixels");
        // radius 3 -> 9 um in a view framed for the largest: the drawn area grows about (9/3)^2 = 9 times
        assertTrue(atEnd > 4 * atStart, "the cell grows when the slider moves to the end: " + atStart + " -> " + atEnd);
    }

    private static String dump(Path browser, Path html, Path dir) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new ArrayList<>(List.of(browser.toString()));
        command.addAll(flags(profile));
        command.addAll(List.of("--virtual-time-budget=8000", "--dump-dom", html.toUri().toString()));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("dump.log").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Chromium finished");
        return new String(out, StandardCharsets.UTF_8);
    }
}
