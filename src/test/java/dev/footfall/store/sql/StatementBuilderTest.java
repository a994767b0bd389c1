package dev.footfall.store.sql;

import dev.footfall.plan.Part;
import dev.footfall.plan.Plan;
import dev.footfall.plan.RollupKey;
import dev.footfall.plan.Tier;
import dev.footfall.query.DateRanges;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.Subject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.footfall.store.sql.MarkedDialect.SQL;
import static dev.footfall.store.sql.TestQueries.query;
import static dev.footfall.store.sql.TestRelations.RELATIONS;
import static org.assertj.core.api.Assertions.assertThat;

class StatementBuilderTest {
    private static String statement(StatsQuery q, Plan plan) {
        return new StatementBuilder(q, plan, SQL, RELATIONS).statement();
    }

    @Test
    void withoutDimensionsEachSubjectIsOneRowJoinedToOneGroup() {
        StatsQuery q = query("{'metrics': ['pageviews', 'visits', 'bounce_rate'], 'date_range': ['2024-03-01', '2024-03-01']}");
        assertThat(statement(q, Plan.raw(q.interval()))).isEqualTo("""
                WITH ev AS (SELECT BIGINT(sum(pageviews)) AS pageviews FROM (SELECT COUNT_WHERE(e.name = 'pageview') AS pageviews \
                FROM events[2024-03-01T00:00:00Z,2024-03-02T00:00:00Z) e WHERE e.site = 'x.test' AND e.ts >= UTC(2024-03-01T00:00:00Z) \
                AND e.ts < UTC(2024-03-02T00:00:00Z) AND e.name <> 'engagement') p),
                vis AS (SELECT BIGINT(sum(visits)) AS visits, 100.0 * sum(bounces) / nullif(sum(bounce_visits), 0) AS bounce_rate FROM (\
                SELECT BIGINT(sum(s.sign)) AS visits, BIGINT(sum(s.sign * INT(s.is_bounce))) AS bounces, BIGINT(sum(s.sign)) AS bounce_visits \
                FROM started[2024-03-01T00:00:00Z,2024-03-02T00:00:00Z) s WHERE s.site = 'x.test' \
                AND s.started >= UTC(2024-03-01T00:00:00Z) AND s.started < UTC(2024-03-02T00:00:00Z)) p),
                groups AS (SELECT 1 AS one)
                SELECT coalesce(ev.pageviews, 0) AS pageviews, coalesce(vis.visits, 0) AS visits, \
                coalesce(vis.bounce_rate, 0) AS bounce_rate, TOTAL_ROWS() AS total_rows
                FROM groups CROSS JOIN ev CROSS JOIN vis
                ORDER BY pageviews DESC NULLS LAST
                LIMIT 10000""");
    }

    @Test
    void partsAddUpAndSubjectsJoinOnTheirGroups() {
        StatsQuery q = query("{'metrics': ['visitors', 'scroll_depth'], 'dimensions': ['event:page'], 'date_range': ['2024-01-01', '2024-02-01'], "
                + "'order_by': [['event:page', 'asc']], 'pagination': {'limit': 10, 'offset': 20}}");
        Plan plan = new Plan(List.of(new Part(Tier.MONTH, DateRanges.days(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), ZoneOffset.UTC)),
                new Part(Tier.RAW, DateRanges.days(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 1), ZoneOffset.UTC))),
                Map.of(Subject.EVENTS, new RollupKey("event:page", Optional.empty()),
                        Subject.ENGAGEMENT, new RollupKey("event:page", Optional.empty())));
        assertThat(statement(q, plan)).isEqualTo("""
                WITH ev AS (SELECT d0, BIGINT(sum(visitors)) AS visitors FROM (\
                SELECT r.value AS d0, r.event_visitors AS visitors FROM rollup_month r WHERE r.site = 'x.test' \
                AND r.bucket >= LOCAL(2024-01-01T00:00) AND r.bucket < LOCAL(2024-02-01T00:00) AND r.dim = 'event:page' AND r.events > 0
                  UNION ALL SELECT e.pathname AS d0, COUNT_DISTINCT(e.visitor_id) AS visitors \
                FROM events[2024-02-01T00:00:00Z,2024-02-02T00:00:00Z) e WHERE e.site = 'x.test' AND e.ts >= UTC(2024-02-01T00:00:00Z) \
                AND e.ts < UTC(2024-02-02T00:00:00Z) AND e.name <> 'engagement' GROUP BY d0) p GROUP BY d0),
                eng AS (SELECT d0, DOUBLE(sum(scroll_sum)) / nullif(sum(scroll_visits), 0) AS scroll_depth FROM (\
                SELECT r.value AS d0, r.scroll_sum AS scroll_sum, r.scroll_visits AS scroll_visits FROM rollup_month r \
                WHERE r.site = 'x.test' AND r.bucket >= LOCAL(2024-01-01T00:00) AND r.bucket < LOCAL(2024-02-01T00:00) \
                AND r.dim = 'event:page' AND r.engaged_visits > 0
                  UNION ALL SELECT d0, sum(depth) AS scroll_sum, count(depth) AS scroll_visits FROM (SELECT e.pathname AS d0, \
                e.session_id AS sid, MAX_WHERE(e.scroll_depth, e.scroll_depth <= 100) AS depth, sum(e.engagement_ms) AS engaged_ms \
                FROM events[2024-02-01T00:00:00Z,2024-02-02T00:00:00Z) e WHERE e.site = 'x.test' AND e.ts >= UTC(2024-02-01T00:00:00Z) \
                AND e.ts < UTC(2024-02-02T00:00:00Z) AND e.name = 'engagement' GROUP BY d0, sid) GROUP BY d0) p GROUP BY d0),
                groups AS (SELECT d0 FROM ev UNION SELECT d0 FROM eng)
                SELECT groups.d0, coalesce(ev.visitors, 0) AS visitors, eng.scroll_depth AS scroll_depth, TOTAL_ROWS() AS total_rows
                FROM groups LEFT JOIN ev USING (d0) LEFT JOIN eng USING (d0)
                ORDER BY d0 ASC NULLS LAST
                LIMIT 10 OFFSET 20""");
    }

    @Test
    void groupsNotOrderedByComeLastInTheirOrder() {
        StatsQuery q = query("{'metrics': ['visits', 'visit_duration', 'views_per_visit'], 'dimensions': ['time:month'], "
                + "'date_range': ['2024-03-01', '2024-03-01'], 'order_by': [['visits', 'desc']]}");
        assertThat(statement(q, Plan.raw(q.interval())))
                .contains("DOUBLE(sum(duration)) / nullif(sum(visits), 0) AS visit_duration")
                .contains("DOUBLE(sum(pageviews)) / nullif(sum(visits), 0) AS views_per_visit")
                .endsWith("\nORDER BY visits DESC NULLS LAST, d0 ASC\nLIMIT 10000");
    }

    @Test
    void timeOnPageIsEngagedSecondsPerVisitWithEngagement() {
        StatsQuery q = query("{'metrics': ['time_on_page'], 'dimensions': ['event:page'], 'date_range': ['2024-03-01', '2024-03-01']}");
        assertThat(statement(q, Plan.raw(q.interval())))
                .contains("DOUBLE(sum(engaged_ms)) / sum(engaged_visits) / 1000.0 AS time_on_page")
                .contains("eng.time_on_page AS time_on_page");
    }
}
