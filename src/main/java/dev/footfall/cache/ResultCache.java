package dev.footfall.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.footfall.query.Aggregator;
import dev.footfall.query.StatsQuery;
import dev.footfall.rollup.RollupBuilder;

import java.time.Clock;

/**
 * Keeps the answers of queries over closed time: no event can change them any more, so they
 * are served from memory until their site's data is deleted, imported, archived or rebuilt,
 * which invalidates them. A range that reaches into an open bucket (today, the last half hour)
 * is always recomputed, and so is a query that asks to explain itself (it measures the engine).
 */
public final class ResultCache implements Aggregator {
    private final Aggregator engine;
    private final Clock clock;
    private final Cache<Key, Aggregator.Table> answers;

    /** The parts of a query that decide its answer (not how the client wrote its date range). */
    private record Key(String domain, StatsQuery query) {}

    /** @param entries answers kept, least recently used dropped first */
    public ResultCache(Aggregator engine, Clock clock, int entries) {
        this.engine = engine;
        this.clock = clock;
        this.answers = Caffeine.newBuilder().maximumSize(entries).recordStats().build();
    }

    @Override
    public Aggregator.Table aggregate(StatsQuery query) {
        boolean closed = !query.interval().until().plus(RollupBuilder.CLOSE_DELAY).isAfter(clock.instant());
        if (!closed || query.include().explain()) return engine.aggregate(query);
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
}
