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

    // rows that several experiments share: the paper's usual setting (section 5) against this run's

    /** The paper's A549 data, here filopodial phantoms. */
    Scaling filopodialData() {
        return add("data", "A549 filopodial (simulated) segmentations", "filopodial phantoms");
    }

    /** The paper's 33 sequences of 30 frames against this run's. */
    Scaling sequencesByFrames(int count, int frames) {
        return add("sequences x frames", "33 x 30", count + " x " + frames);
    }

    /** The paper's 256^3 SDF grid against this run's. */
    Scaling sdfGrid(int grid) {
        return add("SDF grid", "256^3", grid + "^3");
    }

    /** The paper's 2000 epochs against this run's. */
    Scaling epochs(int epochs) {
        return add("epochs", 2000, epochs);
    }

    /** The paper's million SDF samples per frame against this run's (the trainer's, see ModelTraining). */
    Scaling samplesPerFrame(boolean quick) {
        return add("SDF samples per frame", "1,000,000", ModelTraining.pointsPerFrame(quick));
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
