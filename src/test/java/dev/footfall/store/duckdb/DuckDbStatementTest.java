package dev.footfall.store.duckdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.plan.Part;
import dev.footfall.plan.Plan;
import dev.footfall.plan.RollupKey;
import dev.footfall.plan.Tier;
import dev.footfall.query.Interval;
import dev.footfall.query.QueryParser;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.Subject;
import dev.footfall.site.Goal;
import dev.footfall.site.Site;
import dev.footfall.store.sql.StatementBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole statements in DuckDB's dialect, to the character: the text the statement had before it
 * was split into parts (StatsSql), so a change to any part shows here as a change to what DuckDB
 * runs. The property test proves the statements right; this pins what they are.
 */
class DuckDbStatementTest {
    private static final Site BERLIN = new Site("x.test", ZoneId.of("Europe/Berlin"), List.of());
    private static final List<Goal> GOALS = List.of(new Goal(1, "x.test", Goal.Type.EVENT, "Signup", null, "Signup"),
            new Goal(2, "x.test", Goal.Type.PAGE, null, "/blog*", "Visit /blog*"));
    private static final ArchiveFiles FILES = new ArchiveFiles(Path.of("/data"));

    private static StatsQuery query(String body) throws JsonProcessingException {
        return QueryParser.parse(new ObjectMapper().readTree(body.replace('\'', '"')), BERLIN, GOALS, LocalDate.of(2024, 4, 2), Optional::empty);
    }

    @Test
    void visitsAndEventsByVisitPropertyOverAClockChange() throws JsonProcessingException {
        StatsQuery q = query("{'metrics': ['visitors', 'bounce_rate'], 'dimensions': ['visit:source'], "
                + "'filters': [['contains', 'event:page', ['it\\u0027s 50%_']]], 'date_range': ['2024-03-30', '2024-03-31']}");
        RawTables hot = new RawTables("x.test", List.of(), FILES);
        assertThat(new StatementBuilder(q, Plan.raw(q.interval()), DuckDbDialect.DUCKDB, hot).statement()).isEqualTo("""
            WITH ev AS (SELECT d0, sum(visitors)::BIGINT AS visitors FROM (SELECT CASE WHEN va.referrer_source = '' THEN \
            'Direct / None' ELSE va.referrer_source END AS d0, count(DISTINCT e.visitor_id) AS visitors FROM events e \
            JOIN (SELECT session_id, any_value(entry_page) AS entry_page, arg_max(exit_page, version) AS exit_page, \
            arg_max(coalesce(exit_hostname, hostname), version) AS exit_hostname, any_value(referrer_source) AS \
            referrer_source, any_value(referrer) AS referrer, any_value(utm_medium) AS utm_medium, any_value(utm_source) \
            AS utm_source, any_value(utm_campaign) AS utm_campaign, any_value(utm_content) AS utm_content, \
            any_value(utm_term) AS utm_term, any_value(device) AS device, any_value(browser) AS browser, \
            any_value(browser_version) AS browser_version, any_value(os) AS os, any_value(os_version) AS os_version, \
            any_value(country) AS country, any_value(region) AS region, any_value(city) AS city, any_value(hostname) AS \
            hostname FROM sessions WHERE site = 'x.test' AND last_seen >= TIMESTAMP '2024-03-29T23:00' AND started < \
            TIMESTAMP '2024-03-31T22:00' GROUP BY session_id) va ON va.session_id = e.session_id WHERE e.site = 'x.test' \
            AND e.ts >= TIMESTAMP '2024-03-29T23:00' AND e.ts < TIMESTAMP '2024-03-31T22:00' AND e.name <> 'engagement' \
            AND (contains(e.pathname, 'it''s 50%_')) GROUP BY d0, CAST(timezone('Europe/Berlin', e.ts::TIMESTAMPTZ) AS \
            DATE)) p GROUP BY d0),
            vis AS (SELECT d0, 100.0 * sum(bounces) / nullif(sum(bounce_visits), 0) AS bounce_rate FROM (SELECT CASE \
            WHEN s.referrer_source = '' THEN 'Direct / None' ELSE s.referrer_source END AS d0, sum(s.sign * \
            s.is_bounce::INTEGER * (contains(s.entry_page, 'it''s 50%_'))::INTEGER)::BIGINT AS bounces, sum(s.sign * \
            (contains(s.entry_page, 'it''s 50%_'))::INTEGER)::BIGINT AS bounce_visits FROM sessions s WHERE s.site = \
            'x.test' AND s.started >= TIMESTAMP '2024-03-29T23:00' AND s.started < TIMESTAMP '2024-03-31T22:00' AND \
            s.session_id IN (SELECT x.session_id FROM events x WHERE x.site = 'x.test' AND x.ts >= TIMESTAMP \
            '2024-03-29T23:00' AND x.ts < TIMESTAMP '2024-03-31T22:00' AND x.name <> 'engagement' AND \
            (contains(x.pathname, 'it''s 50%_'))) GROUP BY d0, CAST(timezone('Europe/Berlin', s.started::TIMESTAMPTZ) AS \
            DATE)) p GROUP BY d0),
            groups AS (SELECT d0 FROM ev UNION SELECT d0 FROM vis)
            SELECT groups.d0, coalesce(ev.visitors, 0) AS visitors, coalesce(vis.bounce_rate, 0) AS bounce_rate, \
            count(*) OVER () AS total_rows
            FROM groups LEFT JOIN ev USING (d0) LEFT JOIN vis USING (d0)
            ORDER BY visitors DESC NULLS LAST, d0 ASC
            LIMIT 10000""");
    }

