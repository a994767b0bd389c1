package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.account.Role;
import dev.footfall.account.User;
import dev.footfall.enrich.EventRequest;
import dev.footfall.retention.RetentionReport;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A domain change through PUT /api/v1/sites/{domain} keeps everything: the Stats API answers the
 * same under the new domain as it did under the old one, over hot rows, rollups and archived
 * months; no table keeps a row under the old domain; keys, members, links, goals and properties
 * follow; and events still sent under the old domain count for the site for Plausible's 72 hours.
 */
class SiteDomainChangeTest {
    private static final String OLD = "old.rename.test";
    private static final String NEW = "new.rename.test";
    /** With raw_retention_days 5, September through November 2026 are old enough to archive. */
    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hot and archived months, rollup-served and raw-only (filtered, exit pages) questions, goals and props. */
    private static final List<String> QUERIES = List.of(
            "{\"metrics\":[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"visit_duration\"],\"date_range\":[\"2026-09-25\",\"2026-12-09\"]}",
            "{\"metrics\":[\"visitors\",\"pageviews\",\"events\"],\"date_range\":[\"2026-09-25\",\"2026-12-09\"],\"dimensions\":[\"time:month\"]}",
            "{\"metrics\":[\"visitors\",\"visits\"],\"date_range\":[\"2026-09-25\",\"2026-12-09\"],\"dimensions\":[\"visit:source\"]}",
            "{\"metrics\":[\"visitors\",\"pageviews\"],\"date_range\":[\"2026-09-25\",\"2026-12-09\"],\"dimensions\":[\"event:page\"],"
                    + "\"filters\":[[\"contains\",\"event:page\",[\"o\"]]]}",
            "{\"metrics\":[\"visits\",\"bounce_rate\"],\"date_range\":[\"2026-10-15\",\"2026-12-09\"],\"dimensions\":[\"visit:exit_page\"]}",
            "{\"metrics\":[\"visitors\",\"events\"],\"date_range\":[\"2026-09-25\",\"2026-12-09\"],\"dimensions\":[\"event:props:plan\"],"
                    + "\"filters\":[[\"is\",\"event:name\",[\"Signup\"]]]}",
            "{\"metrics\":[\"visitors\",\"conversion_rate\"],\"date_range\":[\"2026-09-25\",\"2026-12-09\"],\"dimensions\":[\"event:goal\"]}",
            "{\"metrics\":[\"visitors\",\"pageviews\"],\"date_range\":[\"2026-11-20\",\"2026-12-09\"],\"dimensions\":[\"time:day\"]}");

    @TempDir
    Path dir;

    @Test
    void aDomainChangeKeepsEveryNumberAndEverythingAttached() throws Exception {
        String siteKey = ApiKeys.newSecret();
        try (TestServer server = TestServer.start(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertThat(server.admin("POST", "/api/v1/sites", "{\"domain\":\"" + OLD + "\",\"timezone\":\"Europe/Berlin\"}").statusCode()).isEqualTo(200);
            server.addSite("taken.rename.test");
            server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"" + OLD + "\",\"goal_type\":\"event\",\"event_name\":\"Signup\",\"display_name\":\"Signed up\"}");
            server.admin("PUT", "/api/v1/sites/custom-props", "{\"site_id\":\"" + OLD + "\",\"property\":\"plan\"}");
            String link = JSON.readTree(server.admin("PUT", "/api/v1/sites/shared-links", "{\"site_id\":\"" + OLD + "\",\"name\":\"Public\"}").body())
                    .get("url").asText();
            server.server.storage().addApiKey(ApiKeys.hash(siteKey), new ApiKey(ApiKeys.prefix(siteKey), "stats", Optional.of(OLD)));
            User member = server.server.accounts().register("member@rename.test", "a long enough password").orElseThrow();
            server.server.accounts().grant(member.id(), OLD, Role.VIEWER);
            server.admin("PUT", "/api/v1/sites/guests", "{\"site_id\":\"" + OLD + "\",\"email\":\"invited@rename.test\",\"role\":\"editor\"}");

            sendTraffic(server);
            server.server.rollups().catchUp();
            assertThat(server.admin("PUT", "/api/v1/sites/" + OLD, "{\"raw_retention_days\":5}").statusCode()).isEqualTo(200);
            RetentionReport.SiteReport archived = server.server.retention().run().sites().stream()
                    .filter(s -> s.domain().equals(OLD)).findFirst().orElseThrow();
            assertThat(archived.failure()).isEmpty();
            assertThat(archived.archived()).isNotEmpty();
            long events = server.server.storage().countEvents(OLD);
            Map<String, String> before = answers(server, OLD);

            // Refused changes name the field and change nothing.
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/v1/sites/" + OLD)).header("Authorization", "Bearer " + siteKey)
                    .method("PUT", HttpRequest.BodyPublishers.ofString("{\"domain\":\"" + NEW + "\"}"))).statusCode()).isEqualTo(403);
            HttpResponse<String> badDomain = server.admin("PUT", "/api/v1/sites/" + OLD, "{\"domain\":\"https://x.test/\"}");
            assertThat(badDomain.statusCode()).isEqualTo(400);
            assertThat(badDomain.body()).contains("\"domain\"");
            HttpResponse<String> taken = server.admin("PUT", "/api/v1/sites/" + OLD, "{\"domain\":\"taken.rename.test\"}");
            assertThat(taken.statusCode()).isEqualTo(400);
            assertThat(taken.body()).contains("domain").contains("already exists");
            HttpResponse<String> badWithGood = server.admin("PUT", "/api/v1/sites/" + OLD, "{\"domain\":\"" + NEW + "\",\"timezone\":\"Mars/Olympus\"}");
            assertThat(badWithGood.statusCode()).isEqualTo(400);
            assertThat(server.server.sites().find(OLD)).isPresent();
            assertThat(server.server.sites().find(NEW)).isEmpty();

