package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.enrich.CityDatabaseFile;
import dev.footfall.enrich.EventRequest;
import dev.footfall.server.ServerConfig;
import dev.footfall.store.sql.RegionNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plausible's Stats API v2 semantics Footfall lacked, over HTTP on traffic with known times:
 * event:page filters on visit metrics, visit:channel, behavioural filters, the visits' hosts and
 * the last 24 hours. Expected numbers are worked out by hand from Plausible's rules.
 */
class StatsApiV2GapsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "gaps.example";
    /**
     * When the traffic starts: a quarter of an hour ago, so its visits are still open (the server
     * forgets visits idle for 30 minutes of its clock) and the queries' range is closed.
     */
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(15, ChronoUnit.MINUTES);

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // Regions need a city-level database: the traffic's first /24 networks, with subdivisions
        // Debian's iso-codes names, one it does not (GB-XX), and one without any.
        Path cities = CityDatabaseFile.write(Files.createTempFile("footfall-cities", ".mmdb"), List.of(
                new CityDatabaseFile.Network("1.1.1", "DE", "BE", "Berlin"),
                new CityDatabaseFile.Network("2.2.2", "US", "CA", "San Francisco"),
                new CityDatabaseFile.Network("3.3.3", "US", "CA", "Los Angeles"),
                new CityDatabaseFile.Network("4.4.4", "FR", "IDF", "Paris"),
                new CityDatabaseFile.Network("5.5.5", "GB", "XX", "Nowhere"),
                new CityDatabaseFile.Network("6.6.6", "JP", "", "")));
        server = TestServer.start(dataDir, ServerConfig.DEFAULT_QUEUE_CAPACITY, Optional.of(cities));
        server.addSite(SITE);
        server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"" + SITE + "\",\"goal_type\":\"event\",\"event_name\":\"Signup\"}");
        // Plausible's fixture "event:page filter is interpreted as entry_page filter only for bounce_rate":
        // A: /ignore then /plausible.io a minute later; B: /important-page then /; C: /plausible.io alone.
        send("1.1.1.1", 0, "pageview", "https://" + SITE + "/ignore", "");
        send("1.1.1.1", 60, "pageview", "https://" + SITE + "/plausible.io", "");
        send("2.2.2.2", 0, "pageview", "https://app." + SITE + "/important-page", "");
        send("2.2.2.2", 60, "pageview", "https://" + SITE + "/", "");
        send("3.3.3.3", 60, "pageview", "https://" + SITE + "/plausible.io", "");
        // Channels: paid search, organic search, email, organic social; D also signs up.
        send("4.4.4.4", 120, "pageview", "https://" + SITE + "/?utm_source=google&utm_medium=cpc", "");
        send("4.4.4.4", 125, "Signup", "https://" + SITE + "/", "");
        send("5.5.5.5", 120, "pageview", "https://" + SITE + "/", "https://www.google.com/search?q=x");
        send("6.6.6.6", 120, "pageview", "https://" + SITE + "/?utm_medium=email", "");
        send("7.7.7.7", 120, "pageview", "https://" + SITE + "/", "https://news.ycombinator.com/item?id=1");
        server.awaitLoaded();
    }

    private static void send(String ip, int seconds, String name, String url, String referrer) throws Exception {
        Instant at = BASE.plusSeconds(seconds);
        EventRequest request = new EventRequest(name, URI.create(url), List.of(SITE), referrer, Map.of(), true, false, null, null);
        server.server.ingestion().ingest(request, ip, TestServer.BROWSER_UA, at).appended().durable().join();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The answer's rows as "dimensions=metrics" lines, e.g. "[Chrome]=[3,50,40]". */
    private static List<String> rows(String fields) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        for (JsonNode row : results(fields)) rows.add(row.get("dimensions").toString().replace("\"", "") + "=" + row.get("metrics"));
        return rows;
    }

    private static JsonNode results(String fields) throws Exception {
        String body = "{\"site_id\":\"" + SITE + "\",\"date_range\":[\"" + BASE.minusSeconds(60) + "\",\"" + BASE.plusSeconds(14 * 60)
                + "\"]," + fields + "}";
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/v2/query")).header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body()).get("results");
    }

    @Test
    void aPageFilterIsTheEntryPageForBounceRateOnlyAndVisitsContainingItForTheRest() throws Exception {
        // Visitors A, B and C saw one of the pages; of the visits entering on one (B, C) one bounced;
        // the visits containing one last 60, 60 and 0 seconds (entering on one: 60 and 0).
        assertThat(rows("\"metrics\":[\"visitors\",\"bounce_rate\",\"visit_duration\"],\"dimensions\":[\"visit:browser\"],"
                + "\"filters\":[[\"is\",\"event:page\",[\"/plausible.io\",\"/important-page\"]]]")).containsExactly("[Chrome]=[3,50,40]");
    }

    @Test
    void visitMetricsByPageAndHostAreThoseOfTheEntryPageAndHost() throws Exception {
        // B entered on the app host and stayed 60 seconds, leaving from the site's own host.
        assertThat(rows("\"metrics\":[\"visit_duration\"],\"dimensions\":[\"event:hostname\"],"
                + "\"filters\":[[\"is\",\"event:hostname\",[\"app." + SITE + "\"]]]")).containsExactly("[app." + SITE + "]=[60]");
        assertThat(rows("\"metrics\":[\"visits\"],\"dimensions\":[\"visit:entry_page_hostname\",\"visit:exit_page_hostname\"],"
                + "\"filters\":[[\"is\",\"visit:entry_page_hostname\",[\"app." + SITE + "\"]]]"))
                .containsExactly("[app." + SITE + "," + SITE + "]=[1]");
    }

    @Test
    void visitMetricsByPageAndHostTogether() throws Exception {
        // Grouped by both, a visit counts under its entry page on its entry host: B entered on
        // /important-page at the app host and stayed 60 s; A entered on /ignore and stayed 60 s.
        assertThat(rows("\"metrics\":[\"visits\",\"bounce_rate\",\"visit_duration\"],\"dimensions\":[\"event:page\",\"event:hostname\"],"
                + "\"filters\":[[\"is\",\"event:page\",[\"/important-page\",\"/ignore\"]]],\"order_by\":[[\"event:page\",\"asc\"]]"))
                .containsExactly("[/ignore," + SITE + "]=[1,0,60]", "[/important-page,app." + SITE + "]=[1,0,60]");
    }

    @Test
    void channels() throws Exception {
        assertThat(rows("\"metrics\":[\"visitors\"],\"dimensions\":[\"visit:channel\"],\"order_by\":[[\"visit:channel\",\"asc\"]]"))
                .containsExactly("[Direct]=[3]", "[Email]=[1]", "[Organic Search]=[1]", "[Organic Social]=[1]", "[Paid Search]=[1]");
        assertThat(rows("\"metrics\":[\"visitors\"],\"filters\":[[\"is\",\"visit:channel\",[\"Paid Search\",\"Email\"]]]"))
                .containsExactly("[]=[2]");
    }

    @Test
    void regionNamesFromTheirCodes() throws Exception {
        assertThat(RegionNames.DEBIAN_ISO_CODES).as("Debian's iso-codes (./footfall test installs it)").exists();
        assertThat(rows("\"metrics\":[\"visitors\"],\"dimensions\":[\"visit:region_name\",\"visit:region\"],"
                + "\"filters\":[[\"is_not\",\"visit:region\",[\"\"]]],\"order_by\":[[\"visit:region_name\",\"asc\"]]"))
                .containsExactly("[Berlin,DE-BE]=[1]", "[California,US-CA]=[2]", "[GB-XX,GB-XX]=[1]", "[Île-de-France,FR-IDF]=[1]");
        assertThat(rows("\"metrics\":[\"visitors\"],\"filters\":[[\"is\",\"visit:region_name\",[\"California\"]]]"))
                .containsExactly("[]=[2]");
        assertThat(rows("\"metrics\":[\"pageviews\"],\"dimensions\":[\"visit:city_name\"],"
                + "\"filters\":[[\"contains\",\"visit:region_name\",[\"France\"]]]"))
                .containsExactly("[Paris]=[1]");
    }

    @Test
    void behaviouralFilters() throws Exception {
        // Only D signed up, with one pageview; the six others did not.
        assertThat(rows("\"metrics\":[\"visitors\",\"pageviews\"],\"filters\":[[\"has_done\",[\"is\",\"event:goal\",[\"Signup\"]]]]"))
                .containsExactly("[]=[1,1]");
        assertThat(rows("\"metrics\":[\"visitors\"],\"filters\":[[\"has_not_done\",[\"is\",\"event:goal\",[\"Signup\"]]]]"))
                .containsExactly("[]=[6]");
    }

    @Test
    void theLast24Hours() throws Exception {
        server.event("{\"n\":\"pageview\",\"u\":\"https://" + SITE + "/now\",\"d\":\"" + SITE + "\"}", "9.9.9.9");
        String body = "{\"site_id\":\"" + SITE + "\",\"date_range\":\"24h\",\"metrics\":[\"pageviews\"],\"filters\":[[\"is\",\"event:page\",[\"/now\"]]]}";
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/v2/query")).header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(JSON.readTree(res.body()).at("/results/0/metrics/0").asInt()).isEqualTo(1);
    }
}
