package dev.footfall.bench;

import dev.footfall.rollup.RollupBuilder;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a day with near-unique page paths does to the rollups: one day of the history benchmark's
 * site copied into a fresh data directory with each visit's pages replaced by one of {@code paths}
 * values, then that day rolled up with the builder's value cap and without one.
 */
public final class HighCardinalityDay {
    /** How a day rolled up: build time (median of the runs), rows written and dimensions left to raw. */
    public record Build(long medianMillis, long dayRows, long pageRows, int skippedDimensions) {}

    public record Result(long events, long distinctPaths, Build capped, Build uncapped) {}

    private final Path history;
    private final Path work;
    private final String memoryLimit;

    /**
     * @param history a data directory written by {@code bench history} (read only)
     * @param work    a directory for the copy; emptied first
     */
    public HighCardinalityDay(Path history, Path work, String memoryLimit) {
        this.history = history;
        this.work = work;
        this.memoryLimit = memoryLimit;
    }

    public Result run(LocalDate day, int paths, int runs) throws SQLException {
        Site site = BulkHistory.largeSite();
        copy(site, day, paths);
        long events = single("SELECT count(*) FROM events");
        long distinct = single("SELECT count(DISTINCT pathname) FROM events");
        return new Result(events, distinct, build(site, day, RollupBuilder.DAY_MAX_VALUES, runs), build(site, day, Integer.MAX_VALUE, runs));
    }

    private void copy(Site site, LocalDate day, int paths) throws SQLException {
        deleteRecursively(work);
        try (DuckDbStorage storage = DuckDbStorage.open(work, memoryLimit, 2)) {
            storage.addSite(site);
        }
        String from = utc(day.atStartOfDay(site.timezone()).toInstant());
        String until = utc(day.plusDays(1).atStartOfDay(site.timezone()).toInstant());
        // A visit keeps one path for all its pages: hashing the session id spreads visits over the paths.
        String path = "'/item/' || (hash(session_id, %s) %% " + paths + ")";
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("ATTACH '" + history.resolve("footfall.duckdb") + "' AS history (READ_ONLY)");
            st.execute("INSERT INTO events SELECT * REPLACE (" + path.formatted("pathname") + " AS pathname) FROM history.events"
                    + " WHERE site = '" + site.domain() + "' AND ts >= " + from + " AND ts < " + until);
            // Visits of the day before may still run into this one.
            st.execute("INSERT INTO sessions SELECT * REPLACE (" + path.formatted("entry_page") + " AS entry_page, "
                    + path.formatted("exit_page") + " AS exit_page) FROM history.sessions WHERE site = '" + site.domain()
                    + "' AND started >= " + from + " - INTERVAL 1 DAY AND started < " + until);
        }
    }

    private Build build(Site site, LocalDate day, int maxValues, int runs) throws SQLException {
        long[] millis = new long[runs];
        for (int r = 0; r < runs; r++) {
            try (DuckDbStorage storage = DuckDbStorage.open(work, memoryLimit, 2)) {
                long start = System.nanoTime();
                storage.rollups().buildDay(List.of(site), day, maxValues);
                millis[r] = (System.nanoTime() - start) / 1_000_000;
            }
        }
        Arrays.sort(millis);
        return new Build(millis[runs / 2], single("SELECT count(*) FROM rollup_day"),
                single("SELECT count(*) FROM rollup_day WHERE dim = 'event:page'"),
                (int) single("SELECT len(skipped) FROM rollup_buckets WHERE granularity = 'day'"));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + work.resolve("footfall.duckdb"));
    }

    private long single(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String utc(Instant instant) {
        return "TIMESTAMP '" + LocalDateTime.ofInstant(instant, ZoneOffset.UTC) + "'";
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
