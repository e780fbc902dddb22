package io.github.cellinr.eval.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A table of a report: written as CSV (full precision) and shown in HTML (4 significant digits).
 *
 * @param name    file stem of its CSV ({@code [a-z0-9_-]+})
 * @param title   shown above the table
 * @param columns column headers
 * @param rows    cells: {@link Number}s, {@link String}s, or {@link Cell}s (text shown, number written)
 */
public record Table(String name, String title, List<String> columns, List<List<Object>> rows) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    /** A cell shown as {@code text} in HTML and written as {@code value} to CSV (e.g. "0.954 ± 0.009"). */
    public record Cell(String text, Object value) {
    }

    public Table {
        checkName(name);
        Objects.requireNonNull(title, "title");
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>();
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("table " + name + ": a row has " + row.size() + " cells for "
                        + columns.size() + " columns");
            }
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = List.copyOf(copy);
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' must match [a-z0-9][a-z0-9_-]*");
        }
    }

    /** Starts a table with these columns. */
    public static Builder builder(String name, String title, String... columns) {
        return new Builder(name, title, List.of(columns));
    }

    public static final class Builder {
        private final String name;
        private final String title;
        private final List<String> columns;
        private final List<List<Object>> rows = new ArrayList<>();

        private Builder(String name, String title, List<String> columns) {
            this.name = name;
            this.title = title;
            this.columns = columns;
        }

        public Builder row(Object... cells) {
            rows.add(java.util.Arrays.asList(cells));
            return this;
        }

        public Table build() {
            return new Table(name, title, columns, rows);
        }
    }

    /** RFC 4180 CSV with a header line; numbers in full precision, NaN as an empty cell. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        appendCsvLine(sb, new ArrayList<>(columns));
        for (List<Object> row : rows) {
            List<Object> values = new ArrayList<>(row.size());
            for (Object cell : row) {
                values.add(cell instanceof Cell c ? c.value() : cell);
            }
            appendCsvLine(sb, values);
        }
        return sb.toString();
    }

    private static void appendCsvLine(StringBuilder sb, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(csvCell(cells.get(i)));
        }
        sb.append('\n');
    }

    static String csvCell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "" : d.isInfinite() ? (d > 0 ? "Inf" : "-Inf") : Double.toString(d);
        }
        if (v instanceof Float f) {
            return csvCell(f.doubleValue());
        }
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** The text of a cell in HTML (not escaped): 4 significant digits for numbers, "n/a" for NaN. */
    static String displayText(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Cell c) {
            return c.text();
        }
        if (v instanceof Double || v instanceof Float) {
            return formatNumber(((Number) v).doubleValue());
        }
        return v.toString();
    }

    /** 4 significant digits, plain notation for ordinary magnitudes. */
    public static String formatNumber(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        if (d == 0 || Double.isInfinite(d)) {
            return d == 0 ? "0" : (d > 0 ? "inf" : "-inf");
        }
        double a = Math.abs(d);
        if (a >= 1e-3 && a < 1e6) {
            String s = new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros()
                    .toPlainString();
            return s;
        }
        return String.format(Locale.ROOT, "%.3e", d);
    }

    /** A p-value as papers print it: three decimals, "<0.001" below. */
    public static String formatPValue(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** "mean ± std" with three decimals (the paper's Table 2 style). */
    public static String formatMeanStd(double mean, double std) {
        if (Double.isNaN(mean)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.3f \u00b1 %.3f", mean, Double.isNaN(std) ? 0 : std);
    }
}
