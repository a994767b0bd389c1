package dev.footfall.store.sql;

import dev.footfall.site.Goal;

import java.util.ArrayList;
import java.util.List;

/**
 * Which events reach which goals: an event goal by the event's name, a page goal by a pageview
 * whose path matches the goal's wildcard path. Grouping by goal joins the events to the goals
 * written inline (one event may reach several); a goal filter tests the goals it names inline.
 * Imported history reaches goals the same way, from its daily rows of pages and custom events.
 */
public final class GoalMatch {
    private final SqlDialect sql;

    public GoalMatch(SqlDialect sql) {
        this.sql = sql;
    }

    /** The site's goals as a relation {@code alias(name, event_name, page)}, page a regex. */
    public String table(List<Goal> goals, String alias) {
        List<List<String>> rows = new ArrayList<>();
        for (Goal goal : goals) {
            rows.add(List.of(sql.literal(goal.displayName()),
                    sql.nullableLiteral(goal.type() == Goal.Type.EVENT ? goal.eventName() : null),
                    sql.nullableLiteral(goal.type() == Goal.Type.PAGE ? pageRegex(goal.pagePath()) : null)));
        }
        return sql.inlineTable(alias, List.of("name", "event_name", "page"), rows);
    }

    /** Whether the event row ({@code event}) reaches the goal row ({@code goal}) of {@link #table}. */
    String joins(String event, String goal) {
        return "(" + event + ".name = " + goal + ".event_name OR (" + event + ".name = 'pageview' AND "
                + goal + ".page IS NOT NULL AND " + sql.regexFullMatch(event + ".pathname", goal + ".page") + "))";
    }

    /** Whether the event row ({@code event}) reaches this goal. */
    String reaches(Goal goal, String event) {
        return goal.type() == Goal.Type.EVENT
                ? "(" + event + ".name = " + sql.literal(goal.eventName()) + ")"
                : "(" + event + ".name = 'pageview' AND " + sql.regexFullMatch(event + ".pathname", sql.literal(pageRegex(goal.pagePath()))) + ")";
    }

    /** Plausible's page-goal wildcards as a regex: {@code *} (and {@code **}) match any run of characters. */
    public static String pageRegex(String path) {
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
}
