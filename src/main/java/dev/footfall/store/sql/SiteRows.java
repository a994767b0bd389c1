package dev.footfall.store.sql;

import dev.footfall.query.Interval;

/** One site's raw rows as a statement reads them: the engine's relations, bounded by site and time. */
record SiteRows(SqlDialect sql, Relations relations, String domain) {
    /** Events with a time in the range. */
    RawRange events(Interval range) {
        return range(relations.events(range.from(), range.until()), range);
    }

    /** Session rows of visits that started in the range. */
    RawRange sessionsStarted(Interval range) {
        return range(relations.sessionsStarted(range.from(), range.until()), range);
    }

    /** Session rows of visits active in the range. */
    RawRange sessionsActive(Interval range) {
        return range(relations.sessionsActive(range.from(), range.until()), range);
    }

    private RawRange range(String relation, Interval range) {
        return new RawRange(relation, sql.literal(domain), sql.timestamp(range.from()), sql.timestamp(range.until()));
    }
}
