package dev.footfall.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Issue 14's dashboard ({@link StatsDashboard#issue14}) as the SQL a plain ClickHouse schema
 * ({@link ClickHouseCopy}) runs over raw rows, written to 18.16's subset, asking the questions
 * Footfall answers by the rules of docs/stats.md:
 * <ul>
 *   <li>days are local days of the site's zone: the range is the UTC instants from the first
 *       day's local midnight to the midnight after the last, and {@code toDate(t, zone)} buckets;</li>
 *   <li>visitors are distinct visitor ids per local day, summed over the days; from the visits
 *       that started in the range, or from the events (engagement aside) for the pages panels;</li>
 *   <li>a visit's session rows collapse by sign: visits {@code sum(sign)}, bounces
 *       {@code sum(sign * is_bounce)}, durations {@code sum(sign * duration_s)};</li>
 *   <li>breakdowns keep ten rows, by visitors descending and then the label.</li>
 * </ul>
 * Aliases never reuse a column's name: ClickHouse substitutes aliases everywhere in a statement.
 */
public final class ClickHousePanels {
    /** Breakdown panels show ten rows, as the dashboard does. */
    private static final int PANEL_ROWS = 10;
    /** The dimensions a filter may name, and the column both tables hold them in. */
    private static final Map<String, String> FILTER_COLUMNS = Map.of("visit:device", "device", "visit:country", "country");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One panel: its name (as {@link StatsDashboard}'s), statement, and the API names of its metrics in column order after the dimension columns. */
    public record Panel(String name, String sql, int dimensions, List<String> metrics) {}

    /** One row of an answer, with metrics rounded as the Stats API writes them. */
    public record Row(List<String> dimensions, List<Number> metrics) {}

    private ClickHousePanels() {}

    /** The seven panels of {@link StatsDashboard#issue14} for {@code site} in {@code zone}, from {@code from} through {@code to}, same filters. */
    public static List<Panel> issue14(String site, ZoneId zone, LocalDate from, LocalDate to, String country, List<StatsDashboard.Filter> filters) {
        String tz = quote(zone.getId());
        String range = "site = " + quote(site) + " AND %1$s >= toDateTime(" + utc(from, zone) + ") AND %1$s < toDateTime(" + utc(to.plusDays(1), zone) + ")";
        StringJoiner filtered = new StringJoiner("");
        for (StatsDashboard.Filter f : filters) filtered.add(" AND " + column(f.dimension()) + " = " + quote(f.value()));
        String events = range.formatted("ts") + filtered;
        String visits = range.formatted("started") + filtered;
        List<Panel> panels = new ArrayList<>();
        panels.add(new Panel("top stats", """
                SELECT visitors, visits, pvs, if(visits = 0, 0, visit_pvs / visits), if(visits = 0, 0, 100 * bounces / visits), if(visits = 0, 0, duration / visits)
                FROM (SELECT sum(v) AS visitors, sum(n) AS visits, sum(p) AS visit_pvs, sum(b) AS bounces, sum(d) AS duration
                      FROM (SELECT toDate(started, %1$s) AS day, uniqExact(visitor_id) AS v, sum(sign) AS n, sum(sign * pageviews) AS p,
                                   sum(sign * is_bounce) AS b, sum(sign * duration_s) AS d
                            FROM sessions WHERE %2$s GROUP BY day))
                CROSS JOIN (SELECT count() AS pvs FROM events WHERE %3$s AND name = 'pageview')""".formatted(tz, visits, events),
                0, List.of("visitors", "visits", "pageviews", "views_per_visit", "bounce_rate", "visit_duration")));
        panels.add(new Panel("daily series", """
                SELECT toString(day), v, p
                FROM (SELECT toDate(started, %1$s) AS day, uniqExact(visitor_id) AS v FROM sessions WHERE %2$s GROUP BY day)
                ALL FULL OUTER JOIN (SELECT toDate(ts, %1$s) AS day, count() AS p FROM events WHERE %3$s AND name = 'pageview' GROUP BY day)
                USING day ORDER BY day""".formatted(tz, visits, events), 1, List.of("visitors", "pageviews")));
        panels.add(pages("pages", tz, events));
        panels.add(new Panel("sources", """
                SELECT if(referrer_source = '', 'Direct / None', referrer_source) AS label, sum(v) AS visitors, if(sum(n) = 0, 0, 100 * sum(b) / sum(n))
                FROM (SELECT toDate(started, %1$s) AS day, referrer_source, uniqExact(visitor_id) AS v, sum(sign) AS n, sum(sign * is_bounce) AS b
                      FROM sessions WHERE %2$s GROUP BY day, referrer_source)
                GROUP BY label ORDER BY visitors DESC, label LIMIT %3$d""".formatted(tz, visits, PANEL_ROWS), 1, List.of("visitors", "bounce_rate")));
        panels.add(visitorsBy("countries", "country", tz, visits));
        panels.add(visitorsBy("devices", "device", tz, visits));
        panels.add(pages("pages, country " + country, tz, events + " AND country = " + quote(country)));
        return panels;
    }

    /** Pages by visitors (per local day, from events) and pageviews; custom events count for visitors, engagement events for nothing. */
    private static Panel pages(String name, String tz, String events) {
        return new Panel(name, """
                SELECT pathname, sum(v) AS visitors, sum(p)
                FROM (SELECT toDate(ts, %1$s) AS day, pathname, uniqExact(visitor_id) AS v, countIf(name = 'pageview') AS p
                      FROM events WHERE %2$s AND name != 'engagement' GROUP BY day, pathname)
                GROUP BY pathname ORDER BY visitors DESC, pathname LIMIT %3$d""".formatted(tz, events, PANEL_ROWS),
                1, List.of("visitors", "pageviews"));
    }

    /** Visitors of the visits that started in the range, by one visit property; an empty one is "(not set)". */
    private static Panel visitorsBy(String name, String column, String tz, String visits) {
        return new Panel(name, """
                SELECT if(%1$s = '', '(not set)', %1$s) AS label, sum(v) AS visitors
                FROM (SELECT toDate(started, %2$s) AS day, %1$s, uniqExact(visitor_id) AS v FROM sessions WHERE %3$s GROUP BY day, %1$s)
                GROUP BY label ORDER BY visitors DESC, label LIMIT %4$d""".formatted(column, tz, visits, PANEL_ROWS),
                1, List.of("visitors"));
    }

    /** The rows of {@code panel}'s TabSeparated answer, metrics rounded as the Stats API writes them. */
    public static List<Row> rows(Panel panel, String tsv) {
        List<Row> rows = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (line.isEmpty()) continue;
            String[] cells = line.split("\t", -1);
            List<Number> metrics = new ArrayList<>();
            for (int i = 0; i < panel.metrics().size(); i++) metrics.add(rounded(panel.metrics().get(i), cells[panel.dimensions() + i]));
            rows.add(new Row(List.of(cells).subList(0, panel.dimensions()), metrics));
        }
        return rows;
    }

    /** Plausible's rounding (Footfall's MetricValues): counts, percentages and seconds whole, views per visit to two places. */
    static Number rounded(String metric, String value) {
        double exact = Double.parseDouble(value);
        return switch (metric) {
            case "visitors", "visits", "pageviews" -> Long.parseLong(value);
            case "bounce_rate", "visit_duration" -> Math.round(exact);
            case "views_per_visit" -> BigDecimal.valueOf(exact).setScale(2, RoundingMode.HALF_UP).doubleValue();
            default -> throw new IllegalArgumentException("no rounding known for " + metric);
        };
    }

    /** The UTC instant of local midnight starting {@code day} in {@code zone}, as a quoted ClickHouse DateTime (the server's zone is UTC). */
    static String utc(LocalDate day, ZoneId zone) {
        return quote(day.atStartOfDay(zone).withZoneSameInstant(ZoneOffset.UTC).format(DATE_TIME));
    }

    private static String column(String dimension) {
        String column = FILTER_COLUMNS.get(dimension);
        if (column == null) throw new IllegalArgumentException("no ClickHouse column for the filter on " + dimension + "; known: " + FILTER_COLUMNS.keySet());
        return column;
    }

    /** A ClickHouse string literal (18.16 has no server-side parameters). */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
