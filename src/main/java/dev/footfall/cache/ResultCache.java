package dev.footfall.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.footfall.query.Aggregator;
import dev.footfall.query.StatsQuery;
import dev.footfall.rollup.RollupBuilder;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the answers of queries over closed time: no event can change them any more, so they
 * are served from memory until their site's data is deleted, imported, archived or rebuilt,
 * which invalidates them. A range that reaches into open days (today, and yesterday for the
 * first half hour) keeps its closed days' answer and reads only the open days, when its numbers
 * add up across the cut ({@link ClosedDays}); otherwise it is recomputed whole. A query that asks
 * to explain itself always runs on the engine (it measures the engine).
 */
public final class ResultCache implements Aggregator {
    private final Aggregator engine;
    private final Clock clock;
    private final Cache<Key, Aggregator.Table> answers;
    private final java.util.concurrent.atomic.LongAdder cuts = new java.util.concurrent.atomic.LongAdder();

    /** The parts of a query that decide its answer (not how the client wrote its date range). */
    private record Key(String domain, StatsQuery query) {}

    /**
     * Rows one entry may hold before it counts as more than one: the closed days of a breakdown
     * are kept whole (every page of a year), so a size bound alone would let a few such answers
     * take the heap.
     */
    private static final int ROWS_PER_ENTRY = 100;

    /** @param entries answers of up to {@value #ROWS_PER_ENTRY} rows kept (larger ones count as several), least recently used dropped first */
    public ResultCache(Aggregator engine, Clock clock, int entries) {
        this.engine = engine;
        this.clock = clock;
        this.answers = Caffeine.newBuilder().maximumWeight(entries)
                .weigher((Key k, Aggregator.Table t) -> 1 + t.rows().size() / ROWS_PER_ENTRY).recordStats().build();
    }

    @Override
    public Aggregator.Table aggregate(StatsQuery query) {
        if (query.include().explain()) return engine.aggregate(query);
        Instant now = clock.instant();
        if (!query.interval().until().plus(RollupBuilder.CLOSE_DELAY).isAfter(now)) return kept(query);
        Optional<ClosedDays> cut = ClosedDays.of(query, RollupBuilder.openFrom(query.site(), now));
        if (cut.isEmpty()) return engine.aggregate(query);
        cuts.increment();
        return cut.get().merge(kept(cut.get().closed()), engine.aggregate(cut.get().open()));
    }

    /** A closed query's answer, from memory when it was asked before. */
    private Aggregator.Table kept(StatsQuery query) {
        StatsQuery normal = new StatsQuery(query.site(), query.metrics(), query.interval(), null, query.dimensions(),
                query.filter(), query.orderBy(), query.include(), query.limit(), query.offset(), query.goals());
        return answers.get(new Key(query.site().domain(), normal), k -> engine.aggregate(query));
    }

    /** Drops every answer about the site. */
    public void invalidate(String domain) {
        answers.asMap().keySet().removeIf(k -> k.domain().equals(domain));
    }

    /** Answers kept about the site. */
    public long size(String domain) {
        return answers.asMap().keySet().stream().filter(k -> k.domain().equals(domain)).count();
    }

    /** Queries answered from the cache so far. */
    public long hits() {
        return answers.stats().hitCount();
    }

    /** Queries reaching open days answered as their cached closed days plus the open ones. */
    public long cutQueries() {
        return cuts.sum();
    }
}
