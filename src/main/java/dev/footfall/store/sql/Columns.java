package dev.footfall.store.sql;

import dev.footfall.query.Attribute;
import dev.footfall.query.Dimension;

import java.util.Arrays;
import java.util.List;

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
     * The visit properties every row of a visit repeats (all but the entry and exit pages), in the
     * order of {@link Attribute}.
     */
    public static final List<Attribute> VISIT_PROPERTIES = Arrays.stream(Attribute.values())
            .filter(a -> a.scope == Attribute.Scope.VISIT && a != Attribute.ENTRY_PAGE && a != Attribute.EXIT_PAGE).toList();

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

    /** A visit property's column, by the same name in the sessions and events tables. */
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
            case REGION -> "region";
            case CITY -> "city";
            default -> throw new IllegalArgumentException(a.apiName + " is not a visit property");
        };
    }

    /** A visit property of the rows of {@code alias} as the API labels it. */
    public String visitLabel(Attribute a, String alias) {
        String column = alias + "." + visit(a);
        return switch (a) {
            case SOURCE, REFERRER -> orLabel(column, DIRECT);
            case UTM_MEDIUM, UTM_SOURCE, UTM_CAMPAIGN, UTM_CONTENT, UTM_TERM, DEVICE, BROWSER, BROWSER_VERSION, OS, OS_VERSION ->
                    orLabel(column, NOT_SET);
            default -> column;
        };
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
