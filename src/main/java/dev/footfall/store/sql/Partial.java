package dev.footfall.store.sql;

import dev.footfall.query.Metric;
import dev.footfall.query.Subject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A partial sum that metrics are made of. Every part of a plan, raw or rolled up, yields these
 * per group (and per local day where a distinct count is involved); they add up across parts and
 * days, and each metric is computed from their totals. {@code BOUNCE_VISITS} are the visits a
 * bounce rate divides by: all of them, except that a top-level event:page filter also narrows them
 * to the visits that entered on the page (Plausible's rule, docs/stats.md).
 */
enum Partial {
    VISITORS, VISITS, PAGEVIEWS, EVENTS, BOUNCES, BOUNCE_VISITS, DURATION, SCROLL_SUM, SCROLL_VISITS, ENGAGED_MS, ENGAGED_VISITS;

    /** The name of the partial's column in every part. */
    final String column = name().toLowerCase(Locale.ROOT);

    /** The partials a subject's metrics are made of, in the order the metrics first need them. */
    static List<Partial> of(Set<Metric> metrics) {
        Set<Partial> partials = new LinkedHashSet<>();
        for (Metric m : metrics) {
            partials.addAll(switch (m) {
                case VISITORS -> List.of(VISITORS);
                case VISITS -> List.of(VISITS);
                case PAGEVIEWS -> List.of(PAGEVIEWS);
                case EVENTS -> List.of(EVENTS);
                case VIEWS_PER_VISIT -> List.of(PAGEVIEWS, VISITS);
                case BOUNCE_RATE -> List.of(BOUNCES, BOUNCE_VISITS);
                case VISIT_DURATION -> List.of(DURATION, VISITS);
                case SCROLL_DEPTH -> List.of(SCROLL_SUM, SCROLL_VISITS);
                case TIME_ON_PAGE -> List.of(ENGAGED_MS, ENGAGED_VISITS);
                case PERCENTAGE, CONVERSION_RATE, GROUP_CONVERSION_RATE ->
                        throw new IllegalArgumentException(m.apiName + " is derived above the engine");
            });
        }
        return List.copyOf(partials);
    }

    /** The rollup tables' column holding this partial of a subject (the rollup schema every engine shares). */
    String rollupColumn(Subject subject) {
        return switch (subject) {
            case EVENTS -> switch (this) {
                case VISITORS -> "event_visitors";
                case VISITS -> "event_visits";
                default -> column;
            };
            case VISITS -> switch (this) {
                case VISITORS -> "visit_visitors";
                // A rollup row holds visits of one entry page already: all of them count for its bounce rate.
                case BOUNCE_VISITS -> "visits";
                case PAGEVIEWS -> "visit_pageviews";
                case DURATION -> "duration_s";
                default -> column;
            };
            case ENGAGEMENT -> column;
        };
    }
}
