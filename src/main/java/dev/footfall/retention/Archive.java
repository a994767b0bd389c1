package dev.footfall.retention;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * The cold tier: raw rows of whole UTC months moved out of the hot tables into files the engine
 * still reads (the embedded engine: Parquet, see docs/retention.md). Queries never need to know:
 * every raw read of an engine covers the hot tables and the archived months alike.
 *
 * <p>Months are UTC calendar months, not the site's local months: the archive partitions stored
 * rows by their stored (UTC) time, so a file stays valid whatever the site's timezone becomes,
 * and a local day at a month's edge simply reads one more file.
 */
public interface Archive {

    /** The UTC months before {@code before} in which the site has raw rows in the hot tables and which are not archived, oldest first. */
    List<YearMonth> hotMonthsBefore(String site, YearMonth before);

    /** The site's archived months, oldest first. */
    List<ArchivedMonth> archived(String site);

    /**
     * Moves the site's raw rows of {@code month} (events by time, visits by start) from the hot
     * tables to the archive: written and made durable first, then deleted from the hot tables in
     * one transaction with the record that the month is archived. A crash at any point leaves the
     * rows either hot or archived, never both nor neither, and running it again finishes the move.
     * Rows that reach an archived month later (an import) stay hot; reads see both.
     *
     * @return the month with the rows moved now
     */
    ArchivedMonth move(String site, YearMonth month);

    /**
     * Deletes every raw row of the site before {@code cutoff}: events by time, visits by start,
     * in the hot tables and in the archive (whole archived months are deleted, a month holding the
     * cutoff is rewritten without the rows before it).
     */
    Deleted deleteBefore(String site, Instant cutoff);

    /** An archived month and its rows. */
    record ArchivedMonth(YearMonth month, long events, long sessionRows) {}

    /** What {@link #deleteBefore} deleted: hot and archived rows, and whole archived months. */
    record Deleted(long events, long sessionRows, int archivedMonths) {
        public static final Deleted NONE = new Deleted(0, 0, 0);
    }
}
