package dev.footfall.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.footfall.TestServer;
import dev.footfall.cache.ResultCache;
import dev.footfall.enrich.CityDatabaseFile;
import dev.footfall.plan.Plan;
import dev.footfall.plan.PlannedStats;
import dev.footfall.plan.Planner;
import dev.footfall.rollup.Coverage;
import dev.footfall.site.Goal;
import dev.footfall.site.Site;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Stats engine must equal an independent in-memory oracle on generated traffic for random
 * queries: metrics × dimensions × filters × date ranges × timezones, both read raw and through
 * the planner over rollups (months, days and hours built for the traffic's window, raw for the
 * rest), with October's raw rows in the cold archive. Counts exactly, rates and averages to 1e-9 relative. The same queries over HTTP must be
 * the engine's numbers, rounded the way Plausible rounds them.
 */
class StatsOraclePropertyTest {
    static final List<String> SITES = List.of("berlin.oracle.test", "kathmandu.oracle.test", "newyork.oracle.test");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer server;
    private static Path dataDir;
    private static final Map<String, StatsOracle> oracles = new HashMap<>();
    private static final Map<String, List<Goal>> goals = new HashMap<>();

    @BeforeContainer
    static void generate() throws Exception {
        dataDir = Files.createTempDirectory("footfall-oracle");
        server = TestServer.start(dataDir, dev.footfall.server.ServerConfig.DEFAULT_QUEUE_CAPACITY, Optional.of(cities()));
        long seed = 7;
        for (String domain : SITES) {
            server.server.sites().add(new Site(domain, OracleTraffic.zone(domain), List.of()));
            server.server.storage().putGoal(new Goal(0, domain, Goal.Type.EVENT, "Signup", null, "Signup"));
            server.server.storage().putGoal(new Goal(0, domain, Goal.Type.PAGE, null, "/blog*", "Visit /blog*"));
            server.server.storage().putGoal(new Goal(0, domain, Goal.Type.PAGE, null, "/docs/install", "Visit /docs/install"));
            OracleTraffic.send(server.server, domain, 400, seed++);
            assertThat(server.server.storage().countEvents(domain)).as("events stored for " + domain).isGreaterThan(2500);
            goals.put(domain, server.server.storage().goals(domain));
            oracles.put(domain, new StatsOracle(OracleTraffic.stored(server, domain), OracleTraffic.zone(domain), goals.get(domain)));
            server.server.rollups().rebuild(server.server.sites().find(domain).orElseThrow(), ROLLED_UP_FROM, ROLLED_UP_TO);
            // October (UTC) moves to the cold archive: every raw read of it, raw path and planner's
            // raw edges alike, goes through its Parquet files, and local days at the month's end read both tiers.
            assertThat(server.server.storage().archive().move(domain, ARCHIVED).events()).isPositive();
        }
        raw = new StatsService(new PlannedStats(new Planner(site -> Coverage.NONE, false), server.server.storage().stats()));
        planner = new Planner(server.server.rollups()::coverage, true);
        PlannedStats plannedStats = new PlannedStats(planner, server.server.storage().stats());
        planned = new StatsService(plannedStats);
        cutCache = new ResultCache(plannedStats, java.time.Clock.fixed(CUT_AT, java.time.ZoneOffset.UTC), 10_000);
        cut = new StatsService(cutCache);
    }

    /**
     * A city-level GeoIP database for the traffic's networks ({@link OracleTraffic#IPS}), so that
     * regions and cities vary: one network without a subdivision, one whose subdivision has no
     * name in Debian's iso-codes (DE-ZZ), one outside the database (and private addresses).
     */
    private static Path cities() throws java.io.IOException {
        return CityDatabaseFile.write(dataDir.resolveSibling(dataDir.getFileName() + "-cities.mmdb"), List.of(
                new CityDatabaseFile.Network("8.8.8", "US", "CA", "Mountain View"),
                new CityDatabaseFile.Network("81.2.69", "GB", "ENG", "London"),
                new CityDatabaseFile.Network("89.160.20", "SE", "E", "Linköping"),
                new CityDatabaseFile.Network("2.125.160", "GB", "ENG", "Boxford"),
                new CityDatabaseFile.Network("175.16.199", "CN", "JL", "Changchun"),
                new CityDatabaseFile.Network("216.160.83", "US", "WA", "Milton"),
                new CityDatabaseFile.Network("1.1.1", "AU", "", ""),
                new CityDatabaseFile.Network("185.199.108", "NL", "NH", "Amsterdam"),
                new CityDatabaseFile.Network("5.6.7", "DE", "ZZ", "Nowhere"),
                new CityDatabaseFile.Network("77.88.55", "RU", "MOW", "Moscow"),
                new CityDatabaseFile.Network("139.130.4", "AU", "NSW", "Sydney")));
    }

