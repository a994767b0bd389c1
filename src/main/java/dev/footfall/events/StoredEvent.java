package dev.footfall.events;

import dev.footfall.store.Event;

/**
 * An event as read back from storage: what was stored, and the id that orders events within the
 * same second and lets a reader continue after it.
 *
 * @param id unique, increasing in commit order
 */
public record StoredEvent(long id, Event event) {
    public EventPosition position() {
        return new EventPosition(event.timestamp(), id);
    }
}
