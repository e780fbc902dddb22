package io.github.cellinr.eval.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cellinr.core.Json;
import io.github.cellinr.core.TriangleMesh;
import io.github.cellinr.eval.report.Report;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MeshViewerTest {

    private static JsonNode data(String html) throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" class=\"cv-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        return Json.mapper().readTree(m.group(1));
    }

    @Test
    void meshesSurviveTheCompactEncodingToWithinAQuantisationStep() throws Exception {
        List<SurfaceSeries> cells = MeshViewerChromiumTest.cells();
        JsonNode data = data(MeshViewer.html("v", cells));
        assertEquals(2, data.get("sets").size());
        JsonNode cell = data.get("cells").get(0);
        assertEquals("real", cell.get("set").asText());
        double[] box = new double[6];
        for (int i = 0; i < 6; i++) {
            box[i] = cell.get("box").get(i).asDouble();
        }
        for (int k = 0; k < cells.get(0).meshes().size(); k++) {
            TriangleMesh original = cells.get(0).meshes().get(k);
            JsonNode frame = cell.get("frames").get(k);
            ByteBuffer v = ByteBuffer.wrap(Base64.getDecoder().decode(frame.get("v").asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer i = ByteBuffer.wrap(Base64.getDecoder().decode(frame.get("i").asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(2, frame.get("w").asInt(), "16-bit indices for small meshes");
            assertEquals(original.vertices().length * 2, v.capacity());
            for (int n = 0; n < original.vertices().length; n++) {
                double decoded = box[n % 3] + (v.getShort() & 0xFFFF) / 65535.0 * box[3 + n % 3];
                assertEquals(original.vertices()[n], decoded, box[3 + n % 3] / 65535.0 + 1e-4);
            }
            for (int index : original.triangles()) {
                assertEquals(index, i.getShort() & 0xFFFF);
            }
        }
        assertEquals(cells.get(0).timePoints().size(), cell.get("times").size());
    }

    @Test
    void theReportInlinesTheViewerOnceAndLoadsNothing() {
        Report report = new Report("r");
        report.addSection("a", "");
        MeshViewer.addTo(report, "v1", "one", MeshViewerChromiumTest.cells());
        MeshViewer.addTo(report, "v2", "two", MeshViewerChromiumTest.cells());
        String html = report.toHtml();
        assertEquals(2, html.split("class=\"cellinr-viewer\"", -1).length - 1, "two viewers");
        assertEquals(1, html.split("function startAll", -1).length - 1, "one copy of the script");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing from the network");
        assertTrue(html.contains("Figure 2 (interactive)."));
    }

    @Test
    void decimationKeepsTheShapeWithinBudget() {
        TriangleMesh sphere = Meshes.sphere(10, new double[] {1, 2, 3}, 5); // 20480 triangles
        TriangleMesh small = MeshDecimator.toAtMost(sphere, 1500);
        assertTrue(small.triangleCount() <= 1500 && small.triangleCount() > 500, small.triangleCount() + " triangles");
        assertEquals(sphere.surfaceAreaUm2(), small.surfaceAreaUm2(), 0.05 * sphere.surfaceAreaUm2());
        assertEquals(sphere.enclosedVolumeUm3(), small.enclosedVolumeUm3(), 0.06 * sphere.enclosedVolumeUm3());
        assertTrue(MeshDecimator.toAtMost(small, 5000) == small, "a mesh within budget is kept as it is");
    }
}
