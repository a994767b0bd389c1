package dev.footfall.rollup;

import dev.footfall.session.SessionTracker;
import dev.footfall.site.Site;
import dev.footfall.site.SiteStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Rolls closed buckets of the raw tier up into the warm tier: each local day once no event can
 * change it any more, each local month once all its days are built. Every build replaces its
 * bucket in one transaction, so building is idempotent, and a crash mid-way leaves buckets that
 * are simply built again by the next catch-up. Builds run beside ingest and queries: they only
 * read the raw tables and write the rollup tables.
 */
public final class RollupBuilder {
    private static final Logger LOG = Logger.getLogger(RollupBuilder.class.getName());

    /**
     * A day is closed once its last visit can no longer change: the session timeout after its
     * midnight (a visit that started before it may go on that long), plus a margin for events
     * still queued for the writer.
     */
    public static final Duration CLOSE_DELAY = SessionTracker.TIMEOUT.plus(Duration.ofMinutes(5));
    /**
     * Values of one dimension in one day beyond which that dimension of that day is read raw: a
     * rollup as large as the day's raw rows would save nothing (a day of a site with 20 M pageviews
     * a month holds about 700 K events), and this keeps a day's rollup rows under a few MB.
     */
    public static final int DAY_MAX_VALUES = 50_000;
    /** The same for a month: beyond it, the month's days (or raw rows) answer that dimension. */
    public static final int MONTH_MAX_VALUES = 100_000;
    /**
     * Sites whose day is built by one set of statements: a statement's fixed cost is most of a small
     * site's day, and a hundred small days are still one modest transaction.
     */
    static final int SITES_PER_BUILD = 100;

    private final SiteStore sites;
    private final RollupStore rollups;
    private final Function<String, Optional<Instant>> firstEvent;
    private final Clock clock;
    private final Consumer<String> changed;
    private final Map<String, Built> coverage = new ConcurrentHashMap<>();
    /** Each site's first local day, with the zone it was read in; a deletion forgets it. */
    private final Map<String, FirstDay> firstDays = new ConcurrentHashMap<>();

    private record FirstDay(ZoneId zone, LocalDate day) {}

    private record Built(ZoneId zone, Coverage coverage) {}

    /**
     * @param firstEvent when a site's first stored event happened: where building starts
     * @param changed    told the domain of a site whose rollups were rebuilt or dropped (cached
     *                   answers over those days are stale)
     */
    public RollupBuilder(SiteStore sites, RollupStore rollups, Function<String, Optional<Instant>> firstEvent,
                         Clock clock, Consumer<String> changed) {
        this.sites = sites;
        this.rollups = rollups;
        this.firstEvent = firstEvent;
        this.clock = clock;
        this.changed = changed;
    }

    /** What is rolled up for the site, from memory once read. */
    public Coverage coverage(Site site) {
        Built built = coverage.get(site.domain());
        if (built == null || !built.zone().equals(site.timezone())) {
            built = new Built(site.timezone(), rollups.coverage(site));
            coverage.put(site.domain(), built);
        }
        return built.coverage();
    }

    /** The first local day that is not closed at {@code now}: days before it are final. */
    public static LocalDate openFrom(Site site, Instant now) {
        return now.minus(CLOSE_DELAY).atZone(site.timezone()).toLocalDate();
    }

