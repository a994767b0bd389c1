package dev.footfall.query;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Stats API metrics, each with the table that can answer it. "Either" metrics follow the
 * query: they are counted on events when the query looks at event properties, else on visits.
 */
public enum Metric {
    VISITORS("visitors", Source.EITHER),
    VISITS("visits", Source.EITHER),
    PAGEVIEWS("pageviews", Source.EVENTS),
    EVENTS("events", Source.EVENTS),
    VIEWS_PER_VISIT("views_per_visit", Source.SESSIONS),
    BOUNCE_RATE("bounce_rate", Source.SESSIONS),
    VISIT_DURATION("visit_duration", Source.SESSIONS),
    TIME_ON_PAGE("time_on_page", Source.ENGAGEMENT),
    SCROLL_DEPTH("scroll_depth", Source.ENGAGEMENT),
    /** Share of all visitors in the range: derived from visitors and a total. */
    PERCENTAGE("percentage", Source.DERIVED),
    /** Visitors who reached a goal over all visitors: needs an event:goal filter or dimension. */
    CONVERSION_RATE("conversion_rate", Source.DERIVED),
    /** Per group: visitors of the group who reached the goal over the group's visitors. */
    GROUP_CONVERSION_RATE("group_conversion_rate", Source.DERIVED);

    /** Where a metric's numbers come from. */
    public enum Source { EVENTS, SESSIONS, EITHER, ENGAGEMENT, DERIVED }

    public final String apiName;
    public final Source source;

    Metric(String apiName, Source source) {
        this.apiName = apiName;
        this.source = source;
    }

    public static Optional<Metric> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.apiName.equals(name)).findFirst();
    }
}
