package io.github.cellinr.experiment;

import io.github.cellinr.eval.Summary;
import io.github.cellinr.eval.report.Charts.SummaryPoint;
import io.github.cellinr.eval.report.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Small conversions the experiments share: summaries of scores, and numbers for JSON (no NaN in JSON). */
final class Stats {
    private Stats() {
    }

    static <T> Summary summary(List<T> items, ToDoubleFunction<T> value) {
        return Summary.of(items.stream().mapToDouble(value).toArray());
    }

    static SummaryPoint point(double x, Summary s) {
        return new SummaryPoint(x, s);
    }

    /** mean, std, n, min, max of a summary; null for values that are not finite. */
    static Map<String, Object> json(Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", s.count());
        m.put("mean", finite(s.mean()));
        m.put("std", finite(s.std()));
        m.put("min", finite(s.min()));
        m.put("max", finite(s.max()));
        return m;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** "0.912 ± 0.013" (n/a when empty). */
    static String meanStd(Summary s) {
        return s.count() == 0 ? "n/a" : Table.formatMeanStd(s.mean(), s.std());
    }

    /** A table cell showing mean ± std whose CSV value is the mean. */
    static Table.Cell cell(Summary s) {
        return new Table.Cell(meanStd(s), s.mean());
    }
}
