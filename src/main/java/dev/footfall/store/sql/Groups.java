package dev.footfall.store.sql;

import java.util.List;
import java.util.StringJoiner;

/**
 * The group columns d0..dn: every part labels the query's dimensions so, in the query's order,
 * and the statement joins the subjects' groups on them.
 */
final class Groups {
    private Groups() {}

    static String name(int dimension) {
        return "d" + dimension;
    }

    /** "d0, d1, …" for that many dimensions; empty for none. */
    static String names(int dimensions) {
        StringJoiner names = new StringJoiner(", ");
        for (int i = 0; i < dimensions; i++) names.add(name(i));
        return names.toString();
    }

    /** A GROUP BY clause (with its leading space), or nothing to group by. */
    static String groupBy(List<String> columns) {
        return columns.isEmpty() ? "" : " GROUP BY " + String.join(", ", columns);
    }
}
