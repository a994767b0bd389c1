package dev.footfall.store.sql;

import dev.footfall.plan.Part;
import dev.footfall.query.Attribute;
import dev.footfall.query.Dimension;
import dev.footfall.query.Filters;
import dev.footfall.query.StatsQuery;

import java.util.List;
import java.util.StringJoiner;

/**
 * A raw part of the visits subject, read from the sessions table: visits that started in the
 * part, counted per group by {@code sum(sign * x)} over their append-only rows (see
 * {@link CollapsedVisits}), or from each visit's collapsed row where the exit page is involved.
 */
final class RawVisitsPart extends RawPart {
    RawVisitsPart(StatsQuery query, SqlDialect sql, SiteRows rows, TimeBuckets time, WhereBuilder where) {
        super(query, sql, rows, time, where);
    }

    /** Visits: partial sums per group (and local day, for distinct counts). */
    String visits(List<Partial> partials, Part part) {
        StringJoiner select = new StringJoiner(", ");
        List<String> groups = dimensions(select, part);
        // A bounce rate counts only the visits that entered on a top-level event:page filter's page.
        String entering = Filters.firstTopLevel(query.filter(), new Dimension.Of(Attribute.PAGE))
                .map(c -> " * " + sql.booleanAsInteger(where.entryPage(c))).orElse("");
        for (Partial p : partials) {
            select.add(switch (p) {
                case VISITORS -> sql.countDistinct("s.visitor_id");
                case VISITS -> sql.bigint("sum(s.sign)");
                case PAGEVIEWS -> sql.bigint("sum(s.sign * s.pageviews)");
                case BOUNCES -> sql.bigint("sum(s.sign * " + sql.booleanAsInteger("s.is_bounce") + entering + ")");
                case BOUNCE_VISITS -> sql.bigint("sum(s.sign" + entering + ")");
                case DURATION -> sql.bigint("sum(s.sign * s.duration_s)");
                default -> throw new IllegalArgumentException(p + " of visits");
            } + " AS " + p.column);
        }
        time.perDay(part, "s.started").ifPresent(groups::add);
        RawRange started = rows.sessionsStarted(part.interval());
        // The exit page and its host are the properties that need each visit's latest row.
        String from = usesExitPage() ? "(" + new CollapsedVisits(sql).counters(started) + ") s" : started.relation() + " s";
        StringBuilder visits = new StringBuilder("SELECT ").append(select).append(" FROM ").append(from)
                .append(" WHERE ").append(started.where("s", "started"));
        query.filter().ifPresent(f -> visits.append(" AND ").append(where.onVisits(f)));
        return visits + Groups.groupBy(groups);
    }

    @Override
    String dimension(Dimension d, Part part) {
        return switch (d) {
            // Plausible: visit metrics "of a page" (host) are those of visits that entered on it.
            case Dimension.Of(Attribute a) -> columns.visitLabel(Columns.entryOf(d).orElse(a), "s");
            case Dimension.Time t -> time.label(t.granularity(), time.localTime(part, "s.started"));
            case Dimension.Goal g -> throw new IllegalArgumentException("event:goal on visits");
            case Dimension.Prop p -> throw new IllegalArgumentException("event:props on visits");
        };
    }

    private boolean usesExitPage() {
        return query.dimensions().stream().anyMatch(RawVisitsPart::ofLatestRow)
                || query.filter().map(f -> Filters.anyCondition(f, c -> ofLatestRow(c.dimension()))).orElse(false);
    }

    private static boolean ofLatestRow(Dimension d) {
        return d instanceof Dimension.Of(Attribute a) && Columns.ofLatestRow(a);
    }
}
