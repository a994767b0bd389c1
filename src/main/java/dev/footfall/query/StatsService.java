package dev.footfall.query;

import dev.footfall.read.ReadGate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a parsed query: asks the engine for the metrics it computes, derives percentage and
 * conversion rates from extra totals, and adds the comparison period. Values are exact here;
 * rounding for the API happens when the answer is written out.
 */
public final class StatsService {
    private final Aggregator engine;
    private final ReadGate reads;
    /** Present when the storage keeps imported history (see {@link ImportedMerge}). */
    private final Optional<ImportedMerge> imports;

    /** Answers on the caller's thread, without a deadline: for tools and tests that ask the engine directly. */
    public StatsService(Aggregator engine) {
        this(engine, ReadGate.inline());
    }

    /** Answers each query as one read of {@code reads}: on its threads, within its deadline. */
    public StatsService(Aggregator engine, ReadGate reads) {
        this.engine = engine;
        this.reads = reads;
        this.imports = Optional.empty();
    }

    /** As {@link #StatsService(Aggregator, ReadGate)}, adding imported history to the queries that ask for it. */
    public StatsService(Aggregator engine, ReadGate reads, ImportedStats imported) {
        ImportedMerge merge = new ImportedMerge(engine, imported);
        this.engine = merge;
        this.reads = reads;
        this.imports = Optional.of(merge);
    }

    /** One result row; {@code comparison} is set when the query asked for one. */
    public record Row(List<String> dimensions, List<Number> metrics, Row comparison) {}

    /** @param imports whether imported history is in the answer, when the query asked for it */
    public record Answer(StatsQuery query, List<Row> rows, long totalRows, List<String> timeLabels,
                         Optional<Interval> comparisonInterval, List<Aggregator.Explained> explain,
                         Optional<ImportedMerge.Decision> imports) {}

    /**
     * The answer to {@code query}: every engine query it takes (the comparison's too) runs as one
     * read, under one deadline.
     *
     * @throws dev.footfall.read.ReadRefusedException when the server is too busy or the deadline passed
     */
    public Answer run(StatsQuery query) {
        return reads.run(() -> answer(query));
    }

    private Answer answer(StatsQuery query) {
        List<Aggregator.Explained> explain = new ArrayList<>();
        Page page = page(query, explain);
        List<String> labels = query.timeDimension().map(t -> TimeLabels.of(t.granularity(), query.interval())).orElse(List.of());
        Optional<Interval> comparison = comparisonInterval(query);
        List<Row> rows = page.rows;
        if (comparison.isPresent()) rows = withComparison(query, comparison.get(), rows, labels, explain);
        Optional<ImportedMerge.Decision> decision = query.include().imports()
                ? Optional.of(imports.flatMap(m -> m.decide(query)).orElse(ImportedMerge.Decision.NO_IMPORTED_DATA)) : Optional.empty();
        return new Answer(query, rows, page.total, labels, comparison, explain, decision);
    }

    private record Page(List<Row> rows, long total) {}

