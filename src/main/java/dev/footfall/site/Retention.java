package dev.footfall.site;

import java.util.Optional;

/**
 * How long a site's data is kept. Raw events are kept forever unless {@code rawRetentionDays} is
 * set: whole UTC months older than that move to the cold archive (Parquet files), where queries
 * still read them, only slower (see docs/retention.md). Everything (raw, archive, rollups) is
 * kept forever unless {@code retentionDays} is set: data older than that is deleted, by whole
 * local days.
 *
 * @param rawRetentionDays days raw events stay in the hot tables; empty keeps them there forever
 * @param retentionDays    days any data is kept; empty keeps it forever
 */
public record Retention(Optional<Integer> rawRetentionDays, Optional<Integer> retentionDays) {
    /** Plausible's and Footfall's default: nothing is ever archived or deleted. */
    public static final Retention FOREVER = new Retention(Optional.empty(), Optional.empty());

    /**
     * A month is archived once it ended this long ago at least. One day is past every day's
     * rollup closing (local midnight in UTC-12 is 12:00 UTC, plus the 35 minutes' close delay),
     * so a month the job may archive can no longer change; shorter would only archive a month that
     * is still being written.
     */
    public static final int MIN_RAW_DAYS = 1;
    /** A hundred years: longer is forever in practice, and keeps date arithmetic far from overflow. */
    public static final int MAX_DAYS = 36_500;

    public Retention {
        rawRetentionDays.ifPresent(d -> check("raw_retention_days", d, MIN_RAW_DAYS));
        retentionDays.ifPresent(d -> check("retention_days", d, 1));
        if (rawRetentionDays.isPresent() && retentionDays.isPresent() && rawRetentionDays.get() > retentionDays.get()) {
            throw new InvalidRetentionException("raw_retention_days", "(" + rawRetentionDays.get()
                    + ") must not exceed retention_days (" + retentionDays.get() + "): raw data cannot outlive all data");
        }
    }

    public static Retention of(Integer rawRetentionDays, Integer retentionDays) {
        return new Retention(Optional.ofNullable(rawRetentionDays), Optional.ofNullable(retentionDays));
    }

    public Retention withRawRetentionDays(Optional<Integer> days) {
        return new Retention(days, retentionDays);
    }

    public Retention withRetentionDays(Optional<Integer> days) {
        return new Retention(rawRetentionDays, days);
    }

    private static void check(String field, int days, int min) {
        if (days < min || days > MAX_DAYS) {
            throw new InvalidRetentionException(field, "must be a whole number of days from " + min + " to " + MAX_DAYS + ", not " + days);
        }
    }

    /** A retention setting that cannot be: names the field so the API and CLI can say which. */
    public static final class InvalidRetentionException extends IllegalArgumentException {
        private final String field;
        private final String problem;

        InvalidRetentionException(String field, String problem) {
            super(field + " " + problem);
            this.field = field;
            this.problem = problem;
        }

        public String field() {
            return field;
        }

        public String problem() {
            return problem;
        }
    }
}
