package dev.footfall.query;

import dev.footfall.TestServer;
import dev.footfall.enrich.EventRequest;
import dev.footfall.ingest.Ingestion;
import dev.footfall.server.FootfallServer;
import dev.footfall.store.duckdb.StoredRows;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Generated traffic with every shape the Stats API distinguishes: several visits per visitor,
 * visits across midnight and across a DST change, entry and exit pages, referrers and UTM tags,
 * custom events with properties, goals, engagement events, hostnames with and without "www.".
 * It goes through the real ingest pipeline (enrichment, sessions, group commit) with explicit
 * timestamps, in time order, so stored rows are what live traffic would have produced.
 */
public final class OracleTraffic {
    /** A window over the 2026 DST ends in Europe (Oct 25) and North America (Nov 1). */
    public static final Instant WINDOW_START = Instant.parse("2026-10-18T00:00:00Z");
    public static final Instant WINDOW_END = Instant.parse("2026-11-08T00:00:00Z");

    static final List<String> PAGES = List.of("/", "/pricing", "/docs", "/docs/install", "/docs/api", "/blog", "/blog/hello-world",
            "/Blog/Launch", "/about", "/contact", "/signup", "/café", "/search");
    static final List<String> HOSTS = List.of("%s", "www.%s", "shop.%s");
    static final List<String> REFERRERS = List.of("", "", "https://www.google.com/search?q=x", "https://news.ycombinator.com/item?id=1",
            "https://github.com/footfall", "https://t.co/abc", "https://duckduckgo.com/", "https://example.org/links");
    static final List<String> UTM = List.of("", "", "", "?utm_source=newsletter&utm_medium=email&utm_campaign=launch",
            "?utm_source=twitter&utm_medium=social", "?utm_campaign=Autumn&utm_content=banner&utm_term=analytics",
            "?utm_source=google&utm_medium=cpc", "?utm_source=fb-ads&utm_campaign=Shop-Sale", "?utm_medium=display&utm_campaign=cross-network");
    static final List<String> AGENTS = List.of(TestServer.BROWSER_UA,
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36");
    static final List<String> IPS = List.of("8.8.8.8", "81.2.69.142", "89.160.20.112", "2.125.160.216", "175.16.199.1",
            "216.160.83.56", "1.1.1.1", "185.199.108.153", "203.0.113.9", "5.6.7.8", "77.88.55.66", "139.130.4.5");
    static final List<String> PLANS = List.of("free", "pro", "Team", "");

    private record Hit(Instant at, EventRequest request, String ip, String ua) {}

    private OracleTraffic() {}

    /** Sends {@code visitors} visitors' traffic for one site through the server's ingest pipeline, and waits until it is stored. */
    public static void send(FootfallServer server, String domain, int visitors, long seed) {
        send(server.ingestion(), domain, visitors, seed);
        if (!server.awaitLoaded(java.time.Duration.ofMinutes(1))) throw new IllegalStateException("the loader did not catch up");
    }

    /** Sends {@code visitors} visitors' traffic for one site; durable (journaled) when this returns. */
    public static void send(Ingestion ingestion, String domain, int visitors, long seed) {
        Random random = new Random(seed);
        List<Hit> hits = new ArrayList<>();
        long window = Duration.between(WINDOW_START, WINDOW_END).toSeconds();
        for (int v = 0; v < visitors; v++) {
            // A visitor is an (IP, user agent) pair: the pipeline hashes them into the visitor id.
            String ip = random.nextInt(4) == 0 ? "10.0." + v / 250 + "." + v % 250 : IPS.get(v % IPS.size()).replaceFirst("\\d+$", String.valueOf(1 + v % 250));
            String ua = AGENTS.get(random.nextInt(AGENTS.size()));
            int visits = 1 + random.nextInt(3);
            for (int s = 0; s < visits; s++) {
                Instant at = WINDOW_START.plusSeconds((long) (random.nextDouble() * window));
                if (random.nextInt(10) == 0) at = at.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plusSeconds(86_400 - 300); // around midnight UTC
                String host = HOSTS.get(random.nextInt(HOSTS.size())).formatted(domain);
                String referrer = REFERRERS.get(random.nextInt(REFERRERS.size()));
                String utm = UTM.get(random.nextInt(UTM.size()));
                int pages = 1 + (random.nextInt(3) == 0 ? 0 : random.nextInt(5));
                for (int p = 0; p < pages; p++) {
                    String path = PAGES.get((int) Math.min(PAGES.size() - 1, Math.abs(random.nextGaussian()) * 4));
                    String url = "https://" + host + path + (p == 0 ? utm : "");
                    hits.add(new Hit(at, event("pageview", url, domain, p == 0 ? referrer : "https://" + host + "/", Map.of(), true, null, null), ip, ua));
                    if (random.nextInt(3) > 0) {
                        Instant engaged = at.plusSeconds(5 + random.nextInt(120));
                        Integer depth = random.nextInt(6) == 0 ? null : random.nextInt(101);
                        hits.add(new Hit(engaged, event("engagement", url, domain, "", Map.of(), true, depth, 500 + random.nextInt(90_000)), ip, ua));
                    }
                    if (random.nextInt(5) == 0) {
                        String name = random.nextBoolean() ? "Signup" : "Download";
                        Map<String, String> props = new HashMap<>();
                        String plan = PLANS.get(random.nextInt(PLANS.size()));
                        if (random.nextInt(4) > 0) props.put("plan", plan);
                        if (random.nextBoolean()) props.put("size", String.valueOf(random.nextInt(4)));
                        hits.add(new Hit(at.plusSeconds(3), event(name, url, domain, "", props, random.nextInt(4) > 0, null, null), ip, ua));
                    }
                    // Mostly short gaps; sometimes long enough to end the visit.
                    at = at.plusSeconds(random.nextInt(10) == 0 ? 1_900 + random.nextInt(3_000) : 10 + random.nextInt(600));
                }
            }
        }
        hits.sort(Comparator.comparing(Hit::at));
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (Hit hit : hits) {
            while (true) {
                try {
                    pending.add(ingestion.ingest(hit.request(), hit.ip(), hit.ua(), hit.at()).appended().durable());
                    break;
                } catch (dev.footfall.journal.JournalBusyException e) {
                    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                }
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    private static EventRequest event(String name, String url, String domain, String referrer, Map<String, String> props,
                                      boolean interactive, Integer depth, Integer engagedMs) {
        return new EventRequest(name, URI.create(url), List.of(domain), referrer, props, interactive, false, depth, engagedMs);
    }

    /** The site's stored events, in storage order, as the oracle reads them. */
    static List<StatsOracle.Ev> stored(TestServer server, String domain) {
        List<StatsOracle.Ev> events = new ArrayList<>();
        String sql = "SELECT epoch(ts)::BIGINT AS ts, name, visitor_id, session_id, hostname, pathname, referrer, referrer_source, utm_medium, utm_source, "
                + "utm_campaign, utm_content, utm_term, country, region, city, device, browser, browser_version, os, os_version, "
                + "to_json(props)::VARCHAR AS props, interactive, scroll_depth, engagement_ms FROM events WHERE site = '" + domain
                + "' ORDER BY ts, rowid";
        for (Map<String, Object> r : StoredRows.query(server.server.storage(), sql)) {
            events.add(new StatsOracle.Ev(Instant.ofEpochSecond((Long) r.get("ts")),
                    (String) r.get("name"), (Long) r.get("visitor_id"), (Long) r.get("session_id"), s(r, "hostname"), s(r, "pathname"),
                    s(r, "referrer"), s(r, "referrer_source"), s(r, "utm_medium"), s(r, "utm_source"), s(r, "utm_campaign"),
                    s(r, "utm_content"), s(r, "utm_term"), s(r, "country"), s(r, "region"), s(r, "city"), s(r, "device"),
                    s(r, "browser"), s(r, "browser_version"), s(r, "os"), s(r, "os_version"), props(s(r, "props")),
                    (Boolean) r.get("interactive"), r.get("scroll_depth") == null ? null : ((Number) r.get("scroll_depth")).intValue(),
                    r.get("engagement_ms") == null ? null : ((Number) r.get("engagement_ms")).intValue()));
        }
        return events;
    }

    private static String s(Map<String, Object> row, String column) {
        return (String) row.get(column);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> props(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }

    public static ZoneId zone(String domain) {
        return ZoneId.of(domain.startsWith("berlin") ? "Europe/Berlin" : domain.startsWith("kathmandu") ? "Asia/Kathmandu" : "America/New_York");
    }
}
