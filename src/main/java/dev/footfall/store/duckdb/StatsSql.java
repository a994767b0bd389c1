package dev.footfall.store.duckdb;

import dev.footfall.query.Attribute;
import dev.footfall.query.Dimension;
import dev.footfall.query.Filter;
import dev.footfall.query.Filters;
import dev.footfall.query.Metric;
import dev.footfall.query.Order;
import dev.footfall.query.StatsQuery;
import dev.footfall.site.Goal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Writes one DuckDB statement answering a Stats query over the raw tables.
 *
 * <p>A query reads up to three subjects, each grouped by the query's dimensions: <b>events</b>
 * (pageviews and custom events), <b>engagement</b> events (time on page, scroll depth) and
 * <b>visits</b> (the sessions table, whose append-only rows collapse by {@code sum(sign * x)}).
 * The subjects' groups are joined on the dimension values, then ordered and paginated. A filter
 * condition on the other subject's properties becomes a semi-join on the session id: a visit
 * passes an event condition when one of its events in the range does, and an event passes a
 * visit condition when its visit does. Literals are inlined (escaped) so meta.explain shows a
 * statement that can be pasted into the DuckDB shell.
 */
final class StatsSql {
    /** Plausible's label for visits without a referrer. */
    static final String DIRECT = "Direct / None";
    /** Plausible's label for an empty UTM tag or an unrecognised client. */
    static final String NOT_SET = "(not set)";

    private enum Subject { EVENTS, ENGAGEMENT, VISITS }

    private final StatsQuery query;
    private final String site;
    private final String from;
    private final String until;

    StatsSql(StatsQuery query) {
        this.query = query;
        this.site = literal(query.site().domain());
        this.from = timestamp(query.interval().from());
        this.until = timestamp(query.interval().until());
    }

    /** The statement; its columns are d0..dn (labels), then one per metric, then total_rows. */
    String statement() {
        boolean eventScoped = query.dimensions().stream().anyMatch(Dimension::eventScoped)
                || query.filter().map(f -> Filters.anyCondition(f, c -> c.dimension().eventScoped())).orElse(false);
        List<Subject> subjects = new ArrayList<>();
        Set<Metric> eventMetrics = EnumSet.noneOf(Metric.class);
        Set<Metric> visitMetrics = EnumSet.noneOf(Metric.class);
        Set<Metric> engagementMetrics = EnumSet.noneOf(Metric.class);
        for (Metric m : query.metrics()) {
            switch (m.source) {
                case EVENTS -> eventMetrics.add(m);
                case SESSIONS -> visitMetrics.add(m);
                case EITHER -> (eventScoped ? eventMetrics : visitMetrics).add(m);
                case ENGAGEMENT -> engagementMetrics.add(m);
                case DERIVED -> throw new IllegalArgumentException(m.apiName + " is derived above the engine");
            }
        }
        if (!eventMetrics.isEmpty()) subjects.add(Subject.EVENTS);
        if (!visitMetrics.isEmpty()) subjects.add(Subject.VISITS);
        if (!engagementMetrics.isEmpty()) subjects.add(Subject.ENGAGEMENT);

        int dims = query.dimensions().size();
        StringBuilder sql = new StringBuilder("WITH ");
        StringJoiner ctes = new StringJoiner(",\n");
        for (Subject subject : subjects) {
            Set<Metric> metrics = switch (subject) {
                case EVENTS -> eventMetrics;
                case VISITS -> visitMetrics;
                case ENGAGEMENT -> engagementMetrics;
            };
            ctes.add(cte(subject) + " AS (" + subjectQuery(subject, metrics) + ")");
        }
        String dimList = dimColumns("");
        if (dims > 0) {
            StringJoiner keys = new StringJoiner(" UNION ");
            for (Subject s : subjects) keys.add("SELECT " + dimList + " FROM " + cte(s));
            ctes.add("groups AS (" + keys + ")");
        } else {
            ctes.add("groups AS (SELECT 1 AS one)");
        }
        sql.append(ctes).append("\nSELECT ");
        StringJoiner select = new StringJoiner(", ");
        for (int i = 0; i < dims; i++) select.add("groups.d" + i);
        for (Metric m : query.metrics()) {
            String column = cte(subjectOf(m, eventScoped)) + "." + m.apiName;
            // Counts and visit averages are 0 where there is nothing to count (Plausible's zeros);
            // engagement averages stay null: no engagement is not zero engagement.
            boolean zeroWhenEmpty = m.source != Metric.Source.ENGAGEMENT;
            select.add(zeroWhenEmpty ? "coalesce(" + column + ", 0) AS " + m.apiName : column + " AS " + m.apiName);
        }
        select.add("count(*) OVER () AS total_rows");
        sql.append(select).append("\nFROM groups");
        for (Subject s : subjects) {
            sql.append(dims > 0 ? " LEFT JOIN " + cte(s) + " USING (" + dimList + ")" : " CROSS JOIN " + cte(s));
        }
        sql.append("\nORDER BY ").append(orderBy());
        if (query.limit() > 0) sql.append("\nLIMIT ").append(query.limit());
        if (query.offset() > 0) sql.append(" OFFSET ").append(query.offset());
        return sql.toString();
    }

