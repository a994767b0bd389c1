package dev.footfall.read;

import dev.footfall.store.ReadDeadline;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Where the API's reads of the storage engine run: on a few platform threads of their own, each
 * read with a deadline, so that expensive queries can neither starve the rest of the server nor
 * run on for nobody.
 *
 * <p>Why a pool of its own: requests are handled on virtual threads, and a virtual thread inside
 * the engine (one long native call) pins its carrier; there are only as many carriers as cores, so
 * two or three heavy queries used to hold them all, and health checks and event ingestion waited
 * behind them. Here the request's virtual thread only waits (which frees its carrier) while a read
 * thread runs the query. At most {@code threads} reads run at once and {@code queue} wait; a read
 * beyond that is refused at once ({@link ReadRefusedException}, 503) rather than queued without
 * bound.
 *
 * <p>The deadline counts from when the read is asked for, waiting included. When it passes, the
 * statement running in the engine is cancelled ({@link ReadDeadline}) and the caller gets a
 * {@link ReadRefusedException}, once the read has actually stopped, so the thread and the engine
 * are free again when the answer goes out.
 */
public final class ReadGate implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReadGate.class.getName());
    /** Between two cancels of an expired read: a statement cancelled just before it began runs on, so it is cancelled again. */
    private static final long RECANCEL_MILLIS = 50;
    /**
     * The longest an expired read may take to stop before the caller is answered anyway; a
     * cancelled statement stops within milliseconds, so this only bounds the unexpected.
     */
    private static final long STOP_GRACE_MILLIS = 5_000;

    private final ThreadPoolExecutor pool;
    private final Duration timeout;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong stoppedInEngine = new AtomicLong();

    private ReadGate(ThreadPoolExecutor pool, Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    /**
     * @param threads reads running at once
     * @param queue   reads that may wait for a thread; more are refused
     * @param timeout each read's deadline, waiting included
     */
    public static ReadGate bounded(int threads, int queue, Duration timeout) {
        if (threads < 1 || queue < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a read gate needs a thread, a queue of zero or more, and a positive timeout");
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                lowPriority(Thread.ofPlatform().name("footfall-read-", 0).daemon().factory()));
        return new ReadGate(pool, timeout);
    }

    /** Read threads run below the default CPU priority (see {@link LowPriority}): the engine works on the reading thread too. */
    private static ThreadFactory lowPriority(ThreadFactory threads) {
        return work -> threads.newThread(() -> {
            LowPriority.apply();
            work.run();
        });
    }

    /** Runs every read on its caller's thread without a deadline: for tools and tests that ask the engine directly. */
    public static ReadGate inline() {
        return new ReadGate(null, null);
    }

    /** Reads running on the gate's threads now; a read no longer counts once its caller may have its answer. */
    public int running() {
        return running.get();
    }

    /** Reads stopped in the engine since the start: running past their deadline, they ended by the cancel (not by finishing). */
    public long stoppedInEngine() {
        return stoppedInEngine.get();
    }

    /** Reads waiting for a thread now. */
    public int waiting() {
        return pool == null ? 0 : pool.getQueue().size();
    }

    /**
     * Runs {@code read} on a read thread and returns what it returns; its exceptions are thrown
     * here as they were thrown there (a checked one wrapped in an unchecked one).
     *
     * @throws ReadRefusedException when no thread is free and the queue is full, or when the
     *                              deadline passed before the read was done
     */
    public <T> T run(Callable<T> read) {
        // A read asked for by a read (one answer made of several) runs within the outer one's
        // deadline and thread: queueing it could wait for the very thread it holds.
        if (pool == null || ReadDeadline.current().isPresent()) return call(read);
        ReadDeadline deadline = new ReadDeadline(timeout);
        FutureTask<T> task = new FutureTask<>(() -> {
            running.incrementAndGet();
            try {
                return deadline.runWithin(read::call);
            } finally {
                running.decrementAndGet();
            }
        });
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            throw pool.isShutdown() ? ReadRefusedException.shuttingDown() : ReadRefusedException.busy();
        }
        try {
            return task.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stop(task, deadline);
            throw timedOut();
        } catch (ExecutionException e) {
            if (deadline.expired() || e.getCause() instanceof ReadDeadline.ExpiredException) throw timedOut();
            throw unchecked(e.getCause());
        } catch (InterruptedException e) {
            stop(task, deadline);
            Thread.currentThread().interrupt();
            throw ReadRefusedException.shuttingDown();
        }
    }

    /** Takes a read that has not started off the queue, or cancels it in the engine and waits (a bounded time) until it has stopped. */
    private void stop(FutureTask<?> task, ReadDeadline deadline) {
        deadline.expire();
        if (pool.remove(task)) return;
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
        while (!task.isDone() && System.nanoTime() < giveUp) {
            try {
                task.get(RECANCEL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                deadline.expire();
            } catch (ExecutionException | CancellationException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (task.state() == Future.State.FAILED) stoppedInEngine.incrementAndGet();
    }

    /** Logged, without the query (it may be a visitor's), so that an operator sees how often the deadline bites. */
    private ReadRefusedException timedOut() {
        LOG.info(() -> "a read passed its deadline of " + timeout.toMillis() + " ms and was stopped (" + running.get() + " running, "
                + pool.getQueue().size() + " waiting)");
        return ReadRefusedException.timedOut(timeout);
    }

    private static <T> T call(Callable<T> read) {
        try {
            return read.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof RuntimeException r) return r;
        if (cause instanceof Error error) throw error;
        return new IllegalStateException(cause.getMessage(), cause);
    }

    /** Refuses new reads and stops the threads; reads running now are cancelled in the engine by their callers' deadlines. */
    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
