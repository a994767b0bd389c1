package dev.footfall.query;

import dev.footfall.site.Goal;
import dev.footfall.site.Site;

import java.util.List;
import java.util.Optional;

/**
 * A parsed, validated Stats API query with its date range resolved in the site's timezone.
 *
 * @param goals  the site's goals, which event:goal dimensions and filters refer to by name
 * @param filter empty when the query has no filters
 * @param dateRangeInput the date_range as the client sent it, echoed back
 */
public record StatsQuery(Site site, List<Metric> metrics, Interval interval, Object dateRangeInput,
                         List<Dimension> dimensions, Optional<Filter> filter, List<Order> orderBy,
                         Include include, int limit, int offset, List<Goal> goals) {

    public StatsQuery {
        metrics = List.copyOf(metrics);
        dimensions = List.copyOf(dimensions);
        orderBy = List.copyOf(orderBy);
        goals = List.copyOf(goals);
    }

    public StatsQuery withInterval(Interval other) {
        return new StatsQuery(site, metrics, other, dateRangeInput, dimensions, filter, orderBy, include, limit, offset, goals);
    }

    public StatsQuery with(List<Metric> otherMetrics, List<Dimension> otherDimensions, Optional<Filter> otherFilter,
                           List<Order> otherOrder, int otherLimit, int otherOffset) {
        return new StatsQuery(site, otherMetrics, interval, dateRangeInput, otherDimensions, otherFilter, otherOrder,
                include, otherLimit, otherOffset, goals);
    }

    /** The same question, answered from native data alone. */
    public StatsQuery withoutImports() {
        return new StatsQuery(site, metrics, interval, dateRangeInput, dimensions, filter, orderBy, include.withoutImports(), limit,
                offset, goals);
    }

    public Optional<Dimension.Time> timeDimension() {
        return dimensions.stream().filter(d -> d instanceof Dimension.Time).map(d -> (Dimension.Time) d).findFirst();
    }
}
