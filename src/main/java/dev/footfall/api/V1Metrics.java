package dev.footfall.api;

import dev.footfall.query.Metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The {@code metrics} parameter of the Stats API v1: Plausible's v1 metrics and the checks it
 * makes on them, in its order and words, before the v2 rules apply.
 */
final class V1Metrics {
    private static final List<Metric> KNOWN = List.of(Metric.VISITORS, Metric.VISITS, Metric.PAGEVIEWS, Metric.EVENTS,
            Metric.VIEWS_PER_VISIT, Metric.BOUNCE_RATE, Metric.VISIT_DURATION, Metric.CONVERSION_RATE, Metric.TIME_ON_PAGE);

    private V1Metrics() {}

    /**
     * @param filtered  the properties the filters name
     * @param breakdown the breakdown property; empty for aggregates and timeseries
     */
    static List<Metric> parse(Optional<String> param, List<String> filtered, Optional<String> breakdown) {
        List<String> names = Arrays.stream(param.orElse("visitors").split(",", -1)).map(String::strip).toList();
        if (new HashSet<>(names).size() != names.size()) throw StatsV1Api.invalid("Metrics cannot be queried multiple times.");
        List<Metric> metrics = new ArrayList<>();
        for (String name : names) {
            Metric metric = Metric.byName(name).filter(KNOWN::contains).orElseThrow(() -> StatsV1Api.invalid("The metric `" + name
                    + "` is not recognized. Find valid metrics from the documentation: https://plausible.io/docs/stats-api#metrics"));
            check(metric, filtered, breakdown);
            metrics.add(metric);
        }
        return metrics;
    }

    private static void check(Metric metric, List<String> filtered, Optional<String> breakdown) {
        String m = "Metric `" + metric.apiName + "` ";
        switch (metric) {
            case TIME_ON_PAGE -> {
                if (filtered.contains("event:goal")) throw StatsV1Api.invalid(m + "cannot be queried when filtering by `event:goal`");
                if (filtered.contains("event:name")) throw StatsV1Api.invalid(m + "cannot be queried when filtering by `event:name`");
                if (breakdown.isPresent() && !breakdown.get().equals("event:page")) {
                    throw StatsV1Api.invalid(m + "is not supported in breakdown queries (except `event:page` breakdown)");
                }
                if (breakdown.isEmpty() && !filtered.contains("event:page")) {
                    throw StatsV1Api.invalid(m + "can only be queried in a page breakdown or with a page filter.");
                }
            }
            case CONVERSION_RATE -> {
                if (!breakdown.equals(Optional.of("event:goal")) && !filtered.contains("event:goal")) {
                    throw StatsV1Api.invalid(m + "can only be queried in a goal breakdown or with a goal filter");
                }
            }
            case VIEWS_PER_VISIT -> {
                if (filtered.contains("event:page")) throw StatsV1Api.invalid(m + "cannot be queried with a filter on `event:page`.");
                if (breakdown.isPresent()) throw StatsV1Api.invalid(m + "is not supported in breakdown queries.");
                checkVisitMetric(metric, filtered, breakdown);
            }
            // v1 counts visits on sessions only, so it treats them like bounce rate here.
            case VISITS, BOUNCE_RATE, VISIT_DURATION -> checkVisitMetric(metric, filtered, breakdown);
            default -> { }
        }
    }

    private static void checkVisitMetric(Metric metric, List<String> filtered, Optional<String> breakdown) {
        String m = "Session metric `" + metric.apiName + "` ";
        if (breakdown.filter(V1Metrics::eventOnly).isPresent()) {
            throw StatsV1Api.invalid(m + "cannot be queried for breakdown by `" + breakdown.get() + "`.");
        }
        filtered.stream().filter(V1Metrics::eventOnly).findFirst().ifPresent(p -> {
            throw StatsV1Api.invalid(m + "cannot be queried when using a filter on `" + p + "`.");
        });
    }

    /** Properties only single events have, by which v1 (unlike v2) refuses to split or narrow visit metrics. */
    private static boolean eventOnly(String property) {
        return property.equals("event:name") || property.equals("event:goal") || property.startsWith("event:props:");
    }
}
