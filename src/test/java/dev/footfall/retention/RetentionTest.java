package dev.footfall.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.Storage;
import dev.footfall.TestServer;
import dev.footfall.enrich.EventRequest;
import dev.footfall.query.OracleTraffic;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention tiers on a real server and data directory, over HTTP: raw months move to Parquet and
 * every answer stays exactly what it was; total retention deletes what is older; runs repeat as no-ops.
 */
class RetentionTest {
    private static final String DOMAIN = "archive.retention.test";
    /** The server's clock: with raw_retention_days 5, September through November 2026 are old enough to archive. */
    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
    private static final String SITE_ROWS = " WHERE site = '" + DOMAIN + "'";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Queries over archived and hot months; the filtered and exit-page ones only raw rows can answer. */
    private static final List<String> QUERIES = List.of(
            query("[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"visit_duration\"]", "[\"2026-09-25\",\"2026-12-09\"]", "[]",
                    "[[\"contains\",\"event:page\",[\"docs\"]]]"),
            query("[\"visitors\",\"pageviews\"]", "[\"2026-09-25\",\"2026-12-09\"]", "[\"event:page\"]", "[[\"contains\",\"event:page\",[\"o\"]]]"),
            query("[\"visitors\",\"visits\"]", "[\"2026-09-25\",\"2026-12-09\"]", "[\"visit:source\"]", "[[\"contains\",\"event:page\",[\"blog\"]]]"),
            query("[\"pageviews\"]", "[\"2026-11-01\",\"2026-11-30\"]", "[\"visit:device\"]", "[[\"contains\",\"event:page\",[\"docs\"]]]"),
            query("[\"visits\",\"bounce_rate\"]", "[\"2026-10-15\",\"2026-12-09\"]", "[\"visit:exit_page\"]", "[]"),
            query("[\"visitors\",\"events\"]", "[\"2026-09-25\",\"2026-12-09\"]", "[\"event:props:plan\"]", "[[\"is\",\"event:name\",[\"Signup\"]]]"),
            query("[\"visitors\",\"pageviews\",\"events\"]", "[\"2026-09-25\",\"2026-12-09\"]", "[\"time:month\"]", "[]"),
            query("[\"visitors\",\"pageviews\"]", "[\"2026-10-11\",\"2026-12-09\"]", "[\"time:day\"]", "[[\"contains\",\"event:page\",[\"a\"]]]"),
            query("[\"visitors\",\"visits\",\"pageviews\"]", "[\"2026-10-11\",\"2026-12-09\"]", "[\"visit:source\"]", "[]"));

    @TempDir
    Path dir;

