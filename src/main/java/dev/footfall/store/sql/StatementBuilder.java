package dev.footfall.store.sql;

import dev.footfall.plan.Part;
import dev.footfall.plan.Plan;
import dev.footfall.plan.Tier;
import dev.footfall.query.Metric;
import dev.footfall.query.Order;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.Subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Writes the one statement answering a Stats query along its {@link Plan}.
 *
 * <p>A query reads up to three subjects, each grouped by the query's dimensions: <b>events</b>
 * (pageviews and custom events), <b>engagement</b> events (time on page, scroll depth) and
 * <b>visits</b> (the sessions table, whose append-only rows collapse by {@code sum(sign * x)}).
 * Each part of the plan, raw ({@link RawEventsPart}, {@link RawVisitsPart}) or rolled up
 * ({@link RollupPart}), yields {@link Partial} sums per group that add up across parts. The
 * subjects' groups are joined on the dimension values, then ordered and paginated. Filters are
 * {@link WhereBuilder}'s. Literals are inlined (escaped by the dialect) so meta.explain shows a
 * statement that can be pasted into the engine's shell.
 */
public final class StatementBuilder {
    private final StatsQuery query;
    private final Plan plan;
    private final SqlDialect sql;
    private final RawEventsPart rawEvents;
    private final RawVisitsPart rawVisits;
    private final RollupPart rollup;

    /** @param relations where this statement reads the site's rows, read in the transaction that runs it */
    public StatementBuilder(StatsQuery query, Plan plan, SqlDialect sql, Relations relations) {
        this.query = query;
        this.plan = plan;
        this.sql = sql;
        SiteRows rows = new SiteRows(sql, relations, query.site().domain());
        TimeBuckets time = new TimeBuckets(sql, query.site().timezone(), query.interval().start());
        WhereBuilder where = new WhereBuilder(sql, query.goals(), () -> rows.events(query.interval()), query.dimensions());
        this.rawEvents = new RawEventsPart(query, sql, rows, time, where);
        this.rawVisits = new RawVisitsPart(query, sql, rows, time, where);
        this.rollup = new RollupPart(sql, relations, query.site().domain(), query.dimensions(), plan.keys(), time);
    }

    /** The statement; its columns are d0..dn (labels), then one per metric, then total_rows. */
    public String statement() {
        boolean eventScoped = Subject.eventScoped(query);
        Map<Subject, Set<Metric>> subjects = Subject.split(query);
        int dims = query.dimensions().size();
        String groups = Groups.names(dims);

        StringJoiner ctes = new StringJoiner(",\n");
        subjects.forEach((subject, metrics) -> ctes.add(cte(subject) + " AS (" + subjectQuery(subject, metrics) + ")"));
        if (dims > 0) {
            StringJoiner keys = new StringJoiner(" UNION ");
            for (Subject s : subjects.keySet()) keys.add("SELECT " + groups + " FROM " + cte(s));
            ctes.add("groups AS (" + keys + ")");
        } else {
            ctes.add("groups AS (SELECT 1 AS one)");
        }
        StringJoiner select = new StringJoiner(", ");
        for (int i = 0; i < dims; i++) select.add("groups." + Groups.name(i));
        for (Metric m : query.metrics()) {
            String column = cte(Subject.of(m, eventScoped)) + "." + m.apiName;
            // Counts and visit averages are 0 where there is nothing to count (Plausible's zeros);
            // engagement averages stay null: no engagement is not zero engagement.
            boolean zeroWhenEmpty = m.source != Metric.Source.ENGAGEMENT;
            select.add(zeroWhenEmpty ? "coalesce(" + column + ", 0) AS " + m.apiName : column + " AS " + m.apiName);
        }
        select.add(sql.totalRows() + " AS total_rows");

        StringBuilder statement = new StringBuilder("WITH ").append(ctes).append("\nSELECT ").append(select).append("\nFROM groups");
        for (Subject s : subjects.keySet()) {
            statement.append(dims > 0 ? " LEFT JOIN " + cte(s) + " USING (" + groups + ")" : " CROSS JOIN " + cte(s));
        }
        statement.append("\nORDER BY ").append(orderBy());
        if (query.limit() > 0) statement.append("\nLIMIT ").append(query.limit());
        if (query.offset() > 0) statement.append(" OFFSET ").append(query.offset());
        return statement.toString();
    }

