package dev.footfall.commit;

import dev.footfall.enrich.DropReason;
import dev.footfall.metrics.FootfallMetrics;
import dev.footfall.session.SessionTracker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit of the hot tier: producers {@link #submit} enriched events and wait on the returned
 * future, which completes only once those events are committed (durable). One writer thread owns
 * the storage writer and the session tracker; it takes everything queued since its last commit,
 * registers sessions, appends, and commits once for the whole batch.
 *
 * <p>No timer is needed: a commit costs about a millisecond, and requests arriving meanwhile form
 * the next batch, so batches grow with load and a lone event waits for one commit only. The queue
 * is bounded: when the writer cannot keep up, {@link #submit} refuses at once (the HTTP layer
 * answers 503 + Retry-After) instead of buffering without limit.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GroupCommitter.class.getName());
    /** Upper bound on one transaction, so a burst cannot hold the appender's native buffers without limit. */
    private static final int MAX_BATCH_ENTRIES = 4096;
    /** How often, by the committer's clock, idle visits are forgotten while the writer is never idle (a bulk import, whose clock is log time). */
    private static final Duration BUSY_EXPIRY_INTERVAL = Duration.ofMinutes(1);

    private final BlockingQueue<Entry> queue;
    private final EventStore storage;
    private final SessionTracker sessions;
    private final FootfallMetrics metrics;
    private final Clock clock;
    private final Thread writerThread;
    private volatile boolean closing;
    /** Set when stored visits changed behind the writer's back (a site's data was reset): reload them before the next commit. */
    private final AtomicBoolean resync = new AtomicBoolean();
    private EventStore.EventWriter writer;
    private Instant nextBusyExpiry = Instant.MIN;

    public GroupCommitter(EventStore storage, SessionTracker sessions, FootfallMetrics metrics, Clock clock, int queueCapacity) {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.storage = storage;
        this.sessions = sessions;
        this.metrics = metrics;
        this.clock = clock;
        metrics.queueDepth(queue::size);
        this.writerThread = Thread.ofPlatform().name("footfall-writer").start(this::run);
    }

    /**
     * Queues events for the next commit.
     *
     * @return a future completed with the number of events stored (some may be dropped by the
     * session stage), exceptionally if the commit failed
     * @throws QueueFullException when the queue is full; nothing was queued
     */
    public CompletableFuture<Integer> submit(List<PendingEvent> events) throws QueueFullException {
        return submit(events, null);
    }

    /** As {@link #submit(List)}, recording import progress in the same transaction as the events. */
    public CompletableFuture<Integer> submit(List<PendingEvent> events, ImportMark mark) throws QueueFullException {
        if (closing) throw new QueueFullException("shutting down");
        Entry entry = new Entry(events, mark, new CompletableFuture<>());
        if (!queue.offer(entry)) throw new QueueFullException("ingest queue is full");
        return entry.done;
    }

    /** As {@link #submit(List, ImportMark)}, but waits for room instead of refusing (bulk import). */
    public CompletableFuture<Integer> submitWaiting(List<PendingEvent> events, ImportMark mark) throws InterruptedException {
        Entry entry = new Entry(events, mark, new CompletableFuture<>());
        queue.put(entry);
        return entry.done;
    }

    public int queueDepth() {
        return queue.size();
    }

    /**
     * Makes the writer reload open visits from storage before its next commit. Called after a
     * site's data is deleted: a visit still open in memory would otherwise continue with rows
     * cancelling ones that no longer exist, and count as no visit at all.
     */
    public void resyncSessions() {
        resync.set(true);
    }

    private record Entry(List<PendingEvent> events, ImportMark mark, CompletableFuture<Integer> done) {}

    private void run() {
        writer = storage.openWriter(); // appenders are confined to the thread that creates them
        List<Entry> batch = new ArrayList<>();
        while (!(closing && queue.isEmpty())) {
            try {
                Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    sessions.expire(clock.instant());
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH_ENTRIES - 1);
                commit(batch);
                Instant now = clock.instant();
                if (now.isAfter(nextBusyExpiry)) {
                    sessions.expire(now);
                    nextBusyExpiry = now.plus(BUSY_EXPIRY_INTERVAL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        writer.close();
    }

    private void commit(List<Entry> batch) {
        if (resync.getAndSet(false)) reloadSessions();
        long start = System.nanoTime();
        int stored = 0;
        int[] perEntry = new int[batch.size()];
        try {
            for (int i = 0; i < batch.size(); i++) {
                Entry entry = batch.get(i);
                for (PendingEvent pending : entry.events()) {
                    var registered = sessions.register(pending.event(), pending.previousVisitorId());
                    if (registered == null) {
                        metrics.dropped(DropReason.NO_SESSION_FOR_ENGAGEMENT.label());
                        continue;
                    }
                    writer.append(registered.event());
                    for (var row : registered.rows()) writer.append(row);
                    perEntry[i]++;
                }
                if (entry.mark() != null) {
                    ImportMark m = entry.mark();
                    writer.recordImport(m.fingerprint(), m.site(), m.fileName(), m.linesDone());
                }
                stored += perEntry[i];
            }
            writer.commit();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "commit failed; " + batch.size() + " requests get an error and may retry", e);
            recover();
            for (Entry entry : batch) entry.done().completeExceptionally(e);
            return;
        }
        metrics.committed(stored, System.nanoTime() - start);
        metrics.accepted(stored);
        for (int i = 0; i < batch.size(); i++) batch.get(i).done().complete(perEntry[i]);
    }

    /** After a failed commit: fresh writer, and session state as storage has it (the failed rows are gone). */
    private void recover() {
        try {
            writer.rollback();
        } catch (RuntimeException ignored) {
            // the writer is discarded below either way
        }
        try {
            writer.close();
        } catch (RuntimeException ignored) {
            // as above
        }
        writer = storage.openWriter();
        reloadSessions();
    }

    private void reloadSessions() {
        sessions.clear();
        sessions.resume(storage.sessionsActiveSince(clock.instant().minus(SessionTracker.TIMEOUT)));
    }

    /** Stops taking events, commits everything queued, and waits for the writer to finish. */
    @Override
    public void close() {
        closing = true;
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The queue cannot take more events now; the client should retry shortly. */
    public static final class QueueFullException extends Exception {
        public QueueFullException(String message) {
            super(message, null, false, false);
        }
    }
}