    /** The UTC month of the traffic's window whose raw rows live in the cold archive (Parquet), the rest hot. */
    static final java.time.YearMonth ARCHIVED = java.time.YearMonth.of(2026, 10);

    /** Rollups cover the traffic's window and whole months around it; the days after stay raw. */
    static final LocalDate ROLLED_UP_FROM = LocalDate.of(2026, 10, 1);
    static final LocalDate ROLLED_UP_TO = LocalDate.of(2026, 11, 30);

    private static Planner planner;
    private static StatsService raw, planned, cut;
    private static ResultCache cutCache;
    /**
     * "Now" for the result cache that keeps closed days apart from open ones: inside the traffic's
     * window, so that ranges reaching past it are cut there (the events after it stand for today's).
     */
    static final java.time.Instant CUT_AT = java.time.Instant.parse("2026-11-02T12:00:00Z");
    /** Queries the planner answered at least partly from rollups: the comparison must exercise them. */
    private static int fromRollups;
    /**
     * Per rollup dimension, the queries answered from its rows ("VISITS visit:channel"), and apart
     * those grouped by an event property whose visit metrics read another's rows ("... for event:hostname").
     */
    private static final Map<String, Integer> rolledUpDimensions = new TreeMap<>();
    /** Rollup rows the comparison must have read: the visit dimensions rolled up last, and the visit rule of event:hostname. */
    static final Set<String> MUST_ROLL_UP = Set.of("VISITS visit:channel", "VISITS visit:entry_page_hostname",
            "VISITS visit:exit_page_hostname", "VISITS visit:entry_page_hostname for event:hostname", "EVENTS pair", "VISITS pair");

    /** Queries checked, and those whose answer had a non-zero number: agreeing on zeros alone would prove little. */
    private static int checked, nonZero;

    @AfterContainer
    static void stop() {
        if (server != null) server.close();
        assertThat(nonZero).as("queries with non-zero answers among %d checked", checked).isGreaterThan(checked / 4);
        System.out.printf("oracle: %d queries checked, %d non-zero, %d answered from rollups, %d cut at %s%n", checked, nonZero,
                fromRollups, cutCache.cutQueries(), CUT_AT);
        assertThat(fromRollups).as("queries answered from rollups among %d checked", checked).isGreaterThan(checked / 4);
        System.out.println("oracle: answered from the rows of " + rolledUpDimensions);
        assertThat(rolledUpDimensions).as("rollup rows read").containsKeys(MUST_ROLL_UP.toArray(String[]::new));
        assertThat(cutCache.cutQueries()).as("queries cut at %s among %d checked", CUT_AT, checked).isGreaterThan(checked / 10);
    }

    @Property(tries = 400, maxDiscardRatio = 10, seed = "20261122")
    void engineEqualsOracle(@ForAll("queries") ObjectNode body) {
        check(body);
    }

    /** Queries of the shapes rollups serve (one property and/or time, at most one exact filter), mostly over whole months. */
    @Property(tries = 200, seed = "20261201")
    void plannerEqualsOracleWhereRollupsServe(@ForAll("rollupQueries") ObjectNode body) {
        check(body);
    }

    /**
     * The visit dimensions rolled up last (channel, entry and exit hosts) and the visit rule of
     * event:hostname (the entry host's rows), in the shapes rollups serve, with visit metrics.
     */
    @Property(tries = 60, seed = "20261203")
    void plannerEqualsOracleOnTheVisitDimensionsRolledUpLast(@ForAll("rolledUpLastQueries") ObjectNode body) {
        check(body);
    }

    /**
     * Breakdowns under a filter of another property to one value, as a dashboard filtered by one
     * click asks them: the device, browser, OS and country filters are rolled up in pairs with the
     * panels' dimensions (RollupDimensions.FILTERS).
     */
    @Property(tries = 120, seed = "20261204")
    void plannerEqualsOracleOnFilteredBreakdowns(@ForAll("filteredBreakdowns") ObjectNode body) {
        check(body);
    }

