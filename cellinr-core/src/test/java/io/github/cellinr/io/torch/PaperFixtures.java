package io.github.cellinr.io.torch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.Rotation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The conformance fixtures beside the paper's released model (../shared/data/paper_plat_model). */
public final class PaperFixtures {
    private PaperFixtures() {
    }

    /** A latent code with its Euler angles (codes.csv). */
    public record Code(int id, double alpha, double beta, double gamma, double[] z) {
        public Rotation rotation() {
            return Rotation.fromEuler(alpha, beta, gamma);
        }
    }

    /** A point of points.csv: unrotated x, y, z, time, and the expected network output. */
    public record Point(int code, double x, double y, double z, double t, double sdf) {
    }

    /** Grid64 counts: t -> (number of voxels with output <= 0, minimum output). */
    public record GridCount(double t, long inside, double min) {
    }

    /** The model folder, or skips the test when the shared data are absent. */
    public static Path folder() {
        String root = System.getProperty("cellinr.shared.data");
        assumeTrue(root != null, "system property cellinr.shared.data is not set");
        Path dir = Path.of(root, "paper_plat_model");
        assumeTrue(Files.isRegularFile(dir.resolve("model.pth")), "no paper model under " + dir);
        return dir;
    }

    public static Path checkpoint() {
        return folder().resolve("model.pth");
    }

    public static Path specs() {
        return folder().resolve("specs.json");
    }

    public static List<Code> codes() {
        List<Code> codes = new ArrayList<>();
        List<String> lines = lines(folder().resolve("codes.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double[] z = new double[f.length - 4];
            for (int i = 0; i < z.length; i++) {
                z[i] = Double.parseDouble(f[4 + i]);
            }
            codes.add(new Code(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), z));
        }
        return codes;
    }

    public static List<Point> points() {
        List<Point> points = new ArrayList<>();
        List<String> lines = lines(folder().resolve("points.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            points.add(new Point(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
        }
        return points;
    }

    public static int gridSize() {
        return grid64().get("grid").intValue();
    }

    public static int gridCode() {
        return grid64().get("code").intValue();
    }

    public static List<GridCount> gridCounts() {
        JsonNode counts = grid64().get("inside_voxels_sdf_le_0");
        List<GridCount> out = new ArrayList<>();
        for (String t : List.of("-1.0", "0.0", "1.0")) {
            out.add(new GridCount(Double.parseDouble(t), counts.get(t).longValue(), counts.get("min_" + t).doubleValue()));
        }
        return out;
    }

    public static long parameterCount() {
        return grid64().get("params").longValue();
    }

    private static JsonNode grid64() {
        try {
            return Json.mapper().readTree(folder().resolve("grid64.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
