package dev.footfall.rollup;

import dev.footfall.site.Site;

import java.time.Instant;
import java.time.LocalDate;

/** Rolls closed buckets of raw data up into the warm tier. (Skeleton: filled in by issue 4.) */
public final class RollupBuilder {

    /** Builds (replacing) every rollup of the site's local days {@code from} through {@code to}. */
    public void rebuild(Site site, LocalDate from, LocalDate to) {
        throw new UnsupportedOperationException("rollup builder not yet written");
    }

    /** Rolls up every closed bucket of every site not yet rolled up, as of {@code now}. */
    public void catchUp(Instant now) {
        throw new UnsupportedOperationException("rollup builder not yet written");
    }
}
