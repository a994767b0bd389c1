package dev.footfall.query;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a metric counts: <b>events</b> (pageviews and custom events), <b>visits</b> (sessions, in
 * the period they started) or <b>engagement</b> events (time on page, scroll depth). Each tier
 * answers a query subject by subject; "either" metrics (visitors, visits) follow the events when
 * an event property is grouped or filtered on, and the visits otherwise.
 */
public enum Subject {
    EVENTS, VISITS, ENGAGEMENT;

    /** Whether an event property appears among the query's dimensions or filter conditions. */
    public static boolean eventScoped(StatsQuery query) {
        return query.dimensions().stream().anyMatch(Dimension::eventScoped)
                || query.filter().map(f -> Filters.anyCondition(f, c -> c.dimension().eventScoped())).orElse(false);
    }

    public static Subject of(Metric metric, boolean eventScoped) {
        return switch (metric.source) {
            case EVENTS -> EVENTS;
            case SESSIONS -> VISITS;
            case EITHER -> eventScoped ? EVENTS : VISITS;
            case ENGAGEMENT -> ENGAGEMENT;
            case DERIVED -> throw new IllegalArgumentException(metric.apiName + " is derived above the engine");
        };
    }

    /** The subjects a query reads, in this enum's order, each with the metrics it answers. */
    public static Map<Subject, Set<Metric>> split(StatsQuery query) {
        boolean eventScoped = eventScoped(query);
        Map<Subject, Set<Metric>> subjects = new EnumMap<>(Subject.class);
        for (Metric m : query.metrics()) subjects.computeIfAbsent(of(m, eventScoped), s -> EnumSet.noneOf(Metric.class)).add(m);
        return subjects;
    }
}
