package dev.footfall.store.sql;

import dev.footfall.query.Metric;
import dev.footfall.query.Subject;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartialTest {
    @Test
    void metricsShareTheirPartialsInTheOrderFirstNeeded() {
        assertThat(Partial.of(EnumSet.of(Metric.VISITS, Metric.VIEWS_PER_VISIT, Metric.BOUNCE_RATE, Metric.VISIT_DURATION)))
                .containsExactly(Partial.VISITS, Partial.PAGEVIEWS, Partial.BOUNCES, Partial.BOUNCE_VISITS, Partial.DURATION);
        assertThat(Partial.of(EnumSet.of(Metric.TIME_ON_PAGE, Metric.SCROLL_DEPTH)))
                .containsExactly(Partial.ENGAGED_MS, Partial.ENGAGED_VISITS, Partial.SCROLL_SUM, Partial.SCROLL_VISITS);
    }

    @Test
    void derivedMetricsHaveNoPartials() {
        assertThatThrownBy(() -> Partial.of(EnumSet.of(Metric.PERCENTAGE))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPartialsColumnIsItsName() {
        assertThat(Partial.SCROLL_VISITS.column).isEqualTo("scroll_visits");
        assertThat(Partial.DURATION.column).isEqualTo("duration");
    }

    @Test
    void rollupColumnsTellTheSubjectsApart() {
        assertThat(Partial.VISITORS.rollupColumn(Subject.EVENTS)).isEqualTo("event_visitors");
        assertThat(Partial.VISITS.rollupColumn(Subject.EVENTS)).isEqualTo("event_visits");
        assertThat(Partial.PAGEVIEWS.rollupColumn(Subject.EVENTS)).isEqualTo("pageviews");
        assertThat(Partial.VISITORS.rollupColumn(Subject.VISITS)).isEqualTo("visit_visitors");
        assertThat(Partial.PAGEVIEWS.rollupColumn(Subject.VISITS)).isEqualTo("visit_pageviews");
        assertThat(Partial.DURATION.rollupColumn(Subject.VISITS)).isEqualTo("duration_s");
        assertThat(Partial.VISITS.rollupColumn(Subject.VISITS)).isEqualTo("visits");
        assertThat(Partial.SCROLL_SUM.rollupColumn(Subject.ENGAGEMENT)).isEqualTo("scroll_sum");
    }
}
