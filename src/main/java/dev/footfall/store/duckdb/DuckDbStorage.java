package dev.footfall.store.duckdb;

import dev.footfall.store.sql.RegionNames;
import dev.footfall.Storage;
import dev.footfall.imported.ImportStore;
import dev.footfall.query.ImportedStats;
import dev.footfall.account.AccountStore;
import dev.footfall.events.EventPosition;
import dev.footfall.events.EventRange;
import dev.footfall.events.ExportFormat;
import dev.footfall.events.StoredEvent;
import dev.footfall.plan.StatsEngine;
import dev.footfall.read.LowPriority;
import dev.footfall.retention.Archive;
import dev.footfall.rollup.RollupStore;
import dev.footfall.segment.SegmentStore;
import dev.footfall.site.ApiKey;
import dev.footfall.site.DomainChange;
import dev.footfall.site.Goal;
import dev.footfall.site.Retention;
import dev.footfall.site.Site;
import dev.footfall.store.DataDirectoryInUseException;
import dev.footfall.store.Event;
import dev.footfall.store.ReadDeadline;
import dev.footfall.store.SessionRow;
import dev.footfall.store.StorageException;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The embedded engine: one DuckDB database file in the data directory. DuckDB allows one process
 * per file, so a second Footfall process on the same directory fails with {@link DataDirectoryInUseException}.
 */
public final class DuckDbStorage implements Storage {
    public static final String FILE_NAME = "footfall.duckdb";
    /** Freed engine memory kept for reuse before it is returned to the system: a small part of the server's 512 MB. */
    private static final String ALLOCATOR_FLUSH_THRESHOLD = "32MB";

    /** Replaced when DuckDB invalidates the database after a fatal error (see {@link #openWriter}). */
    private volatile DuckDBConnection root;
    private final Path dataDir;
    private final String memoryLimit;
    private final int threads;
    private final StatsEngine stats;
    private final RollupStore rollups;
    private final ArchiveFiles archiveFiles;
    private final Archive archive;
    private final AccountStore accounts;
    private final SegmentStore segments;
    private final DuckDbImports imports;

    private DuckDbStorage(DuckDBConnection root, Path dataDir, String memoryLimit, int threads) {
        this.root = root;
        this.dataDir = dataDir;
        this.memoryLimit = memoryLimit;
        this.threads = threads;
        this.archiveFiles = new ArchiveFiles(dataDir);
        this.stats = new DuckDbStatsEngine(this);
        this.rollups = new DuckDbRollups(this);
        this.archive = new DuckDbArchiver(this, archiveFiles);
        this.accounts = new DuckDbAccounts(this);
        this.segments = new DuckDbSegments(this);
        this.imports = new DuckDbImports(this);
    }

    /**
     * Opens (creating if needed) the database in {@code dataDir}.
     *
     * @param memoryLimit DuckDB's memory_limit, e.g. "256MB": bounds the engine whatever the data size
     * @param threads     DuckDB worker threads; the machine's cores by default
     */
    public static DuckDbStorage open(Path dataDir, String memoryLimit, int threads) {
        return new DuckDbStorage(connect(dataDir, memoryLimit, threads), dataDir, memoryLimit, threads);
    }

