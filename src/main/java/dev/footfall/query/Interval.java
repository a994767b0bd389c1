package dev.footfall.query;

import java.time.Instant;
import java.time.ZonedDateTime;

/** A half-open time range [start, end) in a site's timezone. */
public record Interval(ZonedDateTime start, ZonedDateTime end) {
    public Interval {
        if (!end.isAfter(start)) throw new IllegalArgumentException("an interval must end after it starts");
    }

    public Instant from() {
        return start.toInstant();
    }

    public Instant until() {
        return end.toInstant();
    }
}
