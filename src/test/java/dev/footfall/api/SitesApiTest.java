package dev.footfall.api;

import dev.footfall.TestServer;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The Plausible-style Sites API, health and metrics, with real keys over real HTTP. */
class SitesApiTest {
    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> as(String key, String method, String path, String json) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + key)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    private String siteKey(String domain) {
        String secret = ApiKeys.newSecret();
        server.server.storage().addApiKey(ApiKeys.hash(secret), new ApiKey(ApiKeys.prefix(secret), "test", Optional.of(domain)));
        return secret;
    }

    @Test
    void keysAreRequiredAndChecked() {
        assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/v1/sites")).GET()).statusCode()).isEqualTo(401);
        HttpResponse<String> bad = as("ff_wrong", "GET", "/api/v1/sites", null);
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("invalid API key");
    }

    @Test
    void createListAndRejectBadSites() {
        HttpResponse<String> created = server.admin("POST", "/api/v1/sites", "{\"domain\":\"www.Create.test\",\"timezone\":\"America/New_York\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("\"domain\":\"create.test\"").contains("America/New_York");

        assertThat(server.admin("POST", "/api/v1/sites", "{\"domain\":\"create.test\"}").body()).contains("already exists");
        HttpResponse<String> badDomain = server.admin("POST", "/api/v1/sites", "{\"domain\":\"https://x.test\"}");
        assertThat(badDomain.statusCode()).isEqualTo(400);
        assertThat(badDomain.body()).contains("\"domain\"");
        HttpResponse<String> badZone = server.admin("POST", "/api/v1/sites", "{\"domain\":\"zone.test\",\"timezone\":\"Mars/Olympus\"}");
        assertThat(badZone.statusCode()).isEqualTo(400);
        assertThat(badZone.body()).contains("\"timezone\"").contains("Mars/Olympus");
        HttpResponse<String> offset = server.admin("POST", "/api/v1/sites", "{\"domain\":\"zone.test\",\"timezone\":\"+02:00\"}");
        assertThat(offset.statusCode()).as("an offset is not a time zone: it has no daylight saving").isEqualTo(400);
        assertThat(offset.body()).contains("is not a known IANA time zone");
        assertThat(server.admin("POST", "/api/v1/sites", "{\"domain\":").statusCode()).isEqualTo(400);
        assertThat(server.admin("GET", "/api/v1/sites", null).body()).contains("create.test").doesNotContain("zone.test");
    }

    @Test
    void siteKeysSeeOnlyTheirSiteAndCannotAdminister() {
        server.addSite("mine.test");
        server.addSite("theirs.test");
        String key = siteKey("mine.test");
        HttpResponse<String> list = as(key, "GET", "/api/v1/sites", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("mine.test").doesNotContain("theirs.test");
        assertThat(as(key, "GET", "/api/v1/sites/theirs.test", null).statusCode()).isEqualTo(404);
        assertThat(as(key, "GET", "/api/v1/sites/mine.test", null).statusCode()).isEqualTo(200);
        assertThat(as(key, "POST", "/api/v1/sites", "{\"domain\":\"new.test\"}").statusCode()).isEqualTo(403);
        assertThat(as(key, "DELETE", "/api/v1/sites/theirs.test", null).statusCode()).isEqualTo(403);
    }

    @Test
    void deleteRemovesTheSiteAndAllItsData() {
        server.addSite("gone.test");
        server.addSite("kept.test");
        assertThat(server.event("{\"n\":\"pageview\",\"u\":\"https://gone.test/\",\"d\":\"gone.test,kept.test\"}", "192.0.2.10").statusCode()).isEqualTo(202);
        server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"gone.test\",\"goal_type\":\"event\",\"event_name\":\"Signup\"}");
        assertThat(server.server.storage().countEvents("gone.test")).isEqualTo(1);

        assertThat(server.admin("DELETE", "/api/v1/sites/gone.test", null).statusCode()).isEqualTo(200);
        assertThat(server.server.storage().countEvents("gone.test")).isZero();
        assertThat(StoredRows.count(server.server.storage(), "SELECT count(*) FROM sessions WHERE site = 'gone.test'")).isZero();
        assertThat(server.server.storage().goals("gone.test")).isEmpty();
        assertThat(server.server.storage().countEvents("kept.test")).isEqualTo(1);
        assertThat(server.admin("DELETE", "/api/v1/sites/gone.test", null).statusCode()).isEqualTo(404);
        HttpResponse<String> after = server.event("{\"n\":\"pageview\",\"u\":\"https://gone.test/\",\"d\":\"gone.test\"}", "192.0.2.10");
        assertThat(after.headers().firstValue("X-Footfall-Dropped")).hasValue("unknown_site");
    }

    @Test
    void goalsArePutIdempotentlyAndValidated() {
        server.addSite("goals.test");
        HttpResponse<String> event = server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"goals.test\",\"goal_type\":\"event\",\"event_name\":\"Signup\"}");
        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(event.body()).contains("\"goal_type\":\"event\"").contains("\"event_name\":\"Signup\"");
        assertThat(server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"goals.test\",\"goal_type\":\"event\",\"event_name\":\"Signup\"}").body())
                .isEqualTo(event.body());
        HttpResponse<String> page = server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"goals.test\",\"goal_type\":\"page\",\"page_path\":\"/blog/**\"}");
        assertThat(page.body()).contains("\"page_path\":\"/blog/**\"");
        assertThat(server.server.storage().goals("goals.test")).hasSize(2);

        assertThat(server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"goals.test\",\"goal_type\":\"visit\"}").body()).contains("goal_type");
        assertThat(server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"goals.test\",\"goal_type\":\"page\",\"page_path\":\"blog\"}").body()).contains("page_path");
        assertThat(server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"nosuch.test\",\"goal_type\":\"event\",\"event_name\":\"x\"}").body()).contains("site_id");
        assertThat(server.admin("GET", "/api/v1/sites/goals?site_id=goals.test", null).body()).contains("Signup").contains("/blog/**");
    }

    @Test
    void healthAndMetrics() {
        HttpResponse<String> health = server.send(HttpRequest.newBuilder(server.uri("/api/health")).GET());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"version\"").contains("\"engine\":\"duckdb\"");

        server.addSite("metrics.test");
        server.event("{\"n\":\"pageview\",\"u\":\"https://metrics.test/\",\"d\":\"metrics.test\"}", "192.0.2.20");
        server.send(HttpRequest.newBuilder(server.uri("/api/event")).header("User-Agent", "curl/8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"pageview\",\"u\":\"https://metrics.test/\",\"d\":\"metrics.test\"}")));
        String metrics = server.send(HttpRequest.newBuilder(server.uri("/metrics")).GET()).body();
        assertThat(metrics).contains("footfall_events_accepted_total")
                .contains("footfall_events_dropped_total{reason=\"bot\"}")
                .contains("footfall_ingest_queue_depth")
                .contains("footfall_commit_batch_events_bucket")
                .contains("footfall_commit_seconds_bucket")
                .contains("footfall_http_request_seconds_bucket{route=\"/api/event\"");
    }
}
