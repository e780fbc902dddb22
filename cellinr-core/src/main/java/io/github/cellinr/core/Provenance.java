package io.github.cellinr.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where an output came from: the command line, the version, the seed, checksums of the inputs, the model.
 * Every output folder holds one as {@code provenance.json}; models carry one inside their config.
 *
 * @param tool       always "cellinr"
 * @param version    project version
 * @param command    the verb and its arguments as the user gave them
 * @param seed       the root seed every random choice was derived from, or null when nothing was random
 * @param createdUtc ISO-8601 time of writing
 * @param inputs     each input file or folder with its SHA-256 (folders: over their sorted files)
 * @param modelId    the model used (its own checksum), or null
 * @param runtime    java version, OS, processors
 * @param parameters stage settings that are not obvious from the command line (resolved defaults)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(String tool, String version, List<String> command, Long seed, String createdUtc,
                         List<Input> inputs, String modelId, Map<String, String> runtime,
                         Map<String, Object> parameters) {

    public static final String FILE_NAME = "provenance.json";

    /** One input and its checksum. */
    public record Input(String role, String path, String sha256) {
    }

    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /** Writes {@code dir/provenance.json} atomically. */
    public Path writeTo(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        AtomicFiles.writeString(file, toJson());
        return file;
    }

    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("provenance is not serialisable", e);
        }
    }

    public JsonNode toJsonNode() {
        return Json.mapper().valueToTree(this);
    }

    public static Provenance read(Path file) {
        try {
            return Json.mapper().readValue(file.toFile(), Provenance.class);
        } catch (IOException e) {
            throw CellInrException.of(file, "not a readable provenance.json (" + Json.problem(e) + ")", e);
        }
    }

    /** SHA-256 of a file, or of a folder's regular files in sorted order (names and contents). */
    public static String sha256(Path path) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    digest.update(path.relativize(f).toString().replace('\\', '/').getBytes(
                            java.nio.charset.StandardCharsets.UTF_8));
                    update(digest, f);
                }
            } else {
                update(digest, path);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw CellInrException.of(path, "cannot read to checksum it (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
    }

    /** Collects provenance while a stage runs. */
    public static final class Builder {
        private final List<String> command;
        private Long seed;
        private final List<Input> inputs = new ArrayList<>();
        private String modelId;
        private final Map<String, Object> parameters = new LinkedHashMap<>();

        private Builder(List<String> command) {
            this.command = List.copyOf(command);
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Records an input with its checksum (computed now). */
        public Builder input(String role, Path path) {
            inputs.add(new Input(role, path.toAbsolutePath().normalize().toString(), sha256(path)));
            return this;
        }

        /**
         * Records an input whose checksum the stage computed itself (e.g. over only the files it read, while
         * it read them, instead of a whole folder).
         */
        public Builder input(String role, Path path, String sha256) {
            inputs.add(new Input(role, path.toAbsolutePath().normalize().toString(), sha256));
            return this;
        }

        public Builder modelId(String id) {
            this.modelId = id;
            return this;
        }

        public Builder parameter(String name, Object value) {
            parameters.put(name, value);
            return this;
        }

        public Provenance build() {
            Map<String, String> runtime = new LinkedHashMap<>();
            runtime.put("java", System.getProperty("java.version"));
            runtime.put("vm", System.getProperty("java.vm.name"));
            runtime.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            runtime.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
            return new Provenance("cellinr", Version.get(), command, seed, Instant.now().toString(),
                    List.copyOf(inputs), modelId, runtime, parameters.isEmpty() ? null : Map.copyOf(parameters));
        }
    }
}
