package dev.footfall.query;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a {@code date_range} into an {@link Interval} in the site's timezone. Days start at
 * local midnight, so a range over a DST change is 23 or 25 hours longer or shorter.
 */
public final class DateRanges {
    private DateRanges() {}

    /**
     * @param today      the current date in the site's timezone
     * @param firstEvent when the site's data starts, for "all" (asked only then: it costs a query)
     */
    public static Interval resolve(JsonNode range, ZoneId zone, LocalDate today, Supplier<Optional<LocalDate>> firstEvent) {
        if (range == null || range.isNull()) throw new QueryException("#: Required property date_range was not present.");
        if (range.isTextual()) return named(range.asText(), zone, today, firstEvent);
        if (range.isArray() && range.size() == 2 && range.get(0).isTextual() && range.get(1).isTextual()) {
            return custom(range.get(0).asText(), range.get(1).asText(), zone);
        }
        throw invalid(range.toString());
    }

    /** Plausible's newest periods: "Nd" is the N days before today and "Nmo" the N months before this one. */
    private static Interval named(String name, ZoneId zone, LocalDate today, Supplier<Optional<LocalDate>> firstEvent) {
        switch (name) {
            case "day" -> { return days(today, today, zone); }
            case "month" -> { return days(today.withDayOfMonth(1), today.withDayOfMonth(today.lengthOfMonth()), zone); }
            case "year" -> { return days(today.withDayOfYear(1), today.withDayOfYear(today.lengthOfYear()), zone); }
            case "all" -> { return days(firstEvent.get().filter(d -> d.isBefore(today)).orElse(today), today, zone); }
            default -> { }
        }
        Matcher m = SHORTHAND.matcher(name);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            if (m.group(2).equals("d") && n >= 1 && n <= MAX_DAYS) return days(today.minusDays(n), today.minusDays(1), zone);
            if (m.group(2).equals("mo") && n >= 1 && n <= MAX_MONTHS) {
                LocalDate thisMonth = today.withDayOfMonth(1);
                return days(thisMonth.minusMonths(n), thisMonth.minusDays(1), zone);
            }
        }
        throw invalid(name);
    }

    /** Plausible's bounds on shorthand periods: about 13 years of days, 8 years of months. */
    private static final int MAX_DAYS = 5000, MAX_MONTHS = 100;
    private static final Pattern SHORTHAND = Pattern.compile("([0-9]{1,9})(d|mo)");

    private static QueryException invalid(String range) {
        return new QueryException("#/date_range: Invalid date range \"" + range + "\"");
    }

    /** Whole local days from {@code first} through {@code last}, inclusive. */
    public static Interval days(LocalDate first, LocalDate last, ZoneId zone) {
        return new Interval(first.atStartOfDay(zone), last.plusDays(1).atStartOfDay(zone));
    }

    private static Interval custom(String from, String to, ZoneId zone) {
        Optional<LocalDate> fromDate = date(from);
        Optional<LocalDate> toDate = date(to);
        if (fromDate.isPresent() && toDate.isPresent()) {
            if (toDate.get().isBefore(fromDate.get())) {
                throw new QueryException("#/date_range: Invalid date range: the end date " + to + " is before the start date " + from);
            }
            return days(fromDate.get(), toDate.get(), zone);
        }
        ZonedDateTime start = fromDate.map(d -> d.atStartOfDay(zone)).orElseGet(() -> dateTime(from, zone));
        // A datetime end is inclusive to the second, like Plausible's "…T23:59:59".
        ZonedDateTime end = toDate.map(d -> d.plusDays(1).atStartOfDay(zone)).orElseGet(() -> dateTime(to, zone).plusSeconds(1));
        if (!end.isAfter(start)) throw new QueryException("#/date_range: Invalid date range: " + to + " is not after " + from);
        return new Interval(start, end);
    }

    private static Optional<LocalDate> date(String s) {
        try {
            return Optional.of(LocalDate.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static ZonedDateTime dateTime(String s, ZoneId zone) {
        try {
            return OffsetDateTime.parse(s).atZoneSameInstant(zone);
        } catch (DateTimeParseException e) {
            throw new QueryException("#/date_range: Invalid date range: '" + s + "' is neither a date (2024-01-31) nor a datetime with an offset (2024-01-31T10:00:00+01:00)");
        }
    }
}