    @Test
    void archivedMonthsAnswerExactlyAsWhenHotAndTotalRetentionDeletesWhatIsOlder() throws Exception {
        try (TestServer server = TestServer.start(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            Storage storage = server.server.storage();
            assertThat(server.admin("POST", "/api/v1/sites", "{\"domain\":\"" + DOMAIN + "\",\"timezone\":\"Europe/Berlin\"}").statusCode()).isEqualTo(200);
            sendTraffic(server);
            server.server.rollups().catchUp();
            long events = storage.countEvents(DOMAIN);
            Map<String, String> hot = answers(server);

            // Raw retention: the months that ended 5 days before NOW move to Parquet.
            HttpResponse<String> put = server.admin("PUT", "/api/v1/sites/" + DOMAIN, "{\"raw_retention_days\":5}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(put.body()).contains("\"raw_retention_days\":5", "\"retention_days\":null");
            assertThat(server.admin("GET", "/api/v1/sites/" + DOMAIN, null).body()).contains("\"raw_retention_days\":5");

            RetentionReport report = server.server.retention().run();
            RetentionReport.SiteReport site = report.sites().getFirst();
            assertThat(site.failure()).isEmpty();
            assertThat(site.archived()).extracting(m -> m.month().toString()).containsExactly("2026-09", "2026-10", "2026-11");
            assertThat(site.waiting()).isEmpty();
            Path archive = dir.resolve("archive").resolve(DOMAIN);
            long archivedEvents = 0;
            for (var month : site.archived()) {
                Path file = archive.resolve(month.month() + ".parquet");
                Path sessions = archive.resolve(month.month() + ".sessions.parquet");
                assertThat(file).isRegularFile();
                assertThat(sessions).isRegularFile();
                assertThat(StoredRows.count(storage, "SELECT count(*) FROM read_parquet('" + file + "')")).isEqualTo(month.events()).isPositive();
                assertThat(StoredRows.count(storage, "SELECT count(*) FROM read_parquet('" + sessions + "')")).isEqualTo(month.sessionRows()).isPositive();
                archivedEvents += month.events();
            }
            try (var listing = Files.list(archive)) {
                assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            }
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM events" + SITE_ROWS + " AND ts < TIMESTAMP '2026-12-01'")).isZero();
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM sessions" + SITE_ROWS + " AND started < TIMESTAMP '2026-12-01'")).isZero();
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM events" + SITE_ROWS)).isEqualTo(events - archivedEvents).isPositive();
            assertThat(storage.countEvents(DOMAIN)).isEqualTo(events);
            assertThat(storage.stats().firstEvent(DOMAIN)).hasValueSatisfying(t -> assertThat(t).isBefore(Instant.parse("2026-09-26T00:00:00Z")));

            // Cached answers would hide a wrong read: drop them, then ask again.
            server.server.resultCache().ifPresent(c -> c.invalidate(DOMAIN));
            assertThat(answers(server)).isEqualTo(hot);
            String explained = server.admin("POST", "/api/v2/query", QUERIES.get(2).replace("}", ",\"include\":{\"explain\":true}}")).body();
            assertThat(explained).contains("read_parquet").contains("2026-09.parquet").contains("2026-11.sessions.parquet");

            // A rebuild of an archived month's rollups reads its files and builds the same rows.
            List<Map<String, Object>> rollups = StoredRows.query(storage, "SELECT * FROM rollup_day" + SITE_ROWS + " ORDER BY ALL");
            server.server.rollups().rebuild(server.server.sites().find(DOMAIN).orElseThrow(), LocalDate.of(2026, 10, 28), LocalDate.of(2026, 11, 3));
            assertThat(StoredRows.query(storage, "SELECT * FROM rollup_day" + SITE_ROWS + " ORDER BY ALL")).isEqualTo(rollups);

            // Running again changes nothing: no month moves twice, no file is rewritten.
            Map<Path, Object> files = modified(archive);
            RetentionReport again = server.server.retention().run();
            assertThat(again.rowsMoved()).isZero();
            assertThat(again.rowsDeleted()).isZero();
            assertThat(modified(archive)).isEqualTo(files);
            assertThat(storage.countEvents(DOMAIN)).isEqualTo(events);

            // Total retention: 60 days before 2026-12-10 is 2026-10-11, whose Berlin midnight is 2026-10-10T22:00Z.
            Instant cutoff = Instant.parse("2026-10-10T22:00:00Z");
            long kept = StoredRows.count(storage, "SELECT count(*) FROM (SELECT ts FROM events" + SITE_ROWS
                    + " UNION ALL SELECT ts FROM read_parquet('" + archive + "/*[0-9].parquet')) WHERE ts >= TIMESTAMP '2026-10-10 22:00:00'");
            assertThat(kept).isLessThan(events);
            assertThat(server.admin("PUT", "/api/v1/sites/" + DOMAIN, "{\"retention_days\":60}").statusCode()).isEqualTo(200);
            RetentionReport total = server.server.retention().run();
            RetentionReport.SiteReport deleted = total.sites().getFirst();
            assertThat(deleted.failure()).isEmpty();
            assertThat(deleted.deleted().events()).isEqualTo(events - kept);
            assertThat(deleted.deleted().archivedMonths()).isEqualTo(1);
            assertThat(storage.countEvents(DOMAIN)).isEqualTo(kept);
            assertThat(archive.resolve("2026-09.parquet")).doesNotExist();
            assertThat(archive.resolve("2026-09.sessions.parquet")).doesNotExist();
            assertThat(StoredRows.query(storage, "SELECT min(ts) AS first FROM read_parquet('" + archive.resolve("2026-10.parquet") + "')")
                    .getFirst().get("first").toString()).isGreaterThanOrEqualTo("2026-10-10T22:00");
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM rollup_day" + SITE_ROWS + " AND bucket < TIMESTAMP '2026-10-11'")).isZero();
            assertThat(storage.stats().firstEvent(DOMAIN)).hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(cutoff));
            server.server.rollups().catchUp();
            Map<String, String> after = answers(server);
            // Answers over the days kept are unchanged; over the days deleted, empty.
            for (int i = QUERIES.size() - 2; i < QUERIES.size(); i++) assertThat(after.get(QUERIES.get(i))).isEqualTo(hot.get(QUERIES.get(i)));
            assertThat(answer(server, query("[\"visitors\",\"pageviews\"]", "[\"2026-09-25\",\"2026-10-10\"]", "[]", "[]")))
                    .isEqualTo("[{\"dimensions\":[],\"metrics\":[0,0]}]");

            Map<Path, Object> trimmed = modified(archive);
            RetentionReport noop = server.server.retention().run();
            assertThat(noop.rowsDeleted()).isZero();
            assertThat(noop.rowsMoved()).isZero();
            assertThat(modified(archive)).isEqualTo(trimmed);
            assertThat(answers(server)).isEqualTo(after);
        }
    }

