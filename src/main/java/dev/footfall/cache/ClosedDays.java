package dev.footfall.cache;

import dev.footfall.query.Aggregator.Row;
import dev.footfall.query.Aggregator.Table;
import dev.footfall.query.Dimension;
import dev.footfall.query.Filter;
import dev.footfall.query.Interval;
import dev.footfall.query.Metric;
import dev.footfall.query.RowOrder;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.TimeLabels;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A query whose range reaches into days still open, cut at the first open day's midnight into its
 * closed days, whose answer no event changes any more (the result cache keeps it), and the open
 * rest, read fresh. A dashboard's rolling presets all end today: without the cut, none of their
 * answers could be kept.
 *
 * <p>Each group's numbers add up across the cut because distinct visitors are counted per local
 * day and visits in the day they started (docs/stats.md), and the visit averages are sums over
 * visits. Not cut, so answered whole: engagement averages (over engaged pageviews, which no
 * returned metric counts), behavioural filters (a visit's events on both sides decide them), and
 * visit averages beside an event property (their visits are not the ones {@code visits} counts).
 */
record ClosedDays(StatsQuery query, StatsQuery closed, StatsQuery open) {
    private static final Set<Metric> COUNTS = EnumSet.of(Metric.VISITORS, Metric.VISITS, Metric.PAGEVIEWS, Metric.EVENTS);
    private static final Set<Metric> VISIT_AVERAGES = EnumSet.of(Metric.BOUNCE_RATE, Metric.VISIT_DURATION, Metric.VIEWS_PER_VISIT);

    /** The cut of a query, when its range holds closed days and open ones and its numbers add up across them. */
    static Optional<ClosedDays> of(StatsQuery query, LocalDate firstOpenDay) {
        ZonedDateTime cut = firstOpenDay.atStartOfDay(query.site().timezone());
        Interval range = query.interval();
        if (!cut.isAfter(range.start()) || !range.end().isAfter(cut)) return Optional.empty();
        if (!query.metrics().stream().allMatch(m -> COUNTS.contains(m) || VISIT_AVERAGES.contains(m))) return Optional.empty();
        if (query.filter().map(ClosedDays::behavioural).orElse(false)) return Optional.empty();
        boolean averages = query.metrics().stream().anyMatch(VISIT_AVERAGES::contains);
        boolean eventScoped = query.dimensions().stream().anyMatch(Dimension::eventScoped)
                || query.filter().map(ClosedDays::eventScoped).orElse(false);
        if (averages && eventScoped) return Optional.empty();

        // Both parts count visits when averages need them as weights, and return every group:
        // the order and the page are the merged rows'.
        List<Metric> metrics = new ArrayList<>(query.metrics());
        if (averages && !metrics.contains(Metric.VISITS)) metrics.add(Metric.VISITS);
        StatsQuery whole = query.with(metrics, query.dimensions(), query.filter(), List.of(), 0, 0);
        return Optional.of(new ClosedDays(query, whole.withInterval(new Interval(range.start(), cut)),
                whole.withInterval(new Interval(cut, range.end()))));
    }

    /** The query's answer from the two parts' answers. */
    Table merge(Table closedAnswer, Table openAnswer) {
        Map<List<String>, double[]> sums = new LinkedHashMap<>();
        add(sums, closedAnswer, false);
        add(sums, openAnswer, true);
        int visitsAt = closed.metrics().indexOf(Metric.VISITS);
        List<Row> rows = new ArrayList<>(sums.size());
        for (Map.Entry<List<String>, double[]> group : sums.entrySet()) {
            double[] s = group.getValue();
            List<Number> metrics = new ArrayList<>(query.metrics().size());
            for (int m = 0; m < query.metrics().size(); m++) {
                Metric metric = query.metrics().get(m);
                metrics.add(COUNTS.contains(metric) ? (Number) Math.round(s[m]) : average(metric, s[m], s[visitsAt]));
            }
            rows.add(new Row(group.getKey(), metrics));
        }
        List<dev.footfall.query.Aggregator.Explained> explain = new ArrayList<>(closedAnswer.explain());
        explain.addAll(openAnswer.explain());
        return new Table(RowOrder.sortAndPage(query, rows), rows.size(), explain);
    }

    /** Adds one part's groups: counts as they are, averages as their sums over the part's visits. */
    private void add(Map<List<String>, double[]> sums, Table part, boolean relabel) {
        int visitsAt = closed.metrics().indexOf(Metric.VISITS);
        for (Row row : part.rows()) {
            double[] s = sums.computeIfAbsent(relabel ? openLabels(row.dimensions()) : row.dimensions(),
                    k -> new double[closed.metrics().size()]);
            for (int m = 0; m < closed.metrics().size(); m++) {
                Metric metric = closed.metrics().get(m);
                double value = row.metrics().get(m) == null ? 0 : row.metrics().get(m).doubleValue();
                // Sums over visits are whole numbers (bounces, seconds, pageviews): rounding undoes
                // the division's last bit, so merged averages equal those of one query.
                s[m] += switch (metric) {
                    case BOUNCE_RATE -> Math.round(value / 100 * row.metrics().get(visitsAt).doubleValue());
                    case VISIT_DURATION, VIEWS_PER_VISIT -> Math.round(value * row.metrics().get(visitsAt).doubleValue());
                    default -> value;
                };
            }
        }
    }

    private static double average(Metric metric, double sum, double visits) {
        if (visits == 0) return 0.0; // the engine's zero where there is nothing to average
        return metric == Metric.BOUNCE_RATE ? 100 * sum / visits : sum / visits;
    }

    /**
     * The open part's time labels as the whole range labels them: a week the cut falls in is
     * labelled by its Monday (or the range's first day), not by the cut's day.
     */
    private List<String> openLabels(List<String> labels) {
        List<String> out = new ArrayList<>(labels);
        for (int d = 0; d < query.dimensions().size(); d++) {
            if (query.dimensions().get(d) instanceof Dimension.Time t && t.granularity() == Dimension.Granularity.WEEK) {
                out.set(d, TimeLabels.ofDay(t.granularity(), LocalDate.parse(labels.get(d)), query.interval().start().toLocalDate()));
            }
        }
        return out;
    }

    private static boolean behavioural(Filter filter) {
        return switch (filter) {
            case Filter.And and -> and.filters().stream().anyMatch(ClosedDays::behavioural);
            case Filter.Or or -> or.filters().stream().anyMatch(ClosedDays::behavioural);
            case Filter.Not not -> behavioural(not.filter());
            case Filter.Behavioural b -> true;
            case Filter.Condition c -> false;
        };
    }

    private static boolean eventScoped(Filter filter) {
        return switch (filter) {
            case Filter.And and -> and.filters().stream().anyMatch(ClosedDays::eventScoped);
            case Filter.Or or -> or.filters().stream().anyMatch(ClosedDays::eventScoped);
            case Filter.Not not -> eventScoped(not.filter());
            case Filter.Behavioural b -> true;
            case Filter.Condition c -> c.dimension().eventScoped();
        };
    }
}
