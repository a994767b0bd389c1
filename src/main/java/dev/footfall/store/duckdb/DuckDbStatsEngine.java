package dev.footfall.store.duckdb;

import dev.footfall.plan.Plan;
import dev.footfall.plan.StatsEngine;
import dev.footfall.query.Aggregator.Row;
import dev.footfall.query.Aggregator.Table;
import dev.footfall.query.Aggregator;
import dev.footfall.query.Metric;
import dev.footfall.query.StatsQuery;
import dev.footfall.store.ReadDeadline;
import dev.footfall.store.StorageException;
import dev.footfall.store.sql.StatementBuilder;
import org.duckdb.DuckDBConnection;
import org.duckdb.ProfilerPrintFormat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link StatementBuilder} statements, in DuckDB's dialect, on a reader connection of the
 * embedded database, each under the calling read's {@link ReadDeadline} when it has one.
 */
final class DuckDbStatsEngine implements StatsEngine {
    private final DuckDbStorage storage;

    DuckDbStatsEngine(DuckDbStorage storage) {
        this.storage = storage;
    }

    @Override
    public Table aggregate(StatsQuery query, Plan plan) {
        boolean explain = query.include().explain();
        try (Connection c = storage.reader(); Statement st = c.createStatement(); ReadDeadline.Guard guard = ReadDeadline.guard(st::cancel)) {
            // One snapshot lists the archived months and reads the rows: a month being archived
            // meanwhile is read either hot or from its files, never both nor neither.
            c.setAutoCommit(false);
            RawTables raw = storage.rawTables(c, query.site().domain());
            String sql = new StatementBuilder(query, plan, DuckDbDialect.DUCKDB, raw).statement();
            if (explain) st.execute("PRAGMA enable_profiling = 'no_output'");
            long start = System.nanoTime();
            List<Row> rows = new ArrayList<>();
            long total = 0;
            int dims = query.dimensions().size();
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    List<String> labels = new ArrayList<>(dims);
                    for (int i = 1; i <= dims; i++) labels.add(rs.getString(i));
                    List<Number> metrics = new ArrayList<>(query.metrics().size());
                    for (int i = 0; i < query.metrics().size(); i++) metrics.add(number(rs, dims + 1 + i, query.metrics().get(i)));
                    total = rs.getLong(dims + query.metrics().size() + 1);
                    rows.add(new Row(labels, metrics));
                }
            }
            double millis = (System.nanoTime() - start) / 1e6;
            if (rows.isEmpty() && query.offset() > 0) total = countGroups(st, query, plan, raw);
            List<Aggregator.Explained> explained = List.of();
            if (explain) {
                long scanned = rowsScanned(((DuckDBConnection) c.unwrap(DuckDBConnection.class)).getProfilingInformation(ProfilerPrintFormat.JSON));
                st.execute("PRAGMA disable_profiling");
                explained = List.of(new Aggregator.Explained(plan.tiers(), plan.explained(), sql, scanned, millis));
            }
            c.rollback(); // it only read
            return new Table(rows, total, explained);
        } catch (SQLException e) {
            throw new StorageException("running a stats query", e);
        }
    }

    /** A page past the last row has no row to carry count(*) OVER (): count the groups on their own. */
    private static long countGroups(Statement st, StatsQuery query, Plan plan, RawTables raw) throws SQLException {
        String sql = new StatementBuilder(query.with(query.metrics(), query.dimensions(), query.filter(), query.orderBy(), 0, 0), plan,
                DuckDbDialect.DUCKDB, raw).statement();
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (" + sql + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Number number(ResultSet rs, int column, Metric metric) throws SQLException {
        return switch (metric) {
            case VISITORS, VISITS, PAGEVIEWS, EVENTS -> rs.getLong(column);
            default -> {
                double d = rs.getDouble(column);
                yield rs.wasNull() ? null : d;
            }
        };
    }

    /** DuckDB's profile is JSON, but may hold non-standard numbers (nan): read the one figure needed. */
    private static final Pattern ROWS_SCANNED = Pattern.compile("\"total_rows_scanned\"\\s*:\\s*(\\d+)");

    private static long rowsScanned(String profile) {
        Matcher m = ROWS_SCANNED.matcher(profile);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The earlier of the hot tables' first event and the first archived month's (one file: months are in time order). */
    @Override
    public Optional<Instant> firstEvent(String site) {
        try (Connection c = storage.reader()) {
            c.setAutoCommit(false);
            Optional<java.nio.file.Path> archived = storage.rawTables(c, site).firstEvents();
            String sql = "SELECT min(ts) FROM (SELECT min(ts) AS ts FROM events WHERE site = ?"
                    + archived.map(f -> " UNION ALL SELECT min(ts) FROM " + RawTables.parquet(java.util.List.of(f))).orElse("") + ")";
            try (PreparedStatement ps = c.prepareStatement(sql); ReadDeadline.Guard guard = ReadDeadline.guard(ps::cancel)) {
                ps.setString(1, site);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    LocalDateTime first = rs.getObject(1, LocalDateTime.class);
                    return Optional.ofNullable(first).map(t -> t.toInstant(ZoneOffset.UTC));
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StorageException("finding a site's first event", e);
        }
    }
}
