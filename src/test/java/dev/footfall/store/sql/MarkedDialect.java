package dev.footfall.store.sql;

import dev.footfall.query.Dimension.Granularity;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * A dialect for tests of the engine-neutral parts: every piece a dialect writes comes out as its
 * method's name in capitals, so an expected statement shows which text is the part's own and which
 * the dialect's. Literals are standard SQL (a quote doubled), as the parts' expected text reads best.
 */
final class MarkedDialect implements SqlDialect {
    static final MarkedDialect SQL = new MarkedDialect();

    @Override public String literal(String value) { return "'" + value.replace("'", "''") + "'"; }
    @Override public String timestamp(Instant instant) { return "UTC(" + instant + ")"; }
    @Override public String localTimestamp(LocalDateTime localTime) { return "LOCAL(" + localTime + ")"; }
    @Override public String bigint(String expr) { return "BIGINT(" + expr + ")"; }
    @Override public String toDouble(String expr) { return "DOUBLE(" + expr + ")"; }
    @Override public String booleanAsInteger(String expr) { return "INT(" + expr + ")"; }
    @Override public String countDistinct(String expr) { return "COUNT_DISTINCT(" + expr + ")"; }
    @Override public String countWhere(String condition) { return "COUNT_WHERE(" + condition + ")"; }
    @Override public String maxWhere(String expr, String condition) { return "MAX_WHERE(" + expr + ", " + condition + ")"; }
    @Override public String anyValue(String expr) { return "ANY(" + expr + ")"; }
    @Override public String argMax(String expr, String by) { return "ARG_MAX(" + expr + ", " + by + ")"; }
    @Override public String totalRows() { return "TOTAL_ROWS()"; }
    @Override public String lower(String expr) { return "LOWER(" + expr + ")"; }
    @Override public String contains(String expr, String needle) { return "CONTAINS(" + expr + ", " + literal(needle) + ")"; }
    @Override public String regexFind(String expr, String regex, boolean caseSensitive) {
        return (caseSensitive ? "REGEX(" : "REGEX_I(") + expr + ", " + literal(regex) + ")";
    }
    @Override public String regexFullMatch(String expr, String regexExpr) { return "FULL_MATCH(" + expr + ", " + regexExpr + ")"; }
    @Override public String lookup(String expr, java.util.Map<String, String> table) { return "LOOKUP(" + expr + ", " + table.size() + " entries)"; }
    @Override public String lookupTable(String expr, String table, String keyColumn, String valueColumn) { return "LOOKUP(" + expr + ", " + table + ")"; }
    @Override public String mapValue(String mapColumn, String key) { return "MAP(" + mapColumn + ", " + literal(key) + ")"; }
    @Override public String plusSeconds(String expr, int seconds) { return "PLUS(" + expr + ", " + seconds + ")"; }
    @Override public String atZone(String expr, ZoneId zone) { return "AT_ZONE(" + expr + ", " + zone + ")"; }
    @Override public String date(String expr) { return "DATE(" + expr + ")"; }
    @Override public String truncate(Granularity unit, String expr) { return "TRUNC_" + unit + "(" + expr + ")"; }
    @Override public String greatest(String expr, String other) { return "GREATEST(" + expr + ", " + other + ")"; }
    @Override public String formatDateTime(String expr) { return "DATETIME_TEXT(" + expr + ")"; }
    @Override public String formatDate(String expr) { return "DATE_TEXT(" + expr + ")"; }
    @Override public String inlineTable(String alias, List<String> columns, List<List<String>> rows) {
        return "TABLE " + alias + columns + rows;
    }
}
