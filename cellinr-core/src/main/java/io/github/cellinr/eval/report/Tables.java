package io.github.cellinr.eval.report;

import io.github.cellinr.eval.report.Charts.SummaryPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The paper's tables that come from experiments rather than from one evaluation (Table 1, the KS p-values,
 * is {@link io.github.cellinr.eval.EvaluationResult#ksTable()}).
 */
public final class Tables {
    private Tables() {
    }

    /**
     * Table 2: Dice (mean ± standard deviation) of each model at each latent code size. The CSV holds the
     * means; their standard deviations and sample counts are in the matching figure's CSV
     * ({@link Charts#diceVsLatentSize}).
     *
     * @param models model name to one point per latent size (x = size)
     */
    public static Table diceVsLatentSize(String name, Map<String, List<SummaryPoint>> models) {
        TreeSet<Integer> sizes = new TreeSet<>();
        models.values().forEach(points -> points.forEach(p -> sizes.add((int) Math.round(p.x()))));
        List<String> columns = new ArrayList<>();
        columns.add("Latent dimensionality");
        sizes.forEach(s -> columns.add(Integer.toString(s)));
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<String, List<SummaryPoint>> e : models.entrySet()) {
            List<Object> row = new ArrayList<>();
            row.add("Dice - " + e.getKey());
            for (int size : sizes) {
                SummaryPoint p = e.getValue().stream().filter(q -> Math.round(q.x()) == size).findFirst().orElse(null);
                row.add(p == null ? new Table.Cell("n/a", Double.NaN)
                        : new Table.Cell(Table.formatMeanStd(p.summary().mean(), p.summary().std()), p.summary().mean()));
            }
            rows.add(row);
        }
        return new Table(name, "Dice (mean \u00b1 standard deviation over sequences) of reconstructed shapes with"
                + " respect to the latent code size (paper Table 2)", columns, rows);
    }
}
