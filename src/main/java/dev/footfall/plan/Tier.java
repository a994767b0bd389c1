package dev.footfall.plan;

/** Where a sub-range of a query is read from. */
public enum Tier {
    /** The raw events and session rows (hot tables, or the Parquet archive for archived months). */
    RAW("raw"),
    /** Hourly rollups in the site's timezone, site totals only. */
    HOUR("rollup:hour"),
    DAY("rollup:day"),
    MONTH("rollup:month");

    /** As meta.explain names it. */
    public final String label;

    Tier(String label) {
        this.label = label;
    }
}
