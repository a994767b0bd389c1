package dev.footfall.query;

import java.util.List;

/**
 * Computes the engine's part of a query (metrics by dimensions, ordered and paginated): the
 * planner over the storage engine, possibly behind the result cache.
 */
@FunctionalInterface
public interface Aggregator {
    Table aggregate(StatsQuery query);

    /**
     * @param totalRows groups before pagination
     * @param explain   the statements run, when the query asked to explain itself
     */
    record Table(List<Row> rows, long totalRows, List<Explained> explain) {}

    /** Dimension values as labels; metric values as Long counts, Double averages, or null when undefined. */
    record Row(List<String> dimensions, List<Number> metrics) {}

    /**
     * One statement run, how many stored rows it read, and how long it took.
     *
     * @param tier  the tiers it read, e.g. "rollup:month+raw"
     * @param parts the sub-ranges and the tier each was read from
     */
    record Explained(String tier, List<Range> parts, String sql, long rowsRead, double millis) {}

    /** A sub-range of the query and the tier (as meta.explain names it, e.g. "rollup:day") that answered it. */
    record Range(String tier, Interval interval) {}
}
