package dev.footfall.imported;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One import of history into a site: its days and the file it came from. Deleting it removes
 * exactly its rows.
 *
 * @param startDate the first day any of its tables has, in the site's timezone (as Plausible's dates are)
 * @param endDate   the last day
 */
public record SiteImport(long id, String site, String sourceFile, LocalDate startDate, LocalDate endDate, Instant importedAt) {}
