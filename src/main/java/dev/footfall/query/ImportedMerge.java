package dev.footfall.query;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds imported history to the engine's answers when a query asks for it ({@code include.imports})
 * and Plausible would include it: counts add up, and bounce rate, visit duration and views per
 * visit are weighted by each side's visits, as Plausible joins its imported tables. Scroll depth
 * and time on page stay the native values. Merged rows are ordered and paginated here.
 */
public final class ImportedMerge implements Aggregator {
    private final Aggregator engine;
    private final ImportedStats imported;

    public ImportedMerge(Aggregator engine, ImportedStats imported) {
        this.engine = engine;
        this.imported = imported;
    }

    /**
     * Whether imported data is part of a query's answer, and if not, why: Plausible's
     * {@code meta.imports_skip_reason} and, for the reasons it explains, {@code meta.imports_warning}.
     */
    public record Decision(boolean included, Optional<String> skipReason) {
        private static final Map<String, String> WARNINGS = Map.of(
                "unsupported_query", "Imported stats are not included in the results because query parameters are not supported. "
                        + "For more information, see: https://plausible.io/docs/stats-api#filtering-imported-stats",
                "unsupported_interval", "Imported stats are not included because the time dimension (i.e. the interval) is too short.");

        static final Decision INCLUDED = new Decision(true, Optional.empty());
        /** Also the answer of a service without imported history. */
        static final Decision NO_IMPORTED_DATA = skipped("no_imported_data");

        static Decision skipped(String reason) {
            return new Decision(false, Optional.of(reason));
        }

        public Optional<String> warning() {
            return skipReason.map(WARNINGS::get);
        }
    }

    /** Plausible's order of checks (Query.ensure_include_imported); empty when the query did not ask for imports. */
    public Optional<Decision> decide(StatsQuery query) {
        if (!query.include().imports()) return Optional.empty();
        Optional<LocalDate> latest = imported.latestEnd(query.site().domain());
        if (latest.isEmpty()) return Optional.of(Decision.NO_IMPORTED_DATA);
        if (query.timeDimension().map(t -> t.granularity() == Dimension.Granularity.HOUR
                || t.granularity() == Dimension.Granularity.MINUTE).orElse(false)) {
            return Optional.of(Decision.skipped("unsupported_interval"));
        }
        if (query.interval().start().toLocalDate().isAfter(latest.get())) return Optional.of(Decision.skipped("out_of_range"));
        if (ImportedSources.of(query).isEmpty()) return Optional.of(Decision.skipped("unsupported_query"));
        return Optional.of(Decision.INCLUDED);
    }

    @Override
    public Table aggregate(StatsQuery query) {
        if (!decide(query).map(Decision::included).orElse(false)) return engine.aggregate(query);
        ImportedSources.Source source = ImportedSources.of(query).orElseThrow();
        // Bounce rate, duration and views per visit are weighted by visits: the engine counts them too.
        boolean weighted = query.metrics().stream().anyMatch(m -> m.source == Metric.Source.SESSIONS);
        List<Metric> metrics = new ArrayList<>(query.metrics());
        if (weighted && !metrics.contains(Metric.VISITS)) metrics.add(Metric.VISITS);
        Table native_ = engine.aggregate(query.with(metrics, query.dimensions(), query.filter(), List.of(), 0, 0));

        Interval i = query.interval();
        LocalDate first = i.start().toLocalDate();
        LocalDate last = i.end().minusSeconds(1).toLocalDate();
        boolean byDate = query.timeDimension().isPresent();
        Map<List<String>, ImportedStats.Sums> byKey = new LinkedHashMap<>();
        for (ImportedSources.Part part : source.parts()) {
            for (ImportedStats.Sums s : imported.sums(query.site().domain(), part.table(), first, last, part.groups(), byDate,
                    query.filter(), part.filterFields(), ImportedSources.sums(part.table()))) {
                byKey.merge(key(query, s, first), s, ImportedMerge::add);
            }
        }
        int visitsAt = metrics.indexOf(Metric.VISITS);
        List<Row> merged = new ArrayList<>();
        for (Row r : native_.rows()) {
            ImportedStats.Sums s = byKey.remove(r.dimensions());
            merged.add(s == null ? new Row(r.dimensions(), r.metrics().subList(0, query.metrics().size()))
                    : new Row(r.dimensions(), combine(query.metrics(), r.metrics(), visitsAt, s)));
        }
        List<Number> none = new ArrayList<>();
        for (int m = 0; m < metrics.size(); m++) none.add(null);
        for (Map.Entry<List<String>, ImportedStats.Sums> e : byKey.entrySet()) {
            merged.add(new Row(e.getKey(), combine(query.metrics(), none, visitsAt, e.getValue())));
        }
        return new Table(RowOrder.sortAndPage(query, merged), merged.size(), native_.explain());
    }

    /** The dimension labels of an imported group: the engine's columns with the date turned into the time bucket's label. */
    private static List<String> key(StatsQuery query, ImportedStats.Sums s, LocalDate first) {
        List<String> key = new ArrayList<>();
        int group = 0;
        for (Dimension d : query.dimensions()) {
            if (d instanceof Dimension.Time t) key.add(TimeLabels.ofDay(t.granularity(), s.date(), first));
            else key.add(s.groups().get(group++));
        }
        return key;
    }

    private static ImportedStats.Sums add(ImportedStats.Sums a, ImportedStats.Sums b) {
        return new ImportedStats.Sums(a.groups(), a.date(), a.visitors() + b.visitors(), a.visits() + b.visits(),
                a.pageviews() + b.pageviews(), a.events() + b.events(), a.bounces() + b.bounces(),
                a.visitDuration() + b.visitDuration(), a.sessionVisits() + b.sessionVisits());
    }

    /** One metric list from the native values (null where the engine had no row) and the imported sums. */
    private static List<Number> combine(List<Metric> metrics, List<Number> native_, int visitsAt, ImportedStats.Sums s) {
        double nativeVisits = visitsAt >= 0 && native_.get(visitsAt) != null ? native_.get(visitsAt).doubleValue() : 0;
        List<Number> out = new ArrayList<>();
        for (int m = 0; m < metrics.size(); m++) {
            Number n = native_.get(m);
            double v = n == null ? 0 : n.doubleValue();
            long count = n == null ? 0 : n.longValue();
            out.add(switch (metrics.get(m)) {
                case VISITORS -> count + s.visitors();
                case VISITS -> count + s.visits();
                case PAGEVIEWS -> count + s.pageviews();
                case EVENTS -> count + s.events();
                case BOUNCE_RATE -> weighted(v / 100 * nativeVisits + s.bounces(), nativeVisits + s.sessionVisits(), 100);
                case VISIT_DURATION -> weighted(v * nativeVisits + s.visitDuration(), nativeVisits + s.sessionVisits(), 1);
                case VIEWS_PER_VISIT -> weighted(v * nativeVisits + s.pageviews(), nativeVisits + s.visits(), 1);
                default -> n; // scroll depth and time on page: native only
            });
        }
        return out;
    }

    private static double weighted(double total, double visits, double scale) {
        return visits == 0 ? 0.0 : scale * total / visits;
    }

}
