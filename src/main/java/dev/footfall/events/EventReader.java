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

    /** The site's stored events, hot and archived. */
    long countEvents(String domain);

    /** Custom property keys of the site's events since {@code since}, most used first, at most {@code limit}. */
    List<String> propertyKeys(String domain, Instant since, int limit);

    /** How far an export is: events written so far, of all the range holds. */
    @FunctionalInterface
    interface ExportProgress {
        ExportProgress NONE = (written, total) -> {};

        void eventsWritten(long written, long total);
    }
}
