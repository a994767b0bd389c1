package dev.footfall.api;

import dev.footfall.query.DateRanges;
import dev.footfall.query.Dimension;
import dev.footfall.site.TimeBound;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Stats API v1 {@code period} and {@code date}, resolved to whole local days. Unlike the
 * v2 shorthands, v1's 6mo and 12mo include the month of {@code date}.
 *
 * @param name the period as given (or its 30d default), which decides the timeseries interval
 */
record V1Period(String name, LocalDate first, LocalDate last) {
    private static final String DOCS = "https://plausible.io/docs/stats-api#time-periods";
    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /** Validated in Plausible's order: the period first, then the date it needs. */
    static V1Period of(Optional<String> period, Optional<String> date, LocalDate today) {
        String name = period.orElse("30d");
        V1Period resolved = switch (name) {
            case "custom" -> custom(date);
            case "day", "7d", "30d", "month", "6mo", "12mo" -> relative(name, date.map(V1Period::date).orElse(today));
            default -> throw StatsV1Api.invalid("Error parsing `period` parameter: invalid period `" + name
                    + "`. Please find accepted values in our docs: " + DOCS);
        };
        // The bounds every date range has (DateRanges), said in v1's words before the v2 parser sees the dates.
        if (resolved.first.getYear() < TimeBound.MIN_YEAR || resolved.last.getYear() > TimeBound.MAX_YEAR) {
            throw StatsV1Api.invalid("Invalid `date` parameter: dates must be " + TimeBound.YEARS + ". See " + DOCS);
        }
        if (resolved.first.plus(DateRanges.MAX_SPAN).isBefore(resolved.last.plusDays(1))) {
            throw StatsV1Api.invalid("Invalid `date` parameter: the period spans more than " + DateRanges.MAX_SPAN.getYears()
                    + " years, the longest one query may cover. See " + DOCS);
        }
        return resolved;
    }

    private static V1Period relative(String name, LocalDate date) {
        LocalDate month = date.withDayOfMonth(1);
        return switch (name) {
            case "day" -> new V1Period(name, date, date);
            case "7d" -> new V1Period(name, date.minusDays(7), date.minusDays(1));
            case "30d" -> new V1Period(name, date.minusDays(30), date.minusDays(1));
            case "month" -> new V1Period(name, month, date.withDayOfMonth(date.lengthOfMonth()));
            case "6mo" -> new V1Period(name, month.minusMonths(5), date.withDayOfMonth(date.lengthOfMonth()));
            case "12mo" -> new V1Period(name, month.minusMonths(11), date.withDayOfMonth(date.lengthOfMonth()));
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static V1Period custom(Optional<String> date) {
        String range = date.orElseThrow(() -> StatsV1Api.invalid("The `date` parameter is required when using a custom period. See " + DOCS));
        String[] parts = range.split(",", -1);
        LocalDate first = parts.length == 2 ? parse(parts[0].strip()).orElse(null) : null;
        LocalDate last = parts.length == 2 ? parse(parts[1].strip()).orElse(null) : null;
        if (first == null || last == null) {
            throw StatsV1Api.invalid("Invalid format for `date` parameter. When using a custom period, please include two ISO-8601 "
                    + "formatted dates joined by a comma. See " + DOCS);
        }
        if (last.isBefore(first)) {
            throw StatsV1Api.invalid("Invalid `date` parameter: the end date " + last + " is before the start date " + first + ". See " + DOCS);
        }
        return new V1Period("custom", first, last);
    }

    /** Plausible names the failure as Elixir's Date.from_iso8601 does. */
    private static LocalDate date(String text) {
        return parse(text).orElseThrow(() -> StatsV1Api.invalid("Error parsing `date` parameter: "
                + (ISO_DATE.matcher(text).matches() ? "invalid_date" : "invalid_format")
                + ". Please specify a valid date in ISO-8601 format."));
    }

    private static Optional<LocalDate> parse(String text) {
        if (!ISO_DATE.matcher(text).matches()) return Optional.empty();
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Plausible's default timeseries buckets: hours for a day, months for 6mo and 12mo, else days. */
    Dimension.Granularity defaultInterval() {
        return switch (name) {
            case "day" -> Dimension.Granularity.HOUR;
            case "6mo", "12mo" -> Dimension.Granularity.MONTH;
            default -> Dimension.Granularity.DAY;
        };
    }
}
