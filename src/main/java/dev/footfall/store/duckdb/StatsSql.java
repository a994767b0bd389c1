package dev.footfall.store.duckdb;

import dev.footfall.plan.Part;
import dev.footfall.plan.Plan;
import dev.footfall.plan.RollupKey;
import dev.footfall.plan.Tier;
import dev.footfall.query.Attribute;
import dev.footfall.query.Dimension;
import dev.footfall.query.Filter;
import dev.footfall.query.Filters;
import dev.footfall.query.Metric;
import dev.footfall.query.Order;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.Subject;
import dev.footfall.site.Goal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Writes one DuckDB statement answering a Stats query along its {@link Plan}.
 *
 * <p>A query reads up to three subjects, each grouped by the query's dimensions: <b>events</b>
 * (pageviews and custom events), <b>engagement</b> events (time on page, scroll depth) and
 * <b>visits</b> (the sessions table, whose append-only rows collapse by {@code sum(sign * x)}).
 * Each part of the plan, raw or rolled up, yields partial sums per group that add up across
 * parts. The subjects' groups are joined on the dimension values, then ordered and paginated. A filter
 * condition on the other subject's properties becomes a semi-join on the session id: a visit
 * passes an event condition when one of its events in the range does, and an event passes a
 * visit condition when its visit does. Literals are inlined (escaped) so meta.explain shows a
 * statement that can be pasted into the DuckDB shell.
 *
 * <p>Every raw read names its relation through {@link RawTables}, so months moved to the cold
 * archive are read from their Parquet files; where none overlaps, the statement reads the hot
 * tables alone.
 */
final class StatsSql {
    /** Plausible's label for visits without a referrer. */
    static final String DIRECT = "Direct / None";
    /** Plausible's label for an empty UTM tag or an unrecognised client. */
    static final String NOT_SET = "(not set)";

    private final StatsQuery query;
    private final Plan plan;
    private final String site;
    private final String from;
    private final String until;
    private final RawTables raw;

    StatsSql(StatsQuery query, Plan plan, RawTables raw) {
        this.query = query;
        this.plan = plan;
        this.raw = raw;
        this.site = literal(query.site().domain());
        this.from = timestamp(query.interval().from());
        this.until = timestamp(query.interval().until());
    }

