package dev.footfall.events;

import dev.footfall.Storage;

import java.time.Instant;

/**
 * A place in a site's events in (timestamp, id) order: the keyset a page of events continues
 * after. Events committed later sort after every position already handed out, except those
 * timestamped in an earlier second (see {@link Storage#events}).
 */
public record EventPosition(Instant timestamp, long id) {
    public EventPosition {
        if (timestamp == null) throw new IllegalArgumentException("timestamp is required");
    }
}
