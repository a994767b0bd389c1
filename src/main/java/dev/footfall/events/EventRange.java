package dev.footfall.events;

import java.time.Instant;

/** A site's events from {@code from} (inclusive) to {@code to} (exclusive): what is paged through or exported. */
public record EventRange(String site, Instant from, Instant to) {
    /** An unbounded start: no event is older, as times come from the server's clock or from web server logs. */
    public static final Instant BEGINNING = Instant.EPOCH;

    public EventRange {
        if (site == null || from == null || to == null) throw new IllegalArgumentException("site, from and to are required");
        if (from.isAfter(to)) throw new IllegalArgumentException("from " + from + " is after to " + to);
    }
}
