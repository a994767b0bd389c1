package dev.footfall.query;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The buckets of a time dimension over an interval, labelled as Plausible labels them. */
public final class TimeLabels {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:00");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00:00");

    private TimeLabels() {}

    /** What "time" means for a range: hours up to two days, days up to 40, weeks up to a year, else months. */
    public static Dimension.Time auto(Interval interval) {
        long hours = ChronoUnit.HOURS.between(interval.from(), interval.until());
        if (hours <= 48) return new Dimension.Time(Dimension.Granularity.HOUR, "time:hour");
        if (hours <= 40 * 24) return new Dimension.Time(Dimension.Granularity.DAY, "time:day");
        if (hours <= 52 * 7 * 24) return new Dimension.Time(Dimension.Granularity.WEEK, "time:week");
        return new Dimension.Time(Dimension.Granularity.MONTH, "time:month");
    }

    /**
     * How many buckets {@link #of} makes, counted without making them: the bound on an answer's
     * buckets is checked before any list is built. Hours count by elapsed time, so a DST change
     * moves the count by one.
     */
    public static long count(Dimension.Granularity granularity, Interval interval) {
        ZonedDateTime start = interval.start();
        ZonedDateTime last = interval.end().minusSeconds(1);
        LocalDate firstDay = start.toLocalDate();
        LocalDate lastDay = last.toLocalDate();
        return switch (granularity) {
            case MINUTE -> ChronoUnit.MINUTES.between(start.truncatedTo(ChronoUnit.MINUTES), last) + 1;
            case HOUR -> ChronoUnit.HOURS.between(start.truncatedTo(ChronoUnit.HOURS), last) + 1;
            case DAY -> ChronoUnit.DAYS.between(firstDay, lastDay) + 1;
            case WEEK -> {
                LocalDate monday = firstDay.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
                yield monday.isAfter(lastDay) ? 1 : 2 + ChronoUnit.WEEKS.between(monday, lastDay);
            }
            case MONTH -> ChronoUnit.MONTHS.between(firstDay.withDayOfMonth(1), lastDay.withDayOfMonth(1)) + 1;
        };
    }

    /** Every bucket label in the interval, in order (local wall-clock time: DST days have 23 or 25 hours). */
    public static List<String> of(Dimension.Granularity granularity, Interval interval) {
        ZonedDateTime start = interval.start();
        ZonedDateTime last = interval.end().minusSeconds(1);
        LocalDate firstDay = start.toLocalDate();
        LocalDate lastDay = last.toLocalDate();
        Set<String> labels = new LinkedHashSet<>();
        switch (granularity) {
            case MINUTE -> {
                for (ZonedDateTime t = start.truncatedTo(ChronoUnit.MINUTES); !t.isAfter(last); t = t.plusMinutes(1)) {
                    labels.add(t.toLocalDateTime().format(MINUTE));
                }
            }
            case HOUR -> {
                for (ZonedDateTime t = start.truncatedTo(ChronoUnit.HOURS); !t.isAfter(last); t = t.plusHours(1)) {
                    labels.add(t.toLocalDateTime().format(HOUR));
                }
            }
            case DAY -> {
                for (LocalDate d = firstDay; !d.isAfter(lastDay); d = d.plusDays(1)) labels.add(d.toString());
            }
            case WEEK -> {
                // The first week is labelled by the range's first day, later ones by their Monday.
                labels.add(firstDay.toString());
                for (LocalDate monday = firstDay.with(TemporalAdjusters.next(DayOfWeek.MONDAY)); !monday.isAfter(lastDay);
                     monday = monday.plusWeeks(1)) {
                    labels.add(monday.toString());
                }
            }
            case MONTH -> {
                for (LocalDate m = firstDay.withDayOfMonth(1); !m.isAfter(lastDay); m = m.plusMonths(1)) labels.add(m.toString());
            }
        }
        return new ArrayList<>(labels);
    }

    /**
     * The label of the bucket holding a local day, in a range starting on {@code first}: days as
     * themselves, weeks by their Monday (the first by the range's first day), months by their
     * first day. Hours and minutes have no day label.
     */
    public static String ofDay(Dimension.Granularity granularity, LocalDate day, LocalDate first) {
        return switch (granularity) {
            case WEEK -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield (monday.isBefore(first) ? first : monday).toString();
            }
            case MONTH -> day.withDayOfMonth(1).toString();
            case DAY -> day.toString();
            case HOUR, MINUTE -> throw new IllegalArgumentException("hours and minutes are not labelled by their day");
        };
    }
}
