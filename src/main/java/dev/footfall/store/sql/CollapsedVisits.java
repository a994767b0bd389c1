package dev.footfall.store.sql;

import java.util.StringJoiner;

/**
 * A visit's session rows collapsed into one. The sessions table is append-only: a change appends
 * a -1 row cancelling the previous state and a +1 row with the new one. Rows of one visit differ
 * only in their counters, which {@code sum(sign * x)} collapses, and in the exit page and its host,
 * which are those of the visit's latest row (highest version).
 */
public final class CollapsedVisits {
    private final SqlDialect sql;

    public CollapsedVisits(SqlDialect sql) {
        this.sql = sql;
    }

    /**
     * The properties of every visit active in the range, by session id, for events grouped or
     * filtered by them. A visit's latest row has its latest activity, so the last_seen bound never
     * drops the row that carries the exit page.
     */
    String properties(RawRange active) {
        return "SELECT session_id, " + pages() + ", " + visitProperties()
                + " FROM " + active.relation() + " WHERE site = " + active.site()
                + " AND last_seen >= " + active.from() + " AND started < " + active.until()
                + " GROUP BY session_id";
    }

    /**
     * Each visit that started in the range as one row of the sessions table's columns: its
     * properties, its summed counters and a sign of 1.
     */
    String counters(RawRange started) {
        return "SELECT site, session_id, " + sql.anyValue("visitor_id") + " AS visitor_id, 1 AS sign, "
                + sql.anyValue("started") + " AS started, " + pages() + ", " + visitProperties() + ", "
                + "sum(sign * pageviews) AS pageviews, sum(sign * duration_s) AS duration_s, "
                + "sum(sign * " + sql.booleanAsInteger("is_bounce") + ") > 0 AS is_bounce "
                + "FROM " + started.relation() + " WHERE " + started.where("", "started")
                + " GROUP BY site, session_id";
    }

    /**
     * A visit's pages, as columns of an aggregate over its session rows: the entry page, and the
     * exit page and its host of its latest row (the rollup builder collapses visits with it too).
     */
    public String pages() {
        // Rows written before the exit host was stored have none: their visit's entry host stands in.
        return sql.anyValue("entry_page") + " AS entry_page, " + sql.argMax("exit_page", "version") + " AS exit_page, "
                + sql.argMax("coalesce(exit_hostname, hostname)", "version") + " AS exit_hostname";
    }

    private String visitProperties() {
        StringJoiner columns = new StringJoiner(", ");
        for (var a : Columns.VISIT_PROPERTIES) columns.add(sql.anyValue(Columns.visit(a)) + " AS " + Columns.visit(a));
        return columns.toString();
    }
}
