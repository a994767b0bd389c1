package dev.footfall.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The write-ahead journal of accepted events: an event is acknowledged once its record is on disk
 * (fsynced), and the store is loaded from here afterwards, in batches, by the loader.
 *
 * <p>Group commit: request threads encode and frame their entries themselves and queue them; one
 * writer thread takes everything queued since its last flush, writes it with one gathering write
 * and makes it durable with one {@code fdatasync}, then completes every request's future. No
 * timer: requests arriving during an fsync form the next batch, so batches grow with load and a
 * lone event waits for one fsync only. (A segment writer of our own rather than a library:
 * Chronicle Queue and Tape were considered; the first needs JVM internals opened and memory-maps
 * whole files, the second fsyncs per element. Appending framed records to a file and fsyncing
 * groups of them is ~200 lines and is exactly the behaviour wanted — docs/journal.md.)
 *
 * <p>Back-pressure: the queue is bounded (a full queue refuses at once), and when the loader is
 * behind by more than {@link Limits#maxLagBytes} or {@link Limits#maxLagAge}, new events are
 * refused too, so neither memory nor the disk fills while the store is slow. A write or fsync
 * that fails (a full disk) cuts the segment back to its last durable length, fails that batch
 * (the client gets 503 and retries: nothing of it was kept), and refuses new events for a short
 * while; the next batch after that tries again, so ingest recovers by itself when space returns.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Journal.class.getName());
    /** One batch's bound: a burst cannot hold more than this many requests' buffers in one write. */
    private static final int MAX_BATCH_REQUESTS = 8192;
    /** How long a failed write makes the journal refuse events before trying again: long enough not to spin on a full disk, short for recovery. */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
    /** The lag-age samples kept: one per this interval is plenty to tell seconds of lag. */
    private static final long LAG_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * How long a request's entries may wait in the queue for the writer. An fsync normally takes
     * milliseconds; past this the disk has stalled, and the client is better told to retry.
     */
    private static final long MAX_QUEUED_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * How often the queue is looked at for entries waiting longer than that: one timer for all
     * requests. A timed wait in each request cost about 15 % of the request threads' CPU at 10 K
     * events/s (each parked virtual thread scheduled a timeout task and cancelled it on wake-up).
     */
    private static final long QUEUE_CHECK_MILLIS = 1_000;

    /**
     * @param segmentBytes a segment is closed and a new one started once it holds this much
     * @param maxLagBytes  journaled but not yet loaded bytes beyond which new events are refused
     * @param maxLagAge    age of the oldest unloaded record beyond which new events are refused
     * @param queueCapacity requests waiting for the writer beyond which new ones are refused
     */
    public record Limits(long segmentBytes, long maxLagBytes, Duration maxLagAge, int queueCapacity) {}

    /** What the journal reports to metrics. */
    public interface Listener {
        Listener NONE = new Listener() {};

        default void flushed(int requests, long bytes, long fsyncNanos) {}

        default void writeFailed() {}

        default void damageFound(String what) {}
    }

    private final Segments segments;
    private final Limits limits;
    private final Listener listener;
    private final BlockingQueue<Appended> queue;
    private final Thread writerThread;
    private final Thread deadlineThread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition flushedCondition = lock.newCondition();
    private final ArrayDeque<long[]> lagSamples = new ArrayDeque<>(); // {end position, nanoTime when durable}; guarded by lock
    private final List<String> damage;

    private FileChannel active;
    private long activeBase;
    private long activeSize;
    private boolean activeDirty; // a failed write may have left bytes beyond activeSize; cut before the next write
    private volatile long durableEnd;
    /** Where the durable end was at opening: entries beyond it were appended by this process. */
    private final long openEnd;
    private final AtomicLong entriesAppended = new AtomicLong();
    private volatile long loaded;
    private volatile long refuseUntilNanos;
    private volatile String failure;
    private volatile boolean closing;

    /** A request's entries on their way to disk. */
    public static final class Appended {
        private static final int QUEUED = 0, TAKEN = 1, WITHDRAWN = 2;
        /** For a request with nothing to journal. */
        public static final Appended NONE = new Appended(ByteBuffer.allocate(0), 0, Long.MAX_VALUE);
        static {
            NONE.done.complete(null);
        }

        private final ByteBuffer frames;
        private final int entries;
        /** When queued, or {@link Long#MAX_VALUE} for entries that wait however long it takes (bulk import). */
        private final long queuedAtNanos;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        private Appended(ByteBuffer frames, int entries, long queuedAtNanos) {
            this.frames = frames;
            this.entries = entries;
            this.queuedAtNanos = queuedAtNanos;
        }

        /**
         * Completes once the entries are durable; exceptionally with {@link JournalBusyException}
         * if none of them was kept, also when they waited too long for the writer to take them.
         * Entries the writer holds are waited for, so "not kept" is only ever said when true.
         */
        public CompletableFuture<Void> durable() {
            return done;
        }

        /**
         * Takes the entries back if the writer has not taken them yet (a client that gave up
         * waiting must not be told "failed" about an event that is then stored).
         *
         * @return true if withdrawn: they will never be written; false if the writer has them:
         * wait for {@link #durable()}
         */
        boolean withdraw() {
            return state.compareAndSet(QUEUED, WITHDRAWN);
        }

        private boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }
    }

    private Journal(Segments segments, long startAtLeast, Limits limits, Listener listener) {
        this.segments = segments;
        this.limits = limits;
        this.listener = listener;
        Segments.Recovery recovery = segments.recover();
        this.damage = List.copyOf(recovery.damage());
        for (String d : damage) {
            LOG.warning("journal: " + d);
            listener.damageFound(d);
        }
        long end = Math.max(recovery.end(), startAtLeast);
        Long newest = segments.newestBase().orElse(null);
        // Continue the newest segment (recovery cut it to its valid end), unless there is none or
        // the store has loaded beyond the files (they were lost): then a segment starts at the end.
        this.activeBase = newest != null && end == recovery.end() ? newest : end;
        this.active = segments.openForAppend(activeBase);
        this.activeSize = end - activeBase;
        this.durableEnd = end;
        this.openEnd = end;
        this.loaded = startAtLeast;
        this.refuseUntilNanos = System.nanoTime();
        this.queue = new ArrayBlockingQueue<>(limits.queueCapacity());
        this.writerThread = Thread.ofPlatform().name("footfall-journal").start(this::run);
        this.deadlineThread = Thread.ofPlatform().name("footfall-journal-deadline").daemon().start(this::refuseStale);
    }

    /**
     * Opens the journal in {@code dir}: cuts a torn tail, reports damage, and appends after the
     * last valid record, or at {@code loadedPosition} if the store has loaded beyond the files.
     */
    public static Journal open(Path dir, long loadedPosition, Limits limits, Listener listener) {
        return new Journal(new Segments(dir), loadedPosition, limits, listener);
    }

    /** Damage found at opening, one line each (also logged and counted). */
    public List<String> damage() {
        return damage;
    }

    /**
     * Queues entries for the next flush; the future completes once they are durable.
     *
     * @throws JournalBusyException the queue is full, the loader is too far behind, or the disk
     *                              failed a moment ago; nothing was queued
     */
    public Appended append(List<? extends JournalEntry> entries) throws JournalBusyException {
        refuseIfBehind();
        Appended pending = new Appended(frame(entries), entries.size(), System.nanoTime());
        if (!queue.offer(pending)) throw new JournalBusyException("ingest queue is full", 1);
        return pending;
    }

    /** As {@link #append}, but waits for room and for the loader instead of refusing (bulk import). */
    public Appended appendWaiting(List<? extends JournalEntry> entries) throws InterruptedException {
        Appended pending = new Appended(frame(entries), entries.size(), Long.MAX_VALUE);
        while (true) {
            try {
                refuseIfBehind();
                break;
            } catch (JournalBusyException e) {
                Thread.sleep(20);
            }
        }
        queue.put(pending);
        return pending;
    }

    private void refuseIfBehind() throws JournalBusyException {
        if (closing) throw new JournalBusyException("shutting down", 5);
        if (refuseUntilNanos - System.nanoTime() > 0) throw new JournalBusyException("storage unavailable: " + failure, (int) RETRY_AFTER_FAILURE.toSeconds());
        if (durableEnd - loaded > limits.maxLagBytes()) throw new JournalBusyException("the store is behind the journal", 2);
        if (lagNanos() > limits.maxLagAge().toNanos()) throw new JournalBusyException("the store is behind the journal", 2);
    }

    private static ByteBuffer frame(List<? extends JournalEntry> entries) {
        List<byte[]> payloads = new ArrayList<>(entries.size());
        int size = 0;
        for (JournalEntry e : entries) {
            byte[] p = EntryCodec.encode(e);
            payloads.add(p);
            size += Frames.HEADER + p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (byte[] p : payloads) Frames.put(out, p);
        return out.flip();
    }

    private void run() {
        List<Appended> drained = new ArrayList<>();
        List<Appended> batch = new ArrayList<>();
        while (!(closing && queue.isEmpty())) {
            try {
                Appended first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                drained.add(first);
                queue.drainTo(drained, MAX_BATCH_REQUESTS - 1);
                for (Appended a : drained) if (a.take()) batch.add(a);
                if (!batch.isEmpty()) flush(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                // never let the writer die: every queued request would wait forever
                LOG.log(Level.SEVERE, "journal writer failed a batch", e);
                for (Appended a : batch) a.done.completeExceptionally(e);
            } finally {
                drained.clear();
                batch.clear();
            }
        }
        for (Appended a; (a = queue.poll()) != null; ) a.done.completeExceptionally(new JournalBusyException("shutting down", 5));
    }

    /** Withdraws and refuses queued entries that waited too long for the writer (a stalled disk), once a second. */
    private void refuseStale() {
        while (!closing) {
            try {
                Thread.sleep(QUEUE_CHECK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            Appended oldest = queue.peek();
            if (oldest == null || now - oldest.queuedAtNanos <= MAX_QUEUED_NANOS) continue;
            for (Appended a : queue) {
                // The writer skips withdrawn entries when it drains them.
                if (a.queuedAtNanos != Long.MAX_VALUE && now - a.queuedAtNanos > MAX_QUEUED_NANOS && a.withdraw()) {
                    a.done.completeExceptionally(new JournalBusyException("the journal is slow", 1));
                }
            }
        }
    }

    private void flush(List<Appended> batch) {
        ByteBuffer[] buffers = new ByteBuffer[batch.size()];
        long bytes = 0;
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = batch.get(i).frames;
            bytes += buffers[i].remaining();
        }
        long start = System.nanoTime();
        try {
            if (activeDirty) {
                active.truncate(activeSize);
                activeDirty = false;
            }
            activeDirty = true;
            long written = 0;
            while (written < bytes) written += active.write(buffers);
            active.force(false);
            activeDirty = false;
        } catch (IOException | RuntimeException e) {
            failed(batch, e);
            return;
        }
        long fsyncNanos = System.nanoTime() - start;
        activeSize += bytes;
        durableEnd = activeBase + activeSize;
        failure = null;
        sampleLag(durableEnd);
        int entries = 0;
        for (Appended a : batch) entries += a.entries;
        entriesAppended.addAndGet(entries);
        for (Appended a : batch) a.done.complete(null);
        listener.flushed(batch.size(), bytes, fsyncNanos);
        lock.lock();
        try {
            flushedCondition.signalAll();
        } finally {
            lock.unlock();
        }
        if (activeSize >= limits.segmentBytes()) roll();
    }

    /** A write or fsync failed: cut back what may have reached the file, refuse for a while, fail the batch (none of it is kept). */
    private void failed(List<Appended> batch, Exception e) {
        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.log(Level.WARNING, "journal write failed (" + failure + "); refusing events for " + RETRY_AFTER_FAILURE.toSeconds() + " s", e);
        try {
            active.truncate(activeSize);
            active.force(false);
            activeDirty = false;
        } catch (IOException | RuntimeException cut) {
            // stays dirty: cut again before the next write, which does not happen until it succeeds
        }
        refuseUntilNanos = System.nanoTime() + RETRY_AFTER_FAILURE.toNanos();
        listener.writeFailed();
        JournalBusyException refused = new JournalBusyException("storage unavailable: " + failure, (int) RETRY_AFTER_FAILURE.toSeconds());
        for (Appended a : batch) a.done.completeExceptionally(refused);
    }

    private void roll() {
        try {
            FileChannel next = segments.openForAppend(durableEnd);
            active.close();
            active = next;
            activeBase = durableEnd;
            activeSize = 0;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not start a new journal segment; the current one grows meanwhile", e);
        }
    }

    private void sampleLag(long end) {
        long now = System.nanoTime();
        lock.lock();
        try {
            long[] last = lagSamples.peekLast();
            if (last == null || now - last[1] >= LAG_SAMPLE_NANOS) lagSamples.addLast(new long[]{end, now});
            else last[0] = end;
        } finally {
            lock.unlock();
        }
    }

    /** The end of what is durable: every acknowledged entry lies below it. */
    public long durableEnd() {
        return durableEnd;
    }

    /** Waits until the durable end passes {@code position}, or the timeout; returns the durable end. */
    public long awaitBeyond(long position, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long left;
            while (durableEnd <= position && !closing && (left = deadline - System.nanoTime()) > 0) flushedCondition.awaitNanos(left);
        } finally {
            lock.unlock();
        }
        return durableEnd;
    }

    /** A reader from {@code position}, for the loader. */
    public JournalReader reader(long position) {
        return new JournalReader(segments, position);
    }

    /** The loader has stored everything below {@code position}: older segments go, and lag shrinks. */
    public void loaded(long position) {
        loaded = position;
        lock.lock();
        try {
            while (!lagSamples.isEmpty() && lagSamples.peekFirst()[0] <= position) lagSamples.pollFirst();
        } finally {
            lock.unlock();
        }
        segments.deleteBelow(position);
    }

    /** Where the durable end was when this process opened the journal. */
    public long openEnd() {
        return openEnd;
    }

    /** Entries made durable by this process since it opened the journal. */
    public long entriesAppended() {
        return entriesAppended.get();
    }

    public long loadedPosition() {
        return loaded;
    }

    /** Journaled bytes not yet in the store. */
    public long lagBytes() {
        return Math.max(0, durableEnd - loaded);
    }

    /** How long the oldest record not yet in the store has been durable, in nanoseconds (0 when none). */
    public long lagNanos() {
        if (durableEnd <= loaded) return 0;
        lock.lock();
        try {
            long[] oldest = lagSamples.peekFirst();
            return oldest == null ? 0 : System.nanoTime() - oldest[1];
        } finally {
            lock.unlock();
        }
    }

    public long bytesOnDisk() {
        return segments.bytesOnDisk();
    }

    public int queueDepth() {
        return queue.size();
    }

    /** Why writes fail now, if they do. */
    public java.util.Optional<String> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** Stops taking entries, flushes what is queued, and closes the files. */
    @Override
    public void close() {
        closing = true;
        deadlineThread.interrupt();
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            flushedCondition.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            active.close();
        } catch (IOException ignored) {
            // everything acknowledged was forced already
        }
    }
}
