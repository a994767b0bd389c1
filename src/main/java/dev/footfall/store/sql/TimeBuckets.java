package dev.footfall.store.sql;

import dev.footfall.plan.Part;
import dev.footfall.query.Dimension.Granularity;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Local wall-clock time in the site's timezone and the time dimension's labels over it. Buckets
 * are of local time, so DST days have 23 or 25 hours.
 */
final class TimeBuckets {
    private final SqlDialect sql;
    private final ZoneId zone;
    private final ZonedDateTime rangeStart;

    /** @param rangeStart the start of the query's range: the first week's label is never earlier */
    TimeBuckets(SqlDialect sql, ZoneId zone, ZonedDateTime rangeStart) {
        this.sql = sql;
        this.zone = zone;
        this.rangeStart = rangeStart;
    }

    /**
     * Local wall-clock time of a stored UTC timestamp: plain arithmetic where the part has one
     * offset, a timezone lookup per row only on the days the clocks change.
     */
    String localTime(Part part, String utcColumn) {
        return part.fixedOffset()
                .map(o -> o.getTotalSeconds() == 0 ? utcColumn : sql.plusSeconds(utcColumn, o.getTotalSeconds()))
                .orElse(sql.atZone(utcColumn, zone));
    }

    /** The local day to group distinct counts by, unless the part lies within one day. */
    Optional<String> perDay(Part part, String utcColumn) {
        return part.withinOneDay() ? Optional.empty() : Optional.of(sql.date(localTime(part, utcColumn)));
    }

    /** The label of the bucket holding local time {@code local}, as the API shows it. */
    String label(Granularity g, String local) {
        return switch (g) {
            case MINUTE, HOUR -> sql.formatDateTime(sql.truncate(g, local));
            case DAY -> sql.formatDate(local);
            // Plausible clamps the first week's label to the range's first day.
            case WEEK -> sql.formatDate(sql.greatest(sql.truncate(g, local), sql.localTimestamp(rangeStart.toLocalDate().atStartOfDay())));
            case MONTH -> sql.formatDate(sql.truncate(g, local));
        };
    }
}