    private static String cte(Subject s) {
        return switch (s) {
            case EVENTS -> "ev";
            case ENGAGEMENT -> "eng";
            case VISITS -> "vis";
        };
    }

    private String orderBy() {
        StringJoiner order = new StringJoiner(", ");
        List<String> ordered = new ArrayList<>();
        for (Order o : query.orderBy()) {
            int dim = dimensionIndex(o.name());
            String column = dim >= 0 ? Groups.name(dim) : o.name();
            ordered.add(column);
            order.add(column + (o.descending() ? " DESC" : " ASC") + " NULLS LAST");
        }
        for (int i = 0; i < query.dimensions().size(); i++) {
            if (!ordered.contains(Groups.name(i))) order.add(Groups.name(i) + " ASC");
        }
        return order.length() == 0 ? "1" : order.toString();
    }

    private int dimensionIndex(String name) {
        for (int i = 0; i < query.dimensions().size(); i++) {
            if (query.dimensions().get(i).apiName().equals(name)) return i;
        }
        return -1;
    }

    /**
     * A subject's metrics grouped by the query's dimensions: each part of the plan yields partial
     * sums (per local day where a distinct count is involved), which add up across parts and days.
     */
    private String subjectQuery(Subject subject, Set<Metric> metrics) {
        List<Partial> partials = Partial.of(metrics);
        StringJoiner parts = new StringJoiner("\n  UNION ALL ");
        for (Part part : plan.parts()) parts.add(part(subject, partials, part));
        StringJoiner select = new StringJoiner(", ");
        String groups = Groups.names(query.dimensions().size());
        if (!groups.isEmpty()) select.add(groups);
        for (Metric m : metrics) select.add(combined(m) + " AS " + m.apiName);
        return "SELECT " + select + " FROM (" + parts + ") p" + (groups.isEmpty() ? "" : " GROUP BY " + groups);
    }

    private String part(Subject subject, List<Partial> partials, Part part) {
        if (part.tier() != Tier.RAW) return rollup.select(subject, partials, part);
        return switch (subject) {
            case EVENTS -> rawEvents.events(partials, part);
            case ENGAGEMENT -> rawEvents.engagement(partials, part);
            case VISITS -> rawVisits.visits(partials, part);
        };
    }

    /** A metric from its partial sums over all parts. */
    private String combined(Metric m) {
        return switch (m) {
            case VISITORS, VISITS, PAGEVIEWS, EVENTS -> sql.bigint("sum(" + m.apiName + ")");
            case VIEWS_PER_VISIT -> ratio(Partial.PAGEVIEWS, Partial.VISITS);
            case BOUNCE_RATE -> "100.0 * sum(bounces) / nullif(sum(bounce_visits), 0)";
            case VISIT_DURATION -> ratio(Partial.DURATION, Partial.VISITS);
            // Scroll depth: the average over visits of their deepest scroll; time on page:
            // engaged seconds per visit with engagement.
            case SCROLL_DEPTH -> ratio(Partial.SCROLL_SUM, Partial.SCROLL_VISITS);
            case TIME_ON_PAGE -> sql.toDouble("sum(engaged_ms)") + " / sum(engaged_visits) / 1000.0";
            default -> throw new IllegalArgumentException(m.apiName + " is derived above the engine");
        };
    }

    /** The ratio of two partials' totals, NULL where the divisor is 0. */
    private String ratio(Partial dividend, Partial divisor) {
        return sql.toDouble("sum(" + dividend.column + ")") + " / nullif(sum(" + divisor.column + "), 0)";
    }
}
