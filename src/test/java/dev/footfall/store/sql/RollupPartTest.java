package dev.footfall.store.sql;

import dev.footfall.plan.Part;
import dev.footfall.plan.RollupKey;
import dev.footfall.plan.Tier;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.Subject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.footfall.store.sql.MarkedDialect.SQL;
import static dev.footfall.store.sql.TestQueries.query;
import static dev.footfall.store.sql.TestRelations.RELATIONS;
import static org.assertj.core.api.Assertions.assertThat;

class RollupPartTest {
    private static RollupPart rollup(StatsQuery q, Map<Subject, RollupKey> keys) {
        return new RollupPart(SQL, RELATIONS, q.site().domain(), q.dimensions(), keys,
                new TimeBuckets(SQL, q.site().timezone(), q.interval().start()));
    }

    @Test
    void aPropertyIsReadFromItsRollupRowsOverThePartsBuckets() {
        StatsQuery q = query("{'metrics': ['visitors', 'bounce_rate'], 'dimensions': ['visit:source'], 'date_range': ['2024-01-01', '2024-02-29']}");
        Map<Subject, RollupKey> keys = Map.of(Subject.VISITS, new RollupKey("visit:source", Optional.empty()));
        assertThat(rollup(q, keys).select(Subject.VISITS, List.of(Partial.VISITORS, Partial.BOUNCES, Partial.VISITS), new Part(Tier.MONTH, q.interval())))
                .isEqualTo("SELECT r.value AS d0, r.visit_visitors AS visitors, r.bounces AS bounces, r.visits AS visits FROM rollup_month r"
                        + " WHERE r.site = 'x.test' AND r.bucket >= LOCAL(2024-01-01T00:00) AND r.bucket < LOCAL(2024-03-01T00:00)"
                        + " AND r.dim = 'visit:source' AND r.visits > 0");
    }

    @Test
    void anExactFilterReadsOneValuesRowsAndTimeIsTheBucket() {
        StatsQuery q = query("{'metrics': ['pageviews'], 'dimensions': ['time:day'], 'filters': [['is', 'event:page', ['/it\\u0027s']]], "
                + "'date_range': ['2024-01-01', '2024-01-07']}");
        Map<Subject, RollupKey> keys = Map.of(Subject.EVENTS, new RollupKey("event:page", Optional.of("/it's")));
        assertThat(rollup(q, keys).select(Subject.EVENTS, List.of(Partial.PAGEVIEWS), new Part(Tier.DAY, q.interval())))
                .isEqualTo("SELECT DATE_TEXT(r.bucket) AS d0, r.pageviews AS pageviews FROM rollup_day r"
                        + " WHERE r.site = 'x.test' AND r.bucket >= LOCAL(2024-01-01T00:00) AND r.bucket < LOCAL(2024-01-08T00:00)"
                        + " AND r.dim = 'event:page' AND r.value = '/it''s' AND r.events > 0");
    }

    @Test
    void aGroupExistsWhereItsSubjectCountedSomething() {
        assertThat(RollupPart.presence(Subject.EVENTS)).isEqualTo("events");
        assertThat(RollupPart.presence(Subject.VISITS)).isEqualTo("visits");
        assertThat(RollupPart.presence(Subject.ENGAGEMENT)).isEqualTo("engaged_visits");
    }
}
