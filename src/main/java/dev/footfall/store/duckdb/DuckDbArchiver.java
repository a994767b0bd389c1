package dev.footfall.store.duckdb;

import dev.footfall.retention.Archive;
import dev.footfall.store.StorageException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.footfall.store.duckdb.DuckDbDialect.DUCKDB;

/**
 * The embedded engine's cold tier: a site's UTC month of raw rows becomes two Parquet files (see
 * {@link ArchiveFiles}) and leaves the hot tables.
 *
 * <p>A move is one transaction: COPY the month's rows (as the transaction's snapshot sees them)
 * to temporary files, force them to disk and rename them into place, then delete exactly those
 * rows and record the month in {@code archived_months}, and commit. Readers list files from
 * {@code archived_months} only, so a file whose month is not recorded (a crash before the commit)
 * is never read while its rows are still hot, and the next run writes it again. Rows committed
 * by others after the snapshot (an import into the month) are neither copied nor deleted: they
 * stay hot, and every read covers hot and archived rows alike.
 */
final class DuckDbArchiver implements Archive {
    private final DuckDbStorage storage;
    private final ArchiveFiles files;

    DuckDbArchiver(DuckDbStorage storage, ArchiveFiles files) {
        this.storage = storage;
        this.files = files;
    }

    @Override
    public List<YearMonth> hotMonthsBefore(String site, YearMonth before) {
        String bound = DUCKDB.timestamp(start(before));
        String sql = "SELECT m FROM (SELECT DISTINCT date_trunc('month', ts)::DATE AS m FROM events WHERE site = ? AND ts < " + bound
                + " UNION SELECT DISTINCT date_trunc('month', started)::DATE FROM sessions WHERE site = ? AND started < " + bound
                + ") WHERE m NOT IN (SELECT month FROM archived_months WHERE site = ?) ORDER BY m";
        return storage.query(sql, ps -> {
            ps.setString(1, site);
            ps.setString(2, site);
            ps.setString(3, site);
        }, rs -> YearMonth.from(rs.getObject(1, LocalDate.class)));
    }

    @Override
    public List<ArchivedMonth> archived(String site) {
        try (Connection c = storage.reader()) {
            return RawTables.months(c, site).stream().map(m -> new ArchivedMonth(m.month(), m.events(), m.sessionRows())).toList();
        } catch (SQLException e) {
            throw new StorageException("listing the archive of " + site, e);
        }
    }

    @Override
    public ArchivedMonth move(String site, YearMonth month) {
        Path eventsFile = files.events(site, month);
        Path sessionsFile = files.sessions(site, month);
        files.createSiteDir(site);
        String s = DUCKDB.literal(site);
        String events = "site = " + s + " AND ts >= " + DUCKDB.timestamp(start(month)) + " AND ts < " + DUCKDB.timestamp(start(month.plusMonths(1)));
        String sessions = "site = " + s + " AND started >= " + DUCKDB.timestamp(start(month)) + " AND started < " + DUCKDB.timestamp(start(month.plusMonths(1)));
        return transaction("archiving " + month + " of " + site, c -> {
            try (Statement st = c.createStatement()) {
                if (RawTables.months(c, site).stream().anyMatch(m -> m.month().equals(month))) return new ArchivedMonth(month, 0, 0);
                long eventRows = copy(st, "SELECT * FROM events WHERE " + events, eventsFile);
                long sessionRows = copy(st, "SELECT * FROM sessions WHERE " + sessions, sessionsFile);
                LocalDateTime sessionsUntil = null;
                try (ResultSet rs = st.executeQuery("SELECT max(last_seen) FROM sessions WHERE " + sessions)) {
                    if (rs.next()) sessionsUntil = rs.getObject(1, LocalDateTime.class);
                }
                // The files are whole and durable before a single hot row goes.
                ArchiveFiles.publish(ArchiveFiles.temp(eventsFile), eventsFile);
                ArchiveFiles.publish(ArchiveFiles.temp(sessionsFile), sessionsFile);
                long deletedEvents = st.executeLargeUpdate("DELETE FROM events WHERE " + events);
                long deletedSessions = st.executeLargeUpdate("DELETE FROM sessions WHERE " + sessions);
                if (deletedEvents != eventRows || deletedSessions != sessionRows) {
                    // One snapshot copies and deletes, so this cannot happen; if it does, keep the rows hot.
                    throw new IllegalStateException("archiving " + month + " of " + site + " copied " + eventRows + " events and "
                            + sessionRows + " session rows but would delete " + deletedEvents + " and " + deletedSessions);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO archived_months VALUES (?, ?, ?, ?, ?, now())")) {
                    ps.setString(1, site);
                    ps.setObject(2, month.atDay(1));
                    ps.setLong(3, eventRows);
                    ps.setLong(4, sessionRows);
                    if (sessionsUntil == null) ps.setNull(5, java.sql.Types.TIMESTAMP);
                    else ps.setObject(5, sessionsUntil);
                    ps.executeUpdate();
                }
                return new ArchivedMonth(month, eventRows, sessionRows);
            }
        });
    }

