package dev.footfall.store.sql;

import dev.footfall.query.Attribute;
import dev.footfall.query.Dimension;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The raw tables' column for each property, and the label the API shows for it: Plausible shows
 * an empty referrer as "Direct / None", an empty UTM tag or unrecognised client as "(not set)"
 * and a missing custom property as "(none)". Filters compare with labels, so a filter on
 * "Direct / None" finds the visits without a referrer.
 */
public final class Columns {
    /** Plausible's label for visits without a referrer. */
    public static final String DIRECT = "Direct / None";
    /** Plausible's label for an empty UTM tag or an unrecognised client. */
    public static final String NOT_SET = "(not set)";

    /**
     * The visit properties every row of a visit repeats in a column of their own (all but the entry
     * and exit pages and the labels derived from another column), in the order of {@link Attribute}.
     */
    public static final List<Attribute> VISIT_PROPERTIES = Arrays.stream(Attribute.values())
            .filter(a -> a.scope == Attribute.Scope.VISIT && a != Attribute.ENTRY_PAGE && !ofLatestRow(a) && !derived(a)).toList();

    private final SqlDialect sql;

    public Columns(SqlDialect sql) {
        this.sql = sql;
    }

    /** An event property's column of the events table ({@code alias}). */
    public static String event(Attribute a, String alias) {
        return alias + "." + switch (a) {
            case NAME -> "name";
            case PAGE -> "pathname";
            case HOSTNAME -> "hostname";
            default -> throw new IllegalArgumentException(a.apiName + " is not an event property");
        };
    }

    /**
     * Whether every event of a visit carries the visit's value of this property in its own
     * column: those derived from the IP address and user agent, which also make the visitor id
     * (a visit continued across midnight keeps both), so an event's value is its visit's. A
     * condition or group on them reads the event row itself, without joining its visit.
     */
    public static boolean carriedByEvents(Attribute a) {
        return switch (a) {
            case COUNTRY, REGION, CITY, DEVICE, BROWSER, BROWSER_VERSION, OS, OS_VERSION, COUNTRY_NAME, REGION_NAME, CITY_NAME -> true;
            default -> false;
        };
    }

    /** The visit property that stands for an event property when visits are grouped by it ({@link Attribute#entryOf}). */
    public static Optional<Attribute> entryOf(Dimension d) {
        return d instanceof Dimension.Of(Attribute a) ? a.entryOf() : Optional.empty();
    }

    /** Whether a visit property is read from the visit's latest row: it changes as the visit goes on. */
    public static boolean ofLatestRow(Attribute a) {
        return a == Attribute.EXIT_PAGE || a == Attribute.EXIT_PAGE_HOSTNAME;
    }

    /**
     * Whether a visit property is a label computed from other properties' columns: the country's,
     * region's and city's names from their own ({@link #visit} names that column), the channel from the
     * source and UTM tags.
     */
    static boolean derived(Attribute a) {
        return a == Attribute.COUNTRY_NAME || a == Attribute.REGION_NAME || a == Attribute.CITY_NAME || a == Attribute.CHANNEL;
    }

    /**
     * A visit property's column, by the same name in the sessions and events tables (the visit's
     * hostnames are the sessions table's only: an event's own hostname is event:hostname).
     */
    public static String visit(Attribute a) {
        return switch (a) {
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
            case REGION, REGION_NAME -> "region";
            case CITY, CITY_NAME -> "city";
            case COUNTRY_NAME -> "country";
            case ENTRY_PAGE_HOSTNAME -> "hostname";
            case EXIT_PAGE_HOSTNAME -> "exit_hostname";
            default -> throw new IllegalArgumentException(a.apiName + " is not a visit property");
        };
    }

    /** A visit property of the rows of {@code alias} as the API labels it. */
    public String visitLabel(Attribute a, String alias) {
        if (a == Attribute.CHANNEL) return new Channels(sql).label(alias);
        String column = alias + "." + visit(a);
        return switch (a) {
            case SOURCE, REFERRER -> orLabel(column, DIRECT);
            case UTM_MEDIUM, UTM_SOURCE, UTM_CAMPAIGN, UTM_CONTENT, UTM_TERM, DEVICE, BROWSER, BROWSER_VERSION, OS, OS_VERSION ->
                    orLabel(column, NOT_SET);
            case COUNTRY_NAME -> countryName(column);
            case REGION_NAME -> regionName(column);
            default -> column;
        };
    }

    /** A country code's English name. */
    public String countryName(String codeExpr) {
        return sql.lookup(codeExpr, CountryNames.ENGLISH);
    }

    /** A region code's name, from the store's table of them (too long for {@link SqlDialect#lookup}'s inline map). */
    public String regionName(String codeExpr) {
        return sql.lookupTable(codeExpr, RegionNames.TABLE, "code", "name");
    }

    /** A custom property of an event, NULL where the event lacks it. */
    public String prop(String alias, String key) {
        return sql.mapValue(alias + ".props", key);
    }

    /** A custom property as the API labels it: "(none)" where the event lacks it or it is empty. */
    public String propLabel(String alias, String key) {
        String value = prop(alias, key);
        return "CASE WHEN coalesce(" + value + ", '') = '' THEN " + sql.literal(Dimension.Prop.NONE) + " ELSE " + value + " END";
    }

    private String orLabel(String column, String label) {
        return "CASE WHEN " + column + " = '' THEN " + sql.literal(label) + " ELSE " + column + " END";
    }
}
