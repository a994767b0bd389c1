package dev.footfall.store.sql;

import dev.footfall.plan.Part;
import dev.footfall.query.Dimension;
import dev.footfall.query.StatsQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A part of the plan read from the raw tables: the part's rows of the site, filtered, grouped by
 * the query's dimensions (labelled as the API shows them) and summed into {@link Partial}s. One
 * kind per table the subjects are counted from.
 */
abstract sealed class RawPart permits RawEventsPart, RawVisitsPart {
    final StatsQuery query;
    final SqlDialect sql;
    final SiteRows rows;
    final TimeBuckets time;
    final WhereBuilder where;
    final Columns columns;

    RawPart(StatsQuery query, SqlDialect sql, SiteRows rows, TimeBuckets time, WhereBuilder where) {
        this.query = query;
        this.sql = sql;
        this.rows = rows;
        this.time = time;
        this.where = where;
        this.columns = new Columns(sql);
    }

    /** A dimension's label on one row of this part's table. */
    abstract String dimension(Dimension d, Part part);

    /** Adds the dimension columns d0..dn; returns their names to group by. */
    List<String> dimensions(StringJoiner select, Part part) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            select.add(dimension(query.dimensions().get(i), part) + " AS " + Groups.name(i));
            groups.add(Groups.name(i));
        }
        return groups;
    }
}
