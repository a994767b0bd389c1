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

    /** The request body as a JSON object, or an {@link ApiException} 400 saying why not. */
    public static JsonNode body(ServerRequest req) {
        try {
            JsonNode node = MAPPER.readTree(req.content().as(byte[].class));
            if (node == null || !node.isObject()) throw ApiException.badRequest("body", "must be a JSON object");
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("body", "is not valid JSON");
        }
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
