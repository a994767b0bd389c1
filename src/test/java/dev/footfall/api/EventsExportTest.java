package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.TestServer;
import dev.footfall.enrich.EventRequest;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/events and its export variant: keyset paging, isolation between keys, and the files. */
class EventsExportTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path downloads;
    static TestServer server;
    static final AtomicInteger ips = new AtomicInteger(1);

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        server.addSite("bad.test");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh client IP per event, so events spread over visitors as real traffic does. */
    static String ip() {
        int n = ips.getAndIncrement();
        return "203.0." + (n / 250) + "." + (n % 250 + 1);
    }

    static void post(String domain, String path) {
        HttpResponse<String> res = server.event("{\"n\":\"pageview\",\"u\":\"https://" + domain + path + "\",\"d\":\"" + domain + "\"}", ip());
        assertThat(res.statusCode()).isEqualTo(202);
    }

    /** An event at a chosen moment, through the live pipeline (HTTP always stamps "now"). */
    static void ingestAt(String domain, String name, String path, Instant at) throws Exception {
        String json = "{\"n\":\"" + name + "\",\"u\":\"https://" + domain + path + "\",\"d\":\"" + domain + "\",\"p\":{\"plan\":\"pro\"}}";
        var outcome = server.server.ingestion().ingest(EventRequest.parse(json.getBytes(StandardCharsets.UTF_8)), ip(), TestServer.BROWSER_UA, at);
        assertThat(outcome.dropped()).isEmpty();
        outcome.appended().durable().get();
        assertThat(server.server.awaitLoaded(java.time.Duration.ofSeconds(10))).isTrue();
    }

    static HttpResponse<String> get(String key, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).GET();
        if (key != null) request.header("Authorization", "Bearer " + key);
        return server.send(request);
    }

    static JsonNode json(HttpResponse<String> res) throws IOException {
        return Json.MAPPER.readTree(res.body());
    }

    static String siteKey(String domain) {
        String secret = ApiKeys.newSecret();
        server.server.storage().addApiKey(ApiKeys.hash(secret), new ApiKey(ApiKeys.prefix(secret), "test", Optional.of(domain)));
        return secret;
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Every event of a site through the API, page by page, with the given extra query. */
    static List<JsonNode> pageThrough(String domain, int limit, String query) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            HttpResponse<String> res = get(TestServer.ADMIN_KEY, "/api/v1/events?site_id=" + domain + "&limit=" + limit + query
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            JsonNode page = json(res);
            page.get("events").forEach(events::add);
            assertThat(page.get("events").size()).isLessThanOrEqualTo(limit);
            if (page.get("next_cursor").isNull()) return events;
            assertThat(page.get("events").size()).isEqualTo(limit);
            cursor = page.get("next_cursor").asText();
        }
        throw new AssertionError("paging did not end");
    }

    static void assertInKeysetOrder(List<JsonNode> events) {
        for (int i = 1; i < events.size(); i++) {
            Instant before = Instant.parse(events.get(i - 1).get("timestamp").asText());
            Instant after = Instant.parse(events.get(i).get("timestamp").asText());
            assertThat(after).isAfterOrEqualTo(before);
            if (after.equals(before)) assertThat(events.get(i).get("id").asLong()).isGreaterThan(events.get(i - 1).get("id").asLong());
        }
    }

    static List<Long> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.get("id").asLong()).toList();
    }

    @Test
    void pagingReturnsEveryEventOnceInTimestampIdOrder() throws Exception {
        server.addSite("paging.test");
        Instant day = Instant.parse("2024-05-01T10:00:00Z");
        for (int i = 0; i < 12; i++) ingestAt("paging.test", "Signup", "/past/" + i, day.plusSeconds(i % 4)); // several per second
        for (int i = 0; i < 11; i++) post("paging.test", "/live/" + i);

        for (int limit : new int[]{1, 4, 7, 23, 1000}) {
            List<JsonNode> events = pageThrough("paging.test", limit, "");
            assertThat(events).hasSize(23);
            assertThat(new HashSet<>(ids(events))).hasSize(23);
            assertInKeysetOrder(events);
        }
        JsonNode first = pageThrough("paging.test", 1000, "").getFirst();
        assertThat(first.get("timestamp").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(first.get("name").asText()).isEqualTo("Signup");
        assertThat(first.get("hostname").asText()).isEqualTo("paging.test");
        assertThat(first.get("pathname").asText()).startsWith("/past/");
        assertThat(first.get("props").get("plan").asText()).isEqualTo("pro");
        assertThat(first.get("browser").asText()).isEqualTo("Chrome");
        assertThat(first.get("visitor_id").isIntegralNumber()).isTrue();
        assertThat(first.get("scroll_depth").isNull()).isTrue();
        List<String> fields = new ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "timestamp", "name", "visitor_id", "session_id", "hostname", "pathname",
                "referrer", "referrer_source", "utm_medium", "utm_source", "utm_campaign", "utm_content", "utm_term",
                "country", "region", "city", "device", "browser", "browser_version", "os", "os_version", "props",
                "interactive", "scroll_depth", "engagement_ms");
        assertThat(Json.MAPPER.writeValueAsString(first)).doesNotContain(TestServer.BROWSER_UA).doesNotContain("203.0.");
    }

    @Test
    void pagesStayStableWhileNewEventsArrive() throws Exception {
        server.addSite("stable.test");
        for (int i = 0; i < 20; i++) post("stable.test", "/before/" + i);
        List<JsonNode> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> res = get(TestServer.ADMIN_KEY, "/api/v1/events?site_id=stable.test&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            JsonNode page = json(res);
            page.get("events").forEach(seen::add);
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            if (pages++ < 4) for (int i = 0; i < 2; i++) post("stable.test", "/during/" + pages + "-" + i); // arrive between fetches
        } while (cursor != null);

        assertThat(new HashSet<>(ids(seen))).as("no event twice").hasSize(seen.size());
        assertInKeysetOrder(seen);
        List<String> paths = seen.stream().map(e -> e.get("pathname").asText()).toList();
        for (int i = 0; i < 20; i++) assertThat(paths).as("no earlier event skipped").contains("/before/" + i);
        assertThat(paths.stream().filter(p -> p.startsWith("/during/"))).as("new events come at the end").hasSize(8);
        assertThat(seen).hasSize(28);
    }

    @Test
    void keysSeeOnlyTheirSiteAndNothingRevealsWhichSitesExist() {
        server.addSite("mine.test");
        server.addSite("theirs.test");
        post("mine.test", "/");
        String key = siteKey("mine.test");

        assertThat(get(null, "/api/v1/events?site_id=mine.test").statusCode()).isEqualTo(401);
        assertThat(get("ff_wrong", "/api/v1/events?site_id=mine.test").statusCode()).isEqualTo(401);
        assertThat(get(null, "/api/v1/events/export?site_id=mine.test&format=csv").statusCode()).isEqualTo(401);
        assertThat(get(key, "/api/v1/events?site_id=mine.test").statusCode()).isEqualTo(200);

        for (String endpoint : List.of("/api/v1/events?site_id=", "/api/v1/events/export?format=csv&site_id=")) {
            HttpResponse<String> theirs = get(key, endpoint + "theirs.test");
            HttpResponse<String> missing = get(key, endpoint + "missing.test");
            assertThat(theirs.statusCode()).isEqualTo(404);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(theirs.body()).contains("\"error\"").contains("site_id");
            assertThat(theirs.body().replace("theirs.test", "missing.test")).isEqualTo(missing.body());
        }
        // the same question before and after the site exists gets the same answer
        HttpResponse<String> before = get(key, "/api/v1/events?site_id=later.test&from=2024-01-01");
        server.addSite("later.test");
        post("later.test", "/");
        assertThat(get(key, "/api/v1/events?site_id=later.test&from=2024-01-01").body()).isEqualTo(before.body());
        assertThat(get(TestServer.ADMIN_KEY, "/api/v1/events?site_id=later.test").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "site_id=                                 | site_id",
            "site_id=bad.test&limit=0                 | limit",
            "site_id=bad.test&limit=10001             | limit",
            "site_id=bad.test&limit=ten               | limit",
            "site_id=bad.test&cursor=garbage!         | cursor",
            "site_id=bad.test&cursor=eDp5             | cursor",
            "site_id=bad.test&from=2024-13-01         | from",
            "site_id=bad.test&from=yesterday          | from",
            "site_id=bad.test&to=2024-03-01T10:00:00  | to",
            "site_id=bad.test&from=2024-03-02&to=2024-03-01 | from",
            "site_id=bad.test&from=3000-01-01         | from"})
    void badParametersAreNamed(String query, String parameter) throws IOException {
        HttpResponse<String> res = get(TestServer.ADMIN_KEY, "/api/v1/events?" + query);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(json(res).get("errors").has(parameter)).as(res.body()).isTrue();
    }

    @Test
    void exportParametersAreNamedToo() throws IOException {
        server.addSite("badexport.test");
        for (String[] c : new String[][]{{"site_id=badexport.test", "format"}, {"site_id=badexport.test&format=xlsx", "format"},
                {"format=csv", "site_id"}, {"site_id=badexport.test&format=csv&to=soon", "to"}}) {
            HttpResponse<String> res = get(TestServer.ADMIN_KEY, "/api/v1/events/export?" + c[0]);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
            assertThat(json(res).get("errors").has(c[1])).as(res.body()).isTrue();
        }
    }

    @Test
    void datesAreWholeDaysInTheSiteTimeZoneAndDateTimesExact() throws Exception {
        HttpResponse<String> created = server.admin("POST", "/api/v1/sites", "{\"domain\":\"zoned.test\",\"timezone\":\"America/New_York\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        ingestAt("zoned.test", "pageview", "/feb29-late", Instant.parse("2024-03-01T04:59:59Z")); // 23:59:59 on Feb 29 in New York
        ingestAt("zoned.test", "pageview", "/mar1-first", Instant.parse("2024-03-01T05:00:00Z")); // midnight, March 1
        ingestAt("zoned.test", "pageview", "/mar1-last", Instant.parse("2024-03-02T04:59:59Z"));
        ingestAt("zoned.test", "pageview", "/mar2-first", Instant.parse("2024-03-02T05:00:00Z"));

        assertThat(paths(pageThrough("zoned.test", 2, "&from=2024-03-01&to=2024-03-01"))).containsExactly("/mar1-first", "/mar1-last");
        assertThat(paths(pageThrough("zoned.test", 2, "&from=2024-03-02"))).containsExactly("/mar2-first");
        assertThat(paths(pageThrough("zoned.test", 2, "&to=2024-02-29"))).containsExactly("/feb29-late");
        assertThat(paths(pageThrough("zoned.test", 2, "&from=" + q("2024-03-01T00:00:00-05:00") + "&to=2024-03-02T04:59:59Z")))
                .as("a date-time 'to' is exclusive").containsExactly("/mar1-first");
        assertThat(paths(pageThrough("zoned.test", 10, ""))).hasSize(4);
    }

    static List<String> paths(List<JsonNode> events) {
        return events.stream().map(e -> e.get("pathname").asText()).toList();
    }

    @Test
    void exportsEveryFormatAsTheApiShowsEvents() throws Exception {
        server.addSite("files.test");
        for (int i = 0; i < 5; i++) ingestAt("files.test", "Signup", "/p/" + i, Instant.parse("2024-06-01T12:00:00Z").plusSeconds(i));
        for (int i = 0; i < 4; i++) post("files.test", "/live/" + i);
        List<JsonNode> api = pageThrough("files.test", 1000, "");

        HttpResponse<String> ndjson = get(TestServer.ADMIN_KEY, "/api/v1/events/export?site_id=files.test&format=ndjson");
        assertThat(ndjson.statusCode()).isEqualTo(200);
        assertThat(ndjson.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(ndjson.headers().firstValue(EventsExportApi.ROWS_HEADER)).hasValue("9");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.body().lines().toList()) lines.add(Json.MAPPER.readTree(line));
        assertThat(lines).as("same values, same order, as the API").isEqualTo(api);

        HttpResponse<String> csv = get(siteKey("files.test"), "/api/v1/events/export?site_id=files.test&format=csv&from=2024-06-01&to=2024-06-01");
        assertThat(csv.statusCode()).isEqualTo(200);
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.getFirst()).isEqualTo("id,timestamp,name,visitor_id,session_id,hostname,pathname,referrer,referrer_source,"
                + "utm_medium,utm_source,utm_campaign,utm_content,utm_term,country,region,city,device,browser,browser_version,"
                + "os,os_version,props,interactive,scroll_depth,engagement_ms");
        assertThat(rows).hasSize(1 + 5);
        assertThat(rows.get(1)).contains(",2024-06-01T12:00:00Z,Signup,").contains("\"{\"\"plan\"\":\"\"pro\"\"}\"");

        HttpResponse<byte[]> parquet = server.sendBytes(HttpRequest.newBuilder(server.uri("/api/v1/events/export?site_id=files.test&format=parquet"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY));
        assertThat(parquet.statusCode()).isEqualTo(200);
        assertThat(parquet.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("files.test-events.parquet"));
        Path file = downloads.resolve("files.parquet");
        Files.write(file, parquet.body());
        assertThat(parquetRows(file)).isEqualTo(9);

        try (Stream<Path> left = Files.list(dataDir.resolve("tmp"))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("export files are deleted once sent").noneMatch(n -> n.startsWith("export-"));
        }
    }

    /** Rows in a Parquet file, read by a separate in-memory DuckDB. */
    static long parquetRows(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + file.toString().replace("'", "''") + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anEmptyRangeIsAnEmptyLastPage() throws IOException {
        server.addSite("empty.test");
        JsonNode page = json(get(TestServer.ADMIN_KEY, "/api/v1/events?site_id=empty.test"));
        assertThat(page.get("events").size()).isZero();
        assertThat(page.get("next_cursor").isNull()).isTrue();
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString("0:0".getBytes(StandardCharsets.US_ASCII));
        assertThat(get(TestServer.ADMIN_KEY, "/api/v1/events?site_id=empty.test&cursor=" + cursor).statusCode()).isEqualTo(200);
    }
}
