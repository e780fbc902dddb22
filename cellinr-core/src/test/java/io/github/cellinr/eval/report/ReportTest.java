package io.github.cellinr.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cellinr.core.Provenance;
import io.github.cellinr.eval.Summary;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportTest {

    static final List<String> FIGURES = List.of("volume-over-time", "pca", "dice-latent", "dice-frames",
            "dice-epochs", "tsne");

    @Test
    void writesEveryFigureAsPngSvgAndCsvAndEmbedsThem(@TempDir Path dir) throws Exception {
        Report report = ReportFixtures.everyFigure();
        report.setProvenance(Provenance.builder(List.of("evaluate", "--real", "x")).seed(3)
                .input("real", dir).parameter("threads", 2).build());
        Path html = report.write(dir);
        assertEquals(dir.resolve("report.html"), html);
        String text = Files.readString(html);
        for (String name : FIGURES) {
            Path png = dir.resolve("figures/" + name + ".png");
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(Charts.WIDTH, image.getWidth(), name);
            assertEquals(Charts.HEIGHT, image.getHeight(), name);
            Document svg = parse(dir.resolve("figures/" + name + ".svg"));
            assertEquals("svg", svg.getDocumentElement().getLocalName(), name);
            // XChart draws text as glyph outlines: the SVG needs no font to look the same everywhere.
            assertTrue(svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength() > 10, name);
            List<String> csv = Files.readAllLines(dir.resolve("figures/" + name + ".csv"));
            assertTrue(csv.size() > 1, name + " CSV has rows");
            assertTrue(text.contains("href=\"figures/" + name + ".csv\""), name);
            assertTrue(text.contains("href=\"figures/" + name + ".svg\""), name);
        }
        // Every embedded image decodes as a PNG of the figure's size.
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(text);
        int count = 0;
        while (m.find()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertEquals(Charts.WIDTH, image.getWidth());
            count++;
        }
        assertEquals(FIGURES.size(), count);
        assertEquals(List.of("comparison,Surface,Volume,Sphericity", "real vs reconstructed,0.634,0.252,2.0E-5"),
                Files.readAllLines(dir.resolve("tables/ks.csv")));
        // Self-contained: nothing is loaded from elsewhere.
        assertFalse(text.contains("http://") || text.contains("https://"), "no external references");
        assertFalse(Pattern.compile("<script[^>]+src=").matcher(text).find());
        assertFalse(Pattern.compile("<link[^>]+stylesheet").matcher(text).find());
        // Text is escaped, numbers are shown with 4 digits, provenance is listed.
        assertTrue(text.contains("Fixture report &lt;with&gt; &quot;escapes&quot; &amp; more"));
        assertTrue(text.contains("Second paragraph with &lt;b&gt;no&lt;/b&gt; markup."));
        assertTrue(text.contains("<td class=\"num\">0.634</td>"));
        assertTrue(text.contains("<td class=\"num\">&lt;0.001</td>"));
        assertTrue(text.contains("cellinr evaluate --real x"));
        assertTrue(text.contains(Provenance.sha256(dir).substring(0, 0) + "SHA-256"));
    }

    @Test
    void csvQuotesAndFullPrecision() {
        Table t = Table.builder("t", "T", "a", "b", "c").row("x,y", 0.1 + 0.2, Double.NaN).row("say \"hi\"", 3L, 1e-20)
                .build();
        assertEquals("a,b,c\n\"x,y\",0.30000000000000004,\n\"say \"\"hi\"\"\",3,1.0E-20\n", t.toCsv());
        assertEquals("0.3", Table.formatNumber(0.30000000000000004));
        assertEquals("1235", Table.formatNumber(1234.56));
        assertEquals("1.000e-20", Table.formatNumber(1e-20));
        assertEquals("<0.001", Table.formatPValue(0.0004));
        assertEquals("0.064", Table.formatPValue(0.0641));
        assertEquals("0.954 \u00b1 0.009", Table.formatMeanStd(0.9541, 0.0089));
    }

    @Test
    void table2HasOneColumnPerLatentSize() {
        Map<String, List<Charts.SummaryPoint>> models = new LinkedHashMap<>();
        models.put("equivariant", List.of(new Charts.SummaryPoint(4, Summary.of(new double[] {0.7, 0.8})),
                new Charts.SummaryPoint(32, Summary.of(new double[] {0.95, 0.96}))));
        models.put("non-equivariant", List.of(new Charts.SummaryPoint(32, Summary.of(new double[] {0.9, 0.92}))));
        Table t = Tables.diceVsLatentSize("table2", models);
        assertEquals(List.of("Latent dimensionality", "4", "32"), t.columns());
        assertEquals("0.750 \u00b1 0.071", Table.displayText(t.rows().get(0).get(1)));
        assertEquals("n/a", Table.displayText(t.rows().get(1).get(1)));
        assertEquals("Latent dimensionality,4,32\nDice - equivariant,0.75,0.955\nDice - non-equivariant,,0.91\n",
                t.toCsv());
    }

    @Test
    void namesAreCheckedAndUnique() {
        assertThrows(IllegalArgumentException.class, () -> Table.builder("Bad Name", "t", "a").build());
        Report r = new Report("r");
        Table t = Table.builder("same", "t", "a").row(1).build();
        r.addTable(t);
        assertThrows(IllegalArgumentException.class, () -> r.addTable(t));
        assertThrows(IllegalArgumentException.class, () -> Table.builder("x", "t", "a", "b").row(1).build());
    }

    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(file.toFile());
    }
}
