package dev.footfall.imported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The site settings' imports over HTTP: a ZIP uploaded in parts imports, lists, answers, and deletes; a bad one changes nothing. */
class ImportsApiTest {
    private static final String SITE = "uploads.test";
    private static final String BASE = "/api/ui/sites/" + SITE + "/imports";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode ok(HttpResponse<String> res) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    /** Starts an upload, sends the ZIP in parts of {@code part} bytes, and finishes it. */
    private static HttpResponse<String> upload(TestServer server, Path zip, int part) throws Exception {
        String id = ok(server.admin("POST", BASE + "/uploads", null)).get("upload").asText();
        byte[] bytes = Files.readAllBytes(zip);
        for (int at = 0; at < bytes.length; at += part) {
            byte[] piece = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + part));
            ok(server.send(HttpRequest.newBuilder(server.uri(BASE + "/uploads/" + id))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(piece))));
        }
        return server.admin("POST", BASE + "/uploads/" + id + "/finish", "{\"file_name\":\"" + zip.getFileName() + "\"}");
    }

    private static long visitors(TestServer server) throws Exception {
        return ok(server.admin("POST", "/api/v2/query", "{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\"],"
                + "\"date_range\":[\"2024-01-01\",\"2024-01-31\"],\"include\":{\"imports\":true}}"))
                .get("results").get(0).get("metrics").get(0).asLong();
    }

    @Test
    void uploadListAnswerDelete() throws Exception {
        Path zip = PlausibleZips.zip(dir.resolve("plausible_export.zip"), PlausibleCsvImportTest.export());
        Map<String, String> broken = new LinkedHashMap<>(PlausibleCsvImportTest.export());
        broken.put("imported_browsers_20240110_20240111.csv", "date,browser,visitors\n2024-01-10,Chrome,-3\n");
        Path bad = PlausibleZips.zip(dir.resolve("broken.zip"), broken);
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            server.addSite(SITE);
            assertThat(ok(server.admin("GET", BASE, null)).get("imports")).isEmpty();

            HttpResponse<String> refused = upload(server, bad, 700);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).get("errors").get("file").asText())
                    .isEqualTo("imported_browsers_20240110_20240111.csv line 2: visitors is not a count: '-3'");
            assertThat(ok(server.admin("GET", BASE, null)).get("imports")).isEmpty();
            assertThat(visitors(server)).isZero();

            JsonNode done = ok(upload(server, zip, 700));
            assertThat(done.get("rows").asLong()).isEqualTo(27);
            assertThat(done.get("start_date").asText()).isEqualTo("2024-01-10");
            JsonNode listed = ok(server.admin("GET", BASE, null)).get("imports");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("source_file").asText()).isEqualTo("plausible_export.zip");
            assertThat(listed.get(0).get("end_date").asText()).isEqualTo("2024-01-11");
            assertThat(visitors(server)).isEqualTo(15);

            assertThat(server.admin("POST", BASE + "/uploads/nosuch", null).statusCode()).isEqualTo(404);
            String id = listed.get(0).get("id").asText();
            ok(server.admin("DELETE", BASE + "/" + id, null));
            assertThat(server.admin("DELETE", BASE + "/" + id, null).statusCode()).isEqualTo(404);
            assertThat(ok(server.admin("GET", BASE, null)).get("imports")).isEmpty();
            assertThat(visitors(server)).isZero();
            try (var leftovers = Files.list(dir.resolve("data").resolve("tmp"))) {
                assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith("import-"))).as("finished uploads are deleted").isEmpty();
            }
        }
    }
}
