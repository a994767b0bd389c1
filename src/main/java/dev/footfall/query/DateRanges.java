package dev.footfall.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.site.TimeBound;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a {@code date_range} into an {@link Interval} in the site's timezone. Days start at
 * local midnight, so a range over a DST change is 23 or 25 hours longer or shorter; a midnight that
 * clocks repeat or skip is resolved as Plausible resolves it ({@link #dayStart}, {@link #dayEnd}).
 */
public final class DateRanges {
    private DateRanges() {}

    /**
     * @param today      the current date in the site's timezone
     * @param firstEvent when the site's data starts, for "all" (asked only then: it costs a query)
     */
    public static Interval resolve(JsonNode range, ZoneId zone, LocalDate today, Supplier<Optional<LocalDate>> firstEvent) {
        if (range == null || range.isNull()) throw new QueryException("#: Required property date_range was not present.");
        Interval interval;
        if (range.isTextual()) interval = named(range.asText(), zone, today, firstEvent);
        else if (range.isArray() && range.size() == 2 && range.get(0).isTextual() && range.get(1).isTextual()) {
            interval = custom(range.get(0).asText(), range.get(1).asText(), zone);
        } else throw invalid(range.toString());
        checkBounds(interval, "#/date_range");
        return interval;
    }

    /**
     * The longest period one query may cover. Web analytics has no data from before the web, so a
     * century holds any site's history, imports included; and it bounds what one request can make
     * the server do: 36,525 daily buckets, a plan of as many days, not the 3.65 million of years 1-9999.
     */
    public static final Period MAX_SPAN = Period.ofYears(100);

    /**
     * Refuses a period outside the years every API accepts or longer than {@link #MAX_SPAN}, naming
     * the limit; {@code where} is the part of the query that asked for it.
     */
    public static void checkBounds(Interval interval, String where) {
        if (!TimeBound.allowed(interval.from()) || !TimeBound.allowed(interval.until())) {
            throw new QueryException(where + ": Invalid date range: dates must be " + TimeBound.YEARS + " (UTC)");
        }
        if (interval.start().plus(MAX_SPAN).isBefore(interval.end())) {
            throw new QueryException(where + ": Invalid date range: it spans more than " + MAX_SPAN.getYears()
                    + " years, the longest period one query may cover");
        }
    }

    /** Plausible's newest periods: "Nd" is the N days before today and "Nmo" the N months before this one. */
    private static Interval named(String name, ZoneId zone, LocalDate today, Supplier<Optional<LocalDate>> firstEvent) {
        switch (name) {
            case "day" -> { return days(today, today, zone); }
            case "24h" -> {
                // Plausible's last 24 hours, through this second of today (the clock's time of day, on the caller's today).
                ZonedDateTime end = today.atTime(LocalTime.now(zone).truncatedTo(ChronoUnit.SECONDS)).atZone(zone).plusSeconds(1);
                return new Interval(end.minusHours(24), end);
            }
            case "month" -> { return days(today.withDayOfMonth(1), today.withDayOfMonth(today.lengthOfMonth()), zone); }
            case "year" -> { return days(today.withDayOfYear(1), today.withDayOfYear(today.lengthOfYear()), zone); }
            case "all" -> {
                // All the data there is, as far back as one query may look: imported logs can be older.
                LocalDate earliest = today.minus(MAX_SPAN).plusDays(1);
                LocalDate first = firstEvent.get().filter(d -> d.isBefore(today)).orElse(today);
                return days(first.isBefore(earliest) ? earliest : first, today, zone);
            }
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
        // Quoted, but not a megabyte of it.
        String shown = range.length() <= 100 ? range : range.substring(0, 100) + "…";
        return new QueryException("#/date_range: Invalid date range \"" + shown + "\"");
    }

    /** Whole local days from {@code first} through {@code last}, inclusive, bounded as Plausible bounds them. */
    public static Interval days(LocalDate first, LocalDate last, ZoneId zone) {
        return new Interval(dayStart(first, zone), dayEnd(last, zone));
    }

    /**
     * When a local day starts, by Plausible's rule: at midnight; where clocks go back over midnight
     * (America/Havana, 2023-11-05), at the second midnight; where they skip it, when the skip ends.
     */
    public static ZonedDateTime dayStart(LocalDate day, ZoneId zone) {
        LocalDateTime midnight = day.atStartOfDay();
        ZoneOffsetTransition skip = zone.getRules().getTransition(midnight);
        if (skip != null && skip.isGap()) return skip.getInstant().atZone(zone);
        return ZonedDateTime.ofLocal(midnight, zone, null).withLaterOffsetAtOverlap();
    }

    /**
     * When a local day ends (exclusive), by Plausible's rule: after its 23:59:59; where clocks go back
     * over that second (America/Asuncion, 2024-03-23), after the first of the two; where they skip
     * it, when the skip starts. Around such a change the hour between one day's end and the next
     * day's start belongs to neither, as in Plausible.
     */
    public static ZonedDateTime dayEnd(LocalDate day, ZoneId zone) {
        LocalDateTime lastSecond = day.atTime(LocalTime.of(23, 59, 59));
        ZoneOffsetTransition skip = zone.getRules().getTransition(lastSecond);
        if (skip != null && skip.isGap()) return skip.getInstant().atZone(zone);
        return ZonedDateTime.ofLocal(lastSecond, zone, null).withEarlierOffsetAtOverlap().plusSeconds(1);
    }

    private static Interval custom(String from, String to, ZoneId zone) {
        TimeBound first = bound(from, 0);
        TimeBound last = bound(to, 1);
        if (first instanceof TimeBound.Day(LocalDate a) && last instanceof TimeBound.Day(LocalDate b) && b.isBefore(a)) {
            throw new QueryException("#/date_range: Invalid date range: the end date " + to + " is before the start date " + from);
        }
        ZonedDateTime start = switch (first) {
            case TimeBound.Day(LocalDate day) -> dayStart(day, zone);
            case TimeBound.At(Instant t) -> t.atZone(zone);
        };
        ZonedDateTime end = switch (last) {
            case TimeBound.Day(LocalDate day) -> dayEnd(day, zone);
            // A datetime end is inclusive to the second, like Plausible's "…T23:59:59".
            case TimeBound.At(Instant t) -> t.plusSeconds(1).atZone(zone);
        };
        if (!end.isAfter(start)) throw new QueryException("#/date_range: Invalid date range: " + to + " is not after " + from);
        return new Interval(start, end);
    }

    /** One end of a custom range: a date, or a datetime with an offset, in the years every API accepts. */
    private static TimeBound bound(String text, int index) {
        try {
            return TimeBound.parse(text);
        } catch (IllegalArgumentException e) {
            throw new QueryException("#/date_range/" + index + ": Invalid date range: " + e.getMessage());
        }
    }
}
