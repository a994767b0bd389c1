package dev.footfall.store.sql;

import dev.footfall.plan.Tier;

import java.time.Instant;

/** Relations named after what they hold, so expected statements show which one each read uses. */
final class TestRelations implements Relations {
    static final TestRelations RELATIONS = new TestRelations();

    @Override public String events(Instant from, Instant until) { return "events[" + from + "," + until + ")"; }
    @Override public String sessionsStarted(Instant from, Instant until) { return "started[" + from + "," + until + ")"; }
    @Override public String sessionsActive(Instant from, Instant until) { return "active[" + from + "," + until + ")"; }
    @Override public String rollup(Tier tier, boolean pairs) { return "rollup_" + (pairs ? "pair_" : "") + tier.name().toLowerCase(java.util.Locale.ROOT); }
}
