package dev.footfall.rollup;

import dev.footfall.site.Site;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * The warm tier's tables: per site, bucket (local hour, day, month) and dimension value, the
 * sums that metrics are made of (see docs/stats.md). Each build replaces its bucket in one
 * transaction, so a build is idempotent and a crash leaves the bucket either old or new.
 */
public interface RollupStore {

    /**
     * What is rolled up for the site in its current timezone and in the running code's layout (its
     * dimensions and their labels). A bucket built in another timezone, or before a dimension was
     * added or a label changed, is not listed: the planner reads it raw and the builder's catch-up
     * builds it again, as a bucket never built.
     */
    Coverage coverage(Site site);

    /**
     * Builds (replacing) one local day of each site from the raw tier, in one transaction: its rows
     * per dimension value, and its hours (site totals). A dimension with more than {@code maxValues}
     * values that day is left out. The sites share a time zone, so the day is one range for all.
     */
    void buildDay(List<Site> sites, LocalDate day, int maxValues);

    /** Builds (replacing) one local month from its days, which must all be built. */
    void buildMonth(Site site, YearMonth month, int maxValues);

    /** Drops the rollups of the local days {@code from} through {@code to} and of the months holding them. */
    void drop(String site, LocalDate from, LocalDate to);
}
