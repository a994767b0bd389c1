package dev.footfall.store;

import dev.footfall.plan.Part;
import dev.footfall.plan.Plan;
import dev.footfall.query.StatsQuery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers Stats queries along a plan of raw and rolled-up parts. Implementations own their SQL;
 * everything above (planning, derived metrics, comparisons, labels, JSON) is engine-neutral.
 */
public interface StatsEngine {

    /**
     * The query's metrics (only those an engine computes: not percentage or conversion rates)
     * grouped by its dimensions, filtered, ordered by its order_by then by every dimension
     * ascending, and paginated by its limit and offset. A query without dimensions yields
     * exactly one row. Each part of {@code plan} is read from its tier.
     */
    Table aggregate(StatsQuery query, Plan plan);

    /** When the site's first stored event happened, if it has any. */
    Optional<Instant> firstEvent(String site);

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
    record Explained(String tier, List<Part> parts, String sql, long rowsRead, double millis) {}
}
