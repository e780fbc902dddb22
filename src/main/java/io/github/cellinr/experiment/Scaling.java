package io.github.cellinr.experiment;

import io.github.cellinr.eval.report.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's experiment sizes next to a run's: data, grid, sequences, frames, epochs, samples. Every report
 * shows it, so no number is read without its scale.
 */
public final class Scaling {

    /** One quantity: what the paper used and what this run uses. */
    public record Row(String quantity, String paper, String here) {
    }

    private final List<Row> rows = new ArrayList<>();

    public Scaling add(String quantity, Object paper, Object here) {
        rows.add(new Row(quantity, String.valueOf(paper), String.valueOf(here)));
        return this;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The report table. */
    public Table table(String name) {
        Table.Builder t = Table.builder(name, "The paper's experiment and this run", "quantity", "paper", "this run");
        for (Row r : rows) {
            t.row(r.quantity(), r.paper(), r.here());
        }
        return t.build();
    }

    /** For provenance and results.json: quantity to {paper, here}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Row r : rows) {
            m.put(r.quantity(), Map.of("paper", r.paper(), "here", r.here()));
        }
        return m;
    }
}