    /** The statement; its columns are d0..dn (labels), then one per metric, then total_rows. */
    String statement() {
        boolean eventScoped = Subject.eventScoped(query);
        Map<Subject, Set<Metric>> subjects = Subject.split(query);

        int dims = query.dimensions().size();
        StringBuilder sql = new StringBuilder("WITH ");
        StringJoiner ctes = new StringJoiner(",\n");
        subjects.forEach((subject, metrics) -> ctes.add(cte(subject) + " AS (" + subjectQuery(subject, metrics) + ")"));
        String dimList = dimColumns("");
        if (dims > 0) {
            StringJoiner keys = new StringJoiner(" UNION ");
            for (Subject s : subjects.keySet()) keys.add("SELECT " + dimList + " FROM " + cte(s));
            ctes.add("groups AS (" + keys + ")");
        } else {
            ctes.add("groups AS (SELECT 1 AS one)");
        }
        sql.append(ctes).append("\nSELECT ");
        StringJoiner select = new StringJoiner(", ");
        for (int i = 0; i < dims; i++) select.add("groups.d" + i);
        for (Metric m : query.metrics()) {
            String column = cte(Subject.of(m, eventScoped)) + "." + m.apiName;
            // Counts and visit averages are 0 where there is nothing to count (Plausible's zeros);
            // engagement averages stay null: no engagement is not zero engagement.
            boolean zeroWhenEmpty = m.source != Metric.Source.ENGAGEMENT;
            select.add(zeroWhenEmpty ? "coalesce(" + column + ", 0) AS " + m.apiName : column + " AS " + m.apiName);
        }
        select.add("count(*) OVER () AS total_rows");
        sql.append(select).append("\nFROM groups");
        for (Subject s : subjects.keySet()) {
            sql.append(dims > 0 ? " LEFT JOIN " + cte(s) + " USING (" + dimList + ")" : " CROSS JOIN " + cte(s));
        }
        sql.append("\nORDER BY ").append(orderBy());
        if (query.limit() > 0) sql.append("\nLIMIT ").append(query.limit());
        if (query.offset() > 0) sql.append(" OFFSET ").append(query.offset());
        return sql.toString();
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

    /**
     * A subject's metrics grouped by the query's dimensions: each part of the plan yields partial
     * sums (per local day where a distinct count is involved), which add up across parts and days.
     */
    private String subjectQuery(Subject subject, Set<Metric> metrics) {
        List<String> partials = partials(subject, metrics);
        StringJoiner parts = new StringJoiner("\n  UNION ALL ");
        for (Part part : plan.parts()) {
            parts.add(part.tier() == Tier.RAW ? rawPart(subject, partials, part) : rollupPart(subject, partials, part));
        }
        StringJoiner select = new StringJoiner(", ");
        String dimList = dimColumns("");
        if (!dimList.isEmpty()) select.add(dimList);
        for (Metric m : metrics) select.add(combined(m) + " AS " + m.apiName);
        return "SELECT " + select + " FROM (" + parts + ") p" + (dimList.isEmpty() ? "" : " GROUP BY " + dimList);
    }

    /** The partial sums a subject's metrics are made of, named as in every part's columns. */
    private static List<String> partials(Subject subject, Set<Metric> metrics) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Metric m : metrics) {
            names.addAll(switch (m) {
                case VISITORS -> List.of("visitors");
                case VISITS -> List.of("visits");
                case PAGEVIEWS -> List.of("pageviews");
                case EVENTS -> List.of("events");
                case VIEWS_PER_VISIT -> List.of("pageviews", "visits");
                case BOUNCE_RATE -> List.of("bounces", "visits");
                case VISIT_DURATION -> List.of("duration", "visits");
                case SCROLL_DEPTH -> List.of("scroll_sum", "scroll_visits");
                case TIME_ON_PAGE -> List.of("engaged_ms", "engaged_visits");
                default -> throw new IllegalArgumentException(m.apiName + " on " + subject);
            });
        }
        return List.copyOf(names);
    }

    /** A metric from its partial sums over all parts. */
    private static String combined(Metric m) {
        return switch (m) {
            case VISITORS, VISITS, PAGEVIEWS, EVENTS -> "sum(" + m.apiName + ")::BIGINT";
            case VIEWS_PER_VISIT -> "sum(pageviews)::DOUBLE / nullif(sum(visits), 0)";
            case BOUNCE_RATE -> "100.0 * sum(bounces) / nullif(sum(visits), 0)";
            case VISIT_DURATION -> "sum(duration)::DOUBLE / nullif(sum(visits), 0)";
            // Scroll depth: the average over visits of their deepest scroll; time on page:
            // engaged seconds per visit with engagement.
            case SCROLL_DEPTH -> "sum(scroll_sum)::DOUBLE / nullif(sum(scroll_visits), 0)";
            case TIME_ON_PAGE -> "sum(engaged_ms)::DOUBLE / sum(engaged_visits) / 1000.0";
            default -> throw new IllegalArgumentException(m.apiName);
        };
    }

    // --- rollup parts -----------------------------------------------------------------------

    private String rollupPart(Subject subject, List<String> partials, Part part) {
        RollupKey key = plan.keys().get(subject);
        String table = switch (part.tier()) {
            case HOUR -> DuckDbRollups.HOUR_TABLE;
            case DAY -> DuckDbRollups.DAY_TABLE;
            case MONTH -> DuckDbRollups.MONTH_TABLE;
            case RAW -> throw new IllegalArgumentException("raw part");
        };
        StringJoiner select = new StringJoiner(", ");
        for (int i = 0; i < query.dimensions().size(); i++) {
            select.add((query.dimensions().get(i) instanceof Dimension.Time t ? timeLabel(t.granularity(), "r.bucket") : "r.value") + " AS d" + i);
        }
        for (String p : partials) select.add("r." + DuckDbRollups.column(subject, p) + " AS " + p);
        StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM ").append(table).append(" r WHERE r.site = ")
                .append(site).append(" AND r.bucket >= ").append(local(part.interval().start())).append(" AND r.bucket < ")
                .append(local(part.interval().end())).append(" AND r.dim = ").append(literal(key.dimension()));
        key.value().ifPresent(v -> sql.append(" AND r.value = ").append(literal(v)));
        // A group exists for a subject where that subject counted something.
        return sql.append(" AND r.").append(DuckDbRollups.presence(subject)).append(" > 0").toString();
    }

    private static String local(java.time.ZonedDateTime t) {
        return "TIMESTAMP '" + t.toLocalDateTime() + "'";
    }

    // --- raw parts --------------------------------------------------------------------------

    private String rawPart(Subject subject, List<String> partials, Part part) {
        return switch (subject) {
            case EVENTS -> eventsPart(partials, part);
            case ENGAGEMENT -> engagementPart(partials, part);
            case VISITS -> visitsPart(partials, part);
        };
    }

    /**
     * Local wall-clock time of a stored UTC timestamp: plain arithmetic where the part has one
     * offset, a timezone lookup per row only on the days the clocks change.
     */
    private String localTime(Part part, String column) {
        return part.fixedOffset()
                .map(o -> o.getTotalSeconds() == 0 ? column : "(" + column + " + INTERVAL '" + o.getTotalSeconds() + " seconds')")
                .orElse("timezone(" + literal(query.site().timezone().getId()) + ", " + column + "::TIMESTAMPTZ)");
    }

    /** The extra grouping that makes distinct counts per local day, unless the part is within one day. */
    private String perDay(Part part, String column) {
        return part.withinOneDay() ? "" : "CAST(" + localTime(part, column) + " AS DATE)";
    }

    private String eventsPart(List<String> partials, Part part) {
        StringJoiner select = new StringJoiner(", ");
        List<String> groups = eventDimensions(select, part);
        for (String p : partials) {
            select.add(switch (p) {
                case "visitors" -> "count(DISTINCT e.visitor_id)";
                case "visits" -> "count(DISTINCT e.session_id)";
                case "pageviews" -> "count(*) FILTER (WHERE e.name = 'pageview')";
                case "events" -> "count(*)";
                default -> throw new IllegalArgumentException(p);
            } + " AS " + p);
        }
        String day = perDay(part, "e.ts");
        if (!day.isEmpty()) groups.add(day);
        return "SELECT " + select + eventsFrom("e.name <> 'engagement'", part) + groupBy(groups);
    }

    /** Engagement is first reduced to one row per visit, group and day: its deepest scroll and summed time. */
    private String engagementPart(List<String> partials, Part part) {
        StringJoiner inner = new StringJoiner(", ");
        List<String> innerGroups = eventDimensions(inner, part);
        inner.add("e.session_id AS sid").add("max(e.scroll_depth) FILTER (WHERE e.scroll_depth <= 100) AS depth")
                .add("sum(e.engagement_ms) AS engaged_ms");
        innerGroups.add("sid");
        String day = perDay(part, "e.ts");
        if (!day.isEmpty()) innerGroups.add(day);
        StringJoiner outer = new StringJoiner(", ");
        String dimList = dimColumns("");
        if (!dimList.isEmpty()) outer.add(dimList);
        for (String p : partials) {
            outer.add(switch (p) {
                case "scroll_sum" -> "sum(depth)";
                case "scroll_visits" -> "count(depth)";
                case "engaged_ms" -> "sum(engaged_ms)";
                case "engaged_visits" -> "count(*)";
                default -> throw new IllegalArgumentException(p);
            } + " AS " + p);
        }
        return "SELECT " + outer + " FROM (SELECT " + inner + eventsFrom("e.name = 'engagement'", part)
                + groupBy(innerGroups) + ")" + (dimList.isEmpty() ? "" : " GROUP BY " + dimList);
    }

    /** Adds the dimension columns for an events subject; returns the group-by names. */
    private List<String> eventDimensions(StringJoiner select, Part part) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            select.add(eventDimension(query.dimensions().get(i), part) + " AS d" + i);
            groups.add("d" + i);
        }
        return groups;
    }

    private String eventsFrom(String kind, Part part) {
        StringBuilder sql = new StringBuilder(" FROM " + raw.events(part.interval().from(), part.interval().until()) + " e");
        if (query.dimensions().stream().anyMatch(d -> d instanceof Dimension.Goal)) {
            sql.append(" JOIN ").append(goalTable()).append(" ON ").append(goalMatch("e", "g"));
        }
        if (needsVisitOfEvent()) {
            sql.append(" JOIN (").append(visitOfEvent()).append(") va ON va.session_id = e.session_id");
        }
        sql.append(" WHERE e.site = ").append(site).append(" AND e.ts >= ").append(timestamp(part.interval().from()))
                .append(" AND e.ts < ").append(timestamp(part.interval().until())).append(" AND ").append(kind);
        query.filter().ifPresent(f -> sql.append(" AND ").append(onEvents(f)));
        return sql.toString();
    }

    private String visitsPart(List<String> partials, Part part) {
        StringJoiner select = new StringJoiner(", ");
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            select.add(visitDimension(query.dimensions().get(i), part) + " AS d" + i);
            groups.add("d" + i);
        }
        for (String p : partials) {
            select.add(switch (p) {
                case "visitors" -> "count(DISTINCT s.visitor_id)";
                case "visits" -> "sum(s.sign)::BIGINT";
                case "pageviews" -> "sum(s.sign * s.pageviews)::BIGINT";
                case "bounces" -> "sum(s.sign * s.is_bounce::INTEGER)::BIGINT";
                case "duration" -> "sum(s.sign * s.duration_s)::BIGINT";
                default -> throw new IllegalArgumentException(p);
            } + " AS " + p);
        }
        String day = perDay(part, "s.started");
        if (!day.isEmpty()) groups.add(day);
        String partFrom = timestamp(part.interval().from());
        String partUntil = timestamp(part.interval().until());
        StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM ");
        // Rows of one visit differ only in their counters and exit page, which sum(sign * x)
        // collapses; the exit page is the one thing that needs each visit's latest row.
        Instant start = part.interval().from();
        Instant end = part.interval().until();
        sql.append(usesExitPage() ? "(" + collapsedVisits(raw.sessionsStarted(start, end), partFrom, partUntil) + ") s"
                : raw.sessionsStarted(start, end) + " s");
        sql.append(" WHERE s.site = ").append(site).append(" AND s.started >= ").append(partFrom)
                .append(" AND s.started < ").append(partUntil);
        query.filter().ifPresent(f -> sql.append(" AND ").append(onVisits(f)));
        return sql + groupBy(groups);
    }

    private static String groupBy(List<String> groups) {
        return groups.isEmpty() ? "" : " GROUP BY " + String.join(", ", groups);
    }

    private boolean usesExitPage() {
        boolean inDims = query.dimensions().stream()
                .anyMatch(d -> d instanceof Dimension.Of(Attribute a) && a == Attribute.EXIT_PAGE);
        return inDims || query.filter().map(f -> Filters.anyCondition(f, c -> c.dimension().equals(new Dimension.Of(Attribute.EXIT_PAGE)))).orElse(false);
    }

    private String collapsedVisits(String sessions, String partFrom, String partUntil) {
        return "SELECT site, session_id, any_value(visitor_id) AS visitor_id, 1 AS sign, any_value(started) AS started, "
                + "any_value(entry_page) AS entry_page, arg_max(exit_page, version) AS exit_page, "
                + VISIT_COLUMNS.replace("%s", "any_value") + ", "
                + "sum(sign * pageviews) AS pageviews, sum(sign * duration_s) AS duration_s, "
                + "sum(sign * is_bounce::INTEGER) > 0 AS is_bounce "
                + "FROM " + sessions + " WHERE site = " + site + " AND started >= " + partFrom + " AND started < " + partUntil
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
                + " FROM " + raw.sessionsActive(query.interval().from(), query.interval().until()) + " WHERE site = " + site
                + " AND last_seen >= " + from + " AND started < " + until
                + " GROUP BY session_id";
    }

    private boolean needsVisitOfEvent() {
        return query.dimensions().stream().anyMatch(d -> d instanceof Dimension.Of(Attribute a) && a.scope == Attribute.Scope.VISIT)
                || query.filter().map(f -> Filters.anyCondition(f, c -> !c.dimension().eventScoped())).orElse(false);
    }

    // --- dimensions -------------------------------------------------------------------------

    private String eventDimension(Dimension d, Part part) {
        return switch (d) {
            case Dimension.Of(Attribute a) -> a.scope == Attribute.Scope.EVENT ? eventColumn(a, "e") : visitLabel(a, "va");
            case Dimension.Goal g -> "g.name";
            case Dimension.Prop(String key) -> propValue("e", key);
            case Dimension.Time t -> timeLabel(t.granularity(), localTime(part, "e.ts"));
        };
    }

    private String visitDimension(Dimension d, Part part) {
        return switch (d) {
            case Dimension.Of(Attribute a) -> visitLabel(a == Attribute.PAGE ? Attribute.ENTRY_PAGE : a, "s");
            case Dimension.Time t -> timeLabel(t.granularity(), localTime(part, "s.started"));
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
    static String visitLabel(Attribute a, String alias) {
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

    /** Buckets of local wall-clock time ({@code local}), so DST days have 23 or 25 hours. */
    private String timeLabel(Dimension.Granularity g, String local) {
        return switch (g) {
            case MINUTE -> "strftime(date_trunc('minute', " + local + "), '%Y-%m-%d %H:%M:%S')";
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
                    ? "s.session_id IN (SELECT x.session_id FROM " + raw.events(query.interval().from(), query.interval().until())
                    + " x WHERE x.site = " + site + " AND x.ts >= " + from
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
        if ((c.op() == Filter.Operator.IS || c.op() == Filter.Operator.IS_NOT) && c.values().size() > 1) {
            // One IN list, not an OR per value: the engine plans a long OR chain in time that grows
            // faster than its length (1,000 terms took 0.75 s), an IN list in milliseconds.
            StringJoiner in = new StringJoiner(", ", subject + " IN (", ")");
            for (String value : c.values()) in.add(literal(c.caseSensitive() ? value : value.toLowerCase(java.util.Locale.ROOT)));
            return c.op().negated ? "(NOT (" + in + "))" : "(" + in + ")";
        }
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

    static String timestamp(Instant instant) {
        return "TIMESTAMP '" + LocalDateTime.ofInstant(instant, ZoneOffset.UTC) + "'";
    }
}
