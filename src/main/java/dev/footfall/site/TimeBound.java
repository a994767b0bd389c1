package dev.footfall.site;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A from/to bound as users type it: a whole day in the site's time zone (2024-03-01), or an exact
 * moment with its offset (2024-03-01T12:00:00Z, 2024-03-01T14:00:00+02:00). Parsed before the
 * site is known, resolved once its time zone is.
 */
public sealed interface TimeBound {
    /**
     * The first and last years any date or moment may name, for every API (the events export,
     * the Stats APIs' date ranges): four-digit years only, since a day or an offset past 9998
     * lands in year 10000, which neither ISO text nor the engine's timestamps round-trip.
     */
    int MIN_YEAR = 1, MAX_YEAR = 9998;
    /** The earliest and latest moments that {@link #MIN_YEAR} and {@link #MAX_YEAR} allow, in UTC. */
    Instant EARLIEST = LocalDate.of(MIN_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant LATEST = LocalDate.of(MAX_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    /** How the rule reads in error messages. */
    String YEARS = "between the years " + MIN_YEAR + " and " + MAX_YEAR;

    /** Whether a moment lies in the years every API accepts. */
    static boolean allowed(Instant t) {
        return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
    }

    /** The earliest moment this bound lets in. */
    Instant asFrom(ZoneId zone);

    /** The first moment after those this bound lets in: a day counts as a whole, to its end. */
    Instant asTo(ZoneId zone);

    /** The bound a user typed, or an exception whose message says what is accepted. */
    static TimeBound parse(String text) {
        String t = text == null ? "" : text.strip();
        try {
            TimeBound bound = t.contains("T") ? new At(OffsetDateTime.parse(t).toInstant()) : new Day(LocalDate.parse(t));
            if (!allowed(bound.asFrom(ZoneOffset.UTC)) || !allowed(bound.asTo(ZoneOffset.UTC))) {
                throw new IllegalArgumentException("must be a date " + YEARS + ", not '" + text + "'");
            }
            return bound;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("must be a date (2024-03-01) or a date-time with offset (2024-03-01T12:00:00Z), not '" + text + "'");
        }
    }

    record Day(LocalDate date) implements TimeBound {
        @Override
        public Instant asFrom(ZoneId zone) {
            return date.atStartOfDay(zone).toInstant();
        }

        @Override
        public Instant asTo(ZoneId zone) {
            return date.plusDays(1).atStartOfDay(zone).toInstant();
        }
    }

    record At(Instant instant) implements TimeBound {
        @Override
        public Instant asFrom(ZoneId zone) {
            return instant;
        }

        @Override
        public Instant asTo(ZoneId zone) {
            return instant;
        }
    }
}
