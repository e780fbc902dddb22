package io.github.cellinr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.CellInrException;
import io.github.cellinr.core.TriangleMesh;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MeshIoTest {

    @TempDir
    Path dir;

    /** A closed, outward-oriented sphere mesh: an octahedron subdivided {@code levels} times, in micrometres. */
    static TriangleMesh sphere(int levels, float radius, float cx, float cy, float cz) {
        List<float[]> v = new ArrayList<>(List.of(new float[] {1, 0, 0}, new float[] {-1, 0, 0},
                new float[] {0, 1, 0}, new float[] {0, -1, 0}, new float[] {0, 0, 1}, new float[] {0, 0, -1}));
        List<int[]> f = new ArrayList<>(List.of(new int[] {0, 2, 4}, new int[] {2, 1, 4}, new int[] {1, 3, 4},
                new int[] {3, 0, 4}, new int[] {2, 0, 5}, new int[] {1, 2, 5}, new int[] {3, 1, 5},
                new int[] {0, 3, 5}));
        for (int l = 0; l < levels; l++) {
            Map<Long, Integer> mid = new HashMap<>();
            List<int[]> next = new ArrayList<>();
            for (int[] t : f) {
                int a = midpoint(v, mid, t[0], t[1]);
                int b = midpoint(v, mid, t[1], t[2]);
                int c = midpoint(v, mid, t[2], t[0]);
                next.add(new int[] {t[0], a, c});
                next.add(new int[] {t[1], b, a});
                next.add(new int[] {t[2], c, b});
                next.add(new int[] {a, b, c});
            }
            f = next;
        }
        float[] vertices = new float[3 * v.size()];
        for (int i = 0; i < v.size(); i++) {
            float[] p = v.get(i);
            double n = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
            vertices[3 * i] = (float) (cx + radius * p[0] / n);
            vertices[3 * i + 1] = (float) (cy + radius * p[1] / n);
            vertices[3 * i + 2] = (float) (cz + radius * p[2] / n);
        }
        int[] triangles = new int[3 * f.size()];
        for (int i = 0; i < f.size(); i++) {
            System.arraycopy(f.get(i), 0, triangles, 3 * i, 3);
        }
        return new TriangleMesh(vertices, triangles);
    }

    private static int midpoint(List<float[]> v, Map<Long, Integer> cache, int a, int b) {
        long key = Math.min(a, b) * 1_000_000L + Math.max(a, b);
        return cache.computeIfAbsent(key, k -> {
            float[] p = v.get(a);
            float[] q = v.get(b);
            v.add(new float[] {(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2});
            return v.size() - 1;
        });
    }

    @ParameterizedTest
    @EnumSource(MeshFormat.class)
    void roundTripKeepsGeometry(MeshFormat format) throws IOException {
        TriangleMesh mesh = sphere(3, 5.5f, 10.25f, -3f, 7.125f);
        assertEquals(4 * Math.PI / 3 * Math.pow(5.5, 3), mesh.enclosedVolumeUm3(), 0.05 * mesh.enclosedVolumeUm3(),
                "the test mesh is a closed outward sphere");
        Path f = dir.resolve("cell." + format.extension());
        MeshWriter.write(f, mesh, "CellINR test seed 42");
        TriangleMesh back = MeshReader.read(f);
        assertEquals(mesh.triangleCount(), back.triangleCount());
        if (format == MeshFormat.STL) {
            // STL stores corners per triangle; welding restores the shared vertices
            assertEquals(mesh.vertexCount(), back.vertexCount());
            for (int i = 0; i < mesh.triangles().length; i++) {
                int a = mesh.triangles()[i];
                int b = back.triangles()[i];
                for (int k = 0; k < 3; k++) {
                    assertEquals(mesh.vertices()[3 * a + k], back.vertices()[3 * b + k]);
                }
            }
        } else {
            assertArrayEquals(mesh.vertices(), back.vertices());
            assertArrayEquals(mesh.triangles(), back.triangles());
        }
        assertEquals(mesh.surfaceAreaUm2(), back.surfaceAreaUm2(), 1e-9 * mesh.surfaceAreaUm2());
        assertEquals(mesh.enclosedVolumeUm3(), back.enclosedVolumeUm3(), 1e-9 * mesh.enclosedVolumeUm3());
        String head = new String(Files.readAllBytes(f), 0, 200, StandardCharsets.ISO_8859_1);
        assertTrue(head.contains("CellINR test seed 42"), head);
    }

    @Test
    void plyHeaderAndStlLayout() throws IOException {
        TriangleMesh mesh = sphere(1, 2, 0, 0, 0);
        Path ply = dir.resolve("m.ply");
        MeshWriter.write(ply, mesh, MeshFormat.PLY, "solid provenance");
        String text = new String(Files.readAllBytes(ply), StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("ply\nformat binary_little_endian 1.0\ncomment solid provenance\n"), text);
        assertTrue(text.contains("element vertex " + mesh.vertexCount() + "\n"));
        assertTrue(text.contains("element face " + mesh.triangleCount() + "\nproperty list uchar int vertex_indices\n"));
        Path stl = dir.resolve("m.stl");
        MeshWriter.write(stl, mesh, MeshFormat.STL, "solid provenance");
        byte[] b = Files.readAllBytes(stl);
        assertEquals(84 + 50 * mesh.triangleCount(), b.length);
        assertFalse(new String(b, 0, 5, StandardCharsets.US_ASCII).equals("solid"), "binary STL must not start with solid");
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(mesh.triangleCount(), buf.getInt(80));
        for (int t = 0; t < mesh.triangleCount(); t++) {
            int at = 84 + 50 * t;
            float nx = buf.getFloat(at);
            float ny = buf.getFloat(at + 4);
            float nz = buf.getFloat(at + 8);
            assertEquals(1.0, Math.sqrt(nx * nx + ny * ny + nz * nz), 1e-5);
            float cx = (buf.getFloat(at + 12) + buf.getFloat(at + 24) + buf.getFloat(at + 36)) / 3;
            float cy = (buf.getFloat(at + 16) + buf.getFloat(at + 28) + buf.getFloat(at + 40)) / 3;
            float cz = (buf.getFloat(at + 20) + buf.getFloat(at + 32) + buf.getFloat(at + 44)) / 3;
            assertTrue(nx * cx + ny * cy + nz * cz > 0, "normal of triangle " + t + " points outward");
        }
    }

    @Test
    void readsAsciiAndBigEndianPlyWithPolygonsAndExtraProperties() throws IOException {
        // a unit square as one quad plus a triangle, with normals and colours the reader must skip
        String ascii = "ply\nformat ascii 1.0\ncomment made by hand\nelement vertex 5\nproperty double x\n"
                + "property double y\nproperty double z\nproperty float nx\nproperty uchar red\n"
                + "element face 2\nproperty list uchar uint vertex_index\nproperty uchar flags\n"
                + "element edge 1\nproperty int vertex1\nproperty int vertex2\nend_header\n"
                + "0 0 0 0 255\n1 0 0 0 255\n1 1 0 0 255\n0 1 0 0 255\n0.5 0.5 1 0 1\n"
                + "4 0 1 2 3 7\n3 0 1 4 0\n0 1\n";
        TriangleMesh a = MeshReader.read(Files.writeString(dir.resolve("hand.ply"), ascii));
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3, 0, 1, 4}, a.triangles());
        assertEquals(1.0 + Math.sqrt(1.25) / 2, a.surfaceAreaUm2(), 1e-6);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("ply\nformat binary_big_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                + "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n")
                .getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(3 * 12 + 13).order(ByteOrder.BIG_ENDIAN);
        b.putFloat(0).putFloat(0).putFloat(0).putFloat(2).putFloat(0).putFloat(0).putFloat(0).putFloat(3).putFloat(0);
        b.put((byte) 3).putInt(0).putInt(1).putInt(2);
        out.writeBytes(b.array());
        TriangleMesh big = MeshReader.read(Files.write(dir.resolve("be.ply"), out.toByteArray()));
        assertEquals(3.0, big.surfaceAreaUm2(), 1e-12);
        Path truncated = Files.write(dir.resolve("cut.ply"), java.util.Arrays.copyOf(out.toByteArray(), out.size() - 5));
        assertProblem(truncated, "truncated");
    }

    @Test
    void readsObjVariantsAndAsciiStl() throws IOException {
        String obj = "# hand made\nmtllib none.mtl\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvn 0 0 1\nvt 0 0\n"
                + "f 1/1/1 2/1/1 3/1/1 4/1/1\nf -4 -3 -1\n";
        TriangleMesh m = MeshReader.read(Files.writeString(dir.resolve("hand.obj"), obj));
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3, 0, 1, 3}, m.triangles());
        String stl = "solid hand\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 0 0\n"
                + "   vertex 0 1 0\n  endloop\n endfacet\n facet normal 0 0 1\n  outer loop\n   vertex 1 0 0\n"
                + "   vertex 1 1 0\n   vertex 0 1 0\n  endloop\n endfacet\nendsolid hand\n";
        TriangleMesh s = MeshReader.read(Files.writeString(dir.resolve("hand.stl"), stl));
        assertEquals(4, s.vertexCount(), "shared corners are welded");
        assertEquals(2, s.triangleCount());
        assertEquals(1.0, s.surfaceAreaUm2(), 1e-12);
    }

    @Test
    void badMeshFiles() throws IOException {
        assertProblem(dir.resolve("none.obj"), "does not exist");
        assertProblem(Files.writeString(dir.resolve("bad.obj"), "v 0 0 0\nv 1 0 0\nf 1 2 3\n"),
                "line 3: face index 3 refers to no vertex");
        assertProblem(Files.writeString(dir.resolve("bad.ply"), "not a ply at all"), "not a PLY file");
        assertProblem(Files.write(dir.resolve("bad.stl"), new byte[90]), "neither binary STL");
        CellInrException e = assertThrows(CellInrException.class, () -> MeshFormat.of(Path.of("x.vtk")));
        assertTrue(e.getMessage().contains(".ply, .stl or .obj"));
        assertEquals(MeshFormat.STL, MeshFormat.parse("STL"));
    }

    private static void assertProblem(Path file, String words) {
        CellInrException e = assertThrows(CellInrException.class, () -> MeshReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(words), e.getMessage());
    }
}
