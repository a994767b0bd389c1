package dev.footfall.imported;

/** An upload that is not a Plausible export Footfall can take, with one line saying why; nothing was imported. */
public final class InvalidArchiveException extends IllegalArgumentException {
    public InvalidArchiveException(String message) {
        super(message);
    }
}
