package dev.footfall.store.duckdb;

import dev.footfall.query.Dimension.Granularity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import static dev.footfall.store.duckdb.DuckDbDialect.DUCKDB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DuckDB's text for each piece of a statement, and its literals and patterns run on an in-memory DuckDB. */
class DuckDbDialectTest {
    private static Connection duckdb;

    @BeforeAll
    static void open() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    private static String select(String expr) throws SQLException {
        try (Statement st = duckdb.createStatement(); ResultSet rs = st.executeQuery("SELECT " + expr)) {
            rs.next();
            return rs.getString(1);
        }
    }

    // --- literals -----------------------------------------------------------------------------

    @Test
    void aQuoteIsDoubledAndNothingElseIsEscaped() {
        assertThat(DUCKDB.literal("it's")).isEqualTo("'it''s'");
        assertThat(DUCKDB.literal("a\\b\\'c")).isEqualTo("'a\\b\\''c'");
        assertThat(DUCKDB.literal("50%_off")).isEqualTo("'50%_off'");
        assertThat(DUCKDB.literal("żółw 🐢")).isEqualTo("'żółw 🐢'");
        assertThat(DUCKDB.literal("")).isEqualTo("''");
        assertThat(DUCKDB.nullableLiteral(null)).isEqualTo("NULL");
    }

