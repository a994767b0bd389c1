package dev.footfall.store.sql;

import dev.footfall.plan.Tier;

import java.time.Instant;

/**
 * Where a statement reads one site's rows from: each engine names its tables here (and, for
 * DuckDB, the cold archive's files of the months a raw read overlaps). Each raw relation has the
 * columns of its table and may hold rows outside the range or of other sites: the statement
 * still bounds its reads by site and time.
 */
public interface Relations {
    /** Events with a time in [from, until). */
    String events(Instant from, Instant until);

    /** Session rows of visits that started in [from, until). */
    String sessionsStarted(Instant from, Instant until);

    /** Session rows of visits that started before {@code until} and were last seen at or after {@code from}. */
    String sessionsActive(Instant from, Instant until);

    /** The rollup table of a tier (not {@link Tier#RAW}): of pairs ({@link dev.footfall.plan.RollupKey#pair}) or of single dimensions. */
    String rollup(Tier tier, boolean pairs);
}
