package dev.footfall.segment;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Locale;

/**
 * A saved segment (Plausible's): a named list of Stats API filters for one site, applied as the
 * filter {@code ["is", "segment", [id]]}. A personal one is its owner's alone; a site one is
 * shown to everyone who sees the site's dashboard, shared links included.
 *
 * @param data    Plausible's {@code segment_data}: {@code {"filters": [...], "labels": {...}}}
 * @param ownerId the account that made it or last changed it
 */
public record Segment(long id, String site, String name, Type type, JsonNode data, long ownerId, Instant createdAt, Instant updatedAt) {

    public enum Type {
        PERSONAL, SITE;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The filters it stands for, as the Stats API takes them. */
    public JsonNode filters() {
        return data.get("filters");
    }
}
