package dev.footfall.store.sql;

import dev.footfall.plan.Part;
import dev.footfall.query.Attribute;
import dev.footfall.query.Dimension;
import dev.footfall.query.Filters;
import dev.footfall.query.StatsQuery;

import java.util.List;
import java.util.StringJoiner;

/**
 * A raw part of the events and engagement subjects, read from the events table: pageviews and
 * custom events counted per group, engagement events first reduced to one row per visit. Events
 * grouped or filtered by visit properties join their visit's properties ({@code va}); grouped by
 * goal, they join the goals they reach ({@code g}).
 */
final class RawEventsPart extends RawPart {
    private final GoalMatch goals;

    RawEventsPart(StatsQuery query, SqlDialect sql, SiteRows rows, TimeBuckets time, WhereBuilder where) {
        super(query, sql, rows, time, where);
        this.goals = new GoalMatch(sql);
    }

    /** Pageviews and custom events: partial sums per group (and local day, for distinct counts). */
    String events(List<Partial> partials, Part part) {
        StringJoiner select = new StringJoiner(", ");
        List<String> groups = dimensions(select, part);
        for (Partial p : partials) {
            select.add(switch (p) {
                case VISITORS -> sql.countDistinct("e.visitor_id");
                case VISITS -> sql.countDistinct("e.session_id");
                case PAGEVIEWS -> sql.countWhere("e.name = 'pageview'");
                case EVENTS -> "count(*)";
                default -> throw new IllegalArgumentException(p + " of events");
            } + " AS " + p.column);
        }
        time.perDay(part, "e.ts").ifPresent(groups::add);
        return "SELECT " + select + from("e.name <> 'engagement'", part) + Groups.groupBy(groups);
    }

    /** Engagement is first reduced to one row per visit, group and day: its deepest scroll and summed time. */
    String engagement(List<Partial> partials, Part part) {
        StringJoiner perVisit = new StringJoiner(", ");
        List<String> perVisitGroups = dimensions(perVisit, part);
        perVisit.add("e.session_id AS sid").add(sql.maxWhere("e.scroll_depth", "e.scroll_depth <= 100") + " AS depth")
                .add("sum(e.engagement_ms) AS engaged_ms");
        perVisitGroups.add("sid");
        time.perDay(part, "e.ts").ifPresent(perVisitGroups::add);
        StringJoiner select = new StringJoiner(", ");
        String groups = Groups.names(query.dimensions().size());
        if (!groups.isEmpty()) select.add(groups);
        for (Partial p : partials) {
            select.add(switch (p) {
                case SCROLL_SUM -> "sum(depth)";
                case SCROLL_VISITS -> "count(depth)";
                case ENGAGED_MS -> "sum(engaged_ms)";
                case ENGAGED_VISITS -> "count(*)";
                default -> throw new IllegalArgumentException(p + " of engagement");
            } + " AS " + p.column);
        }
        return "SELECT " + select + " FROM (SELECT " + perVisit + from("e.name = 'engagement'", part)
                + Groups.groupBy(perVisitGroups) + ")" + (groups.isEmpty() ? "" : " GROUP BY " + groups);
    }

    @Override
    String dimension(Dimension d, Part part) {
        return switch (d) {
            case Dimension.Of(Attribute a) -> a.scope == Attribute.Scope.EVENT ? Columns.event(a, "e") : columns.visitLabel(a, "va");
            case Dimension.Goal g -> "g.name";
            case Dimension.Prop(String key) -> columns.propLabel("e", key);
            case Dimension.Time t -> time.label(t.granularity(), time.localTime(part, "e.ts"));
        };
    }

    /** The FROM and WHERE clauses: the part's events of one kind that pass the filter, with what they join. */
    private String from(String kind, Part part) {
        RawRange events = rows.events(part.interval());
        StringBuilder from = new StringBuilder(" FROM " + events.relation() + " e");
        if (query.dimensions().stream().anyMatch(d -> d instanceof Dimension.Goal)) {
            from.append(" JOIN ").append(goals.table(query.goals(), "g")).append(" ON ").append(goals.joins("e", "g"));
        }
        if (needsVisitProperties()) {
            RawRange active = rows.sessionsActive(query.interval());
            from.append(" JOIN (").append(new CollapsedVisits(sql).properties(active)).append(") va ON va.session_id = e.session_id");
        }
        from.append(" WHERE ").append(events.where("e", "ts")).append(" AND ").append(kind);
        query.filter().ifPresent(f -> from.append(" AND ").append(where.onEvents(f)));
        return from.toString();
    }

    private boolean needsVisitProperties() {
        return query.dimensions().stream().anyMatch(d -> d instanceof Dimension.Of(Attribute a) && a.scope == Attribute.Scope.VISIT)
                || query.filter().map(f -> Filters.anyCondition(f, c -> !c.dimension().eventScoped())).orElse(false);
    }
}
