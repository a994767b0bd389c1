package dev.footfall.api;

import dev.footfall.events.EventPosition;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The {@code next_cursor} of GET /api/v1/events: a keyset position, base64url("epochSecond:id").
 * Opaque to clients, so its form may change; it names a place in the order, not a site or a
 * range, so it carries nothing a key could not already read.
 */
final class EventCursor {
    /** The engine's timestamps end at year 9999; a cursor beyond it cannot come from a stored event. */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private EventCursor() {}

    static String encode(EventPosition position) {
        String text = position.timestamp().getEpochSecond() + ":" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The position a cursor names, or an exception if this API did not make it. */
    static EventPosition decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.US_ASCII).split(":", -1);
            if (parts.length != 2) throw new IllegalArgumentException();
            Instant timestamp = Instant.ofEpochSecond(Long.parseLong(parts[0]));
            if (timestamp.isAfter(LATEST) || timestamp.isBefore(Instant.EPOCH)) throw new IllegalArgumentException();
            return new EventPosition(timestamp, Long.parseLong(parts[1]));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("is not a cursor this API returned; pass next_cursor unchanged");
        }
    }
}
