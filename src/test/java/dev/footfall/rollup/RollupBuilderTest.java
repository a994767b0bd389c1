package dev.footfall.rollup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.Storage;
import dev.footfall.TestServer;
import dev.footfall.plan.PlannedStats;
import dev.footfall.plan.Planner;
import dev.footfall.query.OracleTraffic;
import dev.footfall.query.QueryParser;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.StatsService;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The builder on a real data directory: which buckets it builds, when, and that building again changes nothing. */
class RollupBuilderTest {
    private static final String DOMAIN = "berlin.rollups.test";
    private static final String ROWS = "SELECT * FROM %s WHERE site = '" + DOMAIN + "' ORDER BY ALL";
    /**
     * "Now" for the builders that must roll up both months of the traffic (Oct 18 – Nov 8): November
     * has just closed. Fixed, because a catch-up builds every day up to now: on the real clock the
     * days to build, and the test's time, grew by one every day after the traffic.
     */
    private static final Clock NOVEMBER_CLOSED = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    /**
     * "Now" the day after the traffic: every day with traffic is closed in every zone (New York's
     * Nov 8 ends at 05:00 UTC on Nov 9), and October is a whole month, so days, hours and a month
     * are built without the three weeks of November that hold no event.
     */
    private static final Clock TRAFFIC_CLOSED = Clock.fixed(Instant.parse("2026-11-09T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void catchUpRollsUpEveryClosedDayAndCompleteMonthOnceAndRebuildingChangesNothing() {
        try (TestServer server = TestServer.start(dir, NOVEMBER_CLOSED)) {
            Site site = addSiteWithTraffic(server);
            RollupBuilder builder = server.server.rollups();
            builder.catchUp();

            Coverage built = builder.coverage(site);
            LocalDate first = OracleTraffic.WINDOW_START.atZone(site.timezone()).toLocalDate();
            LocalDate open = RollupBuilder.openFrom(site, NOVEMBER_CLOSED.instant());
            for (LocalDate d = first; d.isBefore(open); d = d.plusDays(1)) assertThat(built.days()).as("day " + d).containsKey(d);
            assertThat(built.days()).doesNotContainKey(open).doesNotContainKey(first.minusDays(1));
            assertThat(built.months()).containsKeys(YearMonth.of(2026, 10), YearMonth.of(2026, 11));
            assertThat(built.days().values()).allSatisfy(skipped -> assertThat(skipped).isEmpty());

            Storage storage = server.server.storage();
            Map<String, List<Map<String, Object>>> before = rollups(storage);
            assertThat(before.get("rollup_day")).hasSizeGreaterThan(100);
            assertThat(before.get("rollup_hour")).hasSizeGreaterThan(24 * 10);
            assertThat(StoredRows.count(storage, "SELECT sum(pageviews) FROM rollup_day WHERE site = '" + DOMAIN + "' AND dim = ''"))
                    .isEqualTo(StoredRows.count(storage, "SELECT count(*) FROM events WHERE site = '" + DOMAIN + "' AND name = 'pageview'"));
            assertThat(StoredRows.count(storage, "SELECT sum(pageviews) FROM rollup_month WHERE site = '" + DOMAIN + "' AND dim = ''"))
                    .isEqualTo(StoredRows.count(storage, "SELECT sum(pageviews) FROM rollup_day WHERE site = '" + DOMAIN + "' AND dim = ''"));
            assertThat(StoredRows.count(storage, "SELECT sum(visits) FROM rollup_hour WHERE site = '" + DOMAIN + "'"))
                    .isEqualTo(StoredRows.count(storage, "SELECT sum(sign) FROM sessions WHERE site = '" + DOMAIN + "'"));
            // Every visit has one channel, one entry host and one exit host: each dimension's rows add up to the visits.
            for (String dim : ADDED_DIMENSIONS) {
                assertThat(built.days().keySet()).allSatisfy(d -> assertThat(built.serves(d, Set.of(dim))).as(dim + " on " + d).isTrue());
                assertThat(StoredRows.count(storage, "SELECT count(DISTINCT value) FROM rollup_month WHERE site = '" + DOMAIN + "' AND dim = '" + dim + "'"))
                        .as(dim).isGreaterThan(1);
                assertThat(StoredRows.count(storage, "SELECT sum(visits) FROM rollup_day WHERE site = '" + DOMAIN + "' AND dim = '" + dim + "'"))
                        .as(dim).isEqualTo(StoredRows.count(storage, "SELECT sum(visits) FROM rollup_day WHERE site = '" + DOMAIN + "' AND dim = ''"));
            }

            builder.catchUp();
            assertThat(rollups(storage)).as("a second catch-up").isEqualTo(before);
            // From days before the first event (rebuilt empty) over Berlin's DST change and the end of
            // October: both months are dropped and built again from their days. Not the whole two
            // months: every day is built by the same code, and the range already holds each kind.
            int days = builder.rebuild(site, LocalDate.of(2026, 10, 15), LocalDate.of(2026, 11, 2));
            assertThat(days).isEqualTo(19);
            assertThat(rollups(storage)).as("after a rebuild").isEqualTo(before);
        }
    }

    @Test
    void sitesBuiltTogetherGetTheRowsEachGetsBuiltAlone() {
        try (TestServer server = TestServer.withoutRollups(dir)) {
            List<Site> sites = List.of(new Site("a.together.test", ZoneId.of("Europe/Berlin"), List.of()),
                    new Site("b.together.test", ZoneId.of("Europe/Berlin"), List.of()),
                    new Site("c.together.test", ZoneId.of("America/New_York"), List.of()),
                    new Site("d.together.test", ZoneId.of("Asia/Kolkata"), List.of()));
            for (int i = 0; i < sites.size(); i++) {
                server.server.sites().add(sites.get(i));
                OracleTraffic.send(server.server, sites.get(i).domain(), 40, 10 + i);
            }
            Storage storage = server.server.storage();
            RollupBuilder builder = new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, TRAFFIC_CLOSED, d -> {});
            builder.catchUp();
            String all = "SELECT * FROM %s WHERE site LIKE '%%.together.test' ORDER BY ALL";
            Map<String, List<Map<String, Object>>> together = Map.of(
                    "rollup_hour", StoredRows.query(storage, all.formatted("rollup_hour")),
                    "rollup_day", StoredRows.query(storage, all.formatted("rollup_day")),
                    "rollup_month", StoredRows.query(storage, all.formatted("rollup_month")));
            for (Site site : sites) {
                assertThat(StoredRows.count(storage, "SELECT sum(pageviews) FROM rollup_day WHERE site = '" + site.domain() + "' AND dim = ''"))
                        .as(site.domain()).isEqualTo(StoredRows.count(storage, "SELECT count(*) FROM events WHERE site = '" + site.domain()
                                + "' AND name = 'pageview'"));
                // Alone, the days the catch-up built together: from New York's first local day
                // (Oct 17) to the last closed one (Nov 8).
                builder.rebuild(site, LocalDate.of(2026, 10, 17), LocalDate.of(2026, 11, 8));
            }
            assertThat(together.get("rollup_day")).hasSizeGreaterThan(400);
            assertThat(together.get("rollup_month")).as("October's months").isNotEmpty();
            assertThat(StoredRows.query(storage, all.formatted("rollup_hour"))).as("hours").isEqualTo(together.get("rollup_hour"));
            assertThat(StoredRows.query(storage, all.formatted("rollup_day"))).as("days").isEqualTo(together.get("rollup_day"));
            assertThat(StoredRows.query(storage, all.formatted("rollup_month"))).as("months").isEqualTo(together.get("rollup_month"));
        }
    }

