package dev.footfall.store.duckdb;

import dev.footfall.plan.Tier;
import dev.footfall.store.StorageException;
import dev.footfall.store.sql.Relations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a read of one site names in its FROM clause. Rollup tables are never archived. A raw read
 * names the hot table alone where no archived month overlaps the range read (the statement is
 * then exactly what it was before the archive existed), else the hot rows and the overlapping
 * months' Parquet files as one relation with the table's columns. {@code UNION ALL BY NAME} and {@code union_by_name} match columns by name, so
 * files written before a column was added still read (as NULL there).
 *
 * <p>Read it in the transaction that runs the statement: the archiver deletes a month's hot rows
 * in the transaction that records the month as archived, so one snapshot sees each row once. The
 * archived months are looked up when a raw relation is first named, so a statement served by
 * rollups alone (never archived) does without the lookup, a statement of its own that cost about
 * 1.5–2 ms of a rollup panel's time.
 */
final class RawTables implements Relations {
    /** An archived month as recorded in {@code archived_months}. */
    record Month(YearMonth month, long events, long sessionRows, Optional<Instant> sessionsUntil) {
        Instant start() {
            return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }

        Instant end() {
            return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }

        boolean overlaps(Instant from, Instant until) {
            return start().isBefore(until) && end().isAfter(from);
        }
    }

    /** Reads the site's archived months (in the transaction of the statement that names them). */
    @FunctionalInterface
    interface Lookup {
        List<Month> months() throws SQLException;
    }

    private final String site;
    private final Lookup lookup;
    private final ArchiveFiles files;
    /** The months once looked up; confined to the thread building one statement. */
    private List<Month> months;

    RawTables(String site, List<Month> months, ArchiveFiles files) {
        this(site, () -> months, files);
    }

    private RawTables(String site, Lookup lookup, ArchiveFiles files) {
        this.site = site;
        this.lookup = lookup;
        this.files = files;
    }

    /** The site's archived months as {@code conn}'s transaction sees them, looked up when first needed. */
    static RawTables read(Connection conn, ArchiveFiles files, String site) {
        return new RawTables(site, () -> months(conn, site), files);
    }

    static List<Month> months(Connection conn, String site) throws SQLException {
        List<Month> months = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT month, events, session_rows, sessions_until FROM archived_months WHERE site = ? ORDER BY month")) {
            ps.setString(1, site);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDateTime until = rs.getObject(4, LocalDateTime.class);
                    months.add(new Month(YearMonth.from(rs.getObject(1, LocalDate.class)), rs.getLong(2), rs.getLong(3),
                            Optional.ofNullable(until).map(t -> t.toInstant(ZoneOffset.UTC))));
                }
            }
        }
        return months;
    }

    List<Month> months() {
        if (months == null) {
            try {
                months = List.copyOf(lookup.months());
            } catch (SQLException e) {
                throw new StorageException("reading the archived months of " + site, e);
            }
        }
        return months;
    }

    /** The site's events with a time in [from, until) are all in this relation (others may be too). */
    @Override
    public String events(Instant from, Instant until) {
        return relation("events", archived(m -> m.overlaps(from, until) && m.events() > 0, m -> files.events(site, m.month())));
    }

    /** The site's session rows of visits that started in [from, until). */
    @Override
    public String sessionsStarted(Instant from, Instant until) {
        return relation("sessions", archived(m -> m.overlaps(from, until) && m.sessionRows() > 0, m -> files.sessions(site, m.month())));
    }

    /**
     * The site's session rows of visits that started before {@code until} and were last seen at or
     * after {@code from}: a visit archived with the month it started in may go on past its end.
     */
    @Override
    public String sessionsActive(Instant from, Instant until) {
        return relation("sessions", archived(m -> m.start().isBefore(until) && m.sessionsUntil().filter(t -> !t.isBefore(from)).isPresent(),
                m -> files.sessions(site, m.month())));
    }

    @Override
    public String rollup(Tier tier, boolean pairs) {
        return DuckDbRollups.table(tier, pairs);
    }

    /** The file holding the site's earliest archived event, if any month is archived with events. */
    Optional<Path> firstEvents() {
        return months().stream().filter(m -> m.events() > 0).findFirst().map(m -> files.events(site, m.month()));
    }

    private List<Path> archived(Predicate<Month> read, java.util.function.Function<Month, Path> file) {
        return months().stream().filter(read).map(file).toList();
    }

    private String relation(String table, List<Path> archived) {
        if (archived.isEmpty()) return table;
        return "(SELECT * FROM " + table + " WHERE site = " + DuckDbDialect.DUCKDB.literal(site) + " UNION ALL BY NAME SELECT * FROM "
                + parquet(archived) + ")";
    }

    static String parquet(List<Path> files) {
        return "read_parquet(" + files.stream().map(ArchiveFiles::literal).collect(Collectors.joining(", ", "[", "]"))
                + ", union_by_name = true)";
    }
}
