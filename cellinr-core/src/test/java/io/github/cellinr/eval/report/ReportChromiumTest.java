package io.github.cellinr.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a report in headless Chromium, offline, and reads back what the report's own load script marked on
 * the body: every figure decoded (naturalWidth > 0) and no error event. Skips when no Chromium is installed
 * ({@code .ci/install-deps} installs it).
 */
public class ReportChromiumTest {

    public static Optional<Path> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM after load, as Chromium's --dump-dom prints it. */
    public static String dumpDom(Path browser, Path html, Path profile) throws IOException, InterruptedException {
        List<String> command = List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--dump-dom", html.toUri().toString());
        Process p = new ProcessBuilder(command).redirectError(profile.resolveSibling("chromium.log").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), () -> "Chromium failed: " + log(profile));
        return new String(out, StandardCharsets.UTF_8);
    }

    static String log(Path profile) {
        try {
            return Files.readString(profile.resolveSibling("chromium.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public static int attribute(String dom, String name) {
        Matcher m = Pattern.compile("<body[^>]*\\sdata-" + name + "=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), () -> "the body has no data-" + name + " attribute: the load script did not run");
        return Integer.parseInt(m.group(1));
    }

    @Test
    void reportLoadsOfflineWithEveryFigureDecoded(@TempDir Path dir) throws Exception {
        Optional<Path> browser = chromium();
        Assumptions.assumeTrue(browser.isPresent(), "Chromium is not installed (.ci/install-deps installs it):"
                + " the report's browser check is skipped");
        Report report = ReportFixtures.everyFigure();
        Path html = report.write(dir.resolve("out"));
        Path profile = Files.createDirectories(dir.resolve("profile"));
        String dom = dumpDom(browser.get(), html, profile);
        assertTrue(dom.contains("data-loaded=\"true\""), "the page finished loading");
        assertEquals(ReportTest.FIGURES.size(), attribute(dom, "figures"));
        assertEquals(ReportTest.FIGURES.size(), attribute(dom, "decoded"), "every figure decoded");
        assertEquals(0, attribute(dom, "errors"), "no error while loading");
    }

    /** The check itself: a broken image is reported as not decoded. */
    @Test
    void aBrokenFigureIsCaught(@TempDir Path dir) throws Exception {
        Optional<Path> browser = chromium();
        Assumptions.assumeTrue(browser.isPresent(), "Chromium is not installed: skipped");
        Path html = ReportFixtures.everyFigure().write(dir.resolve("out"));
        String text = Files.readString(html);
        int at = text.indexOf("data:image/png;base64,") + "data:image/png;base64,".length();
        Files.writeString(html, text.substring(0, at) + "AAAA" + text.substring(at + 40));
        String dom = dumpDom(browser.get(), html, Files.createDirectories(dir.resolve("profile")));
        // the decoded count is what catches it; the image's error event may come after the page's load event
        // (Chromium decodes data URIs asynchronously), so whether the error count has seen it yet depends on timing
        assertEquals(ReportTest.FIGURES.size() - 1, attribute(dom, "decoded"));
    }
}
