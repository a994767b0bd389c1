package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure inside the server answers 500 with an id and nothing else: no SQL, engine message or
 * path reaches the client, and the log holds the cause under the same id.
 */
class InternalErrorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void aStorageFailureAnswersAnIdAndLogsTheCause() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger routes = Logger.getLogger(Routes.class.getName());
        routes.addHandler(capture);
        try (TestServer server = TestServer.start(dataDir)) {
            server.addSite("broken.test");
            // The engine goes away under a running server: every read now fails inside it.
            server.server.storage().close();
            HttpResponse<String> res = server.admin("GET", "/api/v1/sites", null);

            assertThat(res.statusCode()).isEqualTo(500);
            JsonNode body = JSON.readTree(res.body());
            assertThat(body.properties()).extracting(e -> e.getKey()).containsExactly("error", "request_id");
            assertThat(body.get("error").asText()).isEqualTo("internal error");
            String id = body.get("request_id").asText();
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(res.body()).doesNotContainIgnoringCase("select").doesNotContain(dataDir.toString()).doesNotContain("storage failed");

            LogRecord record = logged.stream().filter(r -> r.getMessage().contains(id)).findFirst().orElseThrow();
            assertThat(record.getMessage()).isEqualTo("request " + id + " failed: GET /api/v1/sites");
            assertThat(record.getThrown()).isNotNull();
            assertThat(record.getThrown().getMessage()).startsWith("storage failed");
        } finally {
            routes.removeHandler(capture);
        }
    }
}
