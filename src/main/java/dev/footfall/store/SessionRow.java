package dev.footfall.store;

import java.time.Instant;

/**
 * One row of the append-only sessions table. A session's current state is the sum over its rows
 * of {@code sign * column}: each change appends the previous state with sign -1 and the new state
 * with sign +1, and nothing is ever updated in place (the same model as ClickHouse's
 * VersionedCollapsingMergeTree, so the cluster engine can store it natively).
 */
public record SessionRow(int sign, Session session) {
    public SessionRow {
        if (sign != 1 && sign != -1) throw new IllegalArgumentException("sign must be +1 or -1: " + sign);
    }

    /**
     * The state of one visit. {@code version} increases by one with each change; {@code hostname}
     * is the entry page's host, {@code exitHostname} the exit page's.
     */
    public record Session(
            String site, long sessionId, long visitorId, int version, Instant started, Instant lastSeen,
            String entryPage, String exitPage, String hostname, String exitHostname, String referrer, String referrerSource,
            Event.Utm utm, Event.Location location, Event.Client client,
            int pageviews, int events, boolean interactive) {

        public long durationSeconds() {
            return lastSeen.getEpochSecond() - started.getEpochSecond();
        }

        /** Plausible's bounce: at most one pageview and no interactive custom event. */
        public boolean isBounce() {
            return pageviews <= 1 && !interactive;
        }
    }
}
