package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Map;

/** JSON in and out of handlers (Helidon's Jackson media module is not on this mirror, so Jackson directly). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static void send(ServerResponse res, Status status, Object body) {
        try {
            res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json").send(MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
    }

    /**
     * The request body's bytes, the one place a handler reads them: a request without a body has
     * none (Helidon would throw "No entity", which became a 500). The server's payload limit
     * bounds their number.
     */
    public static byte[] bytes(ServerRequest req) {
        return req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
    }

    /** The request body as a JSON object, or an {@link ApiException} 400 saying why not. */
    public static JsonNode body(ServerRequest req) {
        byte[] bytes = bytes(req);
        if (blank(bytes)) throw ApiException.badRequest("body", "is empty: send a JSON object");
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) throw ApiException.badRequest("body", "must be a JSON object");
            return node;
        } catch (IOException e) {
            // Jackson's own limits (nesting 1,000 deep, 20 MB strings) surface here too, as invalid JSON.
            throw ApiException.badRequest("body", "is not valid JSON");
        }
    }

    /** Whether a body holds nothing but JSON whitespace. */
    public static boolean blank(byte[] body) {
        for (byte b : body) if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return false;
        return true;
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw ApiException.badRequest(field, "must be a string");
        return value.asText();
    }

    static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }
}
