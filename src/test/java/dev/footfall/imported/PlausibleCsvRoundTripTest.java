package dev.footfall.imported;

import dev.footfall.cli.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.enrich.EventRequest;
import dev.footfall.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Footfall → {@code export --format plausible-csv} → {@code import --format plausible-csv} into
 * another data directory: with {@code include.imports}, the second answers the dashboard's
 * questions (totals, days, pages, sources, countries, devices, browsers, operating systems) with
 * the first one's numbers.
 */
class PlausibleCsvRoundTripTest {
    private static final String SITE = "roundtrip.test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/17.2 Mobile/15E148 Safari/604.1";
    private static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
    /** Countries come from the test GeoIP database when the checkout has it (as StatsOraclePropertyTest finds it). */
    private static final Optional<Path> GEOIP = Optional.ofNullable(System.getenv("FOOTFALL_TEST_GEOIP")).map(Path::of)
            .or(() -> Optional.of(Path.of(".cache/geoip/geo-whois-asn-country.mmdb"))).filter(Files::exists);

    @TempDir
    Path dir;

    private record Visit(String ip, String ua, String referrer, String at, List<String> pages) {}

    /** Two days of visits from different places, devices and sources, with a custom event. */
    private static final List<Visit> TRAFFIC = List.of(
            new Visit("8.8.8.8", TestServer.BROWSER_UA, "https://www.google.com/", "2024-03-10T10:00:00Z", List.of("/", "/pricing", "Signup@/pricing")),
            new Visit("1.1.1.1", IPHONE, "https://news.ycombinator.com/item?id=1", "2024-03-10T11:00:00Z", List.of("/blog/post")),
            new Visit("81.2.69.142", FIREFOX, "", "2024-03-10T12:00:00Z", List.of("/", "/about")),
            new Visit("8.8.8.8", TestServer.BROWSER_UA, "", "2024-03-11T09:00:00Z", List.of("/")),
            new Visit("9.9.9.9", FIREFOX, "", "2024-03-11T15:00:00Z", List.of("/pricing?utm_source=newsletter&utm_medium=email", "/")),
            new Visit("1.1.1.1", IPHONE, "https://duckduckgo.com/", "2024-03-11T16:00:00Z", List.of("/blog/post", "/blog/other", "/")));

    private void fill(TestServer server) throws Exception {
        for (Visit v : TRAFFIC) {
            Instant at = Instant.parse(v.at());
            for (String page : v.pages()) {
                String name = page.contains("@") ? page.substring(0, page.indexOf('@')) : "pageview";
                String path = page.contains("@") ? page.substring(page.indexOf('@') + 1) : page;
                String json = "{\"n\":\"" + name + "\",\"u\":\"https://" + SITE + path + "\",\"d\":\"" + SITE + "\""
                        + (v.referrer().isEmpty() ? "" : ",\"r\":\"" + v.referrer() + "\"") + "}";
                server.server.ingestion().ingest(EventRequest.parse(json.getBytes(StandardCharsets.UTF_8)), v.ip(), v.ua(), at)
                        .appended().durable().get();
                at = at.plusSeconds(75);
            }
        }
        server.awaitLoaded();
    }

    private static final String TOTALS = "[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"visit_duration\",\"views_per_visit\"]";

    /** The dashboard's questions: name → (metrics, dimensions and any further members of the query). */
    private static Map<String, String[]> questions() {
        Map<String, String[]> q = new LinkedHashMap<>();
        q.put("totals", new String[]{TOTALS, "[]"});
        q.put("days", new String[]{"[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\"]", "[\"time:day\"]"});
        q.put("months", new String[]{"[\"visitors\",\"pageviews\"]", "[\"time:month\"]"});
        q.put("pages", new String[]{"[\"visitors\",\"visits\",\"pageviews\"]", "[\"event:page\"]"});
        q.put("entry pages", new String[]{"[\"visitors\",\"visits\",\"bounce_rate\",\"visit_duration\"]", "[\"visit:entry_page\"]"});
        q.put("exit pages", new String[]{"[\"visitors\",\"visits\"]", "[\"visit:exit_page\"]"});
        q.put("sources", new String[]{"[\"visitors\",\"visits\",\"bounce_rate\",\"visit_duration\"]", "[\"visit:source\"]"});
        q.put("utm sources", new String[]{"[\"visitors\"]", "[\"visit:utm_source\"]"});
        q.put("countries", new String[]{"[\"visitors\",\"visits\"]", "[\"visit:country\"]"});
        q.put("devices", new String[]{"[\"visitors\",\"visits\",\"bounce_rate\"]", "[\"visit:device\"]"});
        q.put("browsers", new String[]{"[\"visitors\",\"visits\"]", "[\"visit:browser\"]"});
        q.put("browser versions", new String[]{"[\"visitors\"]", "[\"visit:browser\",\"visit:browser_version\"]"});
        q.put("operating systems", new String[]{"[\"visitors\",\"visits\"]", "[\"visit:os\"]"});
        // Plausible's imported custom events hold no pageviews, so its event:name breakdowns of imports are of custom events.
        q.put("custom events", new String[]{"[\"visitors\",\"events\"]", "[\"event:name\"],\"filters\":[[\"is_not\",\"event:name\",[\"pageview\"]]]"});
        return q;
    }

