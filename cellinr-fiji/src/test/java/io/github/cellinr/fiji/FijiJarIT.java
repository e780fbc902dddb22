package io.github.cellinr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built plugin jar (target/CellINR_Fiji.jar) in a fresh JVM with nothing but ImageJ beside it, as in
 * Fiji.app/plugins: its relocated libraries load, plugins.config names the four commands, Generate opens a
 * calibrated hyperstack. And without the Vector API module enabled, the user gets either a working run (once the
 * engine falls back to plain Java kernels) or the one line that says how to enable it, never a stack trace.
 */
class FijiJarIT {

    private static Path jar() {
        Path jar = Path.of(System.getProperty("cellinr.fiji.jar", "target/CellINR_Fiji.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " was built");
        return jar;
    }

    private static String run(Path dir, boolean vectorModule, String options) throws Exception {
        String cp = String.join(File.pathSeparator, jar().toString(), System.getProperty("cellinr.ij.jar"),
                Path.of("target/test-classes").toAbsolutePath().toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (vectorModule) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        command.addAll(List.of("-Xmx1g", "-Djava.awt.headless=true", "-cp", cp, JarLauncher.class.getName(),
                GeneratePlugin.class.getName(), options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theJarHoldsTheCommandsAndRunsInAPlainImageJ(@TempDir Path dir) throws Exception {
        try (var zip = new java.util.zip.ZipFile(jar().toFile())) {
            String config = new String(zip.getInputStream(zip.getEntry("plugins.config")).readAllBytes(),
                    StandardCharsets.UTF_8);
            for (String c : List.of("Generate", "Reconstruct", "Render", "Prepare")) {
                assertTrue(config.contains("Plugins>CellINR, \"" + c + "\", io.github.cellinr.fiji." + c + "Plugin"), c);
            }
            assertTrue(zip.getEntry("ij/ImagePlus.class") == null, "ImageJ is Fiji's, not in the jar");
            assertTrue(zip.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class") == null,
                    "libraries are relocated, so they cannot clash with Fiji's");
        }
        String out = run(dir, true, "model=paper-plat output=[" + dir.resolve("gen") + "] size=24 frames=2 count=1");
        assertTrue(out.contains("image gen_000 24x24x1x24x2 \u00b5m"), out);
    }

    @Test
    void withoutTheVectorModuleItWorksOrSaysHowToEnableIt(@TempDir Path dir) throws Exception {
        String out = run(dir, false, "model=paper-plat output=[" + dir.resolve("gen") + "] size=24 frames=2 count=1");
        boolean worked = out.contains("image gen_000 24x24x1x24x2 \u00b5m");
        boolean explained = out.contains("error: CellINR Generate: " + CellInrPlugin.VECTOR_MODULE_MESSAGE);
        assertTrue(worked || explained, out);
        assertTrue(!out.contains("\tat "), "no stack trace: " + out);
        System.out.println("FijiJarIT: without --add-modules jdk.incubator.vector: "
                + (worked ? "Generate worked" : "one-line error asking to enable the module"));
    }
}
