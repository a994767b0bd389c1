package dev.footfall.enrich;

import dev.footfall.site.Site;
import dev.footfall.store.Event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An event on its way through the enrichment steps: the validated request, the facts of the HTTP
 * exchange that must never be stored (IP, user agent), and what the steps derived so far.
 */
public final class EventDraft {
    /**
     * Plausible's system goals filtered by a "path" property (Plausible.Goals.SystemGoals
     * goals_with_path): sent without one, the event gets the page's path, first so that the
     * 30-property limit never cuts it, so a 404 goal lists the missing pages whatever the page sent.
     */
    private static final Set<String> GOALS_WITH_PATH = Set.of("404", "WP Form Completions", "Form: Submission");
    private static final String PATH_PROP = "path";

    final EventRequest request;
    final String domain;
    final String ip;
    final String userAgent;
    final Instant timestamp;

    Site site;
    String hostname = "";
    String pathname = "/";
    String referrer = "";
    String referrerSource = "";
    Event.Utm utm = Event.Utm.NONE;
    Event.Location location = Event.Location.UNKNOWN;
    Event.Client client = Event.Client.UNKNOWN;
    long visitorId;
    long previousVisitorId;
    private DropReason dropReason;

    public EventDraft(EventRequest request, String domain, String ip, String userAgent, Instant timestamp) {
        this.request = request;
        this.domain = domain;
        this.ip = ip;
        this.userAgent = userAgent;
        this.timestamp = timestamp;
    }

    public void drop(DropReason reason) {
        this.dropReason = reason;
    }

    public boolean dropped() {
        return dropReason != null;
    }

    public DropReason dropReason() {
        return dropReason;
    }

    /** The visitor id under yesterday's salt, so a visit that crosses midnight is not split. */
    public long previousVisitorId() {
        return previousVisitorId;
    }

    /** The stored event, without a session id yet (the session stage assigns it). */
    public Event toEvent() {
        if (dropped()) throw new IllegalStateException("dropped: " + dropReason);
        boolean engagement = Event.ENGAGEMENT.equals(request.name());
        return new Event(site.domain(), timestamp, request.name(), visitorId, 0, hostname, pathname,
                referrer, referrerSource, utm, location, client, props(),
                request.interactive() && !engagement,
                engagement ? request.scrollDepth() : null, engagement ? request.engagementMs() : null);
    }

    private Map<String, String> props() {
        Map<String, String> props = request.props();
        if (!GOALS_WITH_PATH.contains(request.name()) || props.containsKey(PATH_PROP)) return props;
        Map<String, String> withPath = new LinkedHashMap<>();
        withPath.put(PATH_PROP, pathname);
        for (var prop : props.entrySet()) {
            if (withPath.size() == EventRequest.MAX_PROPS) break;
            withPath.put(prop.getKey(), prop.getValue());
        }
        return withPath;
    }
}
