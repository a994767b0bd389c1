package dev.footfall.store;

import dev.footfall.query.StatsQuery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers Stats queries over the raw hot tier. Implementations own their SQL; everything above
 * (derived metrics, comparisons, labels, JSON) is engine-neutral.
 */
public interface StatsEngine {

    /**
     * The query's metrics (only those an engine computes: not percentage or conversion rates)
     * grouped by its dimensions, filtered, ordered by its order_by then by every dimension
     * ascending, and paginated by its limit and offset. A query without dimensions yields
     * exactly one row.
     */
    Table aggregate(StatsQuery query);

    /** When the site's first stored event happened, if it has any. */
    Optional<Instant> firstEvent(String site);

    /**
     * @param totalRows groups before pagination
     * @param explain   the statements run, when the query asked to explain itself
     */
    record Table(List<Row> rows, long totalRows, List<Explained> explain) {}

    /** Dimension values as labels; metric values as Long counts, Double averages, or null when undefined. */
    record Row(List<String> dimensions, List<Number> metrics) {}

    /** One statement run, how many stored rows it read, and how long it took. */
    record Explained(String tier, String sql, long rowsRead, double millis) {}
}