    private static Map<String, JsonNode> answers(TestServer server, boolean imports) throws Exception {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> q : questions().entrySet()) {
            String body = "{\"site_id\":\"" + SITE + "\",\"metrics\":" + q.getValue()[0] + ",\"date_range\":[\"2024-03-01\",\"2024-03-31\"],"
                    + "\"dimensions\":" + q.getValue()[1] + (imports ? ",\"include\":{\"imports\":true}" : "") + "}";
            HttpResponse<String> res = server.admin("POST", "/api/v2/query", body);
            assertThat(res.statusCode()).as(q.getKey() + ": " + res.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(res.body());
            if (imports) assertThat(answer.get("meta").get("imports_included").asBoolean()).as(q.getKey() + ": " + res.body()).isTrue();
            answers.put(q.getKey(), answer.get("results"));
        }
        return answers;
    }

    @Test
    void footfallToZipToAnotherFootfallGivesTheSameNumbers() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        Map<String, JsonNode> original;
        try (TestServer server = TestServer.start(first, ServerConfig.DEFAULT_QUEUE_CAPACITY, GEOIP)) {
            server.addSite(SITE);
            fill(server);
            original = answers(server, false);
        }
        assertThat(original.get("totals").get(0).get("metrics").get(0).asLong()).isEqualTo(6);
        assertThat(original.get("sources").size()).isGreaterThanOrEqualTo(3);
        assertThat(original.get("browsers").size()).isGreaterThanOrEqualTo(3);
        GEOIP.ifPresent(g -> assertThat(original.get("countries").size()).isGreaterThanOrEqualTo(3));

        Path zip = dir.resolve("roundtrip.zip");
        CliRun export = CliRun.of("export", "--data", first.toString(), "--site", SITE,
                "--format", "plausible-csv", "--from", "2024-03-01", "--to", "2024-03-31", "--out", zip.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.stream().map(e -> e.getName()).toList()).hasSize(10)
                    .contains("imported_visitors_20240301_20240331.csv", "imported_operating_systems_20240301_20240331.csv");
            String header = new String(z.getInputStream(z.getEntry("imported_sources_20240301_20240331.csv")).readAllBytes(),
                    StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
            assertThat(header).isEqualTo("date,source,referrer,utm_source,utm_medium,utm_campaign,utm_content,utm_term,pageviews,"
                    + "visitors,visits,visit_duration,bounces");
        }

        assertThat(CliRun.of("sites", "add", "--data", second.toString(), SITE).exit()).isZero();
        CliRun imported = CliRun.of("import", "--data", second.toString(), "--site", SITE,
                "--format", "plausible-csv", zip.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        try (TestServer server = TestServer.start(second)) {
            assertThat(server.server.storage().countEvents(SITE)).isZero();
            Map<String, JsonNode> again = answers(server, true);
            for (String question : questions().keySet()) {
                if (question.equals("countries") && GEOIP.isEmpty()) {
                    // Without a GeoIP database every visit's country is unknown, and Plausible's export leaves those out.
                    assertThat(original.get(question).get(0).get("dimensions").get(0).asText()).isEmpty();
                    assertThat(again.get(question)).isEmpty();
                    continue;
                }
                assertThat(again.get(question)).as(question).isEqualTo(original.get(question));
            }
        }
    }
}
