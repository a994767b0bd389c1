package dev.footfall.journal;

/**
 * The journal cannot take events now; nothing of the refused request was written. The client
 * should retry after {@link #retryAfterSeconds()}.
 */
public final class JournalBusyException extends Exception {
    private final int retryAfterSeconds;

    public JournalBusyException(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
