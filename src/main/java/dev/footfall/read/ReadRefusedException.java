package dev.footfall.read;

import java.time.Duration;

/**
 * A read the server would not run, or stopped: every read thread was busy and the wait queue
 * full, or the read passed its deadline. The HTTP layer answers 503 with {@code Retry-After};
 * the message is for the client and names no engine detail.
 */
public final class ReadRefusedException extends RuntimeException {
    /**
     * A full queue drains in about a second when queries are ordinary (milliseconds each); sooner
     * would only be refused again.
     */
    static final int BUSY_RETRY_SECONDS = 1;
    /**
     * A query that ran out of time usually did so because heavy queries ran beside it; those pass
     * within seconds, and waiting this long keeps a client from running the same heavy query back
     * to back.
     */
    static final int TIMED_OUT_RETRY_SECONDS = 10;

    private final int retryAfterSeconds;
    private final boolean timedOut;

    private ReadRefusedException(String message, int retryAfterSeconds, boolean timedOut) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
        this.timedOut = timedOut;
    }

    static ReadRefusedException busy() {
        return new ReadRefusedException("the server is answering as many queries as it can and more are waiting; retry in a moment",
                BUSY_RETRY_SECONDS, false);
    }

    static ReadRefusedException timedOut(Duration limit) {
        return new ReadRefusedException("the query took longer than the server's limit of " + human(limit)
                + " and was stopped; ask for a shorter date range or fewer dimensions and filters, or retry later",
                TIMED_OUT_RETRY_SECONDS, true);
    }

    static ReadRefusedException shuttingDown() {
        return new ReadRefusedException("the server is shutting down; retry in a moment", BUSY_RETRY_SECONDS, false);
    }

    /** Seconds the client should wait before asking again: the {@code Retry-After} header. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** True when the read ran and passed its deadline; false when it was never run. */
    public boolean timedOut() {
        return timedOut;
    }

    private static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + " ms";
        return d.toSeconds() + " s";
    }
}
