package dev.footfall.ingest;

import dev.footfall.TestServer;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Events API contract, field by field, against a real server and data directory. */
class EventsApiTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static final AtomicInteger ips = new AtomicInteger(1);

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        server.addSite("events.test");
        server.addSite("fanout-a.test");
        server.addSite("fanout-b.test");
        server.addSite("allowlist.test");
        server.server.sites().update(new Site("allowlist.test", ZoneId.of("Etc/UTC"), List.of("shop.allowlist.test")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh client IP per request, so tests do not share visits. */
    static String ip() {
        int n = ips.getAndIncrement();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    static long count(String where) {
        return StoredRows.count(server.server.storage(), "SELECT count(*) FROM events WHERE " + where);
    }

    static String marker() {
        return "/m-" + UUID.randomUUID();
    }

    @Test
    void pageviewIsStoredEnrichedAndAcknowledgedWith202Ok() {
        String path = marker();
        HttpResponse<String> res = server.event("""
                {"n":"pageview","u":"https://www.events.test%s?utm_source=newsletter&utm_campaign=launch","d":"events.test",
                 "r":"https://news.ycombinator.com/item?id=1"}""".formatted(path), ip());
        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(res.body()).isEqualTo("ok");
        assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(res.headers().firstValue("X-Footfall-Dropped")).isEmpty();

        Map<String, Object> row = StoredRows.query(server.server.storage(),
                "SELECT * FROM events WHERE pathname = '" + path + "'").getFirst();
        assertThat(row).containsEntry("site", "events.test").containsEntry("name", "pageview")
                .containsEntry("hostname", "events.test")
                .containsEntry("referrer", "https://news.ycombinator.com/item?id=1")
                .containsEntry("referrer_source", "newsletter") // a tagged source wins, as in Plausible
                .containsEntry("utm_source", "newsletter").containsEntry("utm_campaign", "launch")
                .containsEntry("browser", "Chrome").containsEntry("os", "GNU/Linux").containsEntry("device", "Desktop");
        assertThat((Long) row.get("visitor_id")).isPositive();
        assertThat((Long) row.get("session_id")).isPositive();
    }

    @Test
    void referrerBecomesItsSourceNameAndOwnHostIsInternal() {
        String external = marker();
        server.event("{\"n\":\"pageview\",\"u\":\"https://events.test" + external + "\",\"d\":\"events.test\",\"r\":\"https://www.google.co.uk/search?q=x\"}", ip());
        String internal = marker();
        server.event("{\"n\":\"pageview\",\"u\":\"https://events.test" + internal + "\",\"d\":\"events.test\",\"r\":\"https://www.events.test/\"}", ip());
        String unknown = marker();
        server.event("{\"n\":\"pageview\",\"u\":\"https://events.test" + unknown + "\",\"d\":\"events.test\",\"r\":\"https://blog.example.org/p\"}", ip());
        assertThat(StoredRows.query(server.server.storage(), "SELECT referrer_source FROM events WHERE pathname = '" + external + "'"))
                .containsExactly(Map.of("referrer_source", "Google"));
        assertThat(StoredRows.query(server.server.storage(), "SELECT referrer, referrer_source FROM events WHERE pathname = '" + internal + "'"))
                .containsExactly(Map.of("referrer", "", "referrer_source", ""));
        assertThat(StoredRows.query(server.server.storage(), "SELECT referrer_source FROM events WHERE pathname = '" + unknown + "'"))
                .containsExactly(Map.of("referrer_source", "blog.example.org"));
    }

    @Test
    void longFieldNamesPropsAsStringAndNestedPropsDropped() {
        String path = marker();
        HttpResponse<String> res = server.event("""
                {"name":"Signup","url":"https://events.test%s","domain":"events.test","props":"{\\"plan\\":\\"pro\\",\\"n\\":3,\\"deep\\":{\\"x\\":1}}"}"""
                .formatted(path), ip());
        assertThat(res.statusCode()).isEqualTo(202);
        Map<String, Object> row = StoredRows.query(server.server.storage(),
                "SELECT name, props['plan'] AS plan, props['n'] AS n, cardinality(props)::BIGINT AS props FROM events WHERE pathname = '" + path + "'").getFirst();
        assertThat(row).containsEntry("name", "Signup").containsEntry("plan", "pro").containsEntry("n", "3").containsEntry("props", 2L);
    }

    @Test
    void hashModeKeepsTheFragmentAndPathIsDecoded() {
        String id = UUID.randomUUID().toString();
        server.event("{\"n\":\"pageview\",\"u\":\"https://events.test/caf%C3%A9-" + id + "#/settings\",\"d\":\"events.test\",\"h\":1}", ip());
        assertThat(count("pathname = '/café-" + id + "#/settings'")).isEqualTo(1);
    }

    @Test
    void commaSeparatedDomainsFanOutToEverySite() {
        String path = marker();
        HttpResponse<String> res = server.event("{\"n\":\"pageview\",\"u\":\"https://fanout-a.test" + path + "\",\"d\":\"fanout-a.test, fanout-b.test\"}", ip());
        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(count("pathname = '" + path + "' AND site = 'fanout-a.test'")).isEqualTo(1);
        assertThat(count("pathname = '" + path + "' AND site = 'fanout-b.test'")).isEqualTo(1);
    }

    @Test
    void unknownSiteIsDroppedWithAReason() {
        String path = marker();
        HttpResponse<String> res = server.event("{\"n\":\"pageview\",\"u\":\"https://nope.test" + path + "\",\"d\":\"nope.test\"}", ip());
        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(res.headers().firstValue("X-Footfall-Dropped")).hasValue("unknown_site");
        assertThat(count("pathname = '" + path + "'")).isZero();
    }

    @Test
    void hostnameOutsideTheAllowListIsDropped() {
        String path = marker();
        HttpResponse<String> res = server.event("{\"n\":\"pageview\",\"u\":\"https://evil.test" + path + "\",\"d\":\"allowlist.test\"}", ip());
        assertThat(res.headers().firstValue("X-Footfall-Dropped")).hasValue("disallowed_hostname");
        server.event("{\"n\":\"pageview\",\"u\":\"https://shop.allowlist.test" + path + "\",\"d\":\"allowlist.test\"}", ip());
        assertThat(count("pathname = '" + path + "'")).isEqualTo(1);
    }

    @Test
    void spamReferrerIsDropped() {
        String path = marker();
        HttpResponse<String> res = server.event("{\"n\":\"pageview\",\"u\":\"https://events.test" + path + "\",\"d\":\"events.test\",\"r\":\"http://www.semalt.com/\"}", ip());
        assertThat(res.headers().firstValue("X-Footfall-Dropped")).hasValue("spam_referrer");
        assertThat(count("pathname = '" + path + "'")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "curl/8.5.0",
            "Wget/1.21.3",
            "python-requests/2.31.0",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"})
    void botsAreDropped(String userAgent) {
        String path = marker();
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/event")).header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"pageview\",\"u\":\"https://events.test" + path + "\",\"d\":\"events.test\"}")));
        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(res.headers().firstValue("X-Footfall-Dropped")).hasValue("bot");
        assertThat(count("pathname = '" + path + "'")).isZero();
    }

    /** What Plausible refuses too (lib/plausible/ingestion/request.ex); what it accepts is in {@link EventsApiLeniencyTest}. */
    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "not json at all                                                   | body",
            "[1,2]                                                             | body",
            "\"<script>\"                                                      | body",
            "{\"u\":\"https://events.test/\",\"d\":\"events.test\"}            | name",
            "{\"n\":\"  \",\"u\":\"https://events.test/\",\"d\":\"events.test\"} | name",
            "{\"n\":[\"a\"],\"u\":\"https://events.test/\",\"d\":\"events.test\"} | name",
            "{\"n\":1.5,\"u\":\"https://events.test/\",\"d\":\"events.test\"}  | name",
            "{\"n\":\"pageview\",\"d\":\"events.test\"}                        | url",
            "{\"n\":\"pageview\",\"u\":7,\"d\":\"events.test\"}                | url",
            "{\"n\":\"pageview\",\"u\":\"data:text/html,<b>hi</b>\",\"d\":\"events.test\"} | url",
            "{\"n\":\"pageview\",\"u\":\"about:blank\"}                        | domain",
            "{\"n\":\"pageview\",\"u\":\"https://events.test/\",\"d\":\" \"}  | domain",
            "{\"n\":\"x\",\"u\":\"https://events.test/\",\"d\":\"events.test\",\"h\":\"yes\"} | hashMode",
            "{\"n\":\"engagement\",\"u\":\"https://events.test/\",\"d\":\"events.test\"} | name",
            "{\"n\":\"engagement\",\"u\":\"https://events.test/\",\"d\":\"events.test\",\"sd\":-1,\"e\":\"soon\"} | name"})
    void invalidBodiesGet400NamingTheFieldAndStoreNothing(String body, String field) {
        long before = count("true");
        HttpResponse<String> res = server.event(body, ip());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(res.body()).contains("\"errors\"").contains("\"" + field + "\"");
        assertThat(count("true")).isEqualTo(before);
    }

    @Test
    void limitsOnNameUrlAndProps() {
        String longName = "x".repeat(121);
        assertThat(server.event("{\"n\":\"" + longName + "\",\"u\":\"https://events.test/\",\"d\":\"events.test\"}", ip()).body()).contains("\"name\"");
        assertThat(server.event("{\"n\":\"" + "x".repeat(120) + "\",\"u\":\"https://events.test/\",\"d\":\"events.test\"}", ip()).statusCode()).isEqualTo(202);

        String longUrl = "https://events.test/" + "a".repeat(2000);
        assertThat(server.event("{\"n\":\"pageview\",\"u\":\"" + longUrl + "\",\"d\":\"events.test\"}", ip()).body()).contains("\"url\"");

        HttpResponse<String> longKey = server.event("{\"n\":\"x\",\"u\":\"https://events.test/\",\"d\":\"events.test\",\"p\":{\"" + "k".repeat(301) + "\":\"v\"}}", ip());
        assertThat(longKey.statusCode()).isEqualTo(400);
        HttpResponse<String> longValue = server.event("{\"n\":\"x\",\"u\":\"https://events.test/\",\"d\":\"events.test\",\"p\":{\"k\":\"" + "v".repeat(2001) + "\"}}", ip());
        assertThat(longValue.statusCode()).isEqualTo(400);
        assertThat(longValue.body()).contains("2000");
    }

    @Test
    void bodiesOverOneMegabyteGet413() throws Exception {
        long before = count("true");
        // Declared size over the limit: answered before the body is read. A raw socket, because the
        // server may close the connection while a client is still uploading, which HttpClient reports
        // as a broken pipe instead of the response.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/event HTTP/1.1\r\nHost: localhost\r\nUser-Agent: " + TestServer.BROWSER_UA
                    + "\r\nContent-Type: text/plain\r\nContent-Length: 1100000\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write("{\"n\":\"pageview\",\"r\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream())).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
        assertThat(count("true")).isEqualTo(before);
    }

    @Test
    void missingUserAgentGets400() {
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/event")).header("User-Agent", " ")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"pageview\",\"u\":\"https://events.test/\",\"d\":\"events.test\"}")));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("user_agent");
    }

    @Test
    void corsPreflightIsAnswered() {
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/event"))
                .header("Origin", "https://events.test").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(res.statusCode()).isEqualTo(204);
        assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(res.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(m -> assertThat(m).contains("POST"));
        assertThat(res.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(h -> assertThat(h).containsIgnoringCase("content-type"));
    }

    @Test
    void engagementExtendsAVisitButNeedsOne() {
        String ip = ip();
        String path = marker();
        server.event("{\"n\":\"engagement\",\"u\":\"https://events.test" + path + "\",\"d\":\"events.test\",\"sd\":40,\"e\":1500}", ip);
        assertThat(count("pathname = '" + path + "'")).as("no visit yet: Plausible drops it too").isZero();

        server.event("{\"n\":\"pageview\",\"u\":\"https://events.test" + path + "\",\"d\":\"events.test\"}", ip);
        server.event("{\"n\":\"engagement\",\"u\":\"https://events.test" + path + "\",\"d\":\"events.test\",\"sd\":80,\"e\":4200}", ip);
        Map<String, Object> engagement = StoredRows.query(server.server.storage(),
                "SELECT scroll_depth, engagement_ms, interactive FROM events WHERE name = 'engagement' AND pathname = '" + path + "'").getFirst();
        assertThat(engagement).containsEntry("scroll_depth", (short) 80).containsEntry("engagement_ms", 4200).containsEntry("interactive", false);
        // one visit: a pageview and an engagement ping, which is not counted as an event of the visit
        Map<String, Object> session = StoredRows.query(server.server.storage(), """
                SELECT sum(sign * pageviews) AS pageviews, sum(sign * events) AS events, sum(sign) AS visits
                FROM sessions WHERE entry_page = '%s'""".formatted(path)).getFirst();
        assertThat(((Number) session.get("pageviews")).longValue()).isEqualTo(1);
        assertThat(((Number) session.get("events")).longValue()).isEqualTo(1);
        assertThat(((Number) session.get("visits")).longValue()).isEqualTo(1);
    }

    @Test
    void sessionRowsCollapseToOneVisitWithEntryExitAndBounce() {
        String ip = ip();
        String first = marker();
        String second = marker();
        server.event("{\"n\":\"pageview\",\"u\":\"https://events.test" + first + "\",\"d\":\"events.test\"}", ip);
        server.event("{\"n\":\"pageview\",\"u\":\"https://events.test" + second + "\",\"d\":\"events.test\"}", ip);
        List<Map<String, Object>> rows = StoredRows.query(server.server.storage(), """
                SELECT sign, version, entry_page, exit_page, pageviews, is_bounce FROM sessions
                WHERE entry_page = '%s' ORDER BY version, sign DESC""".formatted(first));
        assertThat(rows).hasSize(3); // +1 v1, then -1 v1 cancelling it and +1 v2
        assertThat(rows.get(0)).containsEntry("sign", (byte) 1).containsEntry("version", 1).containsEntry("is_bounce", true);
        assertThat(rows.get(1)).containsEntry("sign", (byte) -1).containsEntry("version", 1);
        assertThat(rows.get(2)).containsEntry("sign", (byte) 1).containsEntry("version", 2).containsEntry("exit_page", second)
                .containsEntry("pageviews", 2).containsEntry("is_bounce", false);
        assertThat(count("pathname IN ('" + first + "', '" + second + "') AND session_id = (SELECT session_id FROM sessions WHERE entry_page = '"
                + first + "' LIMIT 1)")).isEqualTo(2);
    }
}
