package dev.footfall.commit;

import dev.footfall.store.Event;

/** An enriched event waiting for its session and its commit. */
public record PendingEvent(Event event, long previousVisitorId) {}
