package io.github.cellinr.fiji;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a display (a virtual one: Xvfb), each command opens its ImageJ dialog with its fields; the screenshot
 * {@link DialogScreenshot} takes is a real picture of it. Skips where {@code xvfb-run} is not installed.
 */
class DialogUnderXvfbIT {

    @Test
    void everyCommandOpensItsDialog(@TempDir Path dir) throws Exception {
        Path xvfb = Path.of("/usr/bin/xvfb-run");
        Assumptions.assumeTrue(Files.isExecutable(xvfb), "xvfb-run is not installed: the dialog check is skipped");
        String cp = String.join(File.pathSeparator, System.getProperty("cellinr.fiji.jar", "target/CellINR_Fiji.jar"),
                System.getProperty("cellinr.ij.jar"), Path.of("target/test-classes").toAbsolutePath().toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String[] c : List.of(new String[] {"Generate", "10"}, new String[] {"Reconstruct", "9"},
                new String[] {"Render", "7"}, new String[] {"Prepare", "7"})) {
            Path png = dir.resolve(c[0] + ".png");
            Process p = new ProcessBuilder(xvfb.toString(), "-a", "-s", "-screen 0 1280x1024x24", java,
                    "--add-modules=jdk.incubator.vector", "-cp", cp, DialogScreenshot.class.getName(),
                    "io.github.cellinr.fiji." + c[0] + "Plugin", png.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
            assertTrue(out.contains("dialog CellINR " + c[0] + " ") && out.contains(" fields " + c[1]), out);
            var image = ImageIO.read(png.toFile());
            assertTrue(image.getWidth() > 300 && image.getHeight() > 200, "a screenshot of the dialog");
        }
    }
}
