package dev.footfall.bench;

import dev.footfall.store.duckdb.DuckDbStorage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The raw events and sessions of a Footfall data directory, copied into ClickHouse tables of the
 * schema a plain ClickHouse analytics store would have (Plausible's shape): MergeTree events and
 * CollapsingMergeTree sessions, partitioned by month and ordered by site and UTC day, so a range
 * of a site reads only its granules. Every row of every site is copied, as the data directory holds
 * them; the columns are Footfall's (props and engagement aside, which no panel compared reads).
 *
 * <p>The copy goes through CSV files: DuckDB {@code COPY ... TO} (read-only, so no Footfall server
 * may hold the directory meanwhile), then ClickHouse {@code INSERT ... FORMAT CSV} over HTTP.
 */
public final class ClickHouseCopy {
    /** Both tables, as the session rows of a visit collapse by sign (and a visit's events share its session id). */
    static final List<String> SCHEMA = List.of("""
            CREATE TABLE events (
                site String, ts DateTime, name String, visitor_id Int64, session_id Int64,
                hostname String, pathname String, referrer String, referrer_source String,
                utm_medium String, utm_source String, utm_campaign String, utm_content String, utm_term String,
                country String, region String, city String, device String,
                browser String, browser_version String, os String, os_version String, interactive UInt8
            ) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (site, toDate(ts), name, visitor_id)""", """
            CREATE TABLE sessions (
                site String, session_id Int64, visitor_id Int64, sign Int8, version UInt32, started DateTime, last_seen DateTime,
                entry_page String, exit_page String, hostname String, referrer String, referrer_source String,
                utm_medium String, utm_source String, utm_campaign String, utm_content String, utm_term String,
                country String, region String, city String, device String,
                browser String, browser_version String, os String, os_version String,
                pageviews Int32, events Int32, duration_s Int32, is_bounce UInt8, exit_hostname String
            ) ENGINE = CollapsingMergeTree(sign) PARTITION BY toYYYYMM(started) ORDER BY (site, toDate(started), visitor_id, session_id)""");

    /** DuckDB's side of each table: the same columns in the same order, booleans as 0/1 and times to the second. */
    private static final String EVENTS_SELECT = """
            SELECT site, strftime(ts, '%Y-%m-%d %H:%M:%S'), name, visitor_id, session_id, hostname, pathname, referrer, referrer_source,
                   utm_medium, utm_source, utm_campaign, utm_content, utm_term, country, region, city, device,
                   browser, browser_version, os, os_version, interactive::INTEGER
            FROM events""";
    private static final String SESSIONS_SELECT = """
            SELECT site, session_id, visitor_id, sign, version, strftime(started, '%Y-%m-%d %H:%M:%S'), strftime(last_seen, '%Y-%m-%d %H:%M:%S'),
                   entry_page, exit_page, hostname, referrer, referrer_source, utm_medium, utm_source, utm_campaign, utm_content, utm_term,
                   country, region, city, device, browser, browser_version, os, os_version,
                   pageviews, events, duration_s, is_bounce::INTEGER, coalesce(exit_hostname, hostname)
            FROM sessions""";

    /** Rows copied and the time each half took. */
    public record Copied(String table, long rows, long csvBytes, double exportSeconds, double insertSeconds) {}

    private ClickHouseCopy() {}

    /** Creates the tables in {@code clickhouse} and copies both tables of {@code dataDir} into them; {@code progress} hears each. */
    public static List<Copied> copy(Path dataDir, ClickHouseServer clickhouse, String memoryLimit, Consumer<Copied> progress)
            throws IOException, InterruptedException, SQLException {
        for (String create : SCHEMA) clickhouse.query(create);
        Path dir = Files.createTempDirectory("footfall-clickhouse-copy");
        try {
            Copied events = copy(dataDir, clickhouse, memoryLimit, "events", EVENTS_SELECT, dir);
            progress.accept(events);
            Copied sessions = copy(dataDir, clickhouse, memoryLimit, "sessions", SESSIONS_SELECT, dir);
            progress.accept(sessions);
            return List.of(events, sessions);
        } finally {
            BenchFiles.deleteRecursively(dir);
        }
    }

    private static Copied copy(Path dataDir, ClickHouseServer clickhouse, String memoryLimit, String table, String select, Path dir)
            throws IOException, InterruptedException, SQLException {
        Path csv = dir.resolve(table + ".csv");
        long start = System.nanoTime();
        long rows;
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve(DuckDbStorage.FILE_NAME), readOnly);
             Statement st = conn.createStatement()) {
            st.execute("SET memory_limit = '" + memoryLimit.replace("'", "") + "'");
            // RFC 4180 quoting, which ClickHouse's CSV reads; no column is nullable on ClickHouse's side.
            rows = st.executeUpdate("COPY (" + select + ") TO '" + csv.toString().replace("'", "''") + "' (FORMAT csv, HEADER false)");
        }
        double exported = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        clickhouse.insert("INSERT INTO " + table + " FORMAT CSV", csv);
        double inserted = (System.nanoTime() - start) / 1e9;
        long stored = Long.parseLong(clickhouse.query("SELECT count() FROM " + table).strip());
        if (stored != rows) throw new IllegalStateException("ClickHouse holds " + stored + " " + table + " rows of the " + rows + " copied");
        long bytes = Files.size(csv);
        Files.delete(csv);
        return new Copied(table, rows, bytes, exported, inserted);
    }
}
