package dev.footfall.plan;

import dev.footfall.query.Attribute;
import dev.footfall.query.Dimension;
import dev.footfall.query.Filter;
import dev.footfall.query.Interval;
import dev.footfall.query.Metric;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.Subject;
import dev.footfall.rollup.Coverage;
import dev.footfall.rollup.RollupDimensions;
import dev.footfall.site.Site;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Cuts a query's range into the largest whole rolled-up buckets (months, then days, or hours for
 * an hourly series) and raw parts for the rest: the open day, partial days at the edges, days not
 * yet rolled up. A query rollups cannot answer (two dimensions, goals, properties, any filter but
 * one exact value of the grouped property) is read raw over its whole range.
 */
public final class Planner {
    private final Function<Site, Coverage> coverage;
    private final boolean rollups;

    /**
     * @param coverage what is rolled up per site
     * @param rollups  false to read every query raw (benchmarks compare the two)
     */
    public Planner(Function<Site, Coverage> coverage, boolean rollups) {
        this.coverage = coverage;
        this.rollups = rollups;
    }

    public Plan plan(StatsQuery query) {
        Optional<Map<Subject, RollupKey>> keys = rollups ? keys(query) : Optional.empty();
        if (keys.isEmpty()) return new Plan(rawParts(query.interval()), Map.of());
        Coverage built = coverage.apply(query.site());
        Set<String> dimensions = new HashSet<>();
        keys.get().values().forEach(k -> dimensions.add(k.dimension()));
        Dimension.Granularity granularity = query.timeDimension().map(Dimension.Time::granularity).orElse(null);

        Interval interval = query.interval();
        ZoneId zone = interval.start().getZone();
        LocalDate first = interval.start().toLocalDate();
        if (interval.start().isAfter(first.atStartOfDay(zone))) first = first.plusDays(1);
        LocalDate end = interval.end().toLocalDate(); // whole days are [first, end)

        List<Part> parts = new ArrayList<>();
        ZonedDateTime rawFrom = interval.start();
        LocalDate day = first;
        while (day.isBefore(end)) {
            YearMonth month = YearMonth.from(day);
            boolean wholeMonth = day.getDayOfMonth() == 1 && !month.atEndOfMonth().isAfter(end.minusDays(1));
            Tier tier = null;
            LocalDate next = day.plusDays(1);
            if (wholeMonth && (granularity == null || granularity == Dimension.Granularity.MONTH) && built.serves(month, dimensions)) {
                tier = Tier.MONTH;
                next = month.plusMonths(1).atDay(1);
            } else if (granularity != Dimension.Granularity.MINUTE && built.serves(day, dimensions)) {
                tier = granularity == Dimension.Granularity.HOUR ? Tier.HOUR : Tier.DAY;
            }
            if (tier != null) {
                ZonedDateTime from = day.atStartOfDay(zone);
                if (from.isAfter(rawFrom)) parts.addAll(rawParts(new Interval(rawFrom, from)));
                add(parts, new Part(tier, new Interval(from, next.atStartOfDay(zone))));
                rawFrom = next.atStartOfDay(zone);
            }
            day = next;
        }
        if (interval.end().isAfter(rawFrom)) parts.addAll(rawParts(new Interval(rawFrom, interval.end())));
        return parts.stream().allMatch(p -> p.tier() == Tier.RAW) ? new Plan(parts, Map.of()) : new Plan(parts, keys.get());
    }

    /** Appends a rollup part, merged with the previous one when it is of the same tier and adjacent. */
    private static void add(List<Part> parts, Part part) {
        if (!parts.isEmpty()) {
            Part last = parts.getLast();
            if (last.tier() == part.tier() && last.interval().end().equals(part.interval().start())) {
                parts.set(parts.size() - 1, new Part(part.tier(), new Interval(last.interval().start(), part.interval().end())));
                return;
            }
        }
        parts.add(part);
    }

    /**
     * A raw range cut at the local midnights around each daylight-saving change, so every part
     * but those single days has one UTC offset (see {@link Part#fixedOffset()}).
     */
    static List<Part> rawParts(Interval interval) {
        List<Part> parts = new ArrayList<>();
        ZoneId zone = interval.start().getZone();
        ZonedDateTime from = interval.start();
        ZoneOffsetTransition t = zone.getRules().nextTransition(interval.from());
        while (t != null && t.getInstant().isBefore(interval.until())) {
            LocalDate changeDay = t.getInstant().atZone(zone).toLocalDate();
            ZonedDateTime dayStart = max(from, changeDay.atStartOfDay(zone));
            ZonedDateTime dayEnd = min(interval.end(), changeDay.plusDays(1).atStartOfDay(zone));
            if (dayStart.isAfter(from)) parts.add(new Part(Tier.RAW, new Interval(from, dayStart)));
            parts.add(new Part(Tier.RAW, new Interval(dayStart, dayEnd)));
            from = dayEnd;
            t = zone.getRules().nextTransition(dayEnd.toInstant().minusSeconds(1));
            if (!from.isBefore(interval.end())) return parts;
        }
        parts.add(new Part(Tier.RAW, new Interval(from, interval.end())));
        return parts;
    }

