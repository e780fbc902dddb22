package io.github.cellinr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages form the stages of docs/DESIGN.md, and data flows one way: a package may use the stages below it
 * in {@link #STAGES}, never one above it (as imglib2 keeps its core apart from its algorithms). Sub-packages
 * belong to their stage ({@code io.torch} is {@code io}, {@code eval.report} is {@code eval}). The test reads the
 * sources, so it sees imports and fully qualified names alike; comments (Javadoc links) do not count.
 */
class StageOrderTest {

    /** Lowest first; docs/DESIGN.md lists the packages in this order. */
    static final List<String> STAGES = List.of("core", "io", "dataset", "shape", "phantom", "nn", "model", "train",
            "infer", "eval", "render", "interop", "experiment", "cli");

    private static final Path SOURCES = Path.of("src/main/java/io/github/cellinr");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.github\\.cellinr\\.([a-z][a-z0-9]*)\\.");

    @Test
    void noPackageUsesAStageAboveIt() {
        Map<String, TreeSet<String>> violations = new TreeMap<>();
        int files = 0;
        int references = 0;
        for (Path file : javaFiles()) {
            String stage = stageOf(file);
            assertTrue(STAGES.contains(stage), file + ": package '" + stage + "' has no place in the stage order;"
                    + " add it to StageOrderTest.STAGES and docs/DESIGN.md");
            files++;
            for (String used : referencedStages(file)) {
                references++;
                if (STAGES.indexOf(used) > STAGES.indexOf(stage)) {
                    violations.computeIfAbsent(stage + " -> " + used, k -> new TreeSet<>())
                            .add(SOURCES.relativize(file).toString());
                }
            }
        }
        assertTrue(files > 100 && references > 100, "the scan found the sources (" + files + " files, "
                + references + " references)");
        assertEquals(Map.of(), violations, "upward uses (stage -> the stage above it it uses: files)");
    }

    @Test
    void coreUsesNothingOfOurs() {
        for (Path file : javaFiles()) {
            if (stageOf(file).equals("core")) {
                assertEquals(List.of(), referencedStages(file).stream().filter(s -> !s.equals("core")).toList(),
                        file.toString());
            }
        }
    }

    @Test
    void theScannerSeesImportsAndQualifiedNamesButNotComments() throws IOException {
        Path probe = Files.createTempFile("StageOrderProbe", ".java");
        try {
            Files.writeString(probe, String.join("\n",
                    "package io.github.cellinr.io;",
                    "import io.github.cellinr.model.CellShapeModel;",
                    "/** See {@link io.github.cellinr.cli.Main}. */",
                    "// io.github.cellinr.train.Trainer in a comment",
                    "class Probe { Object o = io.github.cellinr.infer.Shapes.class; }"));
            assertEquals(List.of("infer", "model"), referencedStages(probe));
        } finally {
            Files.delete(probe);
        }
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stage of a source file: the first package segment below io.github.cellinr. */
    private static String stageOf(Path file) {
        return SOURCES.relativize(file).getName(0).toString();
    }

    /** The stages a source file names in code (imports or qualified names), sorted, without comments. */
    static List<String> referencedStages(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String code = text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ")
                .replaceAll("(?m)^\\s*package [^;]*;", " ");
        TreeSet<String> used = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            used.add(m.group(1));
        }
        return new ArrayList<>(used);
    }
}
