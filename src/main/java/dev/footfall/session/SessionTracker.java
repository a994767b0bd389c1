package dev.footfall.session;

import dev.footfall.store.Event;
import dev.footfall.store.SessionRow;
import dev.footfall.store.SessionRow.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Open visits, in memory, keyed by (site, visitor id). An event joins its visitor's open visit if
 * the visit saw activity in the last 30 minutes, else starts a new one. Every change yields the
 * session rows to append: the old state with sign -1 and the new state with sign +1.
 *
 * <p>Confined to one thread (the group committer's writer, or an import), so rows reach storage
 * in the order the states were produced. Memory is bounded by the visitors active in the last
 * 30 minutes: {@link #expire} forgets the rest.
 */
public final class SessionTracker {
    /** The industry-standard visit boundary (Plausible, GA): 30 minutes without activity ends a visit. */
    public static final Duration TIMEOUT = Duration.ofMinutes(30);

    private record Key(String site, long visitorId) {}

    private final Map<Key, Session> open = new HashMap<>();
    private final RandomGenerator random;

    public SessionTracker(RandomGenerator random) {
        this.random = random;
    }

    /** Resumes visits that were open when the process stopped. */
    public void resume(Collection<Session> sessions) {
        for (Session s : sessions) open.merge(new Key(s.site(), s.visitorId()), s, (a, b) -> a.version() >= b.version() ? a : b);
    }

    /**
     * Registers an event, returning it with its session id and the session rows to append, or
     * {@code null} for an engagement event that belongs to no visit (Plausible drops those).
     *
     * @param previousVisitorId the visitor's id under yesterday's salt (0 if none): a visit that
     *                          crossed midnight continues under the id it started with
     */
    public Registered register(Event event, long previousVisitorId) {
        Key key = new Key(event.site(), event.visitorId());
        Session current = live(key, event.timestamp());
        if (current == null && previousVisitorId != 0) {
            Key previousKey = new Key(event.site(), previousVisitorId);
            current = live(previousKey, event.timestamp());
            if (current != null) key = previousKey;
        }
        if (current == null && event.isEngagement()) return null;

        Session next = current == null ? start(event) : extend(current, event);
        open.put(key, next);
        Event stored = new Event(event.site(), event.timestamp(), event.name(), next.visitorId(), next.sessionId(),
                event.hostname(), event.pathname(), event.referrer(), event.referrerSource(), event.utm(),
                event.location(), event.client(), event.props(), event.interactive(), event.scrollDepth(), event.engagementMs());
        List<SessionRow> rows = new ArrayList<>(2);
        if (current != null) rows.add(new SessionRow(-1, current));
        rows.add(new SessionRow(1, next));
        return new Registered(stored, rows);
    }

    /** The event as stored, and the session rows it caused. */
    public record Registered(Event event, List<SessionRow> rows) {}

    private Session live(Key key, Instant at) {
        Session s = open.get(key);
        return s != null && !at.isAfter(s.lastSeen().plus(TIMEOUT)) ? s : null;
    }

    private Session start(Event e) {
        return new Session(e.site(), random.nextLong() & Long.MAX_VALUE, e.visitorId(), 1, e.timestamp(), e.timestamp(),
                e.pathname(), e.pathname(), e.hostname(), e.hostname(), e.referrer(), e.referrerSource(), e.utm(), e.location(), e.client(),
                e.isPageview() ? 1 : 0, 1, !e.isPageview() && e.interactive());
    }

    private static Session extend(Session s, Event e) {
        Instant lastSeen = e.timestamp().isAfter(s.lastSeen()) ? e.timestamp() : s.lastSeen();
        boolean countsAsEvent = !e.isEngagement();
        return new Session(s.site(), s.sessionId(), s.visitorId(), s.version() + 1, s.started(), lastSeen,
                s.entryPage(), e.isPageview() ? e.pathname() : s.exitPage(), s.hostname(),
                e.isPageview() ? e.hostname() : s.exitHostname(), s.referrer(), s.referrerSource(),
                s.utm(), s.location(), s.client(),
                s.pageviews() + (e.isPageview() ? 1 : 0), s.events() + (countsAsEvent ? 1 : 0),
                s.interactive() || (countsAsEvent && !e.isPageview() && e.interactive()));
    }

    /** Forgets visits idle for longer than the timeout at {@code now}; returns how many. */
    public int expire(Instant now) {
        int expired = 0;
        for (Iterator<Session> it = open.values().iterator(); it.hasNext(); ) {
            if (now.isAfter(it.next().lastSeen().plus(TIMEOUT))) {
                it.remove();
                expired++;
            }
        }
        return expired;
    }

    public int openSessions() {
        return open.size();
    }

    /** Forgets everything, e.g. before resuming from storage after a failed commit. */
    public void clear() {
        open.clear();
    }
}