    /**
     * Opens the database from a thread of low CPU priority: DuckDB starts its worker threads here,
     * and they keep that priority (Linux threads inherit their creator's nice value), so the
     * engine's parallel work yields the cores to request threads under load (see {@link LowPriority}).
     * The workers also inherit the opener's name, which tells them apart in {@code top -H}.
     */
    private static DuckDBConnection connect(Path dataDir, String memoryLimit, int threads) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread opener = Thread.ofPlatform().name("footfall-engine").start(() -> {
            LowPriority.apply();
            try {
                result.set(connectHere(dataDir, memoryLimit, threads));
            } catch (Throwable e) {
                result.set(e); // thrown again by the caller, on the caller's thread
            }
        });
        try {
            opener.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening " + dataDir, e);
        }
        if (result.get() instanceof RuntimeException e) throw e;
        if (result.get() instanceof Error e) throw e;
        return (DuckDBConnection) result.get();
    }

    private static DuckDBConnection connectHere(Path dataDir, String memoryLimit, int threads) {
        try {
            Files.createDirectories(dataDir);
            Path tmp = Files.createDirectories(dataDir.resolve("tmp"));
            Class.forName("org.duckdb.DuckDBDriver");
            DuckDBConnection conn;
            try {
                conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve(FILE_NAME));
            } catch (SQLException e) {
                if (String.valueOf(e.getMessage()).contains("lock")) throw new DataDirectoryInUseException(dataDir, e);
                throw e;
            }
            try (Statement st = conn.createStatement()) {
                st.execute("SET memory_limit = '" + memoryLimit.replace("'", "") + "'");
                st.execute("SET threads = " + Math.max(1, threads));
                // Memory the engine frees is kept by its allocator for reuse up to this much (128MB by
                // default, half the default memory_limit again) before it goes back to the system.
                st.execute("SET allocator_flush_threshold = '" + ALLOCATOR_FLUSH_THRESHOLD + "'");
                st.execute("SET temp_directory = '" + tmp.toString().replace("'", "''") + "'");
                st.execute("SET TimeZone = 'UTC'");
                for (String sql : schema()) st.execute(sql);
                DuckDbImports.createTables(st);
                DuckDbRegionNames.refresh(conn, RegionNames.read(RegionNames.DEBIAN_ISO_CODES));
                DuckDbAccounts.hashSecrets(st);
            }
            return conn;
        } catch (SQLException | IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot open the data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static List<String> schema() throws IOException {
        try (InputStream in = DuckDbStorage.class.getResourceAsStream("schema.sql")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> statements = new ArrayList<>();
            for (String s : text.replaceAll("(?m)--.*$", "").split(";")) {
                if (!s.isBlank()) statements.add(s.strip());
            }
            return statements;
        }
    }

    public StatsEngine stats() {
        return stats;
    }

    @Override
    public ImportStore imports() {
        return imports;
    }

    @Override
    public ImportedStats importedStats() {
        return imports;
    }

    @Override
    public RollupStore rollups() {
        return rollups;
    }

    @Override
    public Archive archive() {
        return archive;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public SegmentStore segments() {
        return segments;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The site's hot tables and archived months, as {@code conn}'s transaction sees them (looked up when a raw relation is first named). */
    RawTables rawTables(Connection conn, String site) {
        return RawTables.read(conn, archiveFiles, site);
    }

    /** A connection for the calling thread's use; DuckDB connections are not shared across threads. */
    Connection reader() throws SQLException {
        return root.duplicate();
    }

    // --- sites ----------------------------------------------------------------------------------

    @Override
    public List<Site> sites() {
        return query("SELECT " + SITE_COLUMNS + " FROM sites ORDER BY domain", ps -> {}, DuckDbStorage::site);
    }

    @Override
    public Optional<Site> site(String domain) {
        return query("SELECT " + SITE_COLUMNS + " FROM sites WHERE domain = ?",
                ps -> ps.setString(1, domain), DuckDbStorage::site).stream().findFirst();
    }

    private static final String SITE_COLUMNS = "domain, timezone, allowed_hostnames, raw_retention_days, retention_days";

    private static Site site(ResultSet rs) throws SQLException {
        List<String> hosts = new ArrayList<>();
        Array array = rs.getArray(3);
        if (array != null) for (Object o : (Object[]) array.getArray()) hosts.add((String) o);
        return new Site(rs.getString(1), ZoneId.of(rs.getString(2)), hosts, Retention.of(nullableInt(rs, 4), nullableInt(rs, 5)));
    }

    @Override
    public boolean addSite(Site site) {
        return update("INSERT INTO sites (domain, timezone, allowed_hostnames, created_at, raw_retention_days, retention_days) "
                + "VALUES (?, ?, ?, now(), ?, ?) ON CONFLICT DO NOTHING", ps -> {
            ps.setString(1, site.domain());
            ps.setString(2, site.timezone().getId());
            ps.setArray(3, ps.getConnection().createArrayOf("VARCHAR", site.allowedHostnames().toArray()));
            setDays(ps, 4, site.retention().rawRetentionDays());
            setDays(ps, 5, site.retention().retentionDays());
        }) > 0;
    }

    @Override
    public void updateSite(Site site) {
        update("UPDATE sites SET timezone = ?, allowed_hostnames = ?, raw_retention_days = ?, retention_days = ? WHERE domain = ?", ps -> {
            ps.setString(1, site.timezone().getId());
            ps.setArray(2, ps.getConnection().createArrayOf("VARCHAR", site.allowedHostnames().toArray()));
            setDays(ps, 3, site.retention().rawRetentionDays());
            setDays(ps, 4, site.retention().retentionDays());
            ps.setString(5, site.domain());
        });
    }

    private static void setDays(PreparedStatement ps, int index, Optional<Integer> days) throws SQLException {
        if (days.isPresent()) ps.setInt(index, days.get());
        else ps.setNull(index, java.sql.Types.INTEGER);
    }

    @Override
    public boolean deleteSite(String domain) {
        List<String> statements = new ArrayList<>(SITE_DATA);
        statements.addAll(DuckDbImports.siteData());
        statements.addAll(List.of("DELETE FROM goals WHERE site_domain = ?", "DELETE FROM api_keys WHERE site_domain = ?",
                "DELETE FROM memberships WHERE site_domain = ?", "DELETE FROM invitations WHERE site_domain = ?",
                "DELETE FROM shared_links WHERE site_domain = ?", "DELETE FROM segments WHERE site_domain = ?",
                "DELETE FROM site_props WHERE site_domain = ?", "DELETE FROM domain_changes WHERE new_domain = ?",
                "DELETE FROM sites WHERE domain = ?"));
        return deleteInOneTransaction(domain, statements) > 0;
    }

    @Override
    public void resetSite(String domain) {
        List<String> statements = new ArrayList<>(SITE_DATA);
        statements.addAll(DuckDbImports.siteData());
        deleteInOneTransaction(domain, statements);
    }

    /** Everything a site has counted: raw rows, rollups, import marks, archived months. */
    private static final List<String> SITE_DATA = List.of("DELETE FROM events WHERE site = ?", "DELETE FROM sessions WHERE site = ?",
            "DELETE FROM rollup_hour WHERE site = ?", "DELETE FROM rollup_day WHERE site = ?",
            "DELETE FROM rollup_month WHERE site = ?", "DELETE FROM rollup_pair_day WHERE site = ?",
            "DELETE FROM rollup_pair_month WHERE site = ?", "DELETE FROM rollup_buckets WHERE site = ?",
            "DELETE FROM imports WHERE site = ?", "DELETE FROM archived_months WHERE site = ?");

    /** Runs the statements, each bound to the domain, as one transaction, then deletes the site's archive files; the last count. */
    private int deleteInOneTransaction(String domain, List<String> statements) {
        try (Connection c = reader()) {
            c.setAutoCommit(false);
            try {
                int deleted = 0;
                for (String sql : statements) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, domain);
                        deleted = ps.executeUpdate();
                    }
                }
                c.commit();
                archiveFiles.deleteSite(domain); // after the commit: a crash before leaves files no record names, never records without files
                return deleted;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("deleting the data of site " + domain, e);
        }
    }

    // --- domain changes -------------------------------------------------------------------------

    /**
     * The columns that name a site by its domain: {@code site} in the raw, rollup and archive
     * tables, {@code site_domain} in the others (the {@code sites} row itself is copied and
     * deleted, as the domain is its primary key). Read from the catalogue at each rename, so a
     * table added later moves with the site without being listed anywhere.
     */
    private static final String DOMAIN_COLUMNS = "SELECT table_name, column_name FROM information_schema.columns "
            + "WHERE table_schema = 'main' AND column_name IN ('site', 'site_domain') AND table_name <> 'sites' ORDER BY table_name";

    /**
     * One transaction moves every row; the archive's Parquet files are copied first with the new
     * domain in their rows (files no archived_months row names are never read, so a failure or a
     * crash before the commit leaves the old site whole), and the old files go after the commit.
     */
    @Override
    public void renameSite(String oldDomain, String newDomain, Instant at) {
        try (Connection c = reader()) {
            c.setAutoCommit(false);
            boolean copied = false;
            try {
                for (RawTables.Month m : RawTables.months(c, oldDomain)) {
                    copied = true;
                    archiveFiles.createSiteDir(newDomain);
                    copyArchived(c, archiveFiles.events(oldDomain, m.month()), archiveFiles.events(newDomain, m.month()), newDomain);
                    copyArchived(c, archiveFiles.sessions(oldDomain, m.month()), archiveFiles.sessions(newDomain, m.month()), newDomain);
                }
                execute(c, "INSERT INTO sites (domain, timezone, allowed_hostnames, created_at, raw_retention_days, retention_days) "
                        + "SELECT ?, timezone, allowed_hostnames, created_at, raw_retention_days, retention_days FROM sites WHERE domain = ?", newDomain, oldDomain);
                execute(c, "DELETE FROM sites WHERE domain = ?", oldDomain);
                List<String[]> columns = new ArrayList<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(DOMAIN_COLUMNS)) {
                    while (rs.next()) columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                for (String[] column : columns) {
                    String table = identifier(column[0]), name = identifier(column[1]);
                    execute(c, "UPDATE " + table + " SET " + name + " = ? WHERE " + name + " = ?", newDomain, oldDomain);
                }
                // The new name is a site of its own again; earlier names of the site follow it.
                execute(c, "DELETE FROM domain_changes WHERE old_domain = ?", newDomain);
                execute(c, "UPDATE domain_changes SET new_domain = ? WHERE new_domain = ?", newDomain, oldDomain);
                try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO domain_changes VALUES (?, ?, ?)")) {
                    ps.setString(1, oldDomain);
                    ps.setString(2, newDomain);
                    ps.setObject(3, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (copied) archiveFiles.deleteSite(newDomain); // the new domain was no site: these are only the copies
                throw e;
            }
            archiveFiles.deleteSite(oldDomain);
        } catch (SQLException e) {
            throw new StorageException("changing the domain " + oldDomain + " to " + newDomain, e);
        }
    }

    /** Writes an archived file again under the new domain's directory, with the new domain in its rows. */
    private static void copyArchived(Connection c, Path from, Path to, String newDomain) throws SQLException {
        if (!Files.exists(from)) return;
        Path temp = ArchiveFiles.temp(to);
        try (Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * REPLACE (" + DuckDbDialect.DUCKDB.literal(newDomain) + " AS site) FROM "
                    + RawTables.parquet(List.of(from)) + ") TO " + ArchiveFiles.literal(temp) + " (FORMAT parquet)");
        }
        ArchiveFiles.publish(temp, to);
    }

    /** A name from the catalogue, quoted as SQL requires. */
    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static void execute(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) ps.setString(i + 1, values[i]);
            ps.executeUpdate();
        }
    }

    @Override
    public List<DomainChange> domainChanges() {
        return query("SELECT old_domain, new_domain, changed_at FROM domain_changes ORDER BY changed_at", ps -> {},
                rs -> new DomainChange(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
    }

    // --- custom properties ------------------------------------------------------------------------

    @Override
    public List<String> customProps(String domain) {
        return query("SELECT property FROM site_props WHERE site_domain = ? ORDER BY property", ps -> ps.setString(1, domain), rs -> rs.getString(1));
    }

    @Override
    public boolean addCustomProp(String domain, String property) {
        return update("INSERT INTO site_props VALUES (?, ?, now()) ON CONFLICT DO NOTHING", ps -> {
            ps.setString(1, domain);
            ps.setString(2, property);
        }) > 0;
    }

    @Override
    public boolean deleteCustomProp(String domain, String property) {
        return update("DELETE FROM site_props WHERE site_domain = ? AND property = ?", ps -> {
            ps.setString(1, domain);
            ps.setString(2, property);
        }) > 0;
    }

    // --- goals ----------------------------------------------------------------------------------

    @Override
    public List<Goal> goals(String domain) {
        return query("SELECT id, site_domain, goal_type, event_name, page_path, display_name FROM goals WHERE site_domain = ? ORDER BY id",
                ps -> ps.setString(1, domain), rs -> new Goal(rs.getLong(1), rs.getString(2),
                        Goal.Type.valueOf(rs.getString(3).toUpperCase()), rs.getString(4), rs.getString(5), rs.getString(6)));
    }

    @Override
    public synchronized Goal putGoal(Goal goal) {
        for (Goal existing : goals(goal.site())) {
            if (existing.type() == goal.type() && java.util.Objects.equals(existing.eventName(), goal.eventName())
                    && java.util.Objects.equals(existing.pagePath(), goal.pagePath())) return existing;
        }
        List<Long> ids = query("INSERT INTO goals (site_domain, goal_type, event_name, page_path, display_name, created_at) "
                + "VALUES (?, ?, ?, ?, ?, now()) RETURNING id", ps -> {
            ps.setString(1, goal.site());
            ps.setString(2, goal.type().name().toLowerCase());
            ps.setString(3, goal.eventName());
            ps.setString(4, goal.pagePath());
            ps.setString(5, goal.displayName());
        }, rs -> rs.getLong(1));
        return new Goal(ids.getFirst(), goal.site(), goal.type(), goal.eventName(), goal.pagePath(), goal.displayName());
    }

    @Override
    public boolean deleteGoal(String domain, long goalId) {
        return update("DELETE FROM goals WHERE site_domain = ? AND id = ?", ps -> {
            ps.setString(1, domain);
            ps.setLong(2, goalId);
        }) > 0;
    }

    // --- keys -----------------------------------------------------------------------------------

    @Override
    public void addApiKey(String secretHash, ApiKey key) {
        update("INSERT INTO api_keys VALUES (?, ?, ?, ?, now()) ON CONFLICT DO NOTHING", ps -> {
            ps.setString(1, secretHash);
            ps.setString(2, key.prefix());
            ps.setString(3, key.siteDomain().orElse(null));
            ps.setString(4, key.name());
        });
    }

    @Override
    public Optional<ApiKey> apiKey(String secretHash) {
        return query("SELECT prefix, name, site_domain FROM api_keys WHERE key_hash = ?",
                ps -> ps.setString(1, secretHash), DuckDbStorage::apiKey).stream().findFirst();
    }

    @Override
    public List<ApiKey> apiKeys() {
        return query("SELECT prefix, name, site_domain FROM api_keys ORDER BY created_at", ps -> {}, DuckDbStorage::apiKey);
    }

    @Override
    public boolean deleteApiKey(String domain, String prefix) {
        return update("DELETE FROM api_keys WHERE site_domain = ? AND prefix = ?", ps -> {
            ps.setString(1, domain);
            ps.setString(2, prefix);
        }) > 0;
    }

    private static ApiKey apiKey(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)));
    }

    // --- salts ----------------------------------------------------------------------------------

    @Override
    public Map<LocalDate, byte[]> salts() {
        Map<LocalDate, byte[]> salts = new TreeMap<>();
        query("SELECT day, salt FROM salts", ps -> {}, rs -> salts.put(rs.getObject(1, LocalDate.class), rs.getBytes(2)));
        return salts;
    }

    @Override
    public void putSalt(LocalDate day, byte[] salt) {
        update("INSERT INTO salts VALUES (?, ?) ON CONFLICT DO NOTHING", ps -> {
            ps.setObject(1, day);
            ps.setBytes(2, salt);
        });
    }

    @Override
    public void deleteSaltsBefore(LocalDate day) {
        update("DELETE FROM salts WHERE day < ?", ps -> ps.setObject(1, day));
    }

    // --- events ---------------------------------------------------------------------------------

    /**
     * The loader's writer. Opened again after every failed batch, so it is also where a database
     * that DuckDB invalidated (a fatal error such as a checkpoint failing on a full disk: "COMMIT
     * succeeded and is durable, but the autocheckpoint failed") is reopened: committed data is in
     * the file and its WAL, and a fresh open replays them.
     */
    @Override
    public EventWriter openWriter() {
        try {
            return new DuckDbEventWriter(root.duplicate());
        } catch (SQLException e) {
            if (!invalidated(e)) throw new StorageException("opening the event writer", e);
        } catch (RuntimeException e) {
            if (!(e.getCause() instanceof SQLException sql && invalidated(sql))) throw e;
        }
        reopen();
        try {
            return new DuckDbEventWriter(root.duplicate());
        } catch (SQLException e) {
            throw new StorageException("opening the event writer", e);
        }
    }

    private static boolean invalidated(SQLException e) {
        return String.valueOf(e.getMessage()).contains("invalidated");
    }

    private synchronized void reopen() {
        DuckDBConnection old = root;
        try {
            old.close();
        } catch (SQLException ignored) {
            // it is unusable either way
        }
        root = connect(dataDir, memoryLimit, threads);
    }

    @Override
    public List<SessionRow.Session> sessionsActiveSince(Instant since) {
        // The latest version of each session is its current state (its +1 row not yet cancelled).
        String sql = """
                SELECT site, session_id, visitor_id, version, started, last_seen, entry_page, exit_page, hostname,
                       referrer, referrer_source, utm_medium, utm_source, utm_campaign, utm_content, utm_term,
                       country, region, city, device, browser, browser_version, os, os_version, pageviews, events, is_bounce,
                       coalesce(exit_hostname, hostname)
                FROM sessions
                WHERE sign = 1 AND last_seen >= ?
                QUALIFY version = max(version) OVER (PARTITION BY site, session_id)""";
        return query(sql, ps -> ps.setObject(1, LocalDateTime.ofInstant(since, ZoneOffset.UTC)), rs -> {
            int pageviews = rs.getInt(25);
            boolean bounce = rs.getBoolean(27);
            return new SessionRow.Session(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4),
                    instant(rs, 5), instant(rs, 6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(28),
                    rs.getString(10), rs.getString(11),
                    new Event.Utm(rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16)),
                    new Event.Location(rs.getString(17), rs.getString(18), rs.getString(19)),
                    new Event.Client(rs.getString(20), rs.getString(21), rs.getString(22), rs.getString(23), rs.getString(24)),
                    pageviews, rs.getInt(26), pageviews <= 1 && !bounce);
        });
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    @Override
    public long countEvents(String domain) {
        return query("SELECT (SELECT count(*) FROM events WHERE site = ?) + (SELECT coalesce(sum(events), 0) FROM archived_months WHERE site = ?)",
                ps -> {
                    ps.setString(1, domain);
                    ps.setString(2, domain);
                }, rs -> rs.getLong(1)).getFirst();
    }

    @Override
    public List<String> propertyKeys(String domain, Instant since, int limit) {
        Instant now = Instant.now();
        return snapshotQuery(domain, raw -> "SELECT k FROM (SELECT unnest(map_keys(props)) AS k FROM " + raw.events(since, now.plusSeconds(86_400))
                + " WHERE site = ? AND ts >= ? AND cardinality(props) > 0) GROUP BY k ORDER BY count(*) DESC, k LIMIT ?", ps -> {
            ps.setString(1, domain);
            ps.setObject(2, utc(since));
            ps.setInt(3, limit);
        }, rs -> rs.getString(1));
    }

    // --- reading events back --------------------------------------------------------------------

    /** What a page and an export show of an event, in order; never an IP address or user agent (none is stored). */
    static final List<String> EVENT_COLUMNS = List.of("id", "timestamp", "name", "visitor_id", "session_id",
            "hostname", "pathname", "referrer", "referrer_source", "utm_medium", "utm_source", "utm_campaign", "utm_content",
            "utm_term", "country", "region", "city", "device", "browser", "browser_version", "os", "os_version", "props",
            "interactive", "scroll_depth", "engagement_ms");
    /** ISO-8601 in UTC, to the second, as {@link Instant#toString()} writes a stored event's time. */
    static final String ISO_TIMESTAMP = "strftime(ts, '%Y-%m-%dT%H:%M:%SZ')";

    /** The SQL of the event columns, each given by {@code expression} (the column's name if it returns null). */
    static String eventColumns(Function<String, String> expression) {
        return EVENT_COLUMNS.stream().map(c -> Optional.ofNullable(expression.apply(c)).orElse(c)).collect(Collectors.joining(", "));
    }

    @Override
    public List<StoredEvent> events(EventRange range, Optional<EventPosition> after, int limit) {
        // The keyset's second also narrows the time bound, so the engine skips whole row groups by their min/max ts.
        Instant lower = after.map(EventPosition::timestamp).filter(t -> t.isAfter(range.from())).orElse(range.from());
        return snapshotQuery(range.site(), raw -> "SELECT " + eventColumns(c -> c.equals("timestamp") ? "ts" : null) + " FROM "
                + raw.events(lower, range.to()) + " WHERE site = ? AND ts >= ? AND ts < ?"
                + (after.isPresent() ? " AND (ts, id) > (?, ?)" : "") + " ORDER BY ts, id LIMIT ?", ps -> {
            int i = 1;
            ps.setString(i++, range.site());
            ps.setObject(i++, utc(lower));
            ps.setObject(i++, utc(range.to()));
            if (after.isPresent()) {
                ps.setObject(i++, utc(after.get().timestamp()));
                ps.setLong(i++, after.get().id());
            }
            ps.setInt(i, limit);
        }, rs -> new StoredEvent(rs.getLong(1), new Event(range.site(), instant(rs, 2), rs.getString(3),
                rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                new Event.Utm(rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14)),
                new Event.Location(rs.getString(15), rs.getString(16), rs.getString(17)),
                new Event.Client(rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21), rs.getString(22)),
                props(rs.getObject(23)), rs.getBoolean(24), nullableInt(rs, 25), nullableInt(rs, 26))));
    }

    private static Map<String, String> props(Object map) {
        Map<String, String> props = new LinkedHashMap<>();
        if (map instanceof Map<?, ?> m) m.forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        return props;
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public long exportEvents(EventRange range, ExportFormat format, Path file, ExportProgress progress) {
        try (Connection c = reader()) {
            c.setAutoCommit(false); // one snapshot for every slice: the file shows the range as it was when the export began
            try {
                return new DuckDbExport(c, rawTables(c, range.site()), dataDir.resolve("tmp"), DuckDbExport.SLICE_ROWS).run(range, format, file, progress);
            } finally {
                c.rollback(); // it only read
            }
        } catch (SQLException | IOException e) {
            throw new StorageException("exporting the events of " + range.site() + " to " + file, e);
        }
    }

    @Override
    public ExportStream streamEvents(EventRange range, ExportFormat format) {
        Connection c = null;
        try {
            c = reader();
            c.setAutoCommit(false); // one snapshot for every piece, held until the stream is closed
            DuckDbExport.Pieces pieces = new DuckDbExport(c, rawTables(c, range.site()), dataDir.resolve("tmp"), DuckDbExport.STREAM_SLICE_ROWS)
                    .pieces(range, format);
            return new PiecewiseExport(c, pieces, range.site());
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StorageException("exporting the events of " + range.site(), e);
        }
    }

    /** An export's pieces on the connection that holds its snapshot. */
    private record PiecewiseExport(Connection conn, DuckDbExport.Pieces pieces, String site) implements ExportStream {
        @Override
        public long rows() {
            return pieces.rows();
        }

        @Override
        public Optional<Path> nextPiece() {
            try {
                return pieces.next();
            } catch (SQLException | IOException e) {
                throw new StorageException("exporting the events of " + site, e);
            }
        }

        @Override
        public void close() {
            try {
                conn.rollback(); // it only read
            } catch (SQLException e) {
                // closing ends the snapshot all the same
            }
            closeQuietly(conn);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            java.util.logging.Logger.getLogger(DuckDbStorage.class.getName()).log(java.util.logging.Level.WARNING, "closing a reader connection", e);
        }
    }

    @Override
    public long importedLines(String fingerprint, String domain) {
        return query("SELECT lines_done FROM imports WHERE fingerprint = ? AND site = ?", ps -> {
            ps.setString(1, fingerprint);
            ps.setString(2, domain);
        }, rs -> rs.getLong(1)).stream().findFirst().orElse(0L);
    }

    @Override
    public long journalPosition() {
        return query("SELECT position FROM journal_position WHERE id = 1", ps -> {}, rs -> rs.getLong(1)).stream().findFirst().orElse(0L);
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("engine", "duckdb");
        health.put("sites", query("SELECT count(*) FROM sites", ps -> {}, rs -> rs.getLong(1)).getFirst());
        health.put("database_bytes", sizeOf(dataDir.resolve(FILE_NAME)));
        health.put("wal_bytes", sizeOf(dataDir.resolve(FILE_NAME + ".wal")));
        return health;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            throw new StorageException("closing " + dataDir, e);
        }
    }

    // --- plumbing -------------------------------------------------------------------------------

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = reader(); PreparedStatement ps = c.prepareStatement(sql); ReadDeadline.Guard guard = ReadDeadline.guard(ps::cancel)) {
            binder.bind(ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new StorageException(sql, e);
        }
    }

    /** A query over a site's raw rows, hot and archived, listed and read in one snapshot. */
    private <T> List<T> snapshotQuery(String site, java.util.function.Function<RawTables, String> sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = reader()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql.apply(rawTables(c, site))); ReadDeadline.Guard guard = ReadDeadline.guard(ps::cancel)) {
                binder.bind(ps);
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rows.add(mapper.map(rs));
                }
                return rows;
            } finally {
                c.rollback(); // it only read
            }
        } catch (SQLException e) {
            throw new StorageException("reading the events of " + site, e);
        }
    }

    int update(String sql, Binder binder) {
        try (Connection c = reader(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(sql, e);
        }
    }
}
