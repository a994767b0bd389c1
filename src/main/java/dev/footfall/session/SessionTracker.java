package dev.footfall.session;

import dev.footfall.store.Event;
import dev.footfall.store.SessionRow;
import dev.footfall.store.SessionRow.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Open visits, in memory, keyed by (site, visitor id). An event joins its visitor's open visit if
 * the visit saw activity in the last 30 minutes, else starts a new one. Every change yields the
 * session rows to append: the old state with sign -1 and the new state with sign +1.
 *
 * <p>Confined to one thread (the loader's), so rows reach storage in the order the states were
 * produced. Memory is bounded twice: {@link #expire} forgets visits idle for 30 minutes, and at
 * most {@link #capacity()} visits stay open — beyond that the least recently active visit is
 * closed early (its stored state is final; should its visitor return within the half hour, a new
 * visit starts), counted by {@link #closedEarly()}. Without the cap a flood of distinct visitors
 * (a crawler rotating addresses, a load test) fills the heap within minutes and the process spends
 * its time collecting garbage. Values the visits hold go through an {@link Interner}.
 */
public final class SessionTracker {
    /** The industry-standard visit boundary (Plausible, GA): 30 minutes without activity ends a visit. */
    public static final Duration TIMEOUT = Duration.ofMinutes(30);

    /**
     * What one open visit costs on the heap with its values shared (map entry, key, state and its
     * two instants), measured with a class histogram at 120 K open visits; sizes the default cap.
     */
    static final long BYTES_PER_OPEN_VISIT = 200;
    /** Open visits may take an eighth of the heap: the rest is the user-agent analyser, queries and batches. */
    private static final int HEAP_SHARE = 8;
    /** Below this the cap would close visits of ordinary sites on a small heap. */
    private static final int MIN_CAPACITY = 10_000;

    private record Key(String site, long visitorId) {}

    private final Map<Key, Session> open;
    private final Interner values = new Interner();
    private final RandomGenerator random;
    private final int capacity;
    /** Written by the tracker's thread only; volatile so a metrics scrape reads a whole value. */
    private volatile long closedEarly;

    /** Keeps as many open visits as an eighth of the heap holds (about 160 K with the launcher's 256 MB). */
    public SessionTracker(RandomGenerator random) {
        this(random, (int) Math.max(MIN_CAPACITY, Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / HEAP_SHARE / BYTES_PER_OPEN_VISIT)));
    }

    /** @param capacity the most visits kept open at once */
    public SessionTracker(RandomGenerator random, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive: " + capacity);
        this.random = random;
        this.capacity = capacity;
        // Access order: the eldest entry is the visit seen least recently, the one to close first.
        this.open = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Session> eldest) {
                if (size() <= SessionTracker.this.capacity) return false;
                closedEarly = closedEarly + 1;
                return true;
            }
        };
    }

    /** Resumes visits that were open when the process stopped. */
    public void resume(Collection<Session> sessions) {
        for (Session s : sessions) open.merge(new Key(values.of(s.site()), s.visitorId()), s, (a, b) -> a.version() >= b.version() ? a : b);
    }

    /**
     * Registers an event, returning it with its session id and the session rows to append, or
     * {@code null} for an engagement event that belongs to no visit (Plausible drops those).
     *
     * @param previousVisitorId the visitor's id under yesterday's salt (0 if none): a visit that
     *                          crossed midnight continues under the id it started with
     */
    public Registered register(Event event, long previousVisitorId) {
        Key key = new Key(values.of(event.site()), event.visitorId());
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
        String page = values.of(e.pathname()), host = values.of(e.hostname());
        return new Session(values.of(e.site()), random.nextLong() & Long.MAX_VALUE, e.visitorId(), 1, e.timestamp(), e.timestamp(),
                page, page, host, host, values.of(e.referrer()), values.of(e.referrerSource()),
                values.of(e.utm()), values.of(e.location()), values.of(e.client()),
                e.isPageview() ? 1 : 0, 1, !e.isPageview() && e.interactive());
    }

    private Session extend(Session s, Event e) {
        Instant lastSeen = e.timestamp().isAfter(s.lastSeen()) ? e.timestamp() : s.lastSeen();
        boolean countsAsEvent = !e.isEngagement();
        return new Session(s.site(), s.sessionId(), s.visitorId(), s.version() + 1, s.started(), lastSeen,
                s.entryPage(), e.isPageview() ? values.of(e.pathname()) : s.exitPage(), s.hostname(),
                e.isPageview() ? values.of(e.hostname()) : s.exitHostname(), s.referrer(), s.referrerSource(),
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

    /** The most visits kept open at once. */
    public int capacity() {
        return capacity;
    }

    /** Visits closed before their half hour because {@link #capacity()} visits were open. */
    public long closedEarly() {
        return closedEarly;
    }

    /** Forgets everything, e.g. before resuming from storage after a failed commit. */
    public void clear() {
        open.clear();
    }
}
