package dev.footfall.store.sql;

import dev.footfall.query.Dimension.Granularity;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * What differs between the SQL engines that answer Stats queries: literals and their escaping,
 * casts, aggregates, string and pattern functions, time arithmetic and formatting. The statement
 * builders of this package plan the same statement for every engine and write each such piece
 * through a dialect.
 *
 * <p>Every method returns SQL text; arguments named {@code expr}, {@code column} or
 * {@code condition} are SQL expressions, the others are plain values the dialect turns into
 * literals itself.
 */
public interface SqlDialect {

    // --- literals ---------------------------------------------------------------------------

    /** A string literal holding exactly {@code value}; a value no literal can hold (NUL) is refused. */
    String literal(String value);

    /** A string literal, or NULL. */
    default String nullableLiteral(String value) {
        return value == null ? "NULL" : literal(value);
    }

    /** A UTC instant as the stored raw timestamps (UTC wall-clock, no zone) compare with it. */
    String timestamp(Instant instant);

    /** A wall-clock time in the site's timezone, as rollup buckets and local times compare with it. */
    String localTimestamp(LocalDateTime localTime);

    // --- casts ------------------------------------------------------------------------------

    /** A sum or count as a 64-bit integer. */
    String bigint(String expr);

    /** A number as a double, so dividing it is not integer division. */
    String toDouble(String expr);

    /** A boolean as 0 or 1. */
    String booleanAsInteger(String expr);

    // --- aggregates -------------------------------------------------------------------------

    /** The number of distinct non-null values (exact). */
    String countDistinct(String expr);

    /** The number of rows satisfying the condition. */
    String countWhere(String condition);

    /** The greatest value among the rows satisfying the condition. */
    String maxWhere(String expr, String condition);

    /** Any one of the group's values: for columns equal on every row of the group. */
    String anyValue(String expr);

    /** The value on the group's row where {@code by} is greatest. */
    String argMax(String expr, String by);

    /** The number of rows of the whole result, on every row (a window over the result). */
    String totalRows();

    // --- strings and patterns ---------------------------------------------------------------

    String lower(String expr);

    /** Whether {@code expr} contains {@code needle} as plain text: no character of it is a wildcard. */
    String contains(String expr, String needle);

    /** Whether {@code regex} (RE2 syntax) matches somewhere in {@code expr}. */
    String regexFind(String expr, String regex, boolean caseSensitive);

    /** Whether the regex in {@code regexExpr}, an expression, matches the whole of {@code expr}. */
    String regexFullMatch(String expr, String regexExpr);

    /** The value {@code table} maps {@code expr} to; {@code expr} itself where the table lacks it. */
    String lookup(String expr, Map<String, String> table);

    /**
     * The {@code valueColumn} of {@code table}'s row whose {@code keyColumn} is {@code expr};
     * {@code expr} itself where the table has no such row.
     */
    String lookupTable(String expr, String table, String keyColumn, String valueColumn);

    /** The value of {@code key} in a string map column, NULL where the map lacks the key. */
    String mapValue(String mapColumn, String key);

    // --- time -------------------------------------------------------------------------------

    /** A timestamp moved by a number of seconds: local time where the UTC offset is fixed. */
    String plusSeconds(String expr, int seconds);

    /** A stored UTC timestamp as wall-clock time in {@code zone}. */
    String atZone(String expr, ZoneId zone);

    /** The date of a timestamp. */
    String date(String expr);

    /** A timestamp truncated to the start of its minute, hour, ISO week (Monday) or month. */
    String truncate(Granularity unit, String expr);

    /** The later of two timestamps. */
    String greatest(String expr, String other);

    /** A timestamp as text, "2024-01-31 10:00:00". */
    String formatDateTime(String expr);

    /** A timestamp's date as text, "2024-01-31". */
    String formatDate(String expr);

    // --- relations --------------------------------------------------------------------------

    /**
     * A relation of string (or NULL) columns written inline, as {@code alias}: each row holds one
     * expression per column. With no rows it is empty and still has the columns.
     */
    String inlineTable(String alias, List<String> columns, List<List<String>> rows);
}
