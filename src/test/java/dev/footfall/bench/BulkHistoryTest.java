package dev.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.TestServer;
import dev.footfall.rollup.RollupBuilder;
import dev.footfall.server.ServerConfig;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bulk history at a tiny scale: its rows have the layout the stats queries and the rollup
 * builder expect, so the planner (rollups plus raw edges) answers every dashboard query exactly
 * as the raw tier does, over HTTP against real servers.
 */
class BulkHistoryTest {
    @TempDir
    static Path dir;
    static BulkHistory.Spec spec;

    @BeforeAll
    static void generate() throws Exception {
        spec = new BulkHistory.Spec(2, 60_000, 1, LocalDate.now(ZoneOffset.UTC).minusDays(2), 7);
        new BulkHistory(spec).writeTo(dir, "256MB", line -> {});
        try (DuckDbStorage storage = DuckDbStorage.open(dir, "256MB", 1)) {
            RollupBuilder builder = new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, Clock.systemUTC(), d -> {});
            for (Site site : spec.sites()) builder.rebuild(site, spec.firstDay(), spec.lastDay());
        }
    }

    @Test
    void rowsFollowTheWritersLayout() throws Exception {
        assertEquals(Optional.of(spec), BulkHistory.find(dir));
        long events = BulkHistory.count(dir, "SELECT count(*) FROM events");
        assertTrue(events > 100_000, "events: " + events);
        assertEquals(events, BulkHistory.count(dir, "SELECT count(DISTINCT id) FROM events"), "ids are unique");
        assertEquals(0, BulkHistory.count(dir, "SELECT count(*) FROM events e ANTI JOIN sessions s USING (site, session_id)"),
                "every event has its visit");
        assertEquals(0, BulkHistory.count(dir, "SELECT count(*) FROM sessions s ANTI JOIN events e USING (site, session_id)"),
                "every visit has events");
        // A visit's session row agrees with its events, as the tracker's final state would.
        assertEquals(0, BulkHistory.count(dir, "SELECT count(*) FROM sessions s JOIN (SELECT site, session_id, min(ts) AS started, "
                + "max(ts) AS last_seen, count(*) FILTER (WHERE name = 'pageview') AS pageviews, count(*) FILTER (WHERE name <> 'engagement') AS n, "
                + "count(*) AS version, arg_max(pathname, ts) FILTER (WHERE name = 'pageview') AS exit_page FROM events GROUP BY ALL) e "
                + "USING (site, session_id) WHERE s.started <> e.started OR s.last_seen <> e.last_seen OR s.pageviews <> e.pageviews "
                + "OR s.events <> e.n OR s.version <> e.version OR s.exit_page <> e.exit_page OR s.sign <> 1"));
        assertEquals(spec.sites().size(), BulkHistory.count(dir, "SELECT count(DISTINCT site) FROM events"));
        assertTrue(BulkHistory.count(dir, "SELECT count(*) FROM events WHERE name = 'engagement' AND engagement_ms IS NOT NULL "
                + "AND scroll_depth BETWEEN 0 AND 100") > 0);
        assertTrue(BulkHistory.count(dir, "SELECT count(*) FROM events WHERE cardinality(props) > 0 AND name NOT IN ('pageview', 'engagement')") > 0);
        // The shape of the traffic: about half the visits bounce, a few have a custom event (draws must not correlate).
        long visits = BulkHistory.count(dir, "SELECT count(*) FROM sessions");
        long bounces = BulkHistory.count(dir, "SELECT count(*) FROM sessions WHERE is_bounce");
        long customs = BulkHistory.count(dir, "SELECT count(*) FROM events WHERE name NOT IN ('pageview', 'engagement')");
        assertTrue(bounces > visits * 0.4 && bounces < visits * 0.6, bounces + " bounces in " + visits + " visits");
        assertTrue(customs > visits * 0.04 && customs < visits * 0.08, customs + " custom events in " + visits + " visits");
    }

    @Test
    void plannerAnswersEqualRawOnes() throws Exception {
        List<StatsDashboard.Panel> panels = new ArrayList<>();
        for (int days : List.of(30, 365)) {
            LocalDate from = spec.lastDay().minusDays(days - 1);
            panels.addAll(StatsDashboard.panels(BulkHistory.DOMAIN, from, spec.lastDay()));
            panels.add(StatsDashboard.pagesFrom(BulkHistory.DOMAIN, from, spec.lastDay(), "Google"));
        }
        TierCheck check = new TierCheck();
        boolean rolledUp = false;
        try (TestServer planner = server(true); StatsDashboard dashboard = new StatsDashboard(planner.server.port(), TestServer.ADMIN_KEY, 1)) {
            for (StatsDashboard.Panel p : panels) {
                JsonNode answer = dashboard.explain(p).answer();
                check.expect(p.name() + " " + p.body().get("date_range"), answer.path("results"));
                rolledUp |= answer.path("meta").toString().contains("rollup");
            }
        }
        assertTrue(rolledUp, "some answer came from rollups");
        try (TestServer raw = server(false); StatsDashboard dashboard = new StatsDashboard(raw.server.port(), TestServer.ADMIN_KEY, 1)) {
            for (StatsDashboard.Panel p : panels) check.compare(p.name() + " " + p.body().get("date_range"), dashboard.run(p.body()).answer().path("results"));
        }
        assertEquals(panels.size(), check.compared());
    }

    private static TestServer server(boolean rollups) {
        ServerConfig config = new ServerConfig(dir, 0, "127.0.0.1", Optional.of(TestServer.ADMIN_KEY), Optional.empty(),
                ServerConfig.DEFAULT_TRUSTED_PROXIES, "256MB", ServerConfig.DEFAULT_QUEUE_CAPACITY, rollups, 0);
        return TestServer.start(config);
    }
}