    @Override
    public Deleted deleteBefore(String site, Instant cutoff) {
        String s = DUCKDB.literal(site);
        String bound = DUCKDB.timestamp(cutoff);
        List<YearMonth> whole = new ArrayList<>();
        finishTrims(site);
        List<Path> trimmed = new ArrayList<>();
        Deleted deleted = transaction("deleting the data of " + site + " before " + cutoff, c -> {
            try (Statement st = c.createStatement()) {
                long events = st.executeLargeUpdate("DELETE FROM events WHERE site = " + s + " AND ts < " + bound);
                long sessions = st.executeLargeUpdate("DELETE FROM sessions WHERE site = " + s + " AND started < " + bound);
                for (RawTables.Month m : RawTables.months(c, site)) {
                    if (!m.end().isAfter(cutoff)) {
                        whole.add(m.month());
                        events += m.events();
                        sessions += m.sessionRows();
                        st.execute("DELETE FROM archived_months WHERE site = " + s + " AND month = DATE '" + m.month().atDay(1) + "'");
                    } else if (m.start().isBefore(cutoff)) {
                        long e = trim(st, files.events(site, m.month()), "ts", cutoff, trimmed);
                        long v = trim(st, files.sessions(site, m.month()), "started", cutoff, trimmed);
                        st.execute("UPDATE archived_months SET events = events - " + e + ", session_rows = session_rows - " + v
                                + " WHERE site = " + s + " AND month = DATE '" + m.month().atDay(1) + "'");
                        events += e;
                        sessions += v;
                    }
                }
                return new Deleted(events, sessions, whole.size());
            }
        });
        // Trimmed files replace the old ones only once the counts that describe them are committed
        // (a crash in between is finished by finishTrims next time); files go once no record
        // names them (a crash before leaves files that the sweep below finds next time).
        for (Path file : trimmed) ArchiveFiles.publish(ArchiveFiles.temp(file), file);
        for (YearMonth m : whole) files.delete(site, m);
        sweep(site, cutoff);
        return deleted;
    }

    /** Deletes files of months before the cutoff that no record names (left by a crash), and stray temporary files. */
    private void sweep(String site, Instant cutoff) {
        Set<YearMonth> recorded = new HashSet<>(archived(site).stream().map(ArchivedMonth::month).toList());
        for (YearMonth m : files.listed(site)) {
            if (!recorded.contains(m) && !start(m.plusMonths(1)).isAfter(cutoff)) files.delete(site, m);
        }
    }

    /**
     * Writes, beside an archived file, its copy without the rows before the cutoff (published by
     * the caller once the transaction commits); returns how many rows it drops.
     */
    private static long trim(Statement st, Path file, String timeColumn, Instant cutoff, List<Path> trimmed) throws SQLException {
        String source = RawTables.parquet(List.of(file));
        long before;
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + source + " WHERE " + timeColumn + " < " + DUCKDB.timestamp(cutoff))) {
            rs.next();
            before = rs.getLong(1);
        }
        if (before == 0) return 0;
        copy(st, "SELECT * FROM " + source + " WHERE " + timeColumn + " >= " + DUCKDB.timestamp(cutoff), file);
        trimmed.add(file);
        return before;
    }

    /**
     * Finishes trims a crash interrupted: a trimmed copy left beside its file is published when
     * the committed counts describe it (the deletion committed, its publish did not happen), and
     * deleted otherwise (the deletion rolled back).
     */
    private void finishTrims(String site) {
        try (Connection c = storage.reader(); Statement st = c.createStatement()) {
            for (RawTables.Month m : RawTables.months(c, site)) {
                finishTrim(st, files.events(site, m.month()), m.events());
                finishTrim(st, files.sessions(site, m.month()), m.sessionRows());
            }
        } catch (SQLException e) {
            throw new StorageException("finishing interrupted archive trims of " + site, e);
        }
    }

    private static void finishTrim(Statement st, Path file, long committedRows) throws SQLException {
        Path temp = ArchiveFiles.temp(file);
        if (!Files.exists(temp)) return;
        boolean committed;
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + RawTables.parquet(List.of(temp)))) {
            rs.next();
            committed = rs.getLong(1) == committedRows;
        } catch (SQLException unreadable) {
            committed = false; // a copy torn by the crash: the deletion cannot have committed after it
        }
        if (committed) {
            ArchiveFiles.publish(temp, file);
        } else {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** COPYs a select to the target's temporary file (replacing a leftover); returns the rows written. */
    private static long copy(Statement st, String select, Path target) throws SQLException {
        Path temp = ArchiveFiles.temp(target);
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // zstd: the raw columns repeat a lot (site, hostnames, paths); it is about a third smaller than snappy and still fast to read.
        return st.executeLargeUpdate("COPY (" + select + ") TO " + ArchiveFiles.literal(temp) + " (FORMAT parquet, COMPRESSION zstd)");
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T transaction(String what, Work<T> work) {
        try (Connection c = storage.reader()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException(what, e);
        }
    }
}
