package dev.footfall.plan;

import dev.footfall.query.Aggregator;
import dev.footfall.query.StatsQuery;

/** Plans each query, then has the engine run the plan. */
public final class PlannedStats implements Aggregator {
    private final Planner planner;
    private final StatsEngine engine;

    public PlannedStats(Planner planner, StatsEngine engine) {
        this.planner = planner;
        this.engine = engine;
    }

    @Override
    public Aggregator.Table aggregate(StatsQuery query) {
        return engine.aggregate(query, planner.plan(query));
    }
}
