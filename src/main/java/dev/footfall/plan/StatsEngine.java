package dev.footfall.plan;

import dev.footfall.query.Aggregator.Table;
import dev.footfall.query.StatsQuery;

import java.time.Instant;
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
}
