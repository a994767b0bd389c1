package dev.footfall.store.sql;

import dev.footfall.query.Attribute;
import dev.footfall.query.Dimension;
import dev.footfall.query.Filter;
import dev.footfall.query.Goals;
import dev.footfall.site.Goal;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A query's filter tree as a condition on one row: of the events table (alias {@code e}, its
 * visit's properties joined as {@code va}) or of the sessions table (alias {@code s}). A condition
 * on the other subject's properties becomes a semi-join on the session id: a visit passes an event
 * condition when one of its events in the query's range does, and an event passes a visit
 * condition through its visit's joined properties.
 */
final class WhereBuilder {
    private final SqlDialect sql;
    private final Columns columns;
    private final GoalMatch goalMatch;
    private final List<Goal> goals;
    /** Named only by a behavioural filter: a statement without raw parts never asks which relation holds the events. */
    private final Supplier<RawRange> events;
    private final List<Dimension> dimensions;

    /**
     * @param goals      the site's goals, which goal conditions name
     * @param events     the events of the query's range, which visits' event conditions look for
     * @param dimensions the query's: grouped by event:page or event:hostname, visits read conditions
     *                   on them as their entry page's
     */
    WhereBuilder(SqlDialect sql, List<Goal> goals, Supplier<RawRange> events, List<Dimension> dimensions) {
        this.sql = sql;
        this.columns = new Columns(sql);
        this.goalMatch = new GoalMatch(sql);
        this.goals = goals;
        this.events = events;
        this.dimensions = dimensions;
    }

    /** The filter as a condition on one event row (alias e, its visit's properties as va). */
    String onEvents(Filter f) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> join(all, " AND ", this::onEvents);
            case Filter.Or(List<Filter> any) -> join(any, " OR ", this::onEvents);
            case Filter.Not(Filter inner) -> "(NOT " + onEvents(inner) + ")";
            case Filter.Behavioural b -> behavioural(b, "e");
            case Filter.Condition c -> c.dimension().eventScoped() ? eventCondition(c, "e") : visitConditionOnEvents(c);
        };
    }

    private String visitConditionOnEvents(Filter.Condition c) {
        Attribute a = ((Dimension.Of) c.dimension()).attribute();
        return match(c, columns.visitLabel(a, Columns.carriedByEvents(a) ? "e" : "va"));
    }

    /** The filter as a condition on one visit row (alias s). */
    String onVisits(Filter f) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> join(all, " AND ", this::onVisits);
            case Filter.Or(List<Filter> any) -> join(any, " OR ", this::onVisits);
            case Filter.Not(Filter inner) -> "(NOT " + onVisits(inner) + ")";
            case Filter.Behavioural b -> behavioural(b, "s");
            // Plausible: visits grouped by the page (host) they entered on read conditions on it as on the entry page (host).
            case Filter.Condition c when dimensions.contains(c.dimension()) && Columns.entryOf(c.dimension()).isPresent() ->
                    match(c, columns.visitLabel(Columns.entryOf(c.dimension()).get(), "s"));
            case Filter.Condition c -> c.dimension().eventScoped()
                    ? "s.session_id IN " + sessionsWith(eventCondition(c, "x"))
                    : match(c, columns.visitLabel(((Dimension.Of) c.dimension()).attribute(), "s"));
        };
    }

    /** The session ids with an event (alias x) in the query's range that satisfies {@code condition}. */
    private String sessionsWith(String condition) {
        RawRange events = this.events.get();
        return "(SELECT x.session_id FROM " + events.relation() + " x WHERE " + events.where("x", "ts")
                + " AND x.name <> 'engagement' AND " + condition + ")";
    }

    /** Rows (alias {@code alias}) of the visits that did (did not do) what the behavioural filter's events say. */
    private String behavioural(Filter.Behavioural b, String alias) {
        return "(" + alias + ".session_id " + (b.done() ? "IN " : "NOT IN ") + sessionsWith(onEvent(b.events(), "x")) + ")";
    }

    /** A filter of event conditions only, on one event row (alias {@code alias}). */
    private String onEvent(Filter f, String alias) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> join(all, " AND ", x -> onEvent(x, alias));
            case Filter.Or(List<Filter> any) -> join(any, " OR ", x -> onEvent(x, alias));
            case Filter.Not(Filter inner) -> "(NOT " + onEvent(inner, alias) + ")";
            case Filter.Condition c -> eventCondition(c, alias);
            case Filter.Behavioural b -> throw new IllegalArgumentException("behavioural filters do not nest");
        };
    }

    /**
     * Whether a visit row (alias s) entered on a page satisfying {@code page}, an event:page
     * condition: Plausible reads a top-level page filter as the entry page for bounce rates only.
     */
    String entryPage(Filter.Condition page) {
        return match(page, columns.visitLabel(Attribute.ENTRY_PAGE, "s"));
    }

    private String eventCondition(Filter.Condition c, String alias) {
        return switch (c.dimension()) {
            case Dimension.Of(Attribute a) -> match(c, Columns.event(a, alias));
            case Dimension.Prop(String key) -> switch (c.op()) {
                case IS, IS_NOT -> match(c, columns.propLabel(alias, key));
                // Plausible: a pattern on a property only looks at events that have it.
                default -> negated(c, "(" + columns.prop(alias, key) + " IS NOT NULL AND " + match(positive(c), columns.prop(alias, key)) + ")");
            };
            case Dimension.Goal g -> goalCondition(c, alias);
            case Dimension.Time t -> throw new IllegalArgumentException("time is not filterable");
        };
    }

    /** A goal condition selects goals by name, then holds for events that reach any of them. */
    private String goalCondition(Filter.Condition c, String alias) {
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        any.setEmptyValue("false");
        for (Goal goal : Goals.matching(goals, c)) any.add(goalMatch.reaches(goal, alias));
        return negated(c, any.toString());
    }

    /** Whether {@code expr} satisfies the condition for any of its values (for none, if negated). */
    private String match(Filter.Condition c, String expr) {
        String subject = c.caseSensitive() ? expr : sql.lower(expr);
        if ((c.op() == Filter.Operator.IS || c.op() == Filter.Operator.IS_NOT) && c.values().size() > 1) {
            // One IN list, not an OR per value: DuckDB plans a long OR chain in time that grows
            // faster than its length (1,000 terms took 0.75 s), an IN list in milliseconds.
            StringJoiner in = new StringJoiner(", ", subject + " IN (", ")");
            for (String value : c.values()) in.add(sql.literal(c.caseSensitive() ? value : value.toLowerCase(Locale.ROOT)));
            return negated(c, "(" + in + ")");
        }
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        for (String value : c.values()) {
            String folded = c.caseSensitive() ? value : value.toLowerCase(Locale.ROOT);
            any.add(switch (c.op()) {
                case IS, IS_NOT -> subject + " = " + sql.literal(folded);
                case CONTAINS, CONTAINS_NOT -> sql.contains(subject, folded);
                case MATCHES, MATCHES_NOT -> sql.regexFind(expr, value, c.caseSensitive());
            });
        }
        return negated(c, any.toString());
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

    private static String negated(Filter.Condition c, String positive) {
        return c.op().negated ? "(NOT " + positive + ")" : positive;
    }

    private static String join(List<Filter> filters, String op, Function<Filter, String> render) {
        StringJoiner j = new StringJoiner(op, "(", ")");
        for (Filter f : filters) j.add(render.apply(f));
        return j.toString();
    }
}