    /** Rolls up every closed bucket of every site that is not rolled up yet. */
    public synchronized void catchUp() {
        List<Site> all = sites.sites();
        Map<ZonedDay, List<Site>> due = new LinkedHashMap<>();
        Map<String, LocalDate> firstDays = new HashMap<>();
        for (Site site : all) {
            try {
                Optional<LocalDate> first = firstDay(site);
                if (first.isEmpty()) continue;
                firstDays.put(site.domain(), first.get());
                LocalDate open = openFrom(site, clock.instant());
                Coverage built = coverage(site);
                for (LocalDate day = first.get(); day.isBefore(open); day = day.plusDays(1)) {
                    if (!built.days().containsKey(day)) due.computeIfAbsent(new ZonedDay(site.timezone(), day), k -> new ArrayList<>()).add(site);
                }
            } catch (RuntimeException e) {
                LOG.warning(() -> "reading what " + site.domain() + " has rolled up failed; the next catch-up retries: " + e.getMessage());
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        for (Map.Entry<ZonedDay, List<Site>> entry : due.entrySet()) {
            // A stopping server interrupts its catch-up: the days left (weeks of them after an import
            // or an upgrade) are the next catch-up's, instead of holding up the stop for minutes.
            // Each day is its own transaction, so stopping between days leaves nothing half built.
            if (Thread.currentThread().isInterrupted()) {
                counts.keySet().forEach(coverage::remove); // what was built is read again from the store
                LOG.info(() -> "rollup catch-up interrupted; the next one builds the days left");
                return;
            }
            List<Site> dueSites = entry.getValue();
            for (int i = 0; i < dueSites.size(); i += SITES_PER_BUILD) {
                List<Site> chunk = dueSites.subList(i, Math.min(dueSites.size(), i + SITES_PER_BUILD));
                for (Site site : buildDay(chunk, entry.getKey().day())) counts.merge(site.domain(), 1, Integer::sum);
            }
        }
        for (Site site : all) {
            LocalDate first = firstDays.get(site.domain());
            if (first == null) continue;
            try {
                Coverage built = counts.containsKey(site.domain()) ? reload(site) : coverage(site);
                int months = buildMonths(site, first, openFrom(site, clock.instant()), built);
                int count = counts.getOrDefault(site.domain(), 0) + months;
                if (count > 0) LOG.info(() -> "rolled up " + count + " buckets of " + site.domain());
            } catch (RuntimeException e) {
                LOG.warning(() -> "rolling up " + site.domain() + " failed; the next catch-up retries: " + e.getMessage());
            }
        }
    }

    /** A local day in a time zone: the sites sharing both are built by the same statements. */
    private record ZonedDay(ZoneId zone, LocalDate day) {}

    /** Builds the day of the sites together, or, should that fail, each alone; returns the sites built. */
    private List<Site> buildDay(List<Site> sites, LocalDate day) {
        try {
            rollups.buildDay(sites, day, DAY_MAX_VALUES);
            return sites;
        } catch (RuntimeException together) {
            if (sites.size() == 1) {
                LOG.warning(() -> "rolling up " + sites.getFirst().domain() + " on " + day + " failed; the next catch-up retries: " + together.getMessage());
                return List.of();
            }
            // One site's failure must not hold back the others.
            List<Site> built = new ArrayList<>();
            for (Site site : sites) built.addAll(buildDay(List.of(site), day));
            return built;
        }
    }

    /** The site's first local day with an event, read once (an offline import runs in another process, and a deletion forgets it). */
    private Optional<LocalDate> firstDay(Site site) {
        FirstDay known = firstDays.get(site.domain());
        if (known != null && known.zone().equals(site.timezone())) return Optional.of(known.day());
        Optional<LocalDate> first = firstEvent.apply(site.domain()).map(t -> t.atZone(site.timezone()).toLocalDate());
        // Not remembered when absent: the site's first event is still to come.
        first.ifPresent(day -> firstDays.put(site.domain(), new FirstDay(site.timezone(), day)));
        return first;
    }

    /** Builds every closed month from {@code first} on whose days are all built and which is not built yet. */
    private int buildMonths(Site site, LocalDate first, LocalDate open, Coverage built) {
        int count = 0;
        for (YearMonth month = YearMonth.from(first); month.atEndOfMonth().isBefore(open); month = month.plusMonths(1)) {
            if (built.months().containsKey(month)) continue;
            boolean daysBuilt = true;
            for (LocalDate d = month.atDay(1).isBefore(first) ? first : month.atDay(1); !d.isAfter(month.atEndOfMonth()); d = d.plusDays(1)) {
                daysBuilt &= built.days().containsKey(d);
            }
            if (daysBuilt) {
                rollups.buildMonth(site, month, MONTH_MAX_VALUES);
                count++;
            }
        }
        if (count > 0) reload(site);
        return count;
    }

    /**
     * Builds (replacing) the rollups of the site's local days {@code from} through {@code to}
     * and of the months holding them, as far as those are closed: after an import, a bug fix or
     * a new dimension.
     *
     * @return the number of days rebuilt
     */
    public synchronized int rebuild(Site site, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        LocalDate open = openFrom(site, clock.instant());
        LocalDate last = to.isBefore(open) ? to : open.minusDays(1);
        rollups.drop(site.domain(), from, to);
        changed.accept(site.domain());
        int days = 0;
        for (LocalDate day = from; !day.isAfter(last); day = day.plusDays(1)) {
            rollups.buildDay(List.of(site), day, DAY_MAX_VALUES);
            days++;
        }
        Coverage built = reload(site);
        Optional<LocalDate> first = firstEvent.apply(site.domain()).map(t -> t.atZone(site.timezone()).toLocalDate());
        if (first.isPresent()) buildMonths(site, first.get(), open, built);
        changed.accept(site.domain());
        return days;
    }

    /**
     * Drops the site's rollups of the local days before {@code day} and of the month holding the day
     * before it (total retention deleted their data); the next catch-up builds that month again from
     * the days that are left.
     */
    public synchronized void dropBefore(Site site, LocalDate day) {
        // No stored event is older than the Unix epoch (ingest stamps now; imports read dated logs).
        rollups.drop(site.domain(), LocalDate.EPOCH, day.minusDays(1));
        forget(site.domain());
    }

    /** Runs {@code work} while no rollup is being built (a domain change moves the rows a build writes). */
    public synchronized <T> T exclusively(java.util.function.Supplier<T> work) {
        return work.get();
    }

    /** Forgets what is known of a site's rollups (after its data was deleted or archived). */
    public void forget(String domain) {
        coverage.remove(domain);
        firstDays.remove(domain);
        changed.accept(domain);
    }

    private Coverage reload(Site site) {
        coverage.remove(site.domain());
        return coverage(site);
    }
}
