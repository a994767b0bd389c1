package dev.footfall.query;

/** A query that cannot be answered as asked; the message names the part at fault (a 400). */
public final class QueryException extends RuntimeException {
    public QueryException(String message) {
        super(message, null, false, false);
    }
}
