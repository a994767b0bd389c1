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
    /** The earliest moment this bound lets in. */
    Instant asFrom(ZoneId zone);

    /** The first moment after those this bound lets in: a day counts as a whole, to its end. */
    Instant asTo(ZoneId zone);

    /** The bound a user typed, or an exception whose message says what is accepted. */
    static TimeBound parse(String text) {
        String t = text == null ? "" : text.strip();
        try {
            TimeBound bound = t.contains("T") ? new At(OffsetDateTime.parse(t).toInstant()) : new Day(LocalDate.parse(t));
            int year = bound.asFrom(ZoneOffset.UTC).atOffset(ZoneOffset.UTC).getYear();
            // Four-digit years only: beyond them, time zones and the engine's timestamps stop being exact.
            if (year < 1 || year > 9998) throw new IllegalArgumentException("must be a date between the years 1 and 9998, not '" + text + "'");
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
