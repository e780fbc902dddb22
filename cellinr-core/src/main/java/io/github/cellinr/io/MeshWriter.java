package io.github.cellinr.io;

import io.github.cellinr.core.AtomicFiles;
import io.github.cellinr.core.TriangleMesh;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link TriangleMesh} (micrometres, counter-clockwise outward triangles) as binary little-endian
 * PLY, binary STL or OBJ, atomically. A one-line provenance text goes into a PLY {@code comment}, an OBJ
 * {@code #} comment, or the 80-byte STL header (cut to fit). STL has no shared vertices: each triangle stores
 * its own corners and a unit normal.
 */
public final class MeshWriter {
    private MeshWriter() {
    }

    private static final int CHUNK = 1 << 16;

    /** Writes in the format given by the file's extension. */
    public static void write(Path file, TriangleMesh mesh, String provenance) {
        write(file, mesh, MeshFormat.of(file), provenance);
    }

    /**
     * @param provenance one line saying what made the mesh (e.g. "CellINR 0.1.0 generate seed 7"); may be empty
     */
    public static void write(Path file, TriangleMesh mesh, MeshFormat format, String provenance) {
        String line = provenance == null ? "" : provenance.replaceAll("[\\r\\n]+", " ").strip();
        AtomicFiles.write(file, (AtomicFiles.StreamWriter) out -> {
            switch (format) {
                case PLY -> writePly(out, mesh, line);
                case STL -> writeStl(out, mesh, line);
                case OBJ -> writeObj(out, mesh, line);
            }
        });
    }

    private static void writePly(OutputStream out, TriangleMesh mesh, String provenance) throws IOException {
        StringBuilder header = new StringBuilder("ply\nformat binary_little_endian 1.0\n");
        if (!provenance.isEmpty()) {
            header.append("comment ").append(ascii(provenance)).append('\n');
        }
        header.append("comment units micrometre\n")
                .append("element vertex ").append(mesh.vertexCount()).append('\n')
                .append("property float x\nproperty float y\nproperty float z\n")
                .append("element face ").append(mesh.triangleCount()).append('\n')
                .append("property list uchar int vertex_indices\n")
                .append("end_header\n");
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : mesh.vertices()) {
            if (buf.remaining() < 4) {
                flush(out, buf);
            }
            buf.putFloat(v);
        }
        int[] t = mesh.triangles();
        for (int i = 0; i < t.length; i += 3) {
            if (buf.remaining() < 13) {
                flush(out, buf);
            }
            buf.put((byte) 3).putInt(t[i]).putInt(t[i + 1]).putInt(t[i + 2]);
        }
        flush(out, buf);
    }

    private static void writeStl(OutputStream out, TriangleMesh mesh, String provenance) throws IOException {
        byte[] header = new byte[80];
        // a binary STL header must not start with "solid", or readers take the file for ASCII STL
        String text = ascii(provenance.isEmpty() ? "CellINR mesh, units micrometre" : provenance + "; units um");
        if (text.toLowerCase(Locale.ROOT).startsWith("solid")) {
            text = "mesh: " + text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, 0, Math.min(80, bytes.length));
        out.write(header);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(mesh.triangleCount());
        float[] v = mesh.vertices();
        int[] t = mesh.triangles();
        for (int i = 0; i < t.length; i += 3) {
            if (buf.remaining() < 50) {
                flush(out, buf);
            }
            int a = 3 * t[i];
            int b = 3 * t[i + 1];
            int c = 3 * t[i + 2];
            double ux = v[b] - v[a];
            double uy = v[b + 1] - v[a + 1];
            double uz = v[b + 2] - v[a + 2];
            double wx = v[c] - v[a];
            double wy = v[c + 1] - v[a + 1];
            double wz = v[c + 2] - v[a + 2];
            double nx = uy * wz - uz * wy;
            double ny = uz * wx - ux * wz;
            double nz = ux * wy - uy * wx;
            double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
            double s = len > 0 ? 1 / len : 0; // degenerate triangles get a zero normal
            buf.putFloat((float) (nx * s)).putFloat((float) (ny * s)).putFloat((float) (nz * s));
            for (int corner : new int[] {a, b, c}) {
                buf.putFloat(v[corner]).putFloat(v[corner + 1]).putFloat(v[corner + 2]);
            }
            buf.putShort((short) 0);
        }
        flush(out, buf);
    }

    private static void writeObj(OutputStream out, TriangleMesh mesh, String provenance) throws IOException {
        StringBuilder sb = new StringBuilder(1 << 16);
        if (!provenance.isEmpty()) {
            sb.append("# ").append(provenance).append('\n');
        }
        sb.append("# units micrometre; ").append(mesh.vertexCount()).append(" vertices, ")
                .append(mesh.triangleCount()).append(" triangles\n");
        float[] v = mesh.vertices();
        for (int i = 0; i < v.length; i += 3) {
            // Float.toString is the shortest text that reads back to the same float
            sb.append("v ").append(v[i]).append(' ').append(v[i + 1]).append(' ').append(v[i + 2]).append('\n');
            if (sb.length() > CHUNK) {
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
            }
        }
        int[] t = mesh.triangles();
        for (int i = 0; i < t.length; i += 3) {
            sb.append("f ").append(t[i] + 1).append(' ').append(t[i + 1] + 1).append(' ').append(t[i + 2] + 1)
                    .append('\n');
            if (sb.length() > CHUNK) {
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
            }
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String ascii(String s) {
        return s.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static void flush(OutputStream out, ByteBuffer buf) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }
}
