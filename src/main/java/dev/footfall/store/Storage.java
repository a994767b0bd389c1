package dev.footfall.store;

import dev.footfall.site.ApiKey;
import dev.footfall.site.Goal;
import dev.footfall.site.Site;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Footfall keeps, behind one interface so the embedded engine (DuckDB) and the cluster
 * engine (ClickHouse + PostgreSQL) can be swapped without touching the pipeline. Engine-specific
 * SQL lives only in implementations.
 *
 * <p>Writes of events and session rows go through one {@link EventWriter} owned by one thread
 * (the group committer); every other method may be called from any thread.
 */
public interface Storage extends AutoCloseable {

    // --- sites, goals, keys -------------------------------------------------------------------

    List<Site> sites();

    Optional<Site> site(String domain);

    /** Adds a site; false when the domain already exists. */
    boolean addSite(Site site);

    void updateSite(Site site);

    /** Deletes a site with all its events, sessions, rollups, goals, keys, members and links in one transaction, then its archive. */
    boolean deleteSite(String domain);

    /** Deletes a site's events, sessions, rollups and archive, keeping the site and its settings. */
    void resetSite(String domain);

    List<Goal> goals(String domain);

    /** Adds a goal, or returns the existing identical one (Plausible's PUT is idempotent). */
    Goal putGoal(Goal goal);

    boolean deleteGoal(String domain, long goalId);

    void addApiKey(String secretHash, ApiKey key);

    Optional<ApiKey> apiKey(String secretHash);

    List<ApiKey> apiKeys();

    /** Revokes a site's key by its prefix; false when the site has no such key. */
    boolean deleteApiKey(String domain, String prefix);

    /** Dashboard accounts, sessions, memberships and shared links. */
    AccountStore accounts();

    // --- visitor-id salts ---------------------------------------------------------------------

    Map<LocalDate, byte[]> salts();

    void putSalt(LocalDate day, byte[] salt);

    void deleteSaltsBefore(LocalDate day);

    // --- raw events and sessions --------------------------------------------------------------

    /** The writer of the hot tier; confined to the calling thread until closed. */
    EventWriter openWriter();

    /** Latest state of every session with activity at or after {@code since}, to resume after a restart. */
    List<SessionRow.Session> sessionsActiveSince(Instant since);

    /** The site's stored events, hot and archived. */
    long countEvents(String domain);

    /** Custom property keys of the site's events since {@code since}, most used first, at most {@code limit}. */
    List<String> propertyKeys(String domain, Instant since, int limit);

    /** The engine that answers Stats queries over the raw tables and the rollups. */
    StatsEngine stats();

    /** The warm tier's tables. */
    RollupStore rollups();

    /** The cold tier: raw months moved out of the hot tables, still read by every query. */
    Archive archive();

    // --- reading events back ------------------------------------------------------------------

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

    // --- import bookkeeping -------------------------------------------------------------------

    /** Lines of the file with this fingerprint already imported into {@code domain}; 0 if none. */
    long importedLines(String fingerprint, String domain);

    /** Health facts for /api/health: engine name and a few sizes. */
    Map<String, Object> health();

    @Override
    void close();

    /** How far an export is: events written so far, of all the range holds. */
    @FunctionalInterface
    interface ExportProgress {
        ExportProgress NONE = (written, total) -> {};

        void eventsWritten(long written, long total);
    }

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
