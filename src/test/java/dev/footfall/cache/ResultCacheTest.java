package dev.footfall.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.query.OracleTraffic;
import dev.footfall.site.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Over HTTP on a real server: which answers are cached, when they are dropped, and what explain shows of the plan. */
class ResultCacheTest {
    private static final String DOMAIN = "berlin.cache.test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLOSED = "{\"site_id\": \"" + DOMAIN + "\", \"metrics\": [\"visitors\", \"bounce_rate\"], "
            + "\"date_range\": [\"2026-10-01\", \"2026-11-30\"], \"dimensions\": [\"visit:source\"]}";

    @TempDir
    Path dir;

    @Test
    void answersOverClosedDaysAreCachedUntilTheSiteChanges() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            Site site = addSiteWithTraffic(server);
            ResultCache cache = server.server.resultCache().orElseThrow();

            JsonNode first = query(server, CLOSED);
            assertThat(cache.size(DOMAIN)).isEqualTo(1);
            long hits = cache.hits();
            assertThat(query(server, CLOSED)).isEqualTo(first);
            assertThat(cache.hits()).isEqualTo(hits + 1);

            // A range reaching today keeps the answer of its closed days and reads the open ones
            // alone: asked again, the closed days come from the cache.
            String toToday = CLOSED.replace("2026-11-30", LocalDate.now(site.timezone()).toString());
            JsonNode live = query(server, toToday);
            assertThat(cache.size(DOMAIN)).as("the closed days of the range reaching today").isEqualTo(2);
            hits = cache.hits();
            assertThat(query(server, toToday)).isEqualTo(live);
            assertThat(cache.hits()).isEqualTo(hits + 1);
            // One that cannot be cut (time on page is not a sum over visits) is recomputed whole.
            query(server, toToday.replace("\"bounce_rate\"", "\"time_on_page\"").replace("visit:source", "event:page"));
            assertThat(cache.size(DOMAIN)).isEqualTo(2);

            server.server.rollups().rebuild(site, LocalDate.of(2026, 10, 20), LocalDate.of(2026, 10, 21));
            assertThat(cache.size(DOMAIN)).as("after a rebuild").isZero();
            assertThat(query(server, CLOSED)).as("the same answer from the rebuilt rollups").isEqualTo(first);

            server.server.sites().update(new Site(DOMAIN, ZoneId.of("Asia/Tokyo"), List.of()));
            assertThat(cache.size(DOMAIN)).as("after a timezone change").isZero();
            query(server, CLOSED);
            assertThat(server.admin("DELETE", "/api/v1/sites/" + DOMAIN, null).statusCode()).isEqualTo(200);
            assertThat(cache.size(DOMAIN)).as("after the site was deleted").isZero();
        }
    }

    @Test
    void explainShowsTheTierOfEverySubRange() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            addSiteWithTraffic(server); // traffic from 2026-10-18, so October is a whole month of rollups
            JsonNode explain = query(server, "{\"site_id\": \"" + DOMAIN + "\", \"metrics\": [\"visitors\", \"pageviews\"], "
                    + "\"date_range\": [\"2026-10-20\", \"2026-11-30\"], \"include\": {\"explain\": true}}").get("meta").get("explain");
            assertThat(explain).hasSize(1);
            JsonNode statement = explain.get(0);
            assertThat(statement.get("tier").asText()).isEqualTo("rollup:month+rollup:day");
            assertThat(statement.get("parts").toString()).isEqualTo("[{\"tier\":\"rollup:day\",\"date_range\":[\"2026-10-20T00:00:00+02:00\",\"2026-10-31T23:59:59+01:00\"]},"
                    + "{\"tier\":\"rollup:month\",\"date_range\":[\"2026-11-01T00:00:00+01:00\",\"2026-11-30T23:59:59+01:00\"]}]");
            assertThat(statement.get("sql").asText()).contains("rollup_month", "rollup_day").doesNotContain("FROM events");
            assertThat(statement.get("rows_read").asLong()).isPositive();

            JsonNode filtered = query(server, "{\"site_id\": \"" + DOMAIN + "\", \"metrics\": [\"visitors\"], \"date_range\": [\"2026-10-01\", \"2026-11-30\"], "
                    + "\"filters\": [[\"contains\", \"event:page\", [\"blog\"]]], \"include\": {\"explain\": true}}").get("meta").get("explain").get(0);
            assertThat(filtered.get("tier").asText()).isEqualTo("raw");
            assertThat(filtered.get("parts")).hasSize(3); // cut around Berlin's change to winter time on 2026-10-25
        }
    }

    private static Site addSiteWithTraffic(TestServer server) {
        Site site = new Site(DOMAIN, OracleTraffic.zone("berlin"), List.of());
        server.server.sites().add(site);
        OracleTraffic.send(server.server, DOMAIN, 80, 5);
        server.server.rollups().catchUp();
        return site;
    }

    private static JsonNode query(TestServer server, String body) throws Exception {
        HttpResponse<String> res = server.admin("POST", "/api/v2/query", body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }
}
