package dev.footfall.store.duckdb;

import dev.footfall.loader.EventStore;
import dev.footfall.store.Event;
import dev.footfall.store.SessionRow;
import dev.footfall.store.StorageException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Appends to the hot tier through DuckDB appenders inside one explicit transaction per commit.
 * Appenders buffer rows in native memory; {@link #commit()} flushes them and commits, which is the
 * moment (and the only one) rows become durable.
 *
 * <p>Numbers events itself: there is one writer per database (the group committer's thread, or an
 * offline import), so a counter read once at opening is exact and costs nothing per event. Ids of
 * a rolled-back batch are not reused; gaps are harmless, ids only need to be unique and increasing.
 */
final class DuckDbEventWriter implements EventStore.EventWriter {
    private final DuckDBConnection conn;
    private final DuckDBAppender events;
    private final DuckDBAppender sessions;
    private final PreparedStatement importProgress;
    private final PreparedStatement journalPosition;
    private long nextId;

    DuckDbEventWriter(DuckDBConnection conn) throws SQLException {
        this.conn = conn;
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM events")) {
            rs.next();
            this.nextId = rs.getLong(1);
        }
        this.events = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events");
        this.sessions = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "sessions");
        this.importProgress = conn.prepareStatement(
                "INSERT OR REPLACE INTO imports VALUES (?, ?, ?, ?, now())");
        this.journalPosition = conn.prepareStatement("UPDATE journal_position SET position = ? WHERE id = 1");
    }

    @Override
    public void append(Event e) {
        try {
            events.beginRow()
                    .append(e.site()).append(utcDateTime(e.timestamp())).append(e.name())
                    .append(e.visitorId()).append(e.sessionId())
                    .append(e.hostname()).append(e.pathname()).append(e.referrer()).append(e.referrerSource())
                    .append(e.utm().medium()).append(e.utm().source()).append(e.utm().campaign())
                    .append(e.utm().content()).append(e.utm().term())
                    .append(e.location().country()).append(e.location().region()).append(e.location().city())
                    .append(e.client().device()).append(e.client().browser()).append(e.client().browserVersion())
                    .append(e.client().os()).append(e.client().osVersion())
                    .append(e.props()).append(e.interactive());
            if (e.scrollDepth() == null) events.appendNull(); else events.append(e.scrollDepth().shortValue());
            if (e.engagementMs() == null) events.appendNull(); else events.append(e.engagementMs().intValue());
            events.append(nextId++).endRow();
        } catch (SQLException ex) {
            throw new StorageException("appending an event", ex);
        }
    }

    @Override
    public void append(SessionRow row) {
        SessionRow.Session s = row.session();
        try {
            sessions.beginRow()
                    .append(s.site()).append(s.sessionId()).append(s.visitorId()).append((byte) row.sign())
                    .append(s.version()).append(utcDateTime(s.started())).append(utcDateTime(s.lastSeen()))
                    .append(s.entryPage()).append(s.exitPage()).append(s.hostname())
                    .append(s.referrer()).append(s.referrerSource())
                    .append(s.utm().medium()).append(s.utm().source()).append(s.utm().campaign())
                    .append(s.utm().content()).append(s.utm().term())
                    .append(s.location().country()).append(s.location().region()).append(s.location().city())
                    .append(s.client().device()).append(s.client().browser()).append(s.client().browserVersion())
                    .append(s.client().os()).append(s.client().osVersion())
                    .append(s.pageviews()).append(s.events()).append((int) s.durationSeconds()).append(s.isBounce())
                    .append(s.exitHostname())
                    .endRow();
        } catch (SQLException ex) {
            throw new StorageException("appending a session row", ex);
        }
    }

    /** TIMESTAMP columns hold UTC wall time; events are stored to the second. */
    private static LocalDateTime utcDateTime(Instant instant) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    }

    @Override
    public void recordImport(String fingerprint, String domain, String fileName, long linesDone) {
        try {
            importProgress.setString(1, fingerprint);
            importProgress.setString(2, domain);
            importProgress.setString(3, fileName);
            importProgress.setLong(4, linesDone);
            importProgress.executeUpdate();
        } catch (SQLException ex) {
            throw new StorageException("recording import progress", ex);
        }
    }

    @Override
    public void recordJournalPosition(long position) {
        try {
            journalPosition.setLong(1, position);
            journalPosition.executeUpdate();
        } catch (SQLException ex) {
            throw new StorageException("recording the journal position", ex);
        }
    }

    @Override
    public void commit() {
        try {
            events.flush();
            sessions.flush();
            conn.commit();
        } catch (SQLException ex) {
            throw new StorageException("committing a batch", ex);
        }
    }

    @Override
    public void rollback() {
        try {
            conn.rollback();
        } catch (SQLException ex) {
            throw new StorageException("rolling back a batch", ex);
        }
    }

    @Override
    public void close() {
        try {
            events.close();
            sessions.close();
            importProgress.close();
            journalPosition.close();
            conn.close();
        } catch (SQLException ex) {
            throw new StorageException("closing the event writer", ex);
        }
    }
}
