package dev.footfall.api;

import io.helidon.http.Status;

import java.util.Map;

/** An API request that cannot be served as asked; becomes a JSON error with its status. */
public final class ApiException extends RuntimeException {
    private final Status status;
    private final Map<String, Object> body;

    private ApiException(Status status, String message, Map<String, Object> body) {
        super(message, null, false, false);
        this.status = status;
        this.body = body;
    }

    public static ApiException badRequest(String field, String problem) {
        return new ApiException(Status.BAD_REQUEST_400, field + " " + problem, Map.of("errors", Map.of(field, problem)));
    }

    public static ApiException of(Status status, String message) {
        return new ApiException(status, message, Map.of("error", message));
    }

    public Status status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }
}
