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

class RawEventsPartTest {
    private static final String DAY = "'date_range': ['2024-03-01', '2024-03-01']";
    private static final String EVENTS_OF_DAY = " FROM events[2024-03-01T00:00:00Z,2024-03-02T00:00:00Z) e";
    private static final String DAY_BOUNDS = "e.site = 'x.test' AND e.ts >= UTC(2024-03-01T00:00:00Z) AND e.ts < UTC(2024-03-02T00:00:00Z)";

    private static RawEventsPart part(StatsQuery q) {
        TimeBuckets time = new TimeBuckets(SQL, q.site().timezone(), q.interval().start());
        WhereBuilder where = new WhereBuilder(SQL, q.goals(), () -> new RawRange("ev", "'x.test'", "T0", "T1"), q.dimensions());
        return new RawEventsPart(q, SQL, new SiteRows(SQL, RELATIONS, q.site().domain()), time, where);
    }

    private static Part whole(StatsQuery q) {
        return new Part(Tier.RAW, q.interval());
    }

    @Test
    void eventsArePartialSumsPerGroup() {
        StatsQuery q = query("{'metrics': ['visitors', 'visits', 'pageviews', 'events'], 'dimensions': ['event:page'], " + DAY + "}");
        assertThat(part(q).events(List.of(Partial.VISITORS, Partial.VISITS, Partial.PAGEVIEWS, Partial.EVENTS), whole(q)))
                .isEqualTo("SELECT e.pathname AS d0, COUNT_DISTINCT(e.visitor_id) AS visitors, COUNT_DISTINCT(e.session_id) AS visits, "
                        + "COUNT_WHERE(e.name = 'pageview') AS pageviews, count(*) AS events" + EVENTS_OF_DAY
                        + " WHERE " + DAY_BOUNDS + " AND e.name <> 'engagement' GROUP BY d0");
    }

    @Test
    void distinctCountsOfSeveralDaysAreSplitByLocalDay() {
        StatsQuery q = query("{'metrics': ['visitors'], 'date_range': ['2024-03-01', '2024-03-02']}");
        assertThat(part(q).events(List.of(Partial.VISITORS), whole(q)))
                .isEqualTo("SELECT COUNT_DISTINCT(e.visitor_id) AS visitors FROM events[2024-03-01T00:00:00Z,2024-03-03T00:00:00Z) e"
                        + " WHERE e.site = 'x.test' AND e.ts >= UTC(2024-03-01T00:00:00Z) AND e.ts < UTC(2024-03-03T00:00:00Z)"
                        + " AND e.name <> 'engagement' GROUP BY DATE(e.ts)");
    }

    @Test
    void engagementIsFirstReducedToOneRowPerVisit() {
        StatsQuery q = query("{'metrics': ['scroll_depth', 'time_on_page'], 'dimensions': ['event:page'], " + DAY + "}");
        assertThat(part(q).engagement(List.of(Partial.SCROLL_SUM, Partial.SCROLL_VISITS, Partial.ENGAGED_MS, Partial.ENGAGED_VISITS), whole(q)))
                .isEqualTo("SELECT d0, sum(depth) AS scroll_sum, count(depth) AS scroll_visits, sum(engaged_ms) AS engaged_ms, "
                        + "count(*) AS engaged_visits FROM (SELECT e.pathname AS d0, e.session_id AS sid, "
                        + "MAX_WHERE(e.scroll_depth, e.scroll_depth <= 100) AS depth, sum(e.engagement_ms) AS engaged_ms"
                        + EVENTS_OF_DAY + " WHERE " + DAY_BOUNDS + " AND e.name = 'engagement' GROUP BY d0, sid) GROUP BY d0");
    }

