package dev.footfall.query;

import dev.footfall.store.StatsEngine;

/**
 * Computes the engine's part of a query (metrics by dimensions, ordered and paginated): the
 * planner over the storage engine, possibly behind the result cache.
 */
@FunctionalInterface
public interface Aggregator {
    StatsEngine.Table aggregate(StatsQuery query);
}
