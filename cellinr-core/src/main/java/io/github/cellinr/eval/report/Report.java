package io.github.cellinr.eval.report;

import io.github.cellinr.core.Provenance;
import io.github.cellinr.core.AtomicFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A self-contained HTML report that opens offline: figures embedded as PNG data URIs, no external script,
 * style sheet or font. Beside it, {@link #write} puts each figure as {@code figures/NAME.png},
 * {@code figures/NAME.svg} and {@code figures/NAME.csv} (its numbers), and each table as
 * {@code tables/NAME.csv}; the report links to them.
 *
 * <p>Stages add to a report in reading order: {@link #addSection} starts a section with its narrative,
 * {@link #addText}, {@link #addFigure} and {@link #addTable} append to the current one. The inputs'
 * provenance goes at the end ({@link #setProvenance}). Not thread-safe.
 *
 * <pre>{@code
 * Report report = new Report("CellINR evaluation");
 * report.addSection("Shape descriptors", "Mean and inter-quartile range over time ...");
 * report.addFigure(Charts.descriptorOverTime(...));
 * report.addTable(table);
 * report.setProvenance(provenance);
 * Path html = report.write(outDir);
 * }</pre>
 */
public final class Report {

    /** Name of the report file that {@link #write} creates. */
    public static final String FILE_NAME = "report.html";
    public static final String FIGURES = "figures";
    public static final String TABLES = "tables";

    private sealed interface Block permits Text, FigureBlock, TableBlock, InteractiveBlock {
    }

    /**
     * An interactive figure (e.g. a WebGL viewer): its HTML, and the style rules and script it needs, which
     * the page includes once however many such figures share them. Everything must be inline: a report loads
     * nothing from elsewhere.
     *
     * @param name    unique id within the report ({@code [a-z0-9_-]+})
     * @param caption what it shows and how to use it (plain text)
     * @param html    the element(s), trusted HTML made by CellINR
     * @param style   CSS rules it needs ("" for none)
     * @param script  JavaScript it needs, run once after the page's elements exist ("" for none)
     */
    public record Interactive(String name, String caption, String html, String style, String script) {
        public Interactive {
            Table.checkName(name);
            Objects.requireNonNull(caption, "caption");
            Objects.requireNonNull(html, "html");
            Objects.requireNonNull(style, "style");
            Objects.requireNonNull(script, "script");
            if (script.contains("</script") || style.contains("</style")) {
                throw new IllegalArgumentException("an inline script or style cannot contain its closing tag");
            }
        }
    }

    private record InteractiveBlock(Interactive interactive) implements Block {
    }

    private record Text(String text) implements Block {
    }

    private record FigureBlock(Figure figure) implements Block {
    }

    private record TableBlock(Table table) implements Block {
    }

    private record Section(String title, List<Block> blocks) {
    }

    private final String title;
    private final List<Section> sections = new ArrayList<>();
    private final Set<String> figureNames = new HashSet<>();
    private final Set<String> tableNames = new HashSet<>();
    private Provenance provenance;

    public Report(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    public String title() {
        return title;
    }

    /**
     * Starts a section. {@code narrative} is plain text (HTML is escaped); blank lines separate paragraphs.
     */
    public Report addSection(String sectionTitle, String narrative) {
        sections.add(new Section(Objects.requireNonNull(sectionTitle, "title"), new ArrayList<>()));
        if (narrative != null && !narrative.isBlank()) {
            addText(narrative);
        }
        return this;
    }

    /** Appends paragraphs of plain text to the current section. */
    public Report addText(String text) {
        current().blocks().add(new Text(text));
        return this;
    }

    /** Appends a figure; its name must be unique in the report. */
    public Report addFigure(Figure figure) {
        if (!figureNames.add(figure.name())) {
            throw new IllegalArgumentException("the report already has a figure named " + figure.name());
        }
        current().blocks().add(new FigureBlock(figure));
        return this;
    }

    /** Appends a table; its name must be unique in the report. */
    public Report addTable(Table table) {
        if (!tableNames.add(table.name())) {
            throw new IllegalArgumentException("the report already has a table named " + table.name());
        }
        current().blocks().add(new TableBlock(table));
        return this;
    }

    /** Appends an interactive figure; its name must be unique among the report's figures. */
    public Report addInteractive(Interactive interactive) {
        if (!figureNames.add(interactive.name())) {
            throw new IllegalArgumentException("the report already has a figure named " + interactive.name());
        }
        current().blocks().add(new InteractiveBlock(interactive));
        return this;
    }

    /** Where the report's inputs came from: shown in the last section. */
    public Report setProvenance(Provenance value) {
        this.provenance = value;
        return this;
    }

    /** Figures, interactive ones included. */
    public int figureCount() {
        return figureNames.size();
    }

    /** The interactive figures' distinct style rules or scripts, in order of first use. */
    private List<String> shared(boolean scripts) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Section s : sections) {
            for (Block b : s.blocks()) {
                if (b instanceof InteractiveBlock i) {
                    String text = scripts ? i.interactive().script() : i.interactive().style();
                    if (!text.isBlank()) {
                        out.add(text);
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    private Section current() {
        if (sections.isEmpty()) {
            sections.add(new Section("Results", new ArrayList<>()));
        }
        return sections.get(sections.size() - 1);
    }

    /**
     * Writes the figures, tables and {@value #FILE_NAME} into {@code dir} (created if needed), each file
     * atomically, the report last, and returns the report's path.
     */
    public Path write(Path dir) {
        AtomicFiles.createDirectories(dir);
        List<byte[]> pngs = new ArrayList<>();
        for (Section s : sections) {
            for (Block b : s.blocks()) {
                if (b instanceof FigureBlock f) {
                    Figure figure = f.figure();
                    byte[] png = figure.png();
                    pngs.add(png);
                    Path folder = dir.resolve(FIGURES);
                    AtomicFiles.writeBytes(folder.resolve(figure.name() + ".png"), png);
                    AtomicFiles.writeString(folder.resolve(figure.name() + ".svg"), figure.svg());
                    AtomicFiles.writeString(folder.resolve(figure.name() + ".csv"), figure.data().toCsv());
                } else if (b instanceof TableBlock t) {
                    AtomicFiles.writeString(dir.resolve(TABLES).resolve(t.table().name() + ".csv"), t.table().toCsv());
                }
            }
        }
        Path report = dir.resolve(FILE_NAME);
        AtomicFiles.writeString(report, toHtml(pngs));
        return report;
    }

    /** The HTML document (figures rendered now). */
    public String toHtml() {
        List<byte[]> pngs = new ArrayList<>();
        for (Section s : sections) {
            for (Block b : s.blocks()) {
                if (b instanceof FigureBlock f) {
                    pngs.add(f.figure().png());
                }
            }
        }
        return toHtml(pngs);
    }

    private String toHtml(List<byte[]> pngs) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"CellINR\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append(String.join("", shared(false)))
                .append("</style>\n</head>\n<body>\n<main>\n<h1>").append(escape(title)).append("</h1>\n");
        h.append("<p class=\"meta\">Written ").append(escape(Instant.now().toString()));
        if (provenance != null) {
            h.append(" by cellinr ").append(escape(provenance.version()));
        }
        h.append(". Figures are PNG here; each has an SVG and a CSV of its numbers beside this file.</p>\n");
        h.append("<nav><ol>\n");
        for (int i = 0; i < sections.size(); i++) {
            h.append("<li><a href=\"#s").append(i + 1).append("\">").append(escape(sections.get(i).title()))
                    .append("</a></li>\n");
        }
        if (provenance != null) {
            h.append("<li><a href=\"#provenance\">Provenance</a></li>\n");
        }
        h.append("</ol></nav>\n");
        int figureIndex = 0, figureNumber = 0, tableNumber = 0;
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            h.append("<section id=\"s").append(i + 1).append("\">\n<h2>").append(i + 1).append(". ")
                    .append(escape(s.title())).append("</h2>\n");
            for (Block b : s.blocks()) {
                if (b instanceof Text t) {
                    for (String paragraph : t.text().strip().split("\\n\\s*\\n")) {
                        h.append("<p>").append(escape(paragraph.strip())).append("</p>\n");
                    }
                } else if (b instanceof FigureBlock f) {
                    Figure figure = f.figure();
                    figureNumber++;
                    String base64 = Base64.getEncoder().encodeToString(pngs.get(figureIndex++));
                    h.append("<figure id=\"fig-").append(figure.name()).append("\">\n<img class=\"figure\" src=\"")
                            .append("data:image/png;base64,").append(base64).append("\" width=\"")
                            .append(figure.width()).append("\" height=\"").append(figure.height())
                            .append("\" alt=\"").append(escape(figure.title())).append("\">\n<figcaption><b>Figure ")
                            .append(figureNumber).append(".</b> ").append(escape(figure.caption()))
                            .append(" <span class=\"files\">[<a href=\"").append(FIGURES).append('/')
                            .append(figure.name()).append(".svg\">SVG</a> | <a href=\"").append(FIGURES).append('/')
                            .append(figure.name()).append(".csv\">CSV</a> | <a href=\"").append(FIGURES).append('/')
                            .append(figure.name()).append(".png\">PNG</a>]</span></figcaption>\n</figure>\n");
                } else if (b instanceof TableBlock tb) {
                    tableNumber++;
                    appendTable(h, tb.table(), tableNumber);
                } else if (b instanceof InteractiveBlock ib) {
                    Interactive in = ib.interactive();
                    figureNumber++;
                    h.append("<figure class=\"interactive\" id=\"view-").append(in.name()).append("\">\n")
                            .append(in.html()).append("<figcaption><b>Figure ").append(figureNumber)
                            .append(" (interactive).</b> ").append(escape(in.caption())).append("</figcaption>\n</figure>\n");
                }
            }
            h.append("</section>\n");
        }
        if (provenance != null) {
            appendProvenance(h);
        }
        // the page's own script first: it counts errors, the interactive figures' included
        h.append("</main>\n<script>\n").append(SCRIPT).append("</script>\n");
        for (String script : shared(true)) {
            h.append("<script>\n").append(script).append("</script>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void appendTable(StringBuilder h, Table t, int number) {
        h.append("<div class=\"table\" id=\"tab-").append(t.name()).append("\">\n<table>\n<caption><b>Table ")
                .append(number).append(".</b> ").append(escape(t.title())).append(" <span class=\"files\">[<a href=\"")
                .append(TABLES).append('/').append(t.name()).append(".csv\">CSV</a>]</span></caption>\n<thead><tr>");
        for (String c : t.columns()) {
            h.append("<th>").append(escape(c)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : t.rows()) {
            h.append("<tr>");
            for (Object cell : row) {
                boolean numeric = cell instanceof Number || cell instanceof Table.Cell c && c.value() instanceof Number;
                h.append(numeric ? "<td class=\"num\">" : "<td>").append(escape(Table.displayText(cell))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n");
    }

    private void appendProvenance(StringBuilder h) {
        Provenance p = provenance;
        h.append("<section id=\"provenance\">\n<h2>Provenance</h2>\n<p>Everything above was computed by this run; its")
                .append(" inputs are identified by SHA-256 (folders: over their sorted files), so a later reader can")
                .append(" check that the files are the same.</p>\n<table class=\"kv\">\n");
        row(h, "command", "cellinr " + String.join(" ", p.command()));
        row(h, "version", p.version());
        row(h, "written", p.createdUtc());
        if (p.seed() != null) {
            row(h, "seed", Long.toString(p.seed()));
        }
        if (p.modelId() != null) {
            row(h, "model", p.modelId());
        }
        if (p.runtime() != null) {
            for (Map.Entry<String, String> e : p.runtime().entrySet()) {
                row(h, e.getKey(), e.getValue());
            }
        }
        if (p.parameters() != null) {
            p.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> row(h, e.getKey(), String.valueOf(e.getValue())));
        }
        h.append("</table>\n");
        if (p.inputs() != null && !p.inputs().isEmpty()) {
            h.append("<table>\n<caption>Inputs</caption>\n<thead><tr><th>role</th><th>path</th><th>SHA-256</th></tr>")
                    .append("</thead>\n<tbody>\n");
            for (Provenance.Input in : p.inputs()) {
                h.append("<tr><td>").append(escape(in.role())).append("</td><td>").append(escape(in.path()))
                        .append("</td><td class=\"hash\">").append(escape(in.sha256())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</section>\n");
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(escape(key)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;\
            color:#1b1b1b;background:#fff;line-height:1.45}
            main{max-width:1000px;margin:0 auto;padding:1.5em}
            h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
            .meta{color:#666;font-size:.9em}
            nav ol{columns:2;font-size:.95em}
            figure{margin:1.2em 0}img.figure{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{font-size:.92em;color:#333;margin-top:.3em}
            .files{font-size:.9em;white-space:nowrap}
            table{border-collapse:collapse;margin:1em 0;font-size:.92em}
            caption{text-align:left;padding:.3em 0;font-size:.95em}
            th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
            thead th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
            table.kv th{background:#f8f8f8;font-weight:normal;color:#555}
            td.hash{font-family:monospace;font-size:.85em;word-break:break-all}
            """;

    /**
     * Marks the body once the page has loaded: how many figures there are, how many decoded (an image
     * that failed has naturalWidth 0), and how many errors the page raised. Headless checks read these.
     */
    private static final String SCRIPT = """
            (function(){var errors=0;
            window.addEventListener('error',function(){errors++;document.body.dataset.errors=errors;},true);
            window.addEventListener('load',function(){var imgs=document.querySelectorAll('img.figure');var ok=0;
            for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0){ok++;}}
            document.body.dataset.figures=imgs.length;document.body.dataset.decoded=ok;
            document.body.dataset.errors=errors;document.body.dataset.loaded='true';});})();
            """;

}