            HttpResponse<String> changed = server.admin("PUT", "/api/v1/sites/" + OLD, "{\"domain\":\"" + NEW + "\"}");
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(JSON.readTree(changed.body()).get("domain").asText()).isEqualTo(NEW);
            assertThat(JSON.readTree(changed.body()).get("raw_retention_days").asInt()).isEqualTo(5);

            // Every number is the same, whichever tier answers it.
            assertThat(answers(server, NEW)).isEqualTo(before);
            assertThat(server.server.storage().countEvents(NEW)).isEqualTo(events);
            server.server.rollups().catchUp();
            assertThat(answers(server, NEW)).as("after the rollups are brought up to date").isEqualTo(before);
            assertThat(server.admin("POST", "/api/v2/query", query(OLD, QUERIES.getFirst())).statusCode()).isEqualTo(404);

            // No table keeps a row under the old name (whatever tables exist, by their site columns).
            for (Map<String, Object> column : StoredRows.query(server.server.storage(),
                    "SELECT table_name, column_name FROM information_schema.columns WHERE column_name IN ('site', 'site_domain', 'domain')")) {
                String sql = "SELECT count(*) FROM " + column.get("table_name") + " WHERE " + column.get("column_name") + " = '" + OLD + "'";
                assertThat(StoredRows.count(server.server.storage(), sql)).as(sql).isZero();
            }
            Path archive = dir.resolve("archive");
            assertThat(archive.resolve(OLD)).doesNotExist();
            try (var files = Files.list(archive.resolve(NEW))) {
                assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count()).isEqualTo(2L * archived.archived().size());
            }
            assertThat(StoredRows.count(server.server.storage(), "SELECT count(*) FROM read_parquet('" + archive.resolve(NEW) + "/*.parquet', union_by_name = true)"
                    + " WHERE site <> '" + NEW + "'")).isZero();

            // What was attached to the site is attached to it under its new name.
            HttpResponse<String> withKey = server.send(HttpRequest.newBuilder(server.uri("/api/v1/sites/" + NEW)).header("Authorization", "Bearer " + siteKey).GET());
            assertThat(withKey.statusCode()).as("the site's stats key").isEqualTo(200);
            assertThat(JSON.readTree(withKey.body()).get("custom_properties").toString()).isEqualTo("[\"plan\"]");
            assertThat(server.server.storage().goals(NEW)).extracting(g -> g.displayName()).containsExactly("Signed up");
            assertThat(server.server.storage().accounts().members(NEW)).extracting(m -> m.email()).containsExactly("member@rename.test");
            assertThat(server.admin("GET", "/api/v1/sites/guests?site_id=" + NEW, null).body()).contains("invited@rename.test");
            HttpResponse<String> shared = server.send(HttpRequest.newBuilder(server.uri("/api/ui/share/" + link.substring(link.lastIndexOf('/') + 1))).GET());
            assertThat(shared.statusCode()).isEqualTo(200);
            assertThat(shared.body()).contains(NEW);

            // Snippets not yet updated keep counting, for the new domain.
            HttpResponse<String> late = server.event("{\"n\":\"pageview\",\"u\":\"https://" + OLD + "/late\",\"d\":\"" + OLD + "\"}", "192.0.2.77");
            assertThat(late.statusCode()).isEqualTo(202);
            assertThat(late.headers().firstValue("X-Footfall-Dropped")).isEmpty();
            server.event("{\"n\":\"pageview\",\"u\":\"https://" + NEW + "/new\",\"d\":\"" + NEW + "\"}", "192.0.2.78");
            assertThat(server.server.storage().countEvents(NEW)).isEqualTo(events + 2);
            assertThat(server.server.storage().countEvents(OLD)).isZero();

            // Meanwhile nobody else may take the old domain (its snippets still send there)...
            HttpResponse<String> takeOver = server.admin("POST", "/api/v1/sites", "{\"domain\":\"" + OLD + "\"}");
            assertThat(takeOver.statusCode()).isEqualTo(400);
            assertThat(takeOver.body()).contains("domain").contains("72 hours");
            HttpResponse<String> renameOnto = server.admin("PUT", "/api/v1/sites/taken.rename.test", "{\"domain\":\"" + OLD + "\"}");
            assertThat(renameOnto.statusCode()).isEqualTo(400);
            assertThat(renameOnto.body()).contains("72 hours");
            assertThat(server.server.sites().find("taken.rename.test")).isPresent();
        }

        // The old name is remembered across a restart...
        try (TestServer server = TestServer.start(dir, Clock.fixed(NOW.plus(Duration.ofHours(71)), ZoneOffset.UTC))) {
            server.event("{\"n\":\"pageview\",\"u\":\"https://" + OLD + "/restart\",\"d\":\"" + OLD + "\"}", "192.0.2.79");
            assertThat(StoredRows.count(server.server.storage(), "SELECT count(*) FROM events WHERE site = '" + NEW + "' AND pathname = '/restart'")).isEqualTo(1);
        }
        // ...until Plausible's 72 hours are over.
        try (TestServer server = TestServer.start(dir, Clock.fixed(NOW.plus(Duration.ofHours(73)), ZoneOffset.UTC))) {
            HttpResponse<String> expired = server.event("{\"n\":\"pageview\",\"u\":\"https://" + OLD + "/\",\"d\":\"" + OLD + "\"}", "192.0.2.80");
            assertThat(expired.headers().firstValue("X-Footfall-Dropped")).hasValue("unknown_site");
            // A new site may take the old name; its events are its own.
            server.addSite(OLD);
            server.event("{\"n\":\"pageview\",\"u\":\"https://" + OLD + "/\",\"d\":\"" + OLD + "\"}", "192.0.2.81");
            assertThat(server.server.storage().countEvents(OLD)).isEqualTo(1);
        }
    }

    private static String query(String domain, String query) {
        return "{\"site_id\":\"" + domain + "\"," + query.substring(1);
    }

    private static Map<String, String> answers(TestServer server, String domain) throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String q : QUERIES) {
            HttpResponse<String> res = server.admin("POST", "/api/v2/query", query(domain, q));
            assertThat(res.statusCode()).as(q + ": " + res.body()).isEqualTo(200);
            JsonNode results = JSON.readTree(res.body()).get("results");
            assertThat(results).as(q).isNotEmpty();
            answers.put(q, results.toString());
        }
        return answers;
    }

    /** Two visits a day from November to December 2026 (November is archived), some with a Signup, through the real ingest pipeline. */
    private static void sendTraffic(TestServer server) throws Exception {
        var ingestion = server.server.ingestion();
        List<String> pages = List.of("/", "/docs", "/docs/api", "/blog", "/pricing", "/about");
        List<String> referrers = List.of("", "https://www.google.com/", "https://news.ycombinator.com/");
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        int n = 0;
        for (LocalDate day = LocalDate.of(2026, 11, 1); !day.isAfter(LocalDate.of(2026, 12, 9)); day = day.plusDays(1)) {
            for (int v = 0; v < 2; v++, n++) {
                String ip = "198.51." + (n / 250 % 250) + "." + (1 + n % 250);
                Instant at = day.atTime(9 + v * 5, n % 60).toInstant(ZoneOffset.UTC);
                for (int p = 0; p < 1 + n % 3; p++) {
                    EventRequest pageview = new EventRequest("pageview", URI.create("https://" + OLD + pages.get((n + p * 3) % pages.size())),
                            List.of(OLD), p == 0 ? referrers.get(n % referrers.size()) : "", Map.of(), true, false, null, null);
                    pending.add(ingestion.ingest(pageview, ip, TestServer.BROWSER_UA, at.plusSeconds(60L * p)).appended().durable());
                }
                if (n % 4 == 0) {
                    EventRequest signup = new EventRequest("Signup", URI.create("https://" + OLD + "/pricing"), List.of(OLD), "",
                            Map.of("plan", n % 8 == 0 ? "pro" : "free"), true, false, null, null);
                    pending.add(ingestion.ingest(signup, ip, TestServer.BROWSER_UA, at.plusSeconds(200)).appended().durable());
                }
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        assertThat(server.server.awaitLoaded(Duration.ofMinutes(1))).isTrue();
    }
}