    private Page page(StatsQuery query, List<Aggregator.Explained> explain) {
        List<Metric> derived = query.metrics().stream().filter(m -> m.source == Metric.Source.DERIVED).toList();
        List<Metric> base = new ArrayList<>(query.metrics().stream().filter(m -> m.source != Metric.Source.DERIVED).toList());
        if (!derived.isEmpty() && !base.contains(Metric.VISITORS)) base.add(Metric.VISITORS);
        // Percentage and conversion rate divide visitors by one total, so they sort like visitors;
        // a group conversion rate has a denominator per group and is sorted here, after the engine.
        boolean sortHere = query.orderBy().stream().anyMatch(o -> o.name().equals(Metric.GROUP_CONVERSION_RATE.apiName));
        List<Order> engineOrder = query.orderBy().stream()
                .map(o -> o.name().equals(Metric.PERCENTAGE.apiName) || o.name().equals(Metric.CONVERSION_RATE.apiName)
                        ? new Order(Metric.VISITORS.apiName, o.descending()) : o)
                .filter(o -> !sortHere || !o.name().equals(Metric.GROUP_CONVERSION_RATE.apiName))
                .toList();
        StatsQuery engineQuery = query.with(base, query.dimensions(), query.filter(), engineOrder,
                sortHere ? 0 : query.limit(), sortHere ? 0 : query.offset());
        Aggregator.Table table = engine.aggregate(engineQuery);
        explain.addAll(table.explain());

        int visitorsAt = base.indexOf(Metric.VISITORS);
        // As Plausible: the totals a percentage or conversion rate divides by hold imported visitors
        // exactly when the answer does, even where imports could answer the total alone.
        boolean importsInAnswer = !derived.isEmpty() && imports.flatMap(m -> m.decide(query)).map(ImportedMerge.Decision::included).orElse(false);
        StatsQuery totals = importsInAnswer ? query : query.withoutImports();
        Long total = derived.contains(Metric.PERCENTAGE) ? visitorsOf(totals.with(List.of(Metric.VISITORS), List.of(),
                query.filter(), List.of(), 0, 0), explain).get(List.of()) : null;
        Optional<Filter> withoutGoals = Filters.withoutTopLevel(query.filter(),
                d -> d instanceof Dimension.Goal || d instanceof Dimension.Prop);
        Long converting = derived.contains(Metric.CONVERSION_RATE) ? visitorsOf(totals.with(List.of(Metric.VISITORS), List.of(),
                withoutGoals, List.of(), 0, 0), explain).get(List.of()) : null;
        Map<List<String>, Long> groups = Map.of();
        List<Integer> groupDims = new ArrayList<>();
        if (derived.contains(Metric.GROUP_CONVERSION_RATE)) {
            List<Dimension> dims = new ArrayList<>();
            for (int i = 0; i < query.dimensions().size(); i++) {
                if (!(query.dimensions().get(i) instanceof Dimension.Goal)) {
                    dims.add(query.dimensions().get(i));
                    groupDims.add(i);
                }
            }
            groups = visitorsOf(totals.with(List.of(Metric.VISITORS), dims, withoutGoals, List.of(), 0, 0), explain);
        }

        List<Row> rows = new ArrayList<>();
        for (Aggregator.Row r : table.rows()) {
            long visitors = visitorsAt >= 0 ? r.metrics().get(visitorsAt).longValue() : 0;
            List<Number> values = new ArrayList<>();
            for (Metric m : query.metrics()) {
                values.add(switch (m) {
                    case PERCENTAGE -> total == null || total == 0 ? null : 100.0 * visitors / total;
                    case CONVERSION_RATE -> converting == null || converting == 0 ? 0.0 : 100.0 * visitors / converting;
                    case GROUP_CONVERSION_RATE -> {
                        List<String> key = groupDims.stream().map(i -> r.dimensions().get(i)).toList();
                        long of = groups.getOrDefault(key, 0L);
                        yield of == 0 ? 0.0 : 100.0 * visitors / of;
                    }
                    default -> r.metrics().get(base.indexOf(m));
                });
            }
            rows.add(new Row(r.dimensions(), values, null));
        }
        if (sortHere) rows = sortAndPage(query, rows);
        return new Page(rows, table.totalRows());
    }

    private Map<List<String>, Long> visitorsOf(StatsQuery query, List<Aggregator.Explained> explain) {
        Aggregator.Table t = engine.aggregate(query);
        explain.addAll(t.explain());
        Map<List<String>, Long> byGroup = new HashMap<>();
        for (Aggregator.Row r : t.rows()) byGroup.put(r.dimensions(), r.metrics().getFirst().longValue());
        return byGroup;
    }

