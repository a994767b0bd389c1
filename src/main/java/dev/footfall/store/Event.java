package dev.footfall.store;

import java.time.Instant;
import java.util.Map;

/**
 * One stored event: a pageview, a custom event or an engagement ping, fully enriched. Holds no IP
 * address and no user agent: only what {@link dev.footfall.enrich} derived from them.
 *
 * @param scrollDepth  percent 0..100, engagement events only, else {@code null}
 * @param engagementMs time engaged on the page, engagement events only, else {@code null}
 */
public record Event(
        String site, Instant timestamp, String name, long visitorId, long sessionId,
        String hostname, String pathname, String referrer, String referrerSource,
        Utm utm, Location location, Client client,
        Map<String, String> props, boolean interactive, Integer scrollDepth, Integer engagementMs) {

    public static final String PAGEVIEW = "pageview";
    public static final String ENGAGEMENT = "engagement";

    public boolean isPageview() {
        return PAGEVIEW.equals(name);
    }

    public boolean isEngagement() {
        return ENGAGEMENT.equals(name);
    }

    public Event withSessionId(long id) {
        return new Event(site, timestamp, name, visitorId, id, hostname, pathname, referrer,
                referrerSource, utm, location, client, props, interactive, scrollDepth, engagementMs);
    }

    /** UTM campaign fields from the page URL; empty strings when absent. */
    public record Utm(String medium, String source, String campaign, String content, String term) {
        public static final Utm NONE = new Utm("", "", "", "", "");
    }

    /** Where the visitor was, as precise as the GeoIP database allows; empty strings when unknown. */
    public record Location(String country, String region, String city) {
        public static final Location UNKNOWN = new Location("", "", "");
    }

    /** What the visitor used, derived from the user agent (which itself is never kept). */
    public record Client(String device, String browser, String browserVersion, String os, String osVersion) {
        public static final Client UNKNOWN = new Client("", "", "", "", "");
    }
}