    private static Subject subjectOf(Metric m, boolean eventScoped) {
        return switch (m.source) {
            case EVENTS -> Subject.EVENTS;
            case SESSIONS -> Subject.VISITS;
            case EITHER -> eventScoped ? Subject.EVENTS : Subject.VISITS;
            case ENGAGEMENT -> Subject.ENGAGEMENT;
            case DERIVED -> throw new IllegalArgumentException(m.apiName);
        };
    }

    private static String cte(Subject s) {
        return switch (s) {
            case EVENTS -> "ev";
            case ENGAGEMENT -> "eng";
            case VISITS -> "vis";
        };
    }

    private String dimColumns(String prefix) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < query.dimensions().size(); i++) j.add(prefix + "d" + i);
        return j.toString();
    }

    private String orderBy() {
        StringJoiner order = new StringJoiner(", ");
        List<String> ordered = new ArrayList<>();
        for (Order o : query.orderBy()) {
            int dim = dimensionIndex(o.name());
            String column = dim >= 0 ? "d" + dim : o.name();
            ordered.add(column);
            order.add(column + (o.descending() ? " DESC" : " ASC") + " NULLS LAST");
        }
        for (int i = 0; i < query.dimensions().size(); i++) {
            if (!ordered.contains("d" + i)) order.add("d" + i + " ASC");
        }
        return order.length() == 0 ? "1" : order.toString();
    }

    private int dimensionIndex(String name) {
        for (int i = 0; i < query.dimensions().size(); i++) {
            if (query.dimensions().get(i).apiName().equals(name)) return i;
        }
        return -1;
    }

    // --- one subject ------------------------------------------------------------------------

    private String subjectQuery(Subject subject, Set<Metric> metrics) {
        return switch (subject) {
            case EVENTS -> eventsQuery(metrics);
            case ENGAGEMENT -> engagementQuery(metrics);
            case VISITS -> visitsQuery(metrics);
        };
    }

    private String eventsQuery(Set<Metric> metrics) {
        StringJoiner select = new StringJoiner(", ");
        List<String> dims = eventDimensions(select);
        for (Metric m : metrics) {
            select.add(switch (m) {
                case VISITORS -> "count(DISTINCT e.visitor_id)";
                case VISITS -> "count(DISTINCT e.session_id)";
                case PAGEVIEWS -> "count(*) FILTER (WHERE e.name = 'pageview')";
                case EVENTS -> "count(*)";
                default -> throw new IllegalArgumentException(m.apiName);
            } + " AS " + m.apiName);
        }
        return "SELECT " + select + eventsFrom("e.name <> 'engagement'") + groupBy(dims);
    }

    /**
     * Time on page and scroll depth come from engagement events, first reduced to one row per
     * visit (and group): the deepest scroll and the summed engagement time. Scroll depth is the
     * average over visits of their deepest scroll; time on page is engaged seconds per visit.
     */
    private String engagementQuery(Set<Metric> metrics) {
        StringJoiner inner = new StringJoiner(", ");
        List<String> dims = eventDimensions(inner);
        inner.add("e.session_id AS sid").add("max(e.scroll_depth) FILTER (WHERE e.scroll_depth <= 100) AS depth")
                .add("sum(e.engagement_ms) AS engaged_ms");
        List<String> innerGroups = new ArrayList<>(dims);
        innerGroups.add("sid");
        StringJoiner outer = new StringJoiner(", ");
        String dimList = dimColumns("");
        if (!dimList.isEmpty()) outer.add(dimList);
        for (Metric m : metrics) {
            outer.add(switch (m) {
                case SCROLL_DEPTH -> "avg(depth)";
                case TIME_ON_PAGE -> "sum(engaged_ms)::DOUBLE / count(*) / 1000.0";
                default -> throw new IllegalArgumentException(m.apiName);
            } + " AS " + m.apiName);
        }
        return "SELECT " + outer + " FROM (SELECT " + inner + eventsFrom("e.name = 'engagement'")
                + " GROUP BY " + String.join(", ", innerGroups) + ")" + groupBy(dims.isEmpty() ? List.of() : List.of(dimList));
    }

    /** Adds the dimension columns for an events subject; returns the group-by names. */
    private List<String> eventDimensions(StringJoiner select) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            select.add(eventDimension(query.dimensions().get(i)) + " AS d" + i);
            groups.add("d" + i);
        }
        return groups;
    }

    private String eventsFrom(String kind) {
        StringBuilder sql = new StringBuilder(" FROM events e");
        if (query.dimensions().stream().anyMatch(d -> d instanceof Dimension.Goal)) {
            sql.append(" JOIN ").append(goalTable()).append(" ON ").append(goalMatch("e", "g"));
        }
        if (needsVisitOfEvent()) {
            sql.append(" JOIN (").append(visitOfEvent()).append(") va ON va.session_id = e.session_id");
        }
        sql.append(" WHERE e.site = ").append(site).append(" AND e.ts >= ").append(from)
                .append(" AND e.ts < ").append(until).append(" AND ").append(kind);
        query.filter().ifPresent(f -> sql.append(" AND ").append(onEvents(f)));
        return sql.toString();
    }

    private String visitsQuery(Set<Metric> metrics) {
        StringJoiner select = new StringJoiner(", ");
        List<String> dims = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            select.add(visitDimension(query.dimensions().get(i)) + " AS d" + i);
            dims.add("d" + i);
        }
        for (Metric m : metrics) {
            select.add(switch (m) {
                case VISITORS -> "count(DISTINCT s.visitor_id)";
                case VISITS -> "sum(s.sign)::BIGINT";
                case VIEWS_PER_VISIT -> "sum(s.sign * s.pageviews)::DOUBLE / nullif(sum(s.sign), 0)";
                case BOUNCE_RATE -> "100.0 * sum(s.sign * s.is_bounce::INTEGER) / nullif(sum(s.sign), 0)";
                case VISIT_DURATION -> "sum(s.sign * s.duration_s)::DOUBLE / nullif(sum(s.sign), 0)";
                default -> throw new IllegalArgumentException(m.apiName);
            } + " AS " + m.apiName);
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM ");
        // Rows of one visit differ only in their counters and exit page, which sum(sign * x)
        // collapses; the exit page is the one thing that needs each visit's latest row.
        sql.append(usesExitPage() ? "(" + collapsedVisits() + ") s" : "sessions s");
        sql.append(" WHERE s.site = ").append(site).append(" AND s.started >= ").append(from)
                .append(" AND s.started < ").append(until);
        query.filter().ifPresent(f -> sql.append(" AND ").append(onVisits(f)));
        return sql + groupBy(dims);
    }

    private static String groupBy(List<String> dims) {
        return dims.isEmpty() ? "" : " GROUP BY " + String.join(", ", dims);
    }

    private boolean usesExitPage() {
        boolean inDims = query.dimensions().stream()
                .anyMatch(d -> d instanceof Dimension.Of(Attribute a) && a == Attribute.EXIT_PAGE);
        return inDims || query.filter().map(f -> Filters.anyCondition(f, c -> c.dimension().equals(new Dimension.Of(Attribute.EXIT_PAGE)))).orElse(false);
    }

    private String collapsedVisits() {
        return "SELECT site, session_id, any_value(visitor_id) AS visitor_id, 1 AS sign, any_value(started) AS started, "
                + "any_value(entry_page) AS entry_page, arg_max(exit_page, version) AS exit_page, "
                + VISIT_COLUMNS.replace("%s", "any_value") + ", "
                + "sum(sign * pageviews) AS pageviews, sum(sign * duration_s) AS duration_s, "
                + "sum(sign * is_bounce::INTEGER) > 0 AS is_bounce "
                + "FROM sessions WHERE site = " + site + " AND started >= " + from + " AND started < " + until
                + " GROUP BY site, session_id";
    }

    private static final String VISIT_COLUMNS = String.join(", ", List.of(
            "%s(referrer_source) AS referrer_source", "%s(referrer) AS referrer", "%s(utm_medium) AS utm_medium",
            "%s(utm_source) AS utm_source", "%s(utm_campaign) AS utm_campaign", "%s(utm_content) AS utm_content",
            "%s(utm_term) AS utm_term", "%s(device) AS device", "%s(browser) AS browser",
            "%s(browser_version) AS browser_version", "%s(os) AS os", "%s(os_version) AS os_version",
            "%s(country) AS country", "%s(region) AS region", "%s(city) AS city"));

    /**
     * The visit properties of every visit with activity in the range, for events grouped or
     * filtered by them. A visit's latest row has its latest activity, so the last_seen bound
     * never drops the row that carries the exit page.
     */
    private String visitOfEvent() {
        return "SELECT session_id, any_value(entry_page) AS entry_page, arg_max(exit_page, version) AS exit_page, "
                + VISIT_COLUMNS.replace("%s", "any_value")
                + " FROM sessions WHERE site = " + site + " AND last_seen >= " + from + " AND started < " + until
                + " GROUP BY session_id";
    }

    private boolean needsVisitOfEvent() {
        return query.dimensions().stream().anyMatch(d -> d instanceof Dimension.Of(Attribute a) && a.scope == Attribute.Scope.VISIT)
                || query.filter().map(f -> Filters.anyCondition(f, c -> !c.dimension().eventScoped())).orElse(false);
    }

    // --- dimensions -------------------------------------------------------------------------

    private String eventDimension(Dimension d) {
        return switch (d) {
            case Dimension.Of(Attribute a) -> a.scope == Attribute.Scope.EVENT ? eventColumn(a, "e") : visitLabel(a, "va");
            case Dimension.Goal g -> "g.name";
            case Dimension.Prop(String key) -> propValue("e", key);
            case Dimension.Time t -> timeLabel(t.granularity(), "e.ts");
        };
    }

    private String visitDimension(Dimension d) {
        return switch (d) {
            case Dimension.Of(Attribute a) -> visitLabel(a == Attribute.PAGE ? Attribute.ENTRY_PAGE : a, "s");
            case Dimension.Time t -> timeLabel(t.granularity(), "s.started");
            case Dimension.Goal g -> throw new IllegalArgumentException("event:goal on visits");
            case Dimension.Prop p -> throw new IllegalArgumentException("event:props on visits");
        };
    }

    private static String eventColumn(Attribute a, String alias) {
        return switch (a) {
            case NAME -> alias + ".name";
            case PAGE -> alias + ".pathname";
            case HOSTNAME -> alias + ".hostname";
            default -> throw new IllegalArgumentException(a.apiName + " is not an event property");
        };
    }

    /** A visit property as the API shows it: visits without a referrer come from "Direct / None". */
    private static String visitLabel(Attribute a, String alias) {
        String column = alias + "." + switch (a) {
            case ENTRY_PAGE -> "entry_page";
            case EXIT_PAGE -> "exit_page";
            case SOURCE -> "referrer_source";
            case REFERRER -> "referrer";
            case UTM_MEDIUM -> "utm_medium";
            case UTM_SOURCE -> "utm_source";
            case UTM_CAMPAIGN -> "utm_campaign";
            case UTM_CONTENT -> "utm_content";
            case UTM_TERM -> "utm_term";
            case DEVICE -> "device";
            case BROWSER -> "browser";
            case BROWSER_VERSION -> "browser_version";
            case OS -> "os";
            case OS_VERSION -> "os_version";
            case COUNTRY -> "country";
            case REGION -> "region";
            case CITY -> "city";
            default -> throw new IllegalArgumentException(a.apiName + " is not a visit property");
        };
        return switch (a) {
            case SOURCE, REFERRER -> "CASE WHEN " + column + " = '' THEN '" + DIRECT + "' ELSE " + column + " END";
            case UTM_MEDIUM, UTM_SOURCE, UTM_CAMPAIGN, UTM_CONTENT, UTM_TERM, DEVICE, BROWSER, BROWSER_VERSION, OS, OS_VERSION ->
                    "CASE WHEN " + column + " = '' THEN '" + NOT_SET + "' ELSE " + column + " END";
            default -> column;
        };
    }

    private static String propValue(String alias, String key) {
        String value = alias + ".props[" + literal(key) + "]";
        return "CASE WHEN coalesce(" + value + ", '') = '' THEN '" + Dimension.Prop.NONE + "' ELSE " + value + " END";
    }

    /** Buckets in the site's timezone: local wall-clock time, so DST days have 23 or 25 hours. */
    private String timeLabel(Dimension.Granularity g, String column) {
        String local = "timezone(" + literal(query.site().timezone().getId()) + ", " + column + "::TIMESTAMPTZ)";
        return switch (g) {
            case HOUR -> "strftime(date_trunc('hour', " + local + "), '%Y-%m-%d %H:%M:%S')";
            case DAY -> "strftime(" + local + ", '%Y-%m-%d')";
            // Plausible clamps the first week's label to the range's first day.
            case WEEK -> "strftime(greatest(date_trunc('week', " + local + "), " + localStart() + "), '%Y-%m-%d')";
            case MONTH -> "strftime(date_trunc('month', " + local + "), '%Y-%m-%d')";
        };
    }

    private String localStart() {
        return "TIMESTAMP '" + query.interval().start().toLocalDate().atStartOfDay() + "'";
    }

    // --- goals ------------------------------------------------------------------------------

    private String goalTable() {
        List<Goal> goals = query.goals();
        if (goals.isEmpty()) return "(SELECT NULL::VARCHAR AS name, NULL::VARCHAR AS event_name, NULL::VARCHAR AS page WHERE false) g";
        StringJoiner rows = new StringJoiner(", ");
        for (Goal goal : goals) {
            rows.add("(" + literal(goal.displayName()) + ", " + nullableLiteral(goal.type() == Goal.Type.EVENT ? goal.eventName() : null)
                    + ", " + nullableLiteral(goal.type() == Goal.Type.PAGE ? pageGoalRegex(goal.pagePath()) : null) + ")");
        }
        return "(VALUES " + rows + ") g(name, event_name, page)";
    }

    private static String goalMatch(String event, String goal) {
        return "(" + event + ".name = " + goal + ".event_name OR (" + event + ".name = 'pageview' AND "
                + goal + ".page IS NOT NULL AND regexp_full_match(" + event + ".pathname, " + goal + ".page)))";
    }

    /** Whether an event reached a goal, inline. */
    private static String reaches(Goal goal, String event) {
        return goal.type() == Goal.Type.EVENT
                ? "(" + event + ".name = " + literal(goal.eventName()) + ")"
                : "(" + event + ".name = 'pageview' AND regexp_full_match(" + event + ".pathname, "
                + literal(pageGoalRegex(goal.pagePath())) + "))";
    }

    /** Plausible's page-goal wildcards: {@code *} (and {@code **}) match any run of characters. */
    static String pageGoalRegex(String path) {
        StringBuilder regex = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c == '*') {
                if (regex.length() < 2 || regex.lastIndexOf(".*") != regex.length() - 2) regex.append(".*");
            } else if ("\\.[]{}()<>+-?^$|".indexOf(c) >= 0) {
                regex.append('\\').append(c);
            } else {
                regex.append(c);
            }
        }
        return regex.toString();
    }

    // --- filters ----------------------------------------------------------------------------

    /** The filter as a condition on one event row (alias e, its visit's properties as va). */
    private String onEvents(Filter f) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> join(all, " AND ", this::onEvents);
            case Filter.Or(List<Filter> any) -> join(any, " OR ", this::onEvents);
            case Filter.Not(Filter inner) -> "(NOT " + onEvents(inner) + ")";
            case Filter.Condition c -> c.dimension().eventScoped() ? eventCondition(c, "e")
                    : match(c, visitLabel(((Dimension.Of) c.dimension()).attribute(), "va"));
        };
    }

    /** The filter as a condition on one visit row (alias s). */
    private String onVisits(Filter f) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> join(all, " AND ", this::onVisits);
            case Filter.Or(List<Filter> any) -> join(any, " OR ", this::onVisits);
            case Filter.Not(Filter inner) -> "(NOT " + onVisits(inner) + ")";
            // Plausible: visit metrics "of a page" are those of visits that entered on it.
            case Filter.Condition c when c.dimension() instanceof Dimension.Of(Attribute a) && a == Attribute.PAGE ->
                    match(c, visitLabel(Attribute.ENTRY_PAGE, "s"));
            case Filter.Condition c -> c.dimension().eventScoped()
                    ? "s.session_id IN (SELECT x.session_id FROM events x WHERE x.site = " + site + " AND x.ts >= " + from
                    + " AND x.ts < " + until + " AND x.name <> 'engagement' AND " + eventCondition(c, "x") + ")"
                    : match(c, visitLabel(((Dimension.Of) c.dimension()).attribute(), "s"));
        };
    }

    private String eventCondition(Filter.Condition c, String alias) {
        return switch (c.dimension()) {
            case Dimension.Of(Attribute a) -> match(c, eventColumn(a, alias));
            case Dimension.Prop(String key) -> switch (c.op()) {
                case IS, IS_NOT -> match(c, propValue(alias, key));
                // Plausible: a pattern on a property only looks at events that have it.
                default -> negate(c, "(" + alias + ".props[" + literal(key) + "] IS NOT NULL AND "
                        + match(positive(c), alias + ".props[" + literal(key) + "]") + ")");
            };
            case Dimension.Goal g -> goalCondition(c, alias);
            case Dimension.Time t -> throw new IllegalArgumentException("time is not filterable");
        };
    }

    /** A goal condition selects goals by name, then holds for events that reach any of them. */
    private String goalCondition(Filter.Condition c, String alias) {
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        any.setEmptyValue("false");
        for (Goal goal : dev.footfall.query.Goals.matching(query.goals(), c)) any.add(reaches(goal, alias));
        return c.op().negated ? "(NOT " + any + ")" : any.toString();
    }

    private static String match(Filter.Condition c, String expr) {
        String subject = c.caseSensitive() ? expr : "lower(" + expr + ")";
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        for (String value : c.values()) {
            String v = literal(c.caseSensitive() ? value : value.toLowerCase(java.util.Locale.ROOT));
            any.add(switch (c.op()) {
                case IS, IS_NOT -> subject + " = " + v;
                case CONTAINS, CONTAINS_NOT -> "contains(" + subject + ", " + v + ")";
                case MATCHES, MATCHES_NOT -> c.caseSensitive() ? "regexp_matches(" + expr + ", " + literal(value) + ")"
                        : "regexp_matches(" + expr + ", " + literal(value) + ", 'i')";
            });
        }
        return c.op().negated ? "(NOT " + any + ")" : any.toString();
    }

    private static Filter.Condition positive(Filter.Condition c) {
        Filter.Operator op = switch (c.op()) {
            case IS_NOT -> Filter.Operator.IS;
            case CONTAINS_NOT -> Filter.Operator.CONTAINS;
            case MATCHES_NOT -> Filter.Operator.MATCHES;
            default -> c.op();
        };
        return new Filter.Condition(op, c.dimension(), c.values(), c.caseSensitive());
    }

    private static String negate(Filter.Condition c, String positive) {
        return c.op().negated ? "(NOT " + positive + ")" : positive;
    }

    private static String join(List<Filter> filters, String op, java.util.function.Function<Filter, String> render) {
        StringJoiner j = new StringJoiner(op, "(", ")");
        for (Filter f : filters) j.add(render.apply(f));
        return j.toString();
    }

    // --- literals ---------------------------------------------------------------------------

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String nullableLiteral(String s) {
        return s == null ? "NULL" : literal(s);
    }

    private static String timestamp(Instant instant) {
        return "TIMESTAMP '" + LocalDateTime.ofInstant(instant, ZoneOffset.UTC) + "'";
    }
}
