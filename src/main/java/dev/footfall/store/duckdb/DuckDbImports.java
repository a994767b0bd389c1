package dev.footfall.store.duckdb;

import dev.footfall.imported.ImportStore;
import dev.footfall.imported.ImportedTable;
import dev.footfall.imported.SiteImport;
import dev.footfall.query.Dimension;
import dev.footfall.query.Filter;
import dev.footfall.query.Goals;
import dev.footfall.query.ImportedStats;
import dev.footfall.site.Goal;
import dev.footfall.store.StorageException;
import dev.footfall.store.sql.Columns;
import dev.footfall.store.sql.GoalMatch;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Plausible's imported tables in DuckDB, beside the raw ones: one table per {@link ImportedTable}
 * with the site and import id in front, and {@code site_imports} listing the imports. Rows of an
 * import count only once its {@code site_imports} row exists; both are written in one transaction.
 */
final class DuckDbImports implements ImportStore, ImportedStats {
    /** Writes the site's goals inline as a relation to join imported rows with. */
    private static final GoalMatch GOALS = new GoalMatch(DuckDbDialect.DUCKDB);

    private final DuckDbStorage storage;

    DuckDbImports(DuckDbStorage storage) {
        this.storage = storage;
    }

    /** The tables, created if missing: run with the schema at every start. */
    static void createTables(Statement st) throws SQLException {
        st.execute("CREATE SEQUENCE IF NOT EXISTS site_import_ids");
        st.execute("CREATE TABLE IF NOT EXISTS site_imports (id BIGINT PRIMARY KEY, site VARCHAR NOT NULL, source_file VARCHAR NOT NULL, "
                + "start_date DATE NOT NULL, end_date DATE NOT NULL, imported_at TIMESTAMP NOT NULL)");
        for (ImportedTable t : ImportedTable.values()) {
            StringJoiner columns = new StringJoiner(", ");
            columns.add("site VARCHAR NOT NULL").add("import_id BIGINT NOT NULL").add("date DATE NOT NULL");
            for (ImportedTable.Column c : t.columns) columns.add(c.name() + (c.kind() == ImportedTable.Kind.TEXT ? " VARCHAR" : " BIGINT") + " NOT NULL");
            st.execute("CREATE TABLE IF NOT EXISTS " + t.fileName + " (" + columns + ")");
        }
    }

    /** Deleting a site's data deletes its imports too. */
    static List<String> siteData() {
        List<String> statements = new ArrayList<>();
        for (ImportedTable t : ImportedTable.values()) statements.add("DELETE FROM " + t.fileName + " WHERE site = ?");
        statements.add("DELETE FROM site_imports WHERE site = ?");
        return statements;
    }

    // --- importing --------------------------------------------------------------------------

    @Override
    public Writer begin(String domain, String sourceFile) {
        try {
            return new TransactionWriter((DuckDBConnection) storage.reader(), domain, sourceFile);
        } catch (SQLException e) {
            throw new StorageException("starting an import", e);
        }
    }

    private static final class TransactionWriter implements Writer {
        private final DuckDBConnection conn;
        private final String domain;
        private final String sourceFile;
        private final long id;
        private final Map<ImportedTable, DuckDBAppender> appenders = new EnumMap<>(ImportedTable.class);
        private boolean committed;

        TransactionWriter(DuckDBConnection conn, String domain, String sourceFile) throws SQLException {
            this.conn = conn;
            this.domain = domain;
            this.sourceFile = sourceFile;
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT nextval('site_import_ids')")) {
                rs.next();
                this.id = rs.getLong(1);
            }
        }