    @Test
    void badRetentionIsRefusedWithAReasonAndChangesNothing() {
        try (TestServer server = TestServer.start(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            server.addSite("kept.retention.test");
            String path = "/api/v1/sites/kept.retention.test";
            assertThat(server.admin("PUT", path, "{\"raw_retention_days\":30,\"retention_days\":365}").statusCode()).isEqualTo(200);
            String before = server.admin("GET", path, null).body();
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("{\"raw_retention_days\":0}", "raw_retention_days");
            refused.put("{\"raw_retention_days\":-5}", "raw_retention_days");
            refused.put("{\"raw_retention_days\":\"ten\"}", "raw_retention_days");
            refused.put("{\"raw_retention_days\":1.5}", "raw_retention_days");
            refused.put("{\"retention_days\":10}", "raw_retention_days"); // raw (30) would outlive everything (10)
            refused.put("{\"retention_days\":99999999}", "retention_days");
            refused.put("{\"timezone\":\"Mars/Olympus\",\"raw_retention_days\":null}", "timezone");
            refused.put("{\"domain\":\"https://other.test/\"}", "domain"); // a domain change takes a domain, not a URL
            refused.put("[1]", "body");
            for (var bad : refused.entrySet()) {
                HttpResponse<String> res = server.admin("PUT", path, bad.getKey());
                assertThat(res.statusCode()).as(bad.getKey()).isEqualTo(400);
                assertThat(res.body()).as(bad.getKey()).contains("\"" + bad.getValue() + "\"");
                assertThat(server.admin("GET", path, null).body()).as("after " + bad.getKey()).isEqualTo(before);
            }
            assertThat(server.admin("PUT", "/api/v1/sites/nowhere.test", "{\"raw_retention_days\":30}").statusCode()).isEqualTo(404);

            HttpResponse<String> cleared = server.admin("PUT", path, "{\"raw_retention_days\":null,\"timezone\":\"Asia/Tokyo\"}");
            assertThat(cleared.statusCode()).isEqualTo(200);
            assertThat(cleared.body()).contains("\"raw_retention_days\":null", "\"retention_days\":365", "Asia/Tokyo");
            assertThat(server.server.storage().site("kept.retention.test").orElseThrow().retention().rawRetentionDays()).isEmpty();
        }
        // Settings outlive a restart.
        try (TestServer server = TestServer.start(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertThat(server.admin("GET", "/api/v1/sites/kept.retention.test", null).body()).contains("\"retention_days\":365", "Asia/Tokyo");
        }
    }

    private static String query(String metrics, String range, String dimensions, String filters) {
        return "{\"site_id\":\"" + DOMAIN + "\",\"metrics\":" + metrics + ",\"date_range\":" + range + ",\"dimensions\":" + dimensions
                + ",\"filters\":" + filters + "}";
    }

    private static Map<String, String> answers(TestServer server) throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String q : QUERIES) answers.put(q, answer(server, q));
        return answers;
    }

