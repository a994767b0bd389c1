package dev.footfall.retention;

import dev.footfall.site.Site;

import java.time.YearMonth;

/**
 * Whether a UTC month of a site may leave the hot tables: only once its rollups are built, so that
 * queries over it are still served by rollups and read its Parquet files only for what rollups
 * cannot answer.
 */
@FunctionalInterface
public interface MonthGate {
    /** Lets every month go: for tests, and for a server that builds no rollups (every query reads raw anyway). */
    MonthGate ALWAYS = (site, month) -> true;

    /** Whether the rollups cover every local day holding a moment of the UTC {@code month}. */
    boolean rollupsBuilt(Site site, YearMonth month);
}
