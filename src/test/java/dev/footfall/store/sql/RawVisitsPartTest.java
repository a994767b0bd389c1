package dev.footfall.store.sql;

import dev.footfall.plan.Part;
import dev.footfall.plan.Tier;
import dev.footfall.query.StatsQuery;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.footfall.store.sql.MarkedDialect.SQL;
import static dev.footfall.store.sql.TestQueries.query;
import static dev.footfall.store.sql.TestRelations.RELATIONS;
import static org.assertj.core.api.Assertions.assertThat;

class RawVisitsPartTest {
    private static final String DAY = "'date_range': ['2024-03-01', '2024-03-01']";
    private static final String DAY_BOUNDS = "s.site = 'x.test' AND s.started >= UTC(2024-03-01T00:00:00Z) AND s.started < UTC(2024-03-02T00:00:00Z)";

    private static String visits(StatsQuery q, List<Partial> partials) {
        TimeBuckets time = new TimeBuckets(SQL, q.site().timezone(), q.interval().start());
        WhereBuilder where = new WhereBuilder(SQL, q.goals(), () -> new RawRange("ev", "'x.test'", "T0", "T1"), q.dimensions());
        SiteRows rows = new SiteRows(SQL, RELATIONS, q.site().domain());
        return new RawVisitsPart(q, SQL, rows, time, where).visits(partials, new Part(Tier.RAW, q.interval()));
    }

    @Test
    void visitsAreSummedOverTheirSignedRows() {
        StatsQuery q = query("{'metrics': ['visitors', 'bounce_rate', 'views_per_visit', 'visit_duration'], " + DAY + "}");
        assertThat(visits(q, List.of(Partial.VISITORS, Partial.BOUNCES, Partial.VISITS, Partial.PAGEVIEWS, Partial.DURATION)))
                .isEqualTo("SELECT COUNT_DISTINCT(s.visitor_id) AS visitors, BIGINT(sum(s.sign * INT(s.is_bounce))) AS bounces, "
                        + "BIGINT(sum(s.sign)) AS visits, BIGINT(sum(s.sign * s.pageviews)) AS pageviews, "
                        + "BIGINT(sum(s.sign * s.duration_s)) AS duration FROM started[2024-03-01T00:00:00Z,2024-03-02T00:00:00Z) s"
                        + " WHERE " + DAY_BOUNDS);
    }

    @Test
    void visitsByPageAreByEntryPage() {
        StatsQuery q = query("{'metrics': ['visits'], 'dimensions': ['event:page', 'visit:utm_source'], " + DAY + "}");
        assertThat(visits(q, List.of(Partial.VISITS)))
                .isEqualTo("SELECT s.entry_page AS d0, CASE WHEN s.utm_source = '' THEN '(not set)' ELSE s.utm_source END AS d1, "
                        + "BIGINT(sum(s.sign)) AS visits FROM started[2024-03-01T00:00:00Z,2024-03-02T00:00:00Z) s"
                        + " WHERE " + DAY_BOUNDS + " GROUP BY d0, d1");
    }

    @Test
    void theExitPageNeedsEachVisitCollapsedToItsLatestRow() {
        StatsQuery q = query("{'metrics': ['visits'], 'filters': [['is', 'visit:exit_page', ['/bye']]], " + DAY + "}");
        assertThat(visits(q, List.of(Partial.VISITS)))
                .isEqualTo("SELECT BIGINT(sum(s.sign)) AS visits FROM (SELECT site, session_id, ANY(visitor_id) AS visitor_id, 1 AS sign, "
                        + "ANY(started) AS started, ANY(entry_page) AS entry_page, ARG_MAX(exit_page, version) AS exit_page, "
                        + "ARG_MAX(coalesce(exit_hostname, hostname), version) AS exit_hostname, "
                        + "ANY(referrer_source) AS referrer_source, ANY(referrer) AS referrer, ANY(utm_medium) AS utm_medium, "
                        + "ANY(utm_source) AS utm_source, ANY(utm_campaign) AS utm_campaign, ANY(utm_content) AS utm_content, "
                        + "ANY(utm_term) AS utm_term, ANY(device) AS device, ANY(browser) AS browser, ANY(browser_version) AS browser_version, "
                        + "ANY(os) AS os, ANY(os_version) AS os_version, ANY(country) AS country, ANY(region) AS region, ANY(city) AS city, ANY(hostname) AS hostname, "
                        + "sum(sign * pageviews) AS pageviews, sum(sign * duration_s) AS duration_s, sum(sign * INT(is_bounce)) > 0 AS is_bounce "
                        + "FROM started[2024-03-01T00:00:00Z,2024-03-02T00:00:00Z) WHERE site = 'x.test' "
                        + "AND started >= UTC(2024-03-01T00:00:00Z) AND started < UTC(2024-03-02T00:00:00Z) GROUP BY site, session_id) s"
                        + " WHERE " + DAY_BOUNDS + " AND (s.exit_page = '/bye')");
    }

    @Test
    void visitsByTimeOverSeveralDaysCountVisitorsPerLocalDay() {
        StatsQuery q = query(TestQueries.UTC_SITE.withTimezone(java.time.ZoneId.of("Asia/Kathmandu")),
                "{'metrics': ['visitors'], 'dimensions': ['time:day'], 'date_range': ['2024-03-01', '2024-03-02']}");
        assertThat(visits(q, List.of(Partial.VISITORS)))
                .isEqualTo("SELECT DATE_TEXT(PLUS(s.started, 20700)) AS d0, COUNT_DISTINCT(s.visitor_id) AS visitors"
                        + " FROM started[2024-02-29T18:15:00Z,2024-03-02T18:15:00Z) s WHERE s.site = 'x.test'"
                        + " AND s.started >= UTC(2024-02-29T18:15:00Z) AND s.started < UTC(2024-03-02T18:15:00Z)"
                        + " GROUP BY d0, DATE(PLUS(s.started, 20700))");
    }
}
