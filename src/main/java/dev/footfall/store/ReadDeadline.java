package dev.footfall.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The moment by which the read running on a thread must be done, shared by whoever runs the read
 * (which sets it, and {@link #expire()}s it when it passes) and the storage engine (which
 * {@link #guard}s each statement, so that an expired read stops inside the engine instead of
 * running on after nobody waits for it). A thread without one reads without a limit: the rollup
 * builder, retention, the commands.
 */
public final class ReadDeadline {
    private static final Logger LOG = Logger.getLogger(ReadDeadline.class.getName());
    private static final ScopedValue<ReadDeadline> CURRENT = ScopedValue.newInstance();

    private final Duration limit;
    private final long endNanos;
    /** Statements running under this deadline now; guarded by {@code this}. */
    private final List<Cancel> running = new ArrayList<>();
    private boolean expired;

    public ReadDeadline(Duration limit) {
        this.limit = limit;
        this.endNanos = System.nanoTime() + limit.toNanos();
    }

    /** How an engine stops a statement another thread is running (JDBC: {@code Statement::cancel}). */
    @FunctionalInterface
    public interface Cancel {
        void cancel() throws Exception;
    }

    /** Ends a statement's registration; closing it twice is harmless. */
    public interface Guard extends AutoCloseable {
        @Override
        void close();
    }

    private static final Guard UNGUARDED = () -> {};

    /** Runs {@code read} on this thread with this deadline as the {@link #current()} one. */
    public <T, X extends Throwable> T runWithin(ScopedValue.CallableOp<T, X> read) throws X {
        return ScopedValue.where(CURRENT, this).call(read);
    }

    /** The deadline of the read running on this thread, if it has one. */
    public static Optional<ReadDeadline> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    /**
     * For the engine, around each statement of a read: registers how to cancel it until the guard
     * is closed. Throws {@link ExpiredException} if the current deadline has already passed, so
     * a read of several statements stops between two as well as inside one.
     */
    public static Guard guard(Cancel statement) {
        if (!CURRENT.isBound()) return UNGUARDED;
        ReadDeadline deadline = CURRENT.get();
        synchronized (deadline) {
            if (deadline.expired) throw new ExpiredException(deadline.limit);
            deadline.running.add(statement);
        }
        return () -> {
            synchronized (deadline) {
                deadline.running.remove(statement);
            }
        };
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    public Duration limit() {
        return limit;
    }

    public synchronized boolean expired() {
        return expired;
    }

    /**
     * Marks the deadline passed and cancels the statements running under it. A statement that was
     * registered but had not quite started when cancelled runs on, so whoever expires a deadline
     * calls this again until the read has ended.
     */
    public void expire() {
        List<Cancel> toCancel;
        synchronized (this) {
            expired = true;
            toCancel = List.copyOf(running);
        }
        for (Cancel statement : toCancel) {
            try {
                statement.cancel();
            } catch (Exception e) {
                LOG.log(Level.FINE, "cancelling a statement past its deadline", e);
            }
        }
    }

    /** A read went on past its deadline and was stopped. */
    public static final class ExpiredException extends RuntimeException {
        public ExpiredException(Duration limit) {
            super("the read passed its deadline of " + limit.toMillis() + " ms", null, false, false);
        }
    }
}
