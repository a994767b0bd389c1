package dev.footfall.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.enrich.EventRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Days whose midnight clocks repeat, counted as Plausible counts them: a day starts at its second
 * midnight and ends after the first of two repeated last seconds, so the repeated hour at such a
 * boundary belongs to neither day, while a range over both days keeps it.
 * America/Havana left daylight time at 01:00 on 2023-11-05 (midnight to 01:00 happened twice);
 * America/Asuncion at midnight starting 2024-03-24 (23:00 to midnight of the 23rd happened twice).
 */
class AmbiguousMidnightsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        addSite("havana.example", "America/Havana");
        addSite("asuncion.example", "America/Asuncion");
        pageviews("havana.example",
                "2023-11-05T03:30:00Z",  // 23:30 on the 4th (-04)
                "2023-11-05T04:30:00Z",  // 00:30 on the 5th, the first time (-04): in neither day
                "2023-11-05T05:30:00Z",  // 00:30 on the 5th, the second time (-05)
                "2023-11-05T12:00:00Z"); // 07:00 on the 5th
        pageviews("asuncion.example",
                "2024-03-24T02:30:00Z",  // 23:30 on the 23rd, the first time (-03)
                "2024-03-24T03:30:00Z",  // 23:30 on the 23rd, the second time (-04): in neither day
                "2024-03-24T04:30:00Z"); // 00:30 on the 24th (-04)
        server.awaitLoaded();
    }

    private static void addSite(String domain, String zone) {
        HttpResponse<String> res = server.admin("POST", "/api/v1/sites", "{\"domain\":\"" + domain + "\",\"timezone\":\"" + zone + "\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    }

    /** One visitor's pageviews at the given moments, through the real ingest pipeline. */
    private static void pageviews(String domain, String... moments) throws Exception {
        for (String at : moments) {
            var request = new EventRequest("pageview", URI.create("https://" + domain + "/"), List.of(domain), "", Map.of(), true, false, null, null);
            server.server.ingestion().ingest(request, "81.2.69.142", TestServer.BROWSER_UA, Instant.parse(at)).appended().durable().join();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode query(String domain, String from, String to, String dimensions) throws Exception {
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/v2/query"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"site_id":"%s","metrics":["pageviews"],"date_range":["%s","%s"],"dimensions":%s}"""
                        .formatted(domain, from, to, dimensions))));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private static long pageviews(String domain, String from, String to) throws Exception {
        JsonNode results = query(domain, from, to, "[]").get("results");
        return results.isEmpty() ? 0 : results.at("/0/metrics/0").asLong();
    }

    @Test
    void havanaDayStartsAtTheSecondMidnight() throws Exception {
        assertThat(pageviews("havana.example", "2023-11-04", "2023-11-04")).isEqualTo(1);
        assertThat(pageviews("havana.example", "2023-11-05", "2023-11-05")).isEqualTo(2);
        assertThat(pageviews("havana.example", "2023-11-04", "2023-11-05")).isEqualTo(4);
        JsonNode start = query("havana.example", "2023-11-05", "2023-11-05", "[]").at("/query/date_range/0");
        assertThat(start.asText()).isEqualTo("2023-11-05T00:00:00-05:00");
    }

    @Test
    void thePreviousDayIsBoundedAsIfQueried() throws Exception {
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/v2/query"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"site_id":"havana.example","metrics":["pageviews"],"date_range":["2023-11-05","2023-11-05"],
                         "include":{"comparison":"previous_period"}}""")));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.at("/meta/comparison_date_range").toString()).isEqualTo("[\"2023-11-04T00:00:00-04:00\",\"2023-11-04T23:59:59-04:00\"]");
        assertThat(body.at("/results/0/metrics/0").asLong()).isEqualTo(2);
        assertThat(body.at("/results/0/comparison/metrics/0").asLong()).isEqualTo(1);
    }

    @Test
    void asuncionDayEndsAtTheFirstOfTwoLastHours() throws Exception {
        assertThat(pageviews("asuncion.example", "2024-03-23", "2024-03-23")).isEqualTo(1);
        assertThat(pageviews("asuncion.example", "2024-03-24", "2024-03-24")).isEqualTo(1);
        assertThat(pageviews("asuncion.example", "2024-03-23", "2024-03-24")).isEqualTo(3);
    }

    @Test
    void eventsInARangeOverBothDaysKeepTheirLocalDay() throws Exception {
        assertThat(query("havana.example", "2023-11-04", "2023-11-05", "[\"time:day\"]").get("results").toString()).isEqualTo("""
                [{"dimensions":["2023-11-04"],"metrics":[1]},{"dimensions":["2023-11-05"],"metrics":[3]}]""");
    }
}
