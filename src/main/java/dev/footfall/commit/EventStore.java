package dev.footfall.commit;

import dev.footfall.store.Event;
import dev.footfall.store.SessionRow;

import java.time.Instant;
import java.util.List;

/**
 * The hot tier as the commit stage sees it: one writer for events and session rows, the open
 * visits to resume after a restart, and how far each imported file got.
 */
public interface EventStore {

    /** The writer of the hot tier; confined to the calling thread until closed. */
    EventWriter openWriter();

    /** Latest state of every session with activity at or after {@code since}, to resume after a restart. */
    List<SessionRow.Session> sessionsActiveSince(Instant since);

    /** Lines of the file with this fingerprint already imported into {@code domain}; 0 if none. */
    long importedLines(String fingerprint, String domain);

    /**
     * Appends events and session rows and commits them as one transaction. Not thread-safe: one
     * writer, one thread (DuckDB appenders are thread-confined, and one writer is what makes
     * group commit cheap).
     */
    interface EventWriter extends AutoCloseable {
        void append(Event event);

        void append(SessionRow row);

        /** Records import progress in the same transaction as the rows it covers. */
        void recordImport(String fingerprint, String domain, String fileName, long linesDone);

        /** Makes everything appended since the last commit durable. */
        void commit();

        /** Discards everything appended since the last commit. */
        void rollback();

        @Override
        void close();
    }
}