    @Test
    void noLiteralHoldsNul() {
        assertThatThrownBy(() -> DUCKDB.literal("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"it's", "''", "'; DROP TABLE events; --", "a\\b", "\\'", "tab\tnew\nline\rreturn", "żółw 🐢 ℕ", "50%_off",
            "$$dollar$$", "\"double\"", "E'\\x41'"})
    void aLiteralReadsBackAsItsValue(String value) throws SQLException {
        assertThat(select(DUCKDB.literal(value))).isEqualTo(value);
    }

    @Test
    void timestampsAreUtcWallClock() throws SQLException {
        assertThat(DUCKDB.timestamp(Instant.parse("2024-03-31T01:30:00Z"))).isEqualTo("TIMESTAMP '2024-03-31T01:30'");
        assertThat(DUCKDB.localTimestamp(LocalDateTime.of(2024, 1, 2, 3, 4, 5))).isEqualTo("TIMESTAMP '2024-01-02T03:04:05'");
        assertThat(select(DUCKDB.timestamp(Instant.parse("2024-03-31T01:30:00Z")) + "::VARCHAR")).isEqualTo("2024-03-31 01:30:00");
    }

    // --- patterns -----------------------------------------------------------------------------

    @Test
    void containsIsPlainText() throws SQLException {
        assertThat(DUCKDB.contains("e.pathname", "50%_")).isEqualTo("contains(e.pathname, '50%_')");
        assertThat(select(DUCKDB.contains("'/a/50%_off'", "50%_"))).isEqualTo("true");
        assertThat(select(DUCKDB.contains("'/a/5000off'", "50%_"))).isEqualTo("false");
        assertThat(select(DUCKDB.contains("'it''s'", "t's"))).isEqualTo("true");
    }

    @Test
    void regexFindMatchesAnywhereAndIgnoresCaseOnlyIfAsked() throws SQLException {
        assertThat(DUCKDB.regexFind("e.pathname", "^/blog", true)).isEqualTo("regexp_matches(e.pathname, '^/blog')");
        assertThat(DUCKDB.regexFind("e.pathname", "^/blog", false)).isEqualTo("regexp_matches(e.pathname, '^/blog', 'i')");
        assertThat(select(DUCKDB.regexFind("'/docs/blog/1'", "blog/\\d", true))).isEqualTo("true");
        assertThat(select(DUCKDB.regexFind("'/BLOG'", "blog", true))).isEqualTo("false");
        assertThat(select(DUCKDB.regexFind("'/BLOG'", "blog", false))).isEqualTo("true");
        assertThat(select(DUCKDB.regexFind("'it''s'", "t's$", true))).isEqualTo("true");
        assertThat(select(DUCKDB.regexFind("'a\\b'", "a\\\\b", true))).isEqualTo("true");
    }

    @Test
    void regexFullMatchMatchesTheWholeValue() throws SQLException {
        assertThat(DUCKDB.regexFullMatch("e.pathname", "g.page")).isEqualTo("regexp_full_match(e.pathname, g.page)");
        assertThat(select(DUCKDB.regexFullMatch("'/blog/x'", DUCKDB.literal("/blog.*")))).isEqualTo("true");
        assertThat(select(DUCKDB.regexFullMatch("'/a/blog/x'", DUCKDB.literal("/blog.*")))).isEqualTo("false");
    }

    @Test
    void aMapValueIsNullWithoutTheKey() throws SQLException {
        assertThat(DUCKDB.mapValue("e.props", "it's")).isEqualTo("e.props['it''s']");
        assertThat(select(DUCKDB.mapValue("MAP {'it''s': 'yes'}", "it's"))).isEqualTo("yes");
        assertThat(select(DUCKDB.mapValue("MAP {'a': 'yes'}", "b"))).isNull();
    }

    // --- aggregates and casts -----------------------------------------------------------------

    @Test
    void aggregatesAndCasts() {
        assertThat(DUCKDB.countDistinct("e.visitor_id")).isEqualTo("count(DISTINCT e.visitor_id)");
        assertThat(DUCKDB.countWhere("e.name = 'pageview'")).isEqualTo("count(*) FILTER (WHERE e.name = 'pageview')");
        assertThat(DUCKDB.maxWhere("d", "d <= 100")).isEqualTo("max(d) FILTER (WHERE d <= 100)");
        assertThat(DUCKDB.anyValue("os")).isEqualTo("any_value(os)");
        assertThat(DUCKDB.argMax("exit_page", "version")).isEqualTo("arg_max(exit_page, version)");
        assertThat(DUCKDB.totalRows()).isEqualTo("count(*) OVER ()");
        assertThat(DUCKDB.bigint("sum(x)")).isEqualTo("sum(x)::BIGINT");
        assertThat(DUCKDB.toDouble("sum(x)")).isEqualTo("sum(x)::DOUBLE");
        assertThat(DUCKDB.booleanAsInteger("s.is_bounce")).isEqualTo("s.is_bounce::INTEGER");
        assertThat(DUCKDB.lower("e.name")).isEqualTo("lower(e.name)");
    }

    // --- time ---------------------------------------------------------------------------------

    @Test
    void localTime() throws SQLException {
        assertThat(DUCKDB.plusSeconds("e.ts", 20700)).isEqualTo("(e.ts + INTERVAL '20700 seconds')");
        assertThat(DUCKDB.plusSeconds("e.ts", -18000)).isEqualTo("(e.ts + INTERVAL '-18000 seconds')");
        assertThat(DUCKDB.atZone("e.ts", ZoneId.of("Europe/Berlin"))).isEqualTo("timezone('Europe/Berlin', e.ts::TIMESTAMPTZ)");
        assertThat(DUCKDB.date("t")).isEqualTo("CAST(t AS DATE)");
        assertThat(select(DUCKDB.plusSeconds("TIMESTAMP '2024-01-01 23:00:00'", -18000) + "::VARCHAR")).isEqualTo("2024-01-01 18:00:00");
    }

    @Test
    void buckets() throws SQLException {
        assertThat(DUCKDB.truncate(Granularity.MINUTE, "t")).isEqualTo("date_trunc('minute', t)");
        assertThat(DUCKDB.truncate(Granularity.WEEK, "t")).isEqualTo("date_trunc('week', t)");
        assertThat(DUCKDB.greatest("a", "b")).isEqualTo("greatest(a, b)");
        assertThat(DUCKDB.formatDateTime("t")).isEqualTo("strftime(t, '%Y-%m-%d %H:%M:%S')");
        assertThat(DUCKDB.formatDate("t")).isEqualTo("strftime(t, '%Y-%m-%d')");
        String sunday = "TIMESTAMP '2024-03-10 22:30:00'";
        assertThat(select(DUCKDB.formatDate(DUCKDB.truncate(Granularity.WEEK, sunday)))).isEqualTo("2024-03-04");
        assertThat(select(DUCKDB.formatDateTime(DUCKDB.truncate(Granularity.HOUR, sunday)))).isEqualTo("2024-03-10 22:00:00");
        assertThat(select(DUCKDB.formatDate(DUCKDB.truncate(Granularity.MONTH, sunday)))).isEqualTo("2024-03-01");
    }

    // --- relations ----------------------------------------------------------------------------

    @Test
    void anInlineTableHasItsColumnsWithOrWithoutRows() throws SQLException {
        String table = DUCKDB.inlineTable("g", List.of("name", "page"), List.of(List.of("'a''s'", "NULL"), List.of("'b'", "'/x'")));
        assertThat(table).isEqualTo("(VALUES ('a''s', NULL), ('b', '/x')) g(name, page)");
        assertThat(select("string_agg(name || coalesce(page, '-'), ',' ORDER BY name) FROM " + table)).isEqualTo("a's-,b/x");
        String empty = DUCKDB.inlineTable("g", List.of("name", "page"), List.of());
        assertThat(empty).isEqualTo("(SELECT NULL::VARCHAR AS name, NULL::VARCHAR AS page WHERE false) g");
        assertThat(select("count(*) || typeof(any_value(name)) FROM " + empty)).isEqualTo("0VARCHAR");
    }
}
