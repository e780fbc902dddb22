package io.github.cellinr.infer;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.Rotation;
import io.github.cellinr.core.AtomicFiles;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Named latent codes with rotations as a CSV file, one shape per line:
 * {@code name,alpha,beta,gamma,z0,...,z<L-1>} after a header line; angles in radians with
 * {@code R = Rx(alpha) Ry(beta) Rz(gamma)}. {@code generate} and {@code fit} write it ({@code codes.csv}),
 * {@code interpolate} reads it, and a spreadsheet or Python ({@code pandas.read_csv}) opens it.
 */
public final class CodesFile {
    public static final String FILE_NAME = "codes.csv";

    private CodesFile() {
    }

    /** Writes the shapes' names, angles and codes atomically. */
    public static void write(Path file, List<Shape> shapes) {
        StringBuilder sb = new StringBuilder("name,alpha,beta,gamma");
        int l = shapes.isEmpty() ? 0 : shapes.get(0).latent().length;
        for (int i = 0; i < l; i++) {
            sb.append(",z").append(i);
        }
        sb.append('\n');
        for (Shape s : shapes) {
            double[] e = s.rotation().toEuler();
            sb.append(s.name());
            for (double a : e) {
                sb.append(',').append(String.format(Locale.ROOT, "%.9g", a));
            }
            for (float z : s.latent()) {
                // float's shortest round-trip form: reading gives back the very same code
                sb.append(',').append(Float.toString(z));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /**
     * Reads a codes file.
     *
     * @param latentSize the code length the model takes (checked)
     * @throws CellInrException naming the file and the line at fault
     */
    public static List<Shape> read(Path file, int latentSize) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw CellInrException.of(file, "no such codes file", e);
        } catch (IOException e) {
            throw CellInrException.of(file, "cannot read (" + e.getMessage() + ")", e);
        }
        List<Shape> shapes = new ArrayList<>();
        boolean header = true;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (header) {
                header = false;
                if (!line.toLowerCase(Locale.ROOT).startsWith("name,")) {
                    throw CellInrException.of(file, "line 1 is not the header 'name,alpha,beta,gamma,z0,...'");
                }
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 4 + latentSize) {
                throw CellInrException.of(file, "line " + (n + 1) + " has " + (f.length - 4) + " code values, the"
                        + " model takes " + latentSize);
            }
            try {
                float[] z = new float[latentSize];
                for (int i = 0; i < latentSize; i++) {
                    z[i] = Float.parseFloat(f[4 + i]);
                }
                Rotation r = Rotation.fromEuler(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]));
                shapes.add(new Shape(f[0].strip(), z, r, "codes file " + file.getFileName()));
            } catch (NumberFormatException e) {
                throw CellInrException.of(file, "line " + (n + 1) + " holds a value that is not a number ("
                        + e.getMessage() + ")", e);
            } catch (CellInrException e) {
                throw CellInrException.of(file, "line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        if (shapes.isEmpty()) {
            throw CellInrException.of(file, "holds no codes");
        }
        return shapes;
    }
}