    @Test
    void aDayIsRolledUpOnlyOnceNoVisitCanStillChangeIt() {
        try (TestServer server = TestServer.withoutRollups(dir)) {
            Site site = addSiteWithTraffic(server);
            Storage storage = server.server.storage();
            // Berlin is UTC+1 on 2026-11-05: its midnight is 23:00 UTC the day before.
            Instant midnight = Instant.parse("2026-11-04T23:00:00Z");
            new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, Clock.fixed(midnight.plus(RollupBuilder.CLOSE_DELAY).minusSeconds(1), ZoneOffset.UTC), d -> {}).catchUp();
            assertThat(storage.rollups().coverage(site).days()).containsKey(LocalDate.of(2026, 11, 3)).doesNotContainKey(LocalDate.of(2026, 11, 4));
            new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, Clock.fixed(midnight.plus(RollupBuilder.CLOSE_DELAY), ZoneOffset.UTC), d -> {}).catchUp();
            assertThat(storage.rollups().coverage(site).days()).containsKey(LocalDate.of(2026, 11, 4)).doesNotContainKey(LocalDate.of(2026, 11, 5));
            assertThat(storage.rollups().coverage(site).months()).containsKey(YearMonth.of(2026, 10)).doesNotContainKey(YearMonth.of(2026, 11));
        }
    }

    @Test
    void aDimensionWithTooManyValuesIsLeftOutOfTheDayAndItsMonth() {
        try (TestServer server = TestServer.withoutRollups(dir)) {
            Site site = addSiteWithTraffic(server);
            Storage storage = server.server.storage();
            LocalDate day = LocalDate.of(2026, 10, 20);
            storage.rollups().buildDay(List.of(site), day, 3);
            assertThat(storage.rollups().coverage(site).days().get(day)).contains("event:page", "visit:entry_page").doesNotContain("", "visit:device");
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM rollup_day WHERE site = '" + DOMAIN + "' AND dim = 'event:page'")).isZero();
            for (LocalDate d = LocalDate.of(2026, 10, 18); d.isBefore(LocalDate.of(2026, 11, 1)); d = d.plusDays(1)) {
                if (!d.equals(day)) storage.rollups().buildDay(List.of(site), d, RollupBuilder.DAY_MAX_VALUES);
            }
            storage.rollups().buildMonth(site, YearMonth.of(2026, 10), RollupBuilder.MONTH_MAX_VALUES);
            assertThat(storage.rollups().coverage(site).months().get(YearMonth.of(2026, 10))).contains("event:page");
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM rollup_month WHERE site = '" + DOMAIN + "' AND dim = 'event:page'")).isZero();
        }
    }

    @Test
    void buildsRunBesideIngestAndQueriesWithoutLosingEvents() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            Site site = addSiteWithTraffic(server);
            long before = server.server.storage().countEvents(DOMAIN);
            List<Throwable> failures = new ArrayList<>();
            Thread rebuild = Thread.ofPlatform().start(() -> {
                try {
                    server.server.rollups().rebuild(site, LocalDate.of(2026, 10, 15), LocalDate.of(2026, 11, 10));
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            int accepted = 0;
            while (rebuild.isAlive() || accepted < 20) {
                String body = "{\"name\":\"pageview\",\"url\":\"https://" + DOMAIN + "/live/" + accepted + "\",\"domain\":\"" + DOMAIN + "\"}";
                assertThat(server.event(body, "8.8.4." + (accepted % 250)).statusCode()).isEqualTo(202);
                accepted++;
                assertThat(server.admin("POST", "/api/v2/query", "{\"site_id\":\"" + DOMAIN + "\",\"metrics\":[\"visitors\"],"
                        + "\"date_range\":[\"2026-10-01\",\"2026-11-30\"],\"dimensions\":[\"visit:source\"]}").statusCode()).isEqualTo(200);
            }
            rebuild.join();
            assertThat(failures).isEmpty();
            assertThat(server.server.storage().countEvents(DOMAIN)).isEqualTo(before + accepted);
        }
    }

    @Test
    void anInterruptedCatchUpStopsAfterTheDayItIsBuildingAndTheNextBuildsTheRest() {
        try (TestServer server = TestServer.withoutRollups(dir)) {
            Site site = addSiteWithTraffic(server);
            Storage storage = server.server.storage();
            LocalDate first = storage.stats().firstEvent(DOMAIN).orElseThrow().atZone(site.timezone()).toLocalDate();
            // A week of closed days (Oct 18 – 24) is enough to stop in the middle of.
            Clock weekClosed = Clock.fixed(Instant.parse("2026-10-25T12:00:00Z"), ZoneOffset.UTC);
            // What a stopping server does to its catch-up thread, here while the first day is built.
            RollupStore interruptedAfterADay = new RollupStore() {
                public Coverage coverage(Site s) { return storage.rollups().coverage(s); }
                public void buildDay(List<Site> sites, LocalDate day, int maxValues) {
                    storage.rollups().buildDay(sites, day, maxValues);
                    Thread.currentThread().interrupt();
                }
                public void buildMonth(Site s, YearMonth month, int maxValues) { storage.rollups().buildMonth(s, month, maxValues); }
                public void drop(String s, LocalDate from, LocalDate to) { storage.rollups().drop(s, from, to); }
            };
            RollupBuilder stopped = new RollupBuilder(storage, interruptedAfterADay, storage.stats()::firstEvent, weekClosed, d -> {});
            stopped.catchUp();
            assertThat(Thread.interrupted()).isTrue();
            assertThat(stopped.coverage(site).days()).as("built before the interruption").containsOnlyKeys(first);

            RollupBuilder next = new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, weekClosed, d -> {});
            next.catchUp();
            assertThat(next.coverage(site).days().keySet()).containsExactlyInAnyOrderElementsOf(first.datesUntil(LocalDate.of(2026, 10, 25)).toList());
        }
    }

    /** Visit dimensions rolled up since buckets record their layout: a data directory from before has no rows of them. */
    private static final List<String> ADDED_DIMENSIONS = List.of("visit:channel", "visit:entry_page_hostname", "visit:exit_page_hostname");

    @Test
    void bucketsOfAnOlderLayoutAreReadRawUntilTheCatchUpBuildsThemAgain() throws Exception {
        Site site;
        Map<String, List<Map<String, Object>>> current;
        try (TestServer server = TestServer.withoutRollups(dir)) {
            site = addSiteWithTraffic(server);
            builder(server.server.storage()).catchUp();
            current = rollups(server.server.storage());
        }
        // The data directory as the code before the layout was recorded left it: no rows of the
        // dimensions added since, and buckets without a layout.
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(DuckDbStorage.FILE_NAME));
             Statement st = c.createStatement()) {
            String added = String.join(", ", ADDED_DIMENSIONS.stream().map(d -> "'" + d + "'").toList());
            for (String table : List.of("rollup_day", "rollup_month")) st.execute("DELETE FROM " + table + " WHERE dim IN (" + added + ")");
            st.execute("UPDATE rollup_buckets SET layout = NULL");
        }
        List<String> queries = List.of("\"dimensions\": [\"visit:channel\"]",
                "\"dimensions\": [\"visit:exit_page_hostname\"], \"filters\": [[\"is\", \"visit:exit_page_hostname\", [\"" + DOMAIN + "\"]]]",
                "\"dimensions\": [\"event:hostname\"]",
                "\"dimensions\": [\"visit:source\"]");
        assertReadRawUntilRebuilt(site, queries, current, "rebuilt in the current layout");
    }

    /**
     * On a data directory whose buckets an older layout built: each query is read raw (and answers
     * as raw does, not empty); the catch-up rebuilds the rollups to {@code current}, after which the
     * months serve each query, still as raw answers it.
     */
    private void assertReadRawUntilRebuilt(Site site, List<String> queries, Map<String, List<Map<String, Object>>> current,
                                           String rebuilt) throws Exception {
        try (TestServer server = TestServer.withoutRollups(dir)) {
            Storage storage = server.server.storage();
            RollupBuilder builder = builder(storage);
            StatsService raw = new StatsService(new PlannedStats(new Planner(s -> Coverage.NONE, false), storage.stats()));
            StatsService planned = new StatsService(new PlannedStats(new Planner(builder::coverage, true), storage.stats()));
            assertThat(builder.coverage(site)).as("buckets of an older layout are not listed").isEqualTo(Coverage.NONE);
            for (String q : queries) {
                StatsService.Answer answer = planned.run(query(site, storage, q));
                assertThat(answer.explain()).as(q).allSatisfy(e -> assertThat(e.tier()).isEqualTo("raw"));
                assertThat(answer.rows()).as(q).isNotEmpty().isEqualTo(raw.run(query(site, storage, q)).rows());
            }

            builder.catchUp();
            assertThat(rollups(storage)).as(rebuilt).isEqualTo(current);
            for (String q : queries) {
                StatsService.Answer answer = planned.run(query(site, storage, q));
                assertThat(answer.explain()).as(q).allSatisfy(e -> assertThat(e.tier()).isEqualTo("rollup:month"));
                assertThat(answer.rows()).as(q).isEqualTo(raw.run(query(site, storage, q)).rows());
            }
        }
    }

    @Test
    void pairsWrittenBesideTheSingleDimensionsByAnOlderLayoutAreReadRawUntilRebuiltInTablesOfTheirOwn() throws Exception {
        Site site;
        Map<String, List<Map<String, Object>>> current;
        try (TestServer server = TestServer.withoutRollups(dir)) {
            site = addSiteWithTraffic(server);
            builder(server.server.storage()).catchUp();
            current = rollups(server.server.storage());
            assertThat(current.get("rollup_pair_day")).as("pairs are rolled up").isNotEmpty();
            assertThat(StoredRows.count(server.server.storage(), "SELECT count(*) FROM rollup_day WHERE dim LIKE '%>%'")).as("no pair beside the single dimensions").isZero();
        }
        // The data directory as the layout before left it: the pairs' rows among the single
        // dimensions' and no tables of pairs' rows, under that layout's fingerprint.
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(DuckDbStorage.FILE_NAME));
             Statement st = c.createStatement()) {
            for (String grain : List.of("day", "month")) {
                st.execute("INSERT INTO rollup_" + grain + " SELECT * FROM rollup_pair_" + grain);
                st.execute("DROP TABLE rollup_pair_" + grain);
            }
            st.execute("UPDATE rollup_buckets SET layout = 'an older layout'");
        }
        List<String> queries = List.of("\"dimensions\": [\"visit:source\"], \"filters\": [[\"is\", \"visit:device\", [\"Mobile\"]]]",
                "\"dimensions\": [\"visit:device\"]");
        assertReadRawUntilRebuilt(site, queries, current, "rebuilt with the pairs in their own tables");
    }

    private static RollupBuilder builder(Storage storage) {
        return new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, NOVEMBER_CLOSED, d -> {});
    }

    /** Visitors, visits, bounce rate and visit duration over October and November, explained. */
    private static StatsQuery query(Site site, Storage storage, String fields) {
        String json = "{\"site_id\": \"" + site.domain() + "\", \"metrics\": [\"visitors\", \"visits\", \"bounce_rate\", \"visit_duration\"], "
                + "\"date_range\": [\"2026-10-01\", \"2026-11-30\"], \"include\": {\"explain\": true}, " + fields + "}";
        try {
            return QueryParser.parse(new ObjectMapper().readTree(json), site, List.of(), LocalDate.now(site.timezone()), Optional::empty);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static Site addSiteWithTraffic(TestServer server) {
        Site site = new Site(DOMAIN, OracleTraffic.zone("berlin"), List.of());
        server.server.sites().add(site);
        OracleTraffic.send(server.server, DOMAIN, 120, 3);
        return site;
    }

    private static Map<String, List<Map<String, Object>>> rollups(Storage storage) {
        return Map.of("rollup_hour", StoredRows.query(storage, ROWS.formatted("rollup_hour")),
                "rollup_day", StoredRows.query(storage, ROWS.formatted("rollup_day")),
                "rollup_month", StoredRows.query(storage, ROWS.formatted("rollup_month")),
                "rollup_pair_day", StoredRows.query(storage, ROWS.formatted("rollup_pair_day")),
                "rollup_pair_month", StoredRows.query(storage, ROWS.formatted("rollup_pair_month")));
    }
}