    private static String answer(TestServer server, String query) throws Exception {
        HttpResponse<String> res = server.admin("POST", "/api/v2/query", query);
        assertThat(res.statusCode()).as(query + ": " + res.body()).isEqualTo(200);
        JsonNode results = JSON.readTree(res.body()).get("results");
        assertThat(results).as(query).isNotNull();
        return results.toString();
    }

    private static Map<Path, Object> modified(Path dir) throws Exception {
        Map<Path, Object> files = new LinkedHashMap<>();
        try (var listing = Files.list(dir)) {
            for (Path p : listing.sorted().toList()) files.put(p, List.of(Files.getLastModifiedTime(p), Files.size(p)));
        }
        return files;
    }

    /**
     * A few visits a day from late September to December 2026 around the oracle's richer traffic
     * (October 18 to November 8: visits across midnight and the DST change, engagement, props),
     * sent in time order through the real ingest pipeline.
     */
    private static void sendTraffic(TestServer server) throws Exception {
        var ingestion = server.server.ingestion();
        List<String> pages = List.of("/", "/docs", "/docs/api", "/blog", "/blog/archive", "/pricing", "/about");
        List<String> referrers = List.of("", "https://www.google.com/", "https://news.ycombinator.com/");
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        LocalDate first = LocalDate.of(2026, 9, 25);
        LocalDate last = LocalDate.of(2026, 12, 9);
        boolean oracleSent = false;
        int n = 0;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (!oracleSent && !day.isBefore(LocalDate.of(2026, 10, 18))) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                OracleTraffic.send(ingestion, DOMAIN, 60, 11);
                oracleSent = true;
            }
            if (!day.isBefore(LocalDate.of(2026, 10, 18)) && day.isBefore(LocalDate.of(2026, 11, 8))) continue;
            for (int v = 0; v < 2; v++, n++) {
                String ip = "198.51." + (n / 250 % 250) + "." + (1 + n % 250);
                Instant at = day.atTime(9 + v * 5, n % 60).toInstant(ZoneOffset.UTC);
                for (int p = 0; p < 1 + n % 3; p++) {
                    String url = "https://" + DOMAIN + pages.get((n + p * 3) % pages.size());
                    EventRequest pageview = new EventRequest("pageview", URI.create(url), List.of(DOMAIN),
                            p == 0 ? referrers.get(n % referrers.size()) : "", Map.of(), true, false, null, null);
                    pending.add(ingestion.ingest(pageview, ip, TestServer.BROWSER_UA, at.plusSeconds(60L * p)).appended().durable());
                }
                if (n % 4 == 0) {
                    EventRequest signup = new EventRequest("Signup", URI.create("https://" + DOMAIN + "/pricing"), List.of(DOMAIN), "",
                            Map.of("plan", n % 8 == 0 ? "pro" : "free"), true, false, null, null);
                    pending.add(ingestion.ingest(signup, ip, TestServer.BROWSER_UA, at.plusSeconds(200)).appended().durable());
                }
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        assertThat(server.server.awaitLoaded(java.time.Duration.ofMinutes(1))).isTrue();
    }
}
