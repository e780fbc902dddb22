package io.github.cellinr.spark;

import io.github.cellinr.core.OutputFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the Spark tests share: running the command line in-process and comparing output folders byte for byte. */
final class SparkRuns {
    private SparkRuns() {
    }

    /** A run's exit status and standard error. */
    record Result(int status, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CellInrSpark.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(status, err.toString(StandardCharsets.UTF_8));
    }

    static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    /**
     * Every file under {@code root} by relative path with its bytes, except the provenance (command line and time
     * differ by design) and the output-folder marker and lock.
     */
    static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new ByteMap();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String last = p.getFileName().toString();
                if (!last.equals("provenance.json") && !last.startsWith(OutputFolder.MARKER)) {
                    files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    /** A map whose equality compares the byte arrays' contents, and whose text names the paths. */
    private static final class ByteMap extends TreeMap<String, byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Map<?, ?> other) || !keySet().equals(other.keySet())) {
                return false;
            }
            for (var e : entrySet()) {
                if (!Arrays.equals(e.getValue(), (byte[]) other.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return keySet().hashCode();
        }

        @Override
        public String toString() {
            return keySet().toString();
        }
    }
}
