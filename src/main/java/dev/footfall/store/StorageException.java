package dev.footfall.store;

/** A storage operation failed; the message names the operation. */
public final class StorageException extends RuntimeException {
    public StorageException(String operation, Throwable cause) {
        super("storage failed: " + operation.lines().findFirst().orElse(operation) + ": " + cause.getMessage(), cause);
    }
}
