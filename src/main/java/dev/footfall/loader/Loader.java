package dev.footfall.loader;

import dev.footfall.enrich.DropReason;
import dev.footfall.journal.Journal;
import dev.footfall.journal.JournalEntry;
import dev.footfall.journal.JournalReader;
import dev.footfall.metrics.FootfallMetrics;
import dev.footfall.session.SessionTracker;
import dev.footfall.store.SessionRow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the journal into the store: one thread reads entries in journal order, assigns each event
 * to its visit (the session tracker lives here, off the acknowledgement path), appends events and
 * session rows, and commits them in large batches together with the journal position reached.
 * On start it resumes from the position the store holds, with the visits the store holds as of
 * that position, so every journaled event is stored exactly once whatever was killed when.
 *
 * <p>A batch is everything journaled since the last one, up to {@link #MAX_BATCH_ENTRIES} (an
 * import's up to {@link #MAX_IMPORT_BATCH_ENTRIES}) and {@link #MAX_BATCH_VISITS} changed visits; a new
 * batch starts no sooner than {@link #MIN_INTERVAL} after the previous one began, so under load
 * each commit carries thousands of events while a lone event is visible within that interval.
 * Within a batch, a visit's intermediate states cancel out: only the state stored before the
 * batch (with sign -1) and the last one (with sign +1) are written — the same sums, a fraction of
 * the rows.
 *
 * <p>A failed commit (a full disk, an engine error) is rolled back and retried with back-off,
 * from the position and visits the store holds; the journal meanwhile keeps acknowledging until
 * the lag limits make it refuse. {@link #state()} says which it is, for /api/health.
 */
public final class Loader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Loader.class.getName());
    /** One transaction's bound: about two seconds of full-rate ingest, bounded appender memory. */
    static final int MAX_BATCH_ENTRIES = 50_000;
    /**
     * An import's transaction bound. DuckDB writes an appended row group (122,880 rows) straight to
     * the database file, compressed, once it fills; rows of a smaller transaction go through the WAL
     * and are compressed again at the checkpoint. The 12 M-line import spent 49 of its loader's 85 s
     * committing 50 K-event batches, so an import's batches hold several row groups.
     */
    static final int MAX_IMPORT_BATCH_ENTRIES = 500_000;
    /** Entries read between checks of the batch's bounds. */
    private static final int READ_CHUNK = 10_000;
    /** Visits changed in one batch, each held until the commit: bounds the heap a batch needs (~200 bytes each). */
    static final int MAX_BATCH_VISITS = 100_000;
    /** The freshness/throughput trade: visible within this much at low load, large batches under load. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    /** How often, by the loader's clock, idle visits are forgotten while the loader is never idle (an import's clock is log time). */
    private static final Duration BUSY_EXPIRY_INTERVAL = Duration.ofMinutes(1);
    /** Back-off after a failed batch: first wait, doubling up to the last. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(250), LAST_RETRY = Duration.ofSeconds(10);

    private final EventStore store;
    private final Journal journal;
    private final SessionTracker sessions;
    private final FootfallMetrics metrics;
    private final Clock clock;
    /** Import mode: time is the newest event time loaded (log time), and no stored visit continues. */
    private final boolean logTime;
    private Instant newestEvent = Instant.EPOCH;
    private final Thread thread;
    private final AtomicBoolean resync = new AtomicBoolean();
    private volatile boolean closing;
    private volatile String failure;
    private volatile long position;
    private volatile long entriesLoaded;

    private EventStore.EventWriter writer;
    private JournalReader reader;
    private Instant nextBusyExpiry = Instant.MIN;

    /** Starts loading at once, from the position the store holds; visits expire by {@code clock}. */
    public Loader(EventStore store, Journal journal, SessionTracker sessions, FootfallMetrics metrics, Clock clock) {
        this(store, journal, sessions, metrics, clock, false);
    }

    /**
     * A loader for a bulk import of past traffic: visits start fresh (imported visitor ids come
     * from ephemeral salts, so no stored visit can continue) and expire by the newest log time
     * loaded, never by a clock that could run ahead of the lines still to load.
     */
    public static Loader forImport(EventStore store, Journal journal, SessionTracker sessions, FootfallMetrics metrics) {
        return new Loader(store, journal, sessions, metrics, Clock.systemUTC(), true);
    }

    private Loader(EventStore store, Journal journal, SessionTracker sessions, FootfallMetrics metrics, Clock clock, boolean logTime) {
        this.logTime = logTime;
        this.store = store;
        this.journal = journal;
        this.sessions = sessions;
        this.metrics = metrics;
        this.clock = clock;
        this.position = store.journalPosition();
        this.thread = Thread.ofPlatform().name("footfall-loader").start(this::run);
    }

    /**
     * Makes the loader reload open visits from the store before its next batch. Called after a
     * site's data is deleted: a visit still open in memory would otherwise continue with rows
     * cancelling ones that no longer exist, and count as no visit at all.
     */
    public void resyncSessions() {
        resync.set(true);
    }

    /** The journal position below which everything is in the store. */
    public long position() {
        return position;
    }

    /** Entries journaled by this process (beyond the journal's end at opening) that are stored. */
    public long entriesLoaded() {
        return entriesLoaded;
    }

    /** Empty while batches commit; why they fail otherwise. */
    public Optional<String> state() {
        return Optional.ofNullable(failure);
    }

    /** Waits until everything journaled before this call is in the store, or the timeout; true if it is. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        long target = journal.durableEnd();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (position < target) {
            if (System.nanoTime() > deadline || !thread.isAlive()) return false;
            Thread.sleep(5);
        }
        return true;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (true) {
            try {
                if (writer == null) start();
                if (closing && position >= journal.durableEnd()) break;
                long end = journal.awaitBeyond(position, Duration.ofMillis(100));
                if (resync.getAndSet(false)) reloadSessions();
                if (end > position) {
                    long began = System.nanoTime();
                    load(end);
                    retry = FIRST_RETRY;
                    long rest = MIN_INTERVAL.toNanos() - (System.nanoTime() - began);
                    if (rest > 0 && !closing) TimeUnit.NANOSECONDS.sleep(rest);
                } else {
                    sessions.expire(now());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.log(Level.WARNING, "loading the journal failed; retrying in " + retry.toMillis() + " ms from the stored position", e);
                discardWriter();
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
                if (closing && retry.equals(LAST_RETRY)) break; // shutting down with a failing store: the journal keeps the rest
            }
        }
        discardWriter();
    }

    /** (Re)opens the writer and takes position and visits from the store, as of its last commit. */
    private void start() {
        writer = store.openWriter(); // appenders are confined to the thread that creates them
        position = store.journalPosition();
        if (reader != null) reader.close();
        reader = journal.reader(position);
        reloadSessions();
    }

    private Instant now() {
        return logTime ? newestEvent : clock.instant();
    }

    private void reloadSessions() {
        sessions.clear();
        if (logTime) return;
        sessions.resume(store.sessionsActiveSince(clock.instant().minus(SessionTracker.TIMEOUT)));
    }

    private void load(long end) {
        long start = System.nanoTime();
        Map<SessionKey, Change> changes = new LinkedHashMap<>();
        int[] counts = new int[2]; // events stored, entries read beyond the open end
        long openEnd = journal.openEnd();
        int limit = logTime ? MAX_IMPORT_BATCH_ENTRIES : MAX_BATCH_ENTRIES;
        Consumer<JournalEntry> sink = entry -> {
            if (reader.position() > openEnd) counts[1]++;
            switch (entry) {
                case JournalEntry.Accepted(var event, long previousVisitorId) -> {
                    SessionTracker.Registered registered = sessions.register(event, previousVisitorId);
                    if (registered == null) {
                        metrics.dropped(DropReason.NO_SESSION_FOR_ENGAGEMENT.label());
                        return;
                    }
                    writer.append(registered.event());
                    if (event.timestamp().isAfter(newestEvent)) newestEvent = event.timestamp();
                    for (SessionRow row : registered.rows()) {
                        SessionRow.Session s = row.session();
                        Change c = changes.computeIfAbsent(new SessionKey(s.site(), s.sessionId()), k -> new Change());
                        if (row.sign() < 0) {
                            if (c.latest == null) c.before = s; // the state stored before this batch
                        } else {
                            c.latest = s;
                        }
                    }
                    counts[0]++;
                }
                case JournalEntry.ImportProgress(String fingerprint, String site, String fileName, long linesDone) ->
                        writer.recordImport(fingerprint, site, fileName, linesDone);
            }
        };
        for (int read = 0, n; read < limit && changes.size() < MAX_BATCH_VISITS; read += n) {
            n = reader.read(end, Math.min(READ_CHUNK, limit - read), sink);
            if (n == 0) break;
        }
        for (Change c : changes.values()) {
            if (c.before != null) writer.append(new SessionRow(-1, c.before));
            writer.append(new SessionRow(1, c.latest));
        }
        long reached = reader.position();
        if (reached == position) return; // nothing readable yet (or a record that will not decode): no empty transaction
        writer.recordJournalPosition(reached);
        try {
            writer.commit();
        } catch (RuntimeException e) {
            position = store.journalPosition(); // what did commit, if the failure came after it
            throw e;
        }
        position = reached;
        entriesLoaded += counts[1];
        failure = null;
        journal.loaded(reached);
        metrics.committed(counts[0], System.nanoTime() - start);
        metrics.accepted(counts[0]);
        Instant now = now();
        if (now.isAfter(nextBusyExpiry)) {
            sessions.expire(now);
            nextBusyExpiry = now.plus(BUSY_EXPIRY_INTERVAL);
        }
    }

    private record SessionKey(String site, long sessionId) {}

    /** A visit's rows in one batch: the state stored before it (if any) and the last state. */
    private static final class Change {
        SessionRow.Session before;
        SessionRow.Session latest;
    }

    private void discardWriter() {
        if (writer == null) return;
        try {
            writer.rollback();
        } catch (RuntimeException ignored) {
            // the writer is discarded either way
        }
        try {
            writer.close();
        } catch (RuntimeException ignored) {
            // as above
        }
        writer = null;
    }

    /** Loads everything journaled (unless the store keeps failing), then stops. Close the journal first. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader != null) reader.close();
    }
}