    @Test
    void goalsFromAMonthRollupAndAnArchivedDay() throws JsonProcessingException {
        StatsQuery q = query("{'metrics': ['visitors', 'events'], 'dimensions': ['event:goal'], 'date_range': ['2024-02-01', '2024-03-01'], "
                + "'pagination': {'limit': 5}}");
        ZonedDateTime march = LocalDate.of(2024, 3, 1).atStartOfDay(BERLIN.timezone());
        Plan plan = new Plan(List.of(new Part(Tier.MONTH, new Interval(q.interval().start(), march)),
                new Part(Tier.RAW, new Interval(march, q.interval().end()))), Map.of(Subject.EVENTS, new RollupKey("event:goal", Optional.empty())));
        RawTables february = new RawTables("x.test", List.of(new RawTables.Month(YearMonth.of(2024, 2), 10, 10,
                Optional.of(Instant.parse("2024-03-01T00:10:00Z")))), FILES);
        assertThat(new StatementBuilder(q, plan, DuckDbDialect.DUCKDB, february).statement()).isEqualTo("""
            WITH ev AS (SELECT d0, sum(visitors)::BIGINT AS visitors, sum(events)::BIGINT AS events FROM (SELECT r.value \
            AS d0, r.event_visitors AS visitors, r.events AS events FROM rollup_month r WHERE r.site = 'x.test' AND \
            r.bucket >= TIMESTAMP '2024-02-01T00:00' AND r.bucket < TIMESTAMP '2024-03-01T00:00' AND r.dim = 'event:goal' \
            AND r.events > 0
              UNION ALL SELECT g.name AS d0, count(DISTINCT e.visitor_id) AS visitors, count(*) AS events FROM (SELECT * \
            FROM events WHERE site = 'x.test' UNION ALL BY NAME SELECT * FROM \
            read_parquet(['/data/archive/x.test/2024-02.parquet'], union_by_name = true)) e JOIN (VALUES ('Signup', \
            'Signup', NULL), ('Visit /blog*', NULL, '/blog.*')) g(name, event_name, page) ON (e.name = g.event_name OR \
            (e.name = 'pageview' AND g.page IS NOT NULL AND regexp_full_match(e.pathname, g.page))) WHERE e.site = \
            'x.test' AND e.ts >= TIMESTAMP '2024-02-29T23:00' AND e.ts < TIMESTAMP '2024-03-01T23:00' AND e.name <> \
            'engagement' GROUP BY d0) p GROUP BY d0),
            groups AS (SELECT d0 FROM ev)
            SELECT groups.d0, coalesce(ev.visitors, 0) AS visitors, coalesce(ev.events, 0) AS events, count(*) OVER () AS \
            total_rows
            FROM groups LEFT JOIN ev USING (d0)
            ORDER BY visitors DESC NULLS LAST, d0 ASC
            LIMIT 5""");
    }
}