        @Override
        public void row(ImportedTable table, LocalDate date, Object[] values) {
            try {
                DuckDBAppender a = appenders.get(table);
                if (a == null) {
                    a = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table.fileName);
                    appenders.put(table, a);
                }
                a.beginRow().append(domain).append(id).append(date);
                for (Object v : values) {
                    if (v instanceof String s) a.append(s);
                    else a.append(((Long) v).longValue());
                }
                a.endRow();
            } catch (SQLException e) {
                throw new StorageException("writing imported rows of " + table.fileName, e);
            }
        }

        @Override
        public SiteImport commit(LocalDate startDate, LocalDate endDate) {
            Instant now = Instant.now();
            try {
                for (DuckDBAppender a : appenders.values()) a.close();
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO site_imports VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, domain);
                    ps.setString(3, sourceFile);
                    ps.setObject(4, startDate);
                    ps.setObject(5, endDate);
                    ps.setObject(6, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                conn.commit();
                committed = true;
                return new SiteImport(id, domain, sourceFile, startDate, endDate, now);
            } catch (SQLException e) {
                throw new StorageException("committing the import of " + sourceFile, e);
            }
        }

        @Override
        public void close() {
            try {
                if (!committed) {
                    for (DuckDBAppender a : appenders.values()) {
                        try {
                            a.close();
                        } catch (SQLException ignored) {
                            // rolled back below whatever the appender held
                        }
                    }
                    conn.rollback();
                }
                conn.close();
            } catch (SQLException e) {
                throw new StorageException("ending the import of " + sourceFile, e);
            }
        }
    }

    @Override
    public List<SiteImport> list(String domain) {
        return storage.query("SELECT id, site, source_file, start_date, end_date, imported_at FROM site_imports WHERE site = ? ORDER BY id",
                ps -> ps.setString(1, domain), rs -> new SiteImport(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class),
                        rs.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
    }

    @Override
    public boolean delete(String domain, long id) {
        try (Connection c = storage.reader()) {
            c.setAutoCommit(false);
            try {
                int deleted;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM site_imports WHERE site = ? AND id = ?")) {
                    ps.setString(1, domain);
                    ps.setLong(2, id);
                    deleted = ps.executeUpdate();
                }
                for (ImportedTable t : ImportedTable.values()) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.fileName + " WHERE site = ? AND import_id = ?")) {
                        ps.setString(1, domain);
                        ps.setLong(2, id);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return deleted > 0;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("deleting import " + id + " of " + domain, e);
        }
    }

    // --- answering --------------------------------------------------------------------------

    @Override
    public Optional<LocalDate> latestEnd(String domain) {
        return storage.query("SELECT max(end_date) FROM site_imports WHERE site = ?", ps -> ps.setString(1, domain),
                rs -> Optional.ofNullable(rs.getObject(1, LocalDate.class))).getFirst();
    }

    @Override
    public List<Sums> sums(String domain, String table, LocalDate from, LocalDate to, List<Field> groups, boolean byDate,
                           Optional<Filter> filter, Map<Dimension, Field> filterFields, SumColumns metrics) {
        // The table name goes into the statement as it is: only the imported tables' own names may.
        if (ImportedTable.ofEntry(table + ".csv").isEmpty()) throw new IllegalArgumentException("no imported table " + table);
        List<Object> params = new ArrayList<>(List.of(domain, domain, from, to));
        StringJoiner select = new StringJoiner(", ");
        StringJoiner groupBy = new StringJoiner(", ");
        // Every column is the row's (i.): the goals joined beside it have columns of the same names.
        StringBuilder rows = new StringBuilder(table + " i");
        StringBuilder where = new StringBuilder("i.site = ? AND i.import_id IN (SELECT id FROM site_imports WHERE site = ?) "
                + "AND i.date BETWEEN ? AND ?");
        for (int i = 0; i < groups.size(); i++) {
            switch (groups.get(i)) {
                case Column c -> {
                    select.add(label(c) + " AS g" + i);
                    for (String skipped : c.skipped()) {
                        where.append(" AND ").append(text(c)).append(" <> ?");
                        params.add(skipped);
                    }
                }
                case GoalsReached reached -> {
                    List<Goal> reachable = reached.goals().stream().filter(g -> reaches(table, g)).toList();
                    if (reachable.isEmpty()) return List.of();
                    // One row per goal the imported row reaches: a page can reach several page goals.
                    rows.append(" JOIN ").append(GOALS.table(reachable, "goal")).append(" ON ").append(switch (table) {
                        case "imported_custom_events" -> "i.name = goal.event_name";
                        default -> DuckDbDialect.DUCKDB.regexFullMatch("i.page", "goal.page");
                    });
                    select.add("goal.name AS g" + i);
                }
            }
            groupBy.add("g" + i);
        }
        if (byDate) {
            select.add("i.date");
            groupBy.add("i.date");
        }
        if (filter.isPresent()) where.append(" AND ").append(condition(filter.get(), table, filterFields, params));
        for (String column : List.of(metrics.visitors(), metrics.visits(), metrics.pageviews(), metrics.events(), metrics.bounces(),
                metrics.visitDuration(), metrics.sessionVisits())) {
            select.add(column.equals("0") ? "0" : "coalesce(sum(i." + column + "), 0)");
        }
        String sql = "SELECT " + select + " FROM " + rows + " WHERE " + where + (groups.isEmpty() && !byDate ? "" : " GROUP BY " + groupBy);
        int n = groups.size();
        return storage.query(sql, ps -> {
            for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
        }, rs -> {
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < n; i++) labels.add(rs.getString(i + 1));
            int at = n + 1;
            LocalDate date = byDate ? rs.getObject(at++, LocalDate.class) : null;
            return new Sums(labels, date, rs.getLong(at), rs.getLong(at + 1), rs.getLong(at + 2), rs.getLong(at + 3),
                    rs.getLong(at + 4), rs.getLong(at + 5), rs.getLong(at + 6));
        });
    }

    /** Whether rows of the table can reach the goal: custom events reach event goals, pages reach page goals. */
    private static boolean reaches(String table, Goal goal) {
        return switch (goal.type()) {
            case EVENT -> table.equals("imported_custom_events");
            case PAGE -> table.equals("imported_pages");
        };
    }

    private static String text(Column c) {
        return "CAST(i." + c.name() + " AS VARCHAR)";
    }

    /** The column as the dimension labels it: an empty value shows as the dimension's empty label. */
    private static String label(Column c) {
        Columns columns = new Columns(DuckDbDialect.DUCKDB);
        return switch (c.naming()) {
            case COUNTRY_NAME -> columns.countryName(text(c));
            case REGION_NAME -> columns.regionName(text(c));
            case CODE -> labelOfEmpty(c);
        };
    }

    private static String labelOfEmpty(Column c) {
        if (c.emptyLabel() == null) return text(c);
        return "CASE WHEN " + text(c) + " = '' THEN " + DuckDbDialect.DUCKDB.literal(c.emptyLabel()) + " ELSE " + text(c) + " END";
    }

    private static String condition(Filter filter, String table, Map<Dimension, Field> fields, List<Object> params) {
        return switch (filter) {
            case Filter.And and -> joined(and.filters(), " AND ", table, fields, params);
            case Filter.Or or -> joined(or.filters(), " OR ", table, fields, params);
            case Filter.Not not -> "NOT (" + condition(not.filter(), table, fields, params) + ")";
            // ImportedSources sends no query with one here: daily aggregates know nothing of visits' events.
            case Filter.Behavioural b -> throw new IllegalArgumentException("imported data cannot be filtered by behaviour");
            case Filter.Condition c -> switch (fields.get(c.dimension())) {
                case Column column -> columnCondition(c, column, params);
                case GoalsReached reached -> goalCondition(c, table, reached, params);
            };
        };
    }

    private static String columnCondition(Filter.Condition c, Column column, List<Object> params) {
        String expr = label(column);
        if (!c.caseSensitive()) expr = "lower(" + expr + ")";
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        for (String v : c.values()) {
            String value = c.caseSensitive() ? "?" : "lower(?)";
            any.add(switch (c.op()) {
                case IS, IS_NOT -> expr + " = " + value;
                case CONTAINS, CONTAINS_NOT -> "contains(" + expr + ", " + value + ")";
                case MATCHES, MATCHES_NOT -> "regexp_matches(" + expr + ", ?)";
            });
            params.add(v);
        }
        return c.op().negated ? "NOT " + any : any.toString();
    }

    /**
     * A goal filter on imported rows (Plausible's Goals.add_filter with imported?): the row reaches
     * one of the goals the condition names. Goals of the other kind are out of this table's reach.
     */
    private static String goalCondition(Filter.Condition c, String table, GoalsReached reached, List<Object> params) {
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        any.setEmptyValue("FALSE");
        for (Goal goal : Goals.matching(reached.goals(), c)) {
            if (!reaches(table, goal)) continue;
            if (goal.type() == Goal.Type.EVENT) {
                any.add("i.name = ?");
                params.add(goal.eventName());
            } else {
                any.add(DuckDbDialect.DUCKDB.regexFullMatch("i.page", "?"));
                params.add(GoalMatch.pageRegex(goal.pagePath()));
            }
        }
        return c.op().negated ? "NOT " + any : any.toString();
    }

    private static String joined(List<Filter> filters, String op, String table, Map<Dimension, Field> fields, List<Object> params) {
        StringJoiner all = new StringJoiner(op, "(", ")");
        for (Filter f : filters) all.add(condition(f, table, fields, params));
        return all.toString();
    }

    // --- exporting --------------------------------------------------------------------------

    @Override
    public void exportRows(String domain, ZoneId zone, ImportedTable table, RowSink rows) {
        try (Connection c = storage.reader()) {
            c.setAutoCommit(false); // one snapshot of the hot rows and the archived months
            RawTables raw = storage.rawTables(c, domain);
            Instant until = Instant.now().plusSeconds(86_400);
            String sql = PlausibleExportQueries.of(table, domain, raw.events(Instant.EPOCH, until),
                    raw.sessionsStarted(Instant.EPOCH, until), zone);
            try (Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        Object[] values = new Object[table.columns.size()];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = table.columns.get(i).kind() == ImportedTable.Kind.TEXT ? rs.getString(i + 2) : (Long) rs.getLong(i + 2);
                        }
                        rows.row(table, rs.getObject(1, LocalDate.class), values);
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new StorageException("exporting " + table.fileName + " of " + domain, e);
        }
    }
}