    private static ZonedDateTime max(ZonedDateTime a, ZonedDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static ZonedDateTime min(ZonedDateTime a, ZonedDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * The rollup rows answering each subject of the query, or empty when rollups cannot: at most
     * one property besides time, and a filter of one exact, case-sensitive value on the same one
     * or on a property rolled up in pairs with it; hourly series are rolled up for site totals only.
     */
    static Optional<Map<Subject, RollupKey>> keys(StatsQuery query) {
        Attribute attribute = null;
        for (Dimension d : query.dimensions()) {
            switch (d) {
                case Dimension.Time t -> {}
                case Dimension.Of(Attribute a) -> {
                    if (attribute != null) return Optional.empty();
                    attribute = a;
                }
                case Dimension.Goal g -> { return Optional.empty(); }
                case Dimension.Prop p -> { return Optional.empty(); }
            }
        }
        Optional<String> value = Optional.empty();
        if (query.filter().isPresent()) {
            Filter f = query.filter().get();
            if (f instanceof Filter.And(List<Filter> all) && all.size() == 1) f = all.getFirst();
            if (!(f instanceof Filter.Condition c) || c.op() != Filter.Operator.IS || c.values().size() != 1
                    || !c.caseSensitive() || !(c.dimension() instanceof Dimension.Of(Attribute a))) return Optional.empty();
            if (attribute != null && attribute != a) return pairKeys(query, a, c.values().getFirst(), attribute);
            // A country's or region's name is a label of its code's rows, which a name does not select.
            if (a == Attribute.COUNTRY_NAME || a == Attribute.REGION_NAME) return Optional.empty();
            attribute = a;
            value = Optional.of(c.values().getFirst());
        }
        Map<Subject, Set<Metric>> subjects = Subject.split(query);
        // Visit metrics under an event:page (event:hostname) filter are over the visits that contain
        // the page (host), which no rollup row holds. Rolled up are those grouped by it (over the
        // visits that entered on it: the entry's row), and the totals of a bounce rate under a page
        // filter (over the visits that entered on the page, as raw answers).
        if (value.isPresent() && attribute.entryOf().isPresent() && subjects.containsKey(Subject.VISITS)
                && !query.dimensions().contains(new Dimension.Of(attribute))
                && !(attribute == Attribute.PAGE && query.dimensions().isEmpty() && subjects.get(Subject.VISITS).equals(Set.of(Metric.BOUNCE_RATE)))) {
            return Optional.empty();
        }
        boolean hourly = query.timeDimension().map(t -> t.granularity() == Dimension.Granularity.HOUR).orElse(false);
        if (hourly && attribute != null) return Optional.empty();
        Map<Subject, RollupKey> keys = new EnumMap<>(Subject.class);
        for (Subject subject : subjects.keySet()) {
            Optional<String> dimension = attribute == null ? Optional.of(RollupKey.TOTALS) : RollupDimensions.of(subject, attribute);
            if (dimension.isEmpty()) return Optional.empty();
            keys.put(subject, new RollupKey(dimension.get(), value));
        }
        return Optional.of(keys);
    }

    /**
     * The rows of a breakdown by {@code attribute} under a filter of another property to one value:
     * those of the pair rolled up for them (RollupDimensions.FILTERS), where every subject has one.
     */
    private static Optional<Map<Subject, RollupKey>> pairKeys(StatsQuery query, Attribute filter, String value, Attribute attribute) {
        if (query.timeDimension().map(t -> t.granularity() == Dimension.Granularity.HOUR).orElse(false)) return Optional.empty();
        Map<Subject, RollupKey> keys = new EnumMap<>(Subject.class);
        for (Subject subject : Subject.split(query).keySet()) {
            Optional<String> dimension = RollupDimensions.of(subject, filter, value, attribute);
            if (dimension.isEmpty()) return Optional.empty();
            keys.put(subject, RollupKey.pair(dimension.get()));
        }
        return Optional.of(keys);
    }
}
