package dev.footfall.events;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reading stored events back: the events API, exports, and a few counts the dashboard shows. */
public interface EventReader {

    /**
     * Up to {@code limit} events of {@code range} in (timestamp, id) order, after {@code after} when
     * given. Keyset paging, never OFFSET: a page costs the same however deep it is, and events
     * committed meanwhile neither shift nor repeat those already read. Live events are stamped with
     * the second they arrive and numbered when committed, so they sort after every position handed
     * out before, save one stamped in an earlier second and committed later (a few milliseconds
     * around a second's turn, longer under back-pressure).
     */
    List<StoredEvent> events(EventRange range, Optional<EventPosition> after, int limit);

    /**
     * Writes the events of {@code range} to {@code file} (replacing it) in (timestamp, id) order,
     * with the columns and values of {@link #events}, inside the engine: memory stays bounded by
     * the engine's limit whatever the range's size.
     *
     * @param progress told now and then how far the export is
     * @return the number of events written
     */
    long exportEvents(EventRange range, ExportFormat format, Path file, ExportProgress progress);

    /**
     * The export of {@code range} as {@link #exportEvents} writes it, made a piece at a time so that
     * it can be sent while it is made: the whole file is never on disk at once (save Parquet's,
     * whose footer indexes the whole file). Every piece is read from one snapshot, taken here.
     */
    ExportStream streamEvents(EventRange range, ExportFormat format);

    /** The site's stored events, hot and archived. */
    long countEvents(String domain);

    /** Custom property keys of the site's events since {@code since}, most used first, at most {@code limit}. */
    List<String> propertyKeys(String domain, Instant since, int limit);

    /**
     * An export being made: its pieces, in order, are the file. Used by one thread at a time (not
     * necessarily the same one); closing it ends the snapshot.
     */
    interface ExportStream extends AutoCloseable {
        /** The events of the whole export, known before the first piece is made. */
        long rows();

        /**
         * Makes the next piece, a file the caller sends and then deletes; empty after the last.
         * CSV and NDJSON come as one piece per time slice of a bounded number of events (the CSV
         * header in the first); Parquet as a single piece, the whole file.
         */
        Optional<Path> nextPiece();

        @Override
        void close();
    }

    /** How far an export is: events written so far, of all the range holds. */
    @FunctionalInterface
    interface ExportProgress {
        ExportProgress NONE = (written, total) -> {};

        void eventsWritten(long written, long total);
    }
}