    @Test
    void engagementWithoutDimensionsIsOneRow() {
        StatsQuery q = query("{'metrics': ['time_on_page'], 'filters': [['is', 'event:page', ['/']]], " + DAY + "}");
        assertThat(part(q).engagement(List.of(Partial.ENGAGED_MS, Partial.ENGAGED_VISITS), whole(q)))
                .isEqualTo("SELECT sum(engaged_ms) AS engaged_ms, count(*) AS engaged_visits FROM (SELECT e.session_id AS sid, "
                        + "MAX_WHERE(e.scroll_depth, e.scroll_depth <= 100) AS depth, sum(e.engagement_ms) AS engaged_ms"
                        + EVENTS_OF_DAY + " WHERE " + DAY_BOUNDS + " AND e.name = 'engagement' AND (e.pathname = '/') GROUP BY sid)");
    }

    @Test
    void eventsByVisitPropertyJoinTheirVisitsOfTheQuerysRange() {
        StatsQuery q = query("{'metrics': ['pageviews'], 'dimensions': ['visit:source', 'event:props:plan'], " + DAY + "}");
        assertThat(part(q).events(List.of(Partial.PAGEVIEWS), whole(q)))
                .isEqualTo("SELECT CASE WHEN va.referrer_source = '' THEN 'Direct / None' ELSE va.referrer_source END AS d0, "
                        + "CASE WHEN coalesce(MAP(e.props, 'plan'), '') = '' THEN '(none)' ELSE MAP(e.props, 'plan') END AS d1, "
                        + "COUNT_WHERE(e.name = 'pageview') AS pageviews" + EVENTS_OF_DAY
                        + " JOIN (SELECT session_id, ANY(entry_page) AS entry_page, ARG_MAX(exit_page, version) AS exit_page, ARG_MAX(coalesce(exit_hostname, hostname), version) AS exit_hostname, "
                        + "ANY(referrer_source) AS referrer_source, ANY(referrer) AS referrer, ANY(utm_medium) AS utm_medium, "
                        + "ANY(utm_source) AS utm_source, ANY(utm_campaign) AS utm_campaign, ANY(utm_content) AS utm_content, "
                        + "ANY(utm_term) AS utm_term, ANY(device) AS device, ANY(browser) AS browser, ANY(browser_version) AS browser_version, "
                        + "ANY(os) AS os, ANY(os_version) AS os_version, ANY(country) AS country, ANY(region) AS region, ANY(city) AS city, ANY(hostname) AS hostname "
                        + "FROM active[2024-03-01T00:00:00Z,2024-03-02T00:00:00Z) WHERE site = 'x.test' "
                        + "AND last_seen >= UTC(2024-03-01T00:00:00Z) AND started < UTC(2024-03-02T00:00:00Z) GROUP BY session_id)"
                        + " va ON va.session_id = e.session_id WHERE " + DAY_BOUNDS + " AND e.name <> 'engagement' GROUP BY d0, d1");
    }

    @Test
    void eventsByGoalJoinTheGoalsTheyReach() {
        StatsQuery q = query("{'metrics': ['events'], 'dimensions': ['event:goal'], " + DAY + "}");
        assertThat(part(q).events(List.of(Partial.EVENTS), whole(q)))
                .isEqualTo("SELECT g.name AS d0, count(*) AS events" + EVENTS_OF_DAY
                        + " JOIN TABLE g[name, event_name, page][['Signup', 'Signup', NULL], ['Visit /blog*', NULL, '/blog.*']]"
                        + " ON (e.name = g.event_name OR (e.name = 'pageview' AND g.page IS NOT NULL AND FULL_MATCH(e.pathname, g.page)))"
                        + " WHERE " + DAY_BOUNDS + " AND e.name <> 'engagement' GROUP BY d0");
    }

    @Test
    void eventsByTimeAreLabelledInLocalTime() {
        StatsQuery q = query("{'metrics': ['events'], 'dimensions': ['time:hour'], 'filters': [['is', 'event:name', ['Signup']]], " + DAY + "}");
        assertThat(part(q).events(List.of(Partial.EVENTS), whole(q)))
                .isEqualTo("SELECT DATETIME_TEXT(TRUNC_HOUR(e.ts)) AS d0, count(*) AS events" + EVENTS_OF_DAY
                        + " WHERE " + DAY_BOUNDS + " AND e.name <> 'engagement' AND (e.name = 'Signup') GROUP BY d0");
    }
}
