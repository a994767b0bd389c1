package dev.footfall.plan;

import dev.footfall.query.Interval;

import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * One sub-range of a query and the tier that answers it. Rollup parts always span whole local
 * buckets; raw parts start and end on local midnights except at the query's own edges, so that
 * per-day distinct counts (see docs/stats.md) never straddle two parts.
 */
public record Part(Tier tier, Interval interval) {

    /**
     * The site's UTC offset when it is the same throughout the part: local time is then plain
     * arithmetic on the stored UTC timestamps instead of a timezone lookup per row.
     */
    public Optional<ZoneOffset> fixedOffset() {
        ZoneOffset first = interval.start().getOffset();
        ZoneOffsetTransition next = interval.start().getZone().getRules().nextTransition(interval.from());
        boolean changes = next != null && next.getInstant().isBefore(interval.until());
        return changes ? Optional.empty() : Optional.of(first);
    }

    /** Whether the part lies within one local day: its distinct counts need no per-day split. */
    public boolean withinOneDay() {
        var nextMidnight = interval.start().toLocalDate().plusDays(1).atStartOfDay(interval.start().getZone());
        return !interval.end().isAfter(nextMidnight);
    }
}
