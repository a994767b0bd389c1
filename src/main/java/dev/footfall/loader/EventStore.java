package dev.footfall.loader;

import dev.footfall.store.Event;
import dev.footfall.store.SessionRow;

import java.time.Instant;
import java.util.List;

/**
 * The hot tier as the loader sees it: one writer for events and session rows, the journal
 * position loaded so far, the open visits to resume after a restart, and how far each imported
 * file got.
 */
public interface EventStore {

    /** The writer of the hot tier; confined to the calling thread until closed. */
    EventWriter openWriter();

    /** Latest state of every session with activity at or after {@code since}, to resume after a restart. */
    List<SessionRow.Session> sessionsActiveSince(Instant since);

    /** The journal position everything below which is stored (0 for a new store). */
    long journalPosition();

    /** Lines of the file with this fingerprint already imported into {@code domain}; 0 if none. */
    long importedLines(String fingerprint, String domain);

    /**
     * Appends events and session rows and commits them as one transaction, with the journal
     * position they reach. Not thread-safe: one writer, one thread (DuckDB appenders are
     * thread-confined), the loader's.
     */
    interface EventWriter extends AutoCloseable {
        void append(Event event);

        void append(SessionRow row);

        /** Records import progress in the same transaction as the rows it covers. */
        void recordImport(String fingerprint, String domain, String fileName, long linesDone);

        /** Records the journal position reached, in the same transaction as the rows loaded from below it. */
        void recordJournalPosition(long position);

        /** Makes everything appended since the last commit durable. */
        void commit();

        /** Discards everything appended since the last commit. */
        void rollback();

        @Override
        void close();
    }
}
