package dev.footfall.store.sql;

import dev.footfall.plan.Part;
import dev.footfall.plan.RollupKey;
import dev.footfall.query.Attribute;
import dev.footfall.query.Dimension;
import dev.footfall.query.Subject;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A part of the plan read from a rollup tier: the rows of the subject's rollup key over the part's
 * local buckets, each row already a group's partial sums (rollup parts span whole buckets, so no
 * row straddles the part's edges).
 */
final class RollupPart {
    private final SqlDialect sql;
    private final Relations relations;
    private final List<Dimension> dimensions;
    private final Map<Subject, RollupKey> keys;
    private final TimeBuckets time;
    private final String site;

    RollupPart(SqlDialect sql, Relations relations, String domain, List<Dimension> dimensions, Map<Subject, RollupKey> keys,
               TimeBuckets time) {
        this.sql = sql;
        this.relations = relations;
        this.dimensions = dimensions;
        this.keys = keys;
        this.time = time;
        this.site = sql.literal(domain);
    }

    /** The subject's partial sums per group (d0..dn) from the part's tier. */
    String select(Subject subject, List<Partial> partials, Part part) {
        RollupKey key = keys.get(subject);
        StringJoiner select = new StringJoiner(", ");
        for (int i = 0; i < dimensions.size(); i++) {
            select.add(switch (dimensions.get(i)) {
                case Dimension.Time t -> time.label(t.granularity(), "r.bucket");
                // Country names are read from the rows of the country codes (RollupDimensions).
                case Dimension.Of(Attribute a) when a == Attribute.COUNTRY_NAME -> sql.lookup("r.value", CountryNames.ENGLISH);
                case Dimension.Of(Attribute a) when a == Attribute.REGION_NAME -> new Columns(sql).regionName("r.value");
                default -> "r.value";
            } + " AS d" + i);
        }
        for (Partial p : partials) select.add("r." + p.rollupColumn(subject) + " AS " + p.column);
        StringBuilder rows = new StringBuilder("SELECT ").append(select).append(" FROM ").append(relations.rollup(part.tier(), key.pair()))
                .append(" r WHERE r.site = ").append(site)
                .append(" AND r.bucket >= ").append(sql.localTimestamp(part.interval().start().toLocalDateTime()))
                .append(" AND r.bucket < ").append(sql.localTimestamp(part.interval().end().toLocalDateTime()))
                .append(" AND r.dim = ").append(sql.literal(key.dimension()));
        key.value().ifPresent(v -> rows.append(" AND r.value = ").append(sql.literal(v)));
        // A group exists for a subject where that subject counted something.
        return rows.append(" AND r.").append(presence(subject)).append(" > 0").toString();
    }

    /** The column that is positive exactly where a subject counted something in a row's bucket. */
    static String presence(Subject subject) {
        return switch (subject) {
            case EVENTS -> "events";
            case VISITS -> "visits";
            case ENGAGEMENT -> "engaged_visits";
        };
    }
}
