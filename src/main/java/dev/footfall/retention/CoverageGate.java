package dev.footfall.retention;

import dev.footfall.rollup.Coverage;
import dev.footfall.site.Site;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;

/**
 * The gate read from the rollups' coverage: a UTC month may go once every local day that holds a
 * moment of it, from the site's first event on, is rolled up (in the site's current timezone).
 * Days before the first event are never built, and need not be.
 */
public final class CoverageGate implements MonthGate {
    private final Function<Site, Coverage> coverage;
    private final Function<String, Optional<Instant>> firstEvent;

    public CoverageGate(Function<Site, Coverage> coverage, Function<String, Optional<Instant>> firstEvent) {
        this.coverage = coverage;
        this.firstEvent = firstEvent;
    }

    @Override
    public boolean rollupsBuilt(Site site, YearMonth month) {
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant last = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1);
        LocalDate from = start.atZone(site.timezone()).toLocalDate();
        Optional<LocalDate> first = firstEvent.apply(site.domain()).map(t -> t.atZone(site.timezone()).toLocalDate());
        if (first.isPresent() && first.get().isAfter(from)) from = first.get();
        LocalDate to = last.atZone(site.timezone()).toLocalDate();
        Coverage built = coverage.apply(site);
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (!built.days().containsKey(d)) return false;
        }
        return true;
    }
}
