package dev.footfall.retention;

import dev.footfall.site.Retention;
import dev.footfall.site.Site;
import dev.footfall.site.SiteStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Applies each site's {@link Retention}: first total retention (everything before the cutoff goes:
 * raw rows, archived files, rollups), then raw retention (whole UTC months that ended at least
 * {@code raw_retention_days} ago move to the cold archive, each once the {@link MonthGate} says its
 * rollups are built). Every step is idempotent, so a run after a crash, or a second run, finishes
 * what is left and otherwise changes nothing. {@code footfall archive} runs it by hand; the server
 * once a day.
 */
public final class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());

    private final SiteStore sites;
    private final Archive archive;
    private final Clock clock;
    private final MonthGate gate;
    private final BiConsumer<Site, LocalDate> deleteRollupsBefore;

    /**
     * @param deleteRollupsBefore drops a site's rollups of the local days before the given one (and
     *                            tells whoever caches them): total retention deletes those too
     */
    public RetentionJob(SiteStore sites, Archive archive, Clock clock, MonthGate gate, BiConsumer<Site, LocalDate> deleteRollupsBefore) {
        this.sites = sites;
        this.archive = archive;
        this.clock = clock;
        this.gate = gate;
        this.deleteRollupsBefore = deleteRollupsBefore;
    }

    /** Runs {@code work} while no retention run moves or deletes rows (a domain change moves them too). */
    public synchronized <T> T exclusively(java.util.function.Supplier<T> work) {
        return work.get();
    }

    /** Runs over every site; one site's failure is reported and the others still run. */
    public RetentionReport run() {
        return run(sites.sites());
    }

    public synchronized RetentionReport run(List<Site> sites) {
        Instant now = clock.instant();
        List<RetentionReport.SiteReport> reports = new ArrayList<>();
        for (Site site : sites) {
            try {
                reports.add(run(site, now));
            } catch (RuntimeException e) {
                LOG.warning(() -> "retention of " + site.domain() + " failed; the next run retries: " + e);
                reports.add(new RetentionReport.SiteReport(site.domain(), site.retention(), List.of(), List.of(), Archive.Deleted.NONE,
                        Optional.of(String.valueOf(e.getMessage()))));
            }
        }
        return new RetentionReport(reports);
    }

    private RetentionReport.SiteReport run(Site site, Instant now) {
        Retention retention = site.retention();
        Archive.Deleted deleted = Archive.Deleted.NONE;
        if (retention.retentionDays().isPresent()) {
            // Whole local days: the site's day as its dashboard shows it either is kept or is gone.
            LocalDate firstKept = now.atZone(site.timezone()).toLocalDate().minusDays(retention.retentionDays().get());
            deleted = archive.deleteBefore(site.domain(), firstKept.atStartOfDay(site.timezone()).toInstant());
            deleteRollupsBefore.accept(site, firstKept);
        }
        List<Archive.ArchivedMonth> archived = new ArrayList<>();
        List<YearMonth> waiting = new ArrayList<>();
        if (retention.rawRetentionDays().isPresent()) {
            // The month holding the raw cutoff is not over for the archive yet: months before it are.
            YearMonth open = YearMonth.from(now.minus(Duration.ofDays(retention.rawRetentionDays().get())).atZone(ZoneOffset.UTC));
            for (YearMonth month : archive.hotMonthsBefore(site.domain(), open)) {
                if (gate.rollupsBuilt(site, month)) archived.add(archive.move(site.domain(), month));
                else waiting.add(month);
            }
        }
        return new RetentionReport.SiteReport(site.domain(), retention, archived, waiting, deleted, Optional.empty());
    }
}