    private static List<Row> sortAndPage(StatsQuery query, List<Row> rows) {
        Comparator<Row> order = (a, b) -> 0;
        for (Order o : query.orderBy()) {
            int metric = indexOfMetric(query, o.name());
            int dim = indexOfDimension(query, o.name());
            Comparator<Row> c = metric >= 0
                    ? Comparator.comparing((Row r) -> r.metrics().get(metric) == null ? null : r.metrics().get(metric).doubleValue(),
                    Comparator.nullsLast(o.descending() ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder()))
                    : Comparator.comparing((Row r) -> r.dimensions().get(dim), o.descending() ? Comparator.<String>reverseOrder() : Comparator.<String>naturalOrder());
            order = order.thenComparing(c);
        }
        for (int i = 0; i < query.dimensions().size(); i++) {
            int at = i;
            order = order.thenComparing(r -> r.dimensions().get(at));
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        int end = query.limit() > 0 ? Math.min(query.offset() + query.limit(), sorted.size()) : sorted.size();
        return sorted.subList(Math.min(query.offset(), sorted.size()), end);
    }

    private static int indexOfMetric(StatsQuery q, String name) {
        for (int i = 0; i < q.metrics().size(); i++) if (q.metrics().get(i).apiName.equals(name)) return i;
        return -1;
    }

    private static int indexOfDimension(StatsQuery q, String name) {
        for (int i = 0; i < q.dimensions().size(); i++) if (q.dimensions().get(i).apiName().equals(name)) return i;
        return -1;
    }

    // --- comparison ---------------------------------------------------------------------------

    /** The previous period is as long as the queried one and ends where it starts; year over year shifts by a year. */
    static Optional<Interval> comparisonInterval(StatsQuery query) {
        Interval i = query.interval();
        return switch (query.include().comparison()) {
            case NONE -> Optional.empty();
            case CUSTOM -> query.include().customComparison();
            case YEAR_OVER_YEAR -> Optional.of(new Interval(i.start().minusYears(1), i.end().minusYears(1)));
            case PREVIOUS_PERIOD -> {
                // Whole days compare with as many whole days, each bounded as a queried day would be
                // (a day after a repeated midnight starts at the second one, DateRanges.dayStart).
                LocalDate first = i.start().toLocalDate(), last = i.end().minusSeconds(1).toLocalDate();
                if (i.equals(DateRanges.days(first, last, i.start().getZone()))) {
                    long days = ChronoUnit.DAYS.between(first, last) + 1;
                    yield Optional.of(DateRanges.days(first.minusDays(days), first.minusDays(1), i.start().getZone()));
                }
                yield Optional.of(new Interval(i.start().minus(java.time.Duration.between(i.start(), i.end())), i.start()));
            }
        };
    }

    /**
     * Pairs each row with the comparison period's row for the same dimension values; a time
     * bucket pairs with the bucket at the same position in the other period.
     */
    private List<Row> withComparison(StatsQuery query, Interval other, List<Row> rows, List<String> labels,
                                     List<Aggregator.Explained> explain) {
        StatsQuery previous = query.withInterval(other).with(query.metrics(), query.dimensions(), query.filter(),
                query.orderBy(), 0, 0);
        Page page = page(previous, explain);
        int time = query.timeDimension().map(t -> query.dimensions().indexOf(t)).orElse(-1);
        List<String> otherLabels = time >= 0 ? TimeLabels.of(query.timeDimension().get().granularity(), other) : List.of();
        Map<List<String>, Row> byKey = new HashMap<>();
        for (Row r : page.rows) byKey.put(r.dimensions(), r);
        List<Row> paired = new ArrayList<>();
        for (Row r : rows) {
            List<String> key = new ArrayList<>(r.dimensions());
            if (time >= 0) {
                int position = labels.indexOf(key.get(time));
                key.set(time, position >= 0 && position < otherLabels.size() ? otherLabels.get(position) : "");
            }
            Row match = byKey.get(key);
            List<Number> zeros = new ArrayList<>();
            for (Metric m : query.metrics()) zeros.add(MetricValues.empty(m));
            paired.add(new Row(r.dimensions(), r.metrics(), match != null ? new Row(key, match.metrics(), null) : new Row(key, zeros, null)));
        }
        return paired;
    }
}
