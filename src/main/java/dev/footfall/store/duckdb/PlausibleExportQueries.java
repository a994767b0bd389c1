package dev.footfall.store.duckdb;

import dev.footfall.imported.ImportedTable;

import java.time.ZoneId;

/**
 * Footfall's raw rows aggregated per local day into the columns of Plausible's imported tables, as
 * Plausible's export queries aggregate its events and sessions (lib/plausible/exports.ex). The
 * differences follow Footfall's counting (docs/stats.md): a visit belongs to the day it started
 * (Plausible's export takes the day of its last event), engagement events are not events, and the
 * city is 0 (unknown) because Footfall keeps city names, not GeoNames ids.
 */
final class PlausibleExportQueries {
    private static final DuckDbDialect SQL = DuckDbDialect.DUCKDB;
    /** Plausible's system goals whose events carry the link in a {@code url} property (Plausible.Goals.SystemGoals). */
    private static final String GOALS_WITH_URL = "('Outbound Link: Click', 'Cloaked Link: Click', 'File Download')";
    /** ... and those that carry a {@code path} property. */
    private static final String GOALS_WITH_PATH = "('404')";

    private PlausibleExportQueries() {}

    /**
     * The statement for one table: the local date first, then the table's columns in order.
     *
     * @param events   the relation holding the site's events
     * @param sessions the relation holding the site's session rows
     */
    static String of(ImportedTable table, String domain, String events, String sessions, ZoneId zone) {
        String site = SQL.literal(domain);
        String visits = "(SELECT session_id, any_value(visitor_id) AS visitor_id, "
                + SQL.date(SQL.atZone("any_value(started)", zone)) + " AS date, "
                + "any_value(entry_page) AS entry_page, arg_max(exit_page, version) AS exit_page, "
                + "any_value(referrer) AS referrer, any_value(referrer_source) AS referrer_source, any_value(utm_source) AS utm_source, "
                + "any_value(utm_medium) AS utm_medium, any_value(utm_campaign) AS utm_campaign, any_value(utm_content) AS utm_content, "
                + "any_value(utm_term) AS utm_term, any_value(country) AS country, any_value(region) AS region, "
                + "any_value(device) AS device, any_value(browser) AS browser, any_value(browser_version) AS browser_version, "
                + "any_value(os) AS os, any_value(os_version) AS os_version, "
                + "sum(sign * pageviews) AS pageviews, sum(sign * duration_s) AS duration, "
                + "CASE WHEN sum(sign * CAST(is_bounce AS INTEGER)) > 0 THEN 1 ELSE 0 END AS bounce "
                + "FROM " + sessions + " WHERE site = " + site + " GROUP BY session_id HAVING sum(sign) > 0) v";
        String counters = "count(DISTINCT visitor_id) AS visitors, count(*) AS visits, sum(duration) AS visit_duration, "
                + "sum(bounce) AS bounces, sum(pageviews) AS pageviews";
        String eventDate = SQL.date(SQL.atZone("ts", zone));
        String ofSite = " WHERE site = " + site;
        return switch (table) {
            case VISITORS -> "WITH s AS (SELECT date, " + counters + " FROM " + visits + " GROUP BY date), "
                    + "e AS (SELECT " + eventDate + " AS date, count(*) FILTER (WHERE name = 'pageview') AS pageviews FROM " + events
                    + ofSite + " AND name <> 'engagement' GROUP BY 1) "
                    + "SELECT coalesce(s.date, e.date) AS date, coalesce(s.visitors, 0), coalesce(e.pageviews, 0), coalesce(s.bounces, 0), "
                    + "coalesce(s.visits, 0), coalesce(s.visit_duration, 0) FROM s FULL JOIN e ON s.date = e.date ORDER BY 1";
            case SOURCES -> "SELECT date, referrer_source, referrer, utm_source, utm_medium, utm_campaign, utm_content, utm_term, "
                    + "sum(pageviews), count(DISTINCT visitor_id), count(*), sum(duration), sum(bounce) FROM " + visits
                    + " GROUP BY ALL ORDER BY date";
            case PAGES -> "WITH p AS (SELECT " + eventDate + " AS date, any_value(hostname) AS hostname, pathname AS page, "
                    + "count(DISTINCT session_id) AS visits, count(DISTINCT visitor_id) AS visitors, count(*) AS pageviews FROM "
                    + events + ofSite + " AND name = 'pageview' GROUP BY date, pathname), "
                    + "d AS (SELECT date, page, sum(depth) AS total, count(*) AS visits FROM (SELECT " + eventDate
                    + " AS date, pathname AS page, session_id, max(scroll_depth) AS depth FROM " + events + ofSite
                    + " AND name = 'engagement' AND scroll_depth <= 100 GROUP BY ALL) GROUP BY ALL), "
                    + "t AS (SELECT " + eventDate + " AS date, pathname AS page, CAST(round(sum(engagement_ms) / 1000) AS BIGINT) AS total, "
                    + "count(DISTINCT session_id) AS visits FROM " + events + ofSite + " AND name = 'engagement' GROUP BY ALL) "
                    + "SELECT p.date, p.hostname, p.page, p.visits, p.visitors, p.pageviews, coalesce(d.total, 0), coalesce(d.visits, 0), "
                    + "coalesce(t.total, 0), coalesce(t.visits, 0) FROM p LEFT JOIN d ON d.date = p.date AND d.page = p.page "
                    + "LEFT JOIN t ON t.date = p.date AND t.page = p.page ORDER BY p.date, p.page";
            case ENTRY_PAGES -> "SELECT date, entry_page, count(DISTINCT visitor_id), count(*), sum(duration), sum(bounce), sum(pageviews) FROM "
                    + visits + " GROUP BY ALL ORDER BY date";
            case EXIT_PAGES -> "SELECT date, exit_page, count(DISTINCT visitor_id), sum(duration), count(*), sum(bounce), sum(pageviews) FROM "
                    + visits + " GROUP BY ALL ORDER BY date";
            case CUSTOM_EVENTS -> "SELECT " + eventDate + " AS date, name, "
                    + "CASE WHEN name IN " + GOALS_WITH_URL + " THEN coalesce(props['url'], '') ELSE '' END AS link_url, "
                    + "CASE WHEN name IN " + GOALS_WITH_PATH + " THEN coalesce(props['path'], '') ELSE '' END AS path, "
                    + "count(DISTINCT visitor_id), count(*) FROM " + events + ofSite + " AND name NOT IN ('pageview', 'engagement') "
                    + "GROUP BY ALL ORDER BY date";
            case LOCATIONS -> "SELECT date, country, region, 0 AS city, " + counters + " FROM " + visits
                    + " WHERE country NOT IN ('', 'ZZ') GROUP BY date, country, region ORDER BY date";
            case DEVICES -> "SELECT date, device, " + counters + " FROM " + visits + " GROUP BY ALL ORDER BY date";
            case BROWSERS -> "SELECT date, browser, browser_version, " + counters + " FROM " + visits + " GROUP BY ALL ORDER BY date";
            case OPERATING_SYSTEMS -> "SELECT date, os, os_version, " + counters + " FROM " + visits + " GROUP BY ALL ORDER BY date";
        };
    }
}