    private static void check(ObjectNode body) {
        String domain = body.get("site_id").asText();
        Site site = server.server.sites().find(domain).orElseThrow();
        StatsQuery query;
        try {
            query = QueryParser.parse(body, site, goals.get(domain), LocalDate.now(site.timezone()),
                    () -> server.server.storage().stats().firstEvent(domain).map(t -> t.atZone(site.timezone()).toLocalDate()));
        } catch (QueryException rejected) {
            // Plausible's rules refuse this mix; the HTTP API must refuse it with a 400 too.
            assertThat(post(body).statusCode()).as(rejected.getMessage()).isEqualTo(400);
            Assume.that(false);
            return;
        }
        StatsOracle.Result oracle = oracles.get(domain).answer(query);
        checked++;
        if (oracle.rows().stream().anyMatch(r -> r.metrics().stream().anyMatch(v -> v != null && v.doubleValue() != 0))) nonZero++;
        StatsService.Answer rawAnswer = raw.run(query);
        assertEqual(rawAnswer, oracle, query, "raw: " + body);
        StatsQuery explained = new StatsQuery(query.site(), query.metrics(), query.interval(), query.dateRangeInput(), query.dimensions(),
                query.filter(), query.orderBy(), new Include(query.include().timeLabels(), query.include().totalRows(),
                query.include().comparison(), true), query.limit(), query.offset(), query.goals());
        StatsService.Answer engine = planned.run(explained);
        boolean rolledUp = engine.explain().stream().anyMatch(e -> !e.tier().equals("raw"));
        if (rolledUp) {
            fromRollups++;
            countRollupRows(query);
        }
        assertEqual(engine, oracle, query, (rolledUp ? engine.explain().getFirst().tier() : "raw") + ": " + body);
        assertEqual(cut.run(query), oracle, query, "closed days cached apart at " + CUT_AT + ": " + body);

        // Over HTTP: the same rows, each metric rounded as Plausible rounds it.
        HttpResponse<String> res = post(body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode results = read(res.body()).get("results");
        assertThat(results.size()).isEqualTo(engine.rows().size());
        for (int r = 0; r < engine.rows().size(); r++) {
            JsonNode metrics = results.get(r).get("metrics");
            for (int m = 0; m < query.metrics().size(); m++) {
                Number rounded = MetricValues.round(query.metrics().get(m), engine.rows().get(r).metrics().get(m));
                JsonNode got = metrics.get(m);
                if (rounded == null) assertThat(got.isNull()).isTrue();
                else assertThat(got.asDouble()).as(query.metrics().get(m).apiName).isEqualTo(rounded.doubleValue());
            }
        }
    }

    /** Counts the rollup rows the planner picks for the query, by subject and dimension (see {@link #rolledUpDimensions}). */
    private static void countRollupRows(StatsQuery query) {
        // Derived metrics are computed above the engine from those it reads.
        List<Metric> read = query.metrics().stream().filter(m -> m.source != Metric.Source.DERIVED).toList();
        if (read.isEmpty()) return;
        Optional<String> grouped = query.dimensions().stream().filter(d -> d instanceof Dimension.Of).map(Dimension::apiName).findFirst();
        Plan plan = planner.plan(query.with(read, query.dimensions(), query.filter(), List.of(), query.limit(), query.offset()));
        plan.keys().forEach((subject, key) -> {
            String rows = subject + " " + (key.dimension().isEmpty() ? "totals" : key.dimension());
            rolledUpDimensions.merge(rows, 1, Integer::sum);
            if (key.dimension().contains(">")) rolledUpDimensions.merge(subject + " pair", 1, Integer::sum);
            grouped.filter(g -> g.startsWith("event:") && !g.equals(key.dimension()))
                    .ifPresent(g -> rolledUpDimensions.merge(rows + " for " + g, 1, Integer::sum));
        });
    }

    private static void assertEqual(StatsService.Answer engine, StatsOracle.Result oracle, StatsQuery query, String body) {
        assertThat(engine.totalRows()).as("total rows of %s", body).isEqualTo(oracle.totalRows());
        assertThat(engine.rows().stream().map(StatsService.Row::dimensions).toList()).as("rows of %s", body)
                .isEqualTo(oracle.rows().stream().map(StatsOracle.Row::dimensions).toList());
        for (int r = 0; r < oracle.rows().size(); r++) {
            for (int m = 0; m < query.metrics().size(); m++) {
                Number expected = oracle.rows().get(r).metrics().get(m);
                Number actual = engine.rows().get(r).metrics().get(m);
                String what = query.metrics().get(m).apiName + " of row " + oracle.rows().get(r).dimensions() + " in " + body;
                if (expected == null || actual == null) {
                    assertThat(actual).as(what).isEqualTo(expected);
                } else if (expected instanceof Long) {
                    assertThat(actual).as(what).isEqualTo(expected);
                } else {
                    double e = expected.doubleValue(), a = actual.doubleValue();
                    assertThat(Math.abs(a - e)).as(what + ": " + a + " vs " + e).isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(e)));
                }
            }
        }

    }

    // --- queries ------------------------------------------------------------------------------

    static final List<String> METRICS = List.of("visitors", "visits", "pageviews", "events", "views_per_visit", "bounce_rate",
            "visit_duration", "percentage", "conversion_rate", "group_conversion_rate", "time_on_page", "scroll_depth");
    static final List<String> DIMENSIONS = List.of("event:page", "event:hostname", "event:name", "event:goal", "event:props:plan",
            "event:props:size", "visit:entry_page", "visit:exit_page", "visit:source", "visit:referrer", "visit:utm_source",
            "visit:utm_medium", "visit:utm_campaign", "visit:device", "visit:browser", "visit:browser_version", "visit:os",
            "visit:os_version", "visit:country", "visit:region", "visit:city", "visit:country_name", "visit:region_name",
            "visit:city_name", "visit:entry_page_hostname", "visit:exit_page_hostname", "visit:channel", "time:hour", "time:day", "time:week", "time:month", "time");
    static final List<String> FILTER_DIMENSIONS = List.of("event:page", "event:hostname", "event:name", "event:goal", "event:props:plan",
            "visit:entry_page", "visit:exit_page", "visit:source", "visit:referrer", "visit:utm_source", "visit:device",
            "visit:browser", "visit:os", "visit:country", "visit:country_name", "visit:region", "visit:region_name", "visit:city_name",
            "visit:entry_page_hostname", "visit:exit_page_hostname", "visit:channel");
    static final List<String> VALUES = List.of("/", "/pricing", "/docs", "/blog", "/Blog/Launch", "/café", "Google", "GitHub",
            "Direct / None", "(not set)", "(none)", "pro", "Team", "free", "Signup", "Visit /blog*", "Download", "pageview",
            "Desktop", "Mobile", "Chrome", "Firefox", "Safari", "US", "GB", "SE", "United States", "Sweden", "US-CA", "California",
            "England", "DE-ZZ", "Moscow", "Sydney", "newsletter",
            "berlin.oracle.test", "www.kathmandu.oracle.test", "shop.newyork.oracle.test", "Organic Search", "Organic Social",
            "Referral", "Direct", "Email", "Paid Search", "Paid Social", "Cross-network", "shop.",
            "o", "/", "e", "r", "s");
    static final List<String> PATTERNS = List.of("^/docs", "blog", "^/$", "[A-Z]", "o+g", "^(pro|free)$", "Fire.*");

    @Provide
    Arbitrary<ObjectNode> queries() {
        Arbitrary<String> site = Arbitraries.of(SITES);
        Arbitrary<List<String>> metrics = Arbitraries.of(METRICS).list().ofMinSize(1).ofMaxSize(4).uniqueElements();
        Arbitrary<List<String>> dims = Arbitraries.of(DIMENSIONS).list().ofMaxSize(2).uniqueElements();
        Arbitrary<List<JsonNode>> filters = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(List.<JsonNode>of())),
                net.jqwik.api.Tuple.of(2, filter(2).list().ofSize(1)), net.jqwik.api.Tuple.of(1, filter(1).list().ofSize(2)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(behavioural(), filter(0)).as(List::of)));
        Arbitrary<JsonNode> range = dateRange();
        Arbitrary<Integer> page = Arbitraries.integers().between(0, 3);
        Arbitrary<Boolean> order = Arbitraries.of(true, false, false);
        return Combinators.combine(site, metrics, dims, filters, range, page, order).as((s, m, d, f, r, p, o) -> {
            ObjectNode body = JSON.createObjectNode();
            body.put("site_id", s);
            m.forEach(body.putArray("metrics")::add);
            d.forEach(body.putArray("dimensions")::add);
            ArrayNode fs = body.putArray("filters");
            f.forEach(fs::add);
            body.set("date_range", r);
            if (p > 0 && !d.isEmpty()) body.putObject("pagination").put("limit", p * 2).put("offset", p - 1);
            if (o) {
                List<String> names = new ArrayList<>(m);
                names.addAll(d);
                ArrayNode entry = body.putArray("order_by").addArray();
                entry.add(names.get(Math.abs(body.toString().hashCode()) % names.size())).add(p % 2 == 0 ? "asc" : "desc");
            }
            return body;
        });
    }

    @Provide
    Arbitrary<ObjectNode> rollupQueries() {
        return rollupQueries(METRICS.stream().filter(m -> !m.contains("conversion")).toList(),
                DIMENSIONS.stream().filter(d -> !d.startsWith("event:goal") && !d.startsWith("event:props")).toList(), VALUES);
    }

    @Provide
    Arbitrary<ObjectNode> filteredBreakdowns() {
        Arbitrary<String> site = Arbitraries.of(SITES);
        Arbitrary<List<String>> metrics = Arbitraries.of("visitors", "visits", "pageviews", "events", "bounce_rate", "visit_duration",
                "views_per_visit", "percentage").list().ofMinSize(1).ofMaxSize(3).uniqueElements();
        Arbitrary<String> dimension = Arbitraries.of("event:page", "event:name", "visit:source", "visit:channel", "visit:entry_page",
                "visit:exit_page", "visit:country", "visit:device", "visit:browser", "visit:os", "visit:country_name");
        Arbitrary<List<String>> filter = Arbitraries.of(List.of("visit:device", "Desktop"), List.of("visit:device", "Mobile"),
                List.of("visit:browser", "Chrome"), List.of("visit:browser", "Firefox"), List.of("visit:os", "Mac"),
                List.of("visit:os", "Android"), List.of("visit:country", "US"), List.of("visit:country", "GB"),
                List.of("visit:country", ""), List.of("visit:device", "Tablet"));
        Arbitrary<Boolean> daily = Arbitraries.of(false, false, true);
        Arbitrary<JsonNode> range = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, monthsRange()), net.jqwik.api.Tuple.of(1, dateRange()));
        return Combinators.combine(site, metrics, dimension, filter, daily, range).as((s, m, d, f, day, r) -> {
            ObjectNode body = JSON.createObjectNode();
            body.put("site_id", s);
            m.forEach(body.putArray("metrics")::add);
            ArrayNode dims = body.putArray("dimensions").add(d);
            if (day) dims.add("time:day");
            body.putArray("filters").addArray().add("is").add(f.get(0)).addArray().add(f.get(1));
            body.set("date_range", r);
            return body;
        });
    }

    @Provide
    Arbitrary<ObjectNode> rolledUpLastQueries() {
        return rollupQueries(List.of("visitors", "visits", "bounce_rate", "visit_duration", "views_per_visit", "percentage"),
                List.of("visit:channel", "visit:entry_page_hostname", "visit:exit_page_hostname", "event:hostname"),
                java.util.stream.Stream.concat(SITES.stream().flatMap(s -> OracleTraffic.HOSTS.stream().map(h -> h.formatted(s))),
                        java.util.stream.Stream.of("Organic Search", "Organic Social", "Referral", "Direct", "Email", "Paid Search",
                                "Paid Social", "Cross-network", "Display")).toList());
    }

    /** Queries of the shapes rollups serve (see {@link #plannerEqualsOracleWhereRollupsServe}) over these metrics, dimensions and values. */
    private Arbitrary<ObjectNode> rollupQueries(List<String> metricNames, List<String> dimensions, List<String> values) {
        Arbitrary<String> site = Arbitraries.of(SITES);
        Arbitrary<List<String>> metrics = Arbitraries.of(metricNames).list().ofMinSize(1).ofMaxSize(4).uniqueElements();
        Arbitrary<String> dimension = Arbitraries.of(dimensions);
        Arbitrary<Integer> shape = Arbitraries.integers().between(0, 3);
        Arbitrary<String> value = Arbitraries.of(values);
        Arbitrary<JsonNode> range = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, monthsRange()), net.jqwik.api.Tuple.of(1, dateRange()));
        return Combinators.combine(site, metrics, dimension, shape, value, range).as((s, m, d, sh, v, r) -> {
            ObjectNode body = JSON.createObjectNode();
            body.put("site_id", s);
            m.forEach(body.putArray("metrics")::add);
            ArrayNode dims = body.putArray("dimensions");
            String property = d.startsWith("time") ? "visit:source" : d;
            // 0: totals; 1: one dimension; 2: one dimension filtered to one value; 3: a daily series of one value.
            if (sh == 1 || sh == 2) dims.add(d);
            if (sh == 3) dims.add("time:day");
            if (sh >= 2) body.putArray("filters").addArray().add("is").add(property).addArray().add(v);
            body.set("date_range", r);
            return body;
        });
    }

    /** has_done / has_not_done over one event condition, or an or of two. */
    private Arbitrary<JsonNode> behavioural() {
        List<String> eventDimensions = FILTER_DIMENSIONS.stream().filter(d -> d.startsWith("event:")).toList();
        Arbitrary<JsonNode> events = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf(eventDimensions)),
                net.jqwik.api.Tuple.of(1, leaf(eventDimensions).list().ofSize(2).map(parts -> {
                    ArrayNode or = JSON.createArrayNode().add("or");
                    parts.forEach(or.addArray()::add);
                    return (JsonNode) or;
                })));
        return Combinators.combine(Arbitraries.of("has_done", "has_not_done"), events)
                .as((op, inner) -> (JsonNode) JSON.createArrayNode().add(op).add(inner));
    }

    private Arbitrary<JsonNode> filter(int depth) {
        Arbitrary<JsonNode> leaf = leaf(FILTER_DIMENSIONS);
        if (depth == 0) return leaf;
        Arbitrary<JsonNode> inner = filter(depth - 1);
        Arbitrary<JsonNode> logical = Combinators.combine(Arbitraries.of("and", "or", "not"), inner.list().ofMinSize(1).ofMaxSize(2))
                .as((op, parts) -> {
                    ArrayNode f = JSON.createArrayNode().add(op);
                    if (op.equals("not")) f.add(parts.getFirst());
                    else parts.forEach(f.addArray()::add);
                    return (JsonNode) f;
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(1, logical));
    }

    private Arbitrary<JsonNode> leaf(List<String> dimensions) {
        return Combinators.combine(
                Arbitraries.of("is", "is_not", "contains", "contains_not", "matches", "matches_not"),
                Arbitraries.of(dimensions), Arbitraries.of(VALUES).list().ofMinSize(1).ofMaxSize(2),
                Arbitraries.of(PATTERNS), Arbitraries.of(true, true, false)).as((op, dim, values, pattern, sensitive) -> {
            ArrayNode f = JSON.createArrayNode().add(op).add(dim);
            ArrayNode vs = f.addArray();
            if (op.startsWith("matches")) vs.add(pattern);
            else values.forEach(vs::add);
            if (!sensitive && !op.startsWith("matches")) f.addObject().put("case_sensitive", false);
            return (JsonNode) f;
        });
    }

    private Arbitrary<JsonNode> dateRange() {
        Arbitrary<JsonNode> dates = Combinators.combine(Arbitraries.integers().between(-1, 20), Arbitraries.integers().between(0, 25))
                .as((start, length) -> {
                    LocalDate from = LocalDate.of(2026, 10, 18).plusDays(start);
                    return (JsonNode) JSON.createArrayNode().add(from.toString()).add(from.plusDays(length).toString());
                });
        Arbitrary<JsonNode> times = Combinators.combine(Arbitraries.integers().between(0, 20 * 24), Arbitraries.integers().between(1, 72))
                .as((startHour, hours) -> {
                    java.time.OffsetDateTime from = java.time.OffsetDateTime.parse("2026-10-18T00:00:00+02:00").plusHours(startHour).plusMinutes(startHour % 4 * 15);
                    return (JsonNode) JSON.createArrayNode().add(from.toString()).add(from.plusHours(hours).toString());
                });
        Arbitrary<JsonNode> named = Arbitraries.of("all", "30d", "28d", "month").map(s -> (JsonNode) JSON.getNodeFactory().textNode(s));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, dates), net.jqwik.api.Tuple.of(3, times), net.jqwik.api.Tuple.of(1, named),
                net.jqwik.api.Tuple.of(2, monthsRange()));
    }

    /** Whole rolled-up months plus days on either side, some of them not rolled up (after November). */
    private Arbitrary<JsonNode> monthsRange() {
        return Combinators.combine(Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 20))
                .as((before, after) -> (JsonNode) JSON.createArrayNode().add(LocalDate.of(2026, 10, 1).minusDays(before).toString())
                        .add(LocalDate.of(2026, 11, 30).plusDays(after).toString()));
    }

    private static HttpResponse<String> post(JsonNode body) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/v2/query")).header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }
}
