package dev.footfall.enrich;

import java.util.Map;

/** The request body is not a valid event; {@link #errors()} names each field at fault. */
public final class InvalidEventException extends Exception {
    private final Map<String, String> errors;

    public InvalidEventException(Map<String, String> errors) {
        super(errors.toString(), null, false, false); // a client error, not a bug: no stack trace needed
        this.errors = Map.copyOf(errors);
    }

    public Map<String, String> errors() {
        return errors;
    }
}
