package dev.footfall.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The engine's order of answer rows, for rows merged in Java (imported history, cached closed
 * days): the query's order_by, each metric with nulls last, then every dimension ascending.
 * Labels compare by code point, as the store compares strings (String.compareTo would put
 * characters beyond U+FFFF before U+E000–U+FFFF).
 */
public final class RowOrder {
    private RowOrder() {}

    /** The rows in the query's order, then its page (limit 0: all of them). */
    public static List<Aggregator.Row> sortAndPage(StatsQuery query, List<Aggregator.Row> rows) {
        List<Aggregator.Row> sorted = new ArrayList<>(rows);
        sorted.sort(of(query));
        int from = Math.min(query.offset(), sorted.size());
        int to = query.limit() > 0 ? Math.min(from + query.limit(), sorted.size()) : sorted.size();
        return sorted.subList(from, to);
    }

    static Comparator<Aggregator.Row> of(StatsQuery query) {
        Comparator<Aggregator.Row> order = (a, b) -> 0;
        List<String> metrics = query.metrics().stream().map(m -> m.apiName).toList();
        List<String> dimensions = query.dimensions().stream().map(Dimension::apiName).toList();
        List<Integer> ordered = new ArrayList<>();
        for (Order o : query.orderBy()) {
            int metric = metrics.indexOf(o.name());
            int dim = dimensions.indexOf(o.name());
            if (metric >= 0) {
                Comparator<Double> values = o.descending() ? Comparator.reverseOrder() : Comparator.naturalOrder();
                order = order.thenComparing(r -> value(r, metric), Comparator.nullsLast(values));
            } else if (dim >= 0) {
                ordered.add(dim);
                Comparator<String> labels = o.descending() ? CODE_POINTS.reversed() : CODE_POINTS;
                order = order.thenComparing(r -> r.dimensions().get(dim), labels);
            }
        }
        for (int d = 0; d < dimensions.size(); d++) {
            int at = d;
            if (!ordered.contains(at)) order = order.thenComparing(r -> r.dimensions().get(at), CODE_POINTS);
        }
        return order;
    }

    private static Double value(Aggregator.Row row, int metric) {
        Number n = row.metrics().get(metric);
        return n == null ? null : n.doubleValue();
    }

    private static final Comparator<String> CODE_POINTS = (a, b) -> {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };
}
