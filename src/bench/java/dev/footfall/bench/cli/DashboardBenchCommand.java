package dev.footfall.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.footfall.account.Accounts;
import dev.footfall.account.Tokens;
import dev.footfall.bench.BenchFiles;
import dev.footfall.bench.DashboardTiming.Navigation;
import dev.footfall.bench.DashboardTiming.ServerCache;
import dev.footfall.bench.DashboardTiming;
import dev.footfall.bench.DevTools;
import dev.footfall.cli.DemoCommand;
import dev.footfall.cli.DemoTraffic;
import dev.footfall.cache.ResultCache;
import dev.footfall.server.FootfallServer;
import dev.footfall.server.ServerConfig;
import dev.footfall.site.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;

/** {@code footfall bench dashboard}: how soon the dashboard is fully drawn in headless Chromium, by the browser's own timings. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Time from navigation to the dashboard fully drawn, in headless Chromium driven over the DevTools protocol.",
                "Starts a server in this process on the demo data (generated as `footfall demo` does unless --data holds it), "
                        + "builds its rollups, logs the browser in as the demo owner, then opens /sites/" + DemoCommand.DEMO_SITE
                        + "?period=P from " + DashboardBenchCommand.SAME_ORIGIN_START + " (or another site) for each period: once with the server's result cache empty for that period, "
                        + "then --warmup and --runs times with the cache kept and as often with it cleared before each navigation. "
                        + "The time is the page's performance mark '" + DashboardTiming.MARK + "', set once the top stats, "
                        + "the graph and every panel have drawn."})
final class DashboardBenchCommand implements Callable<Integer> {
    /**
     * A small page of the server's origin to start each navigation from: the dashboard's own cost,
     * as after a reload or a link from another of its pages.
     */
    static final String SAME_ORIGIN_START = "/api/health";
    /** Another site: Chromium's cross-site navigation comes first, as when the dashboard is opened from elsewhere. */
    private static final String CROSS_SITE_START = "about:blank";
    /** The target: on the demo data, fully drawn within 500 ms of navigation on localhost. */
    private static final double TARGET_MILLIS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory with the demo site, or where to generate it (default: a temporary one, deleted afterwards).")
    Path dataDir;

    /* As `footfall demo` makes: the previous period the dashboard compares with has traffic too. */
    @Option(names = "--days", defaultValue = "90", description = "Days of demo history to generate (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--visitors-per-day", defaultValue = "400", description = "Average demo visitors per day (default: ${DEFAULT-VALUE}).")
    int visitorsPerDay;

    @Option(names = "--periods", split = ",", defaultValue = "30d,7d,12mo",
            description = "Dashboard periods to open, as in its URL (default: ${DEFAULT-VALUE}).")
    List<String> periods;

    @Option(names = "--runs", defaultValue = "10", description = "Measured navigations per period and server cache mode (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured navigations before them (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--chromium", paramLabel = "PATH", description = "The browser (default: ${DEFAULT-VALUE}).")
    Path chromium = DevTools.DEFAULT_CHROMIUM;

    @Option(names = "--cross-site", description = "Start each navigation from " + CROSS_SITE_START + " instead of "
            + SAME_ORIGIN_START + " of the server: adds Chromium's cross-site navigation (about 150 ms here).")
    boolean crossSite;

    @Option(names = "--screenshot", paramLabel = "FILE", description = "Save what the last navigation drew as PNG, to see what was timed.")
    Path screenshot;

    @Option(names = "--geoip", paramLabel = "FILE", defaultValue = "${env:FOOTFALL_GEOIP}",
            description = "MaxMind-format database, so the countries panel has rows as in the demo.")
    Path geoip;

    @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = ServerConfig.DEFAULT_MEMORY_LIMIT,
            description = "Storage engine memory limit of the server (default: ${DEFAULT-VALUE}).")
    String memoryLimit;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || warmup < 0 || days < 1 || visitorsPerDay < 1) {
            throw new IllegalArgumentException("--runs, --days and --visitors-per-day must be positive, --warmup not negative");
        }
        if (periods.stream().anyMatch(p -> !p.matches("[a-z0-9]+"))) throw new IllegalArgumentException("--periods must be names like 30d or 12mo");
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("footfall-bench-dashboard") : dataDir;
        try {
            return run(dir);
        } finally {
            if (temporary) BenchFiles.deleteRecursively(dir);
        }
    }

    private int run(Path dir) throws Exception {
        ServerConfig config = new ServerConfig(dir, 0, "127.0.0.1", Optional.empty(), Optional.ofNullable(geoip),
                ServerConfig.DEFAULT_TRUSTED_PROXIES, memoryLimit, ServerConfig.DEFAULT_QUEUE_CAPACITY);
        try (FootfallServer server = FootfallServer.start(config)) {
            long events = prepare(server, dir);
            String token = logIn(server.accounts());
            ResultCache cache = server.resultCache().orElseThrow();
            String base = "http://127.0.0.1:" + server.port();
            System.out.printf("server:        in this process on %s, memory limit %s, %d cores%n", base, memoryLimit,
                    Runtime.getRuntime().availableProcessors());
            List<DashboardTiming.Result> rows = new ArrayList<>();
            String version;
            try (DevTools browser = DevTools.launch(chromium)) {
                version = browser.version();
                System.out.printf("browser:       %s, headless, fresh profile; %d warm-up and %d measured navigations per period and mode, "
                        + "each from %s%n", version, warmup, runs, crossSite ? CROSS_SITE_START : SAME_ORIGIN_START);
                String start = crossSite ? CROSS_SITE_START : base + SAME_ORIGIN_START;
                DashboardTiming timing = new DashboardTiming(browser, base, DemoCommand.DEMO_SITE, cache, start);
                timing.logIn(token);
                for (String period : periods) {
                    rows.add(timing.first(period));
                    rows.add(timing.measure(period, ServerCache.KEPT, warmup, runs));
                    rows.add(timing.measure(period, ServerCache.CLEARED, warmup, runs));
                }
                if (screenshot != null) Files.write(screenshot, browser.screenshot());
            }
            report(rows);
            System.out.println(json(rows, events, version));
        }
        return 0;
    }

    /** Generates the demo site unless it is there, builds its closed days' rollups; returns its events. */
    private long prepare(FootfallServer server, Path dir) throws Exception {
        if (server.sites().add(new Site(DemoCommand.DEMO_SITE, ZoneId.of("Europe/Berlin"), List.of()))) {
            long start = System.nanoTime();
            int sent = new DemoTraffic(server.ingestion(), DemoCommand.DEMO_SITE, new Random()).history(days, visitorsPerDay, Instant.now());
            System.out.printf("generated:     %s: %d days x %d visitors/day = %,d events through the ingest pipeline in %.1f s%n",
                    DemoCommand.DEMO_SITE, days, visitorsPerDay, sent, (System.nanoTime() - start) / 1e9);
        }
        Site site = server.sites().find(DemoCommand.DEMO_SITE).orElseThrow();
        long start = System.nanoTime();
        // What the server's schedule would do within minutes, done now so the planner reads rollups from the first view.
        server.rollups().catchUp();
        System.out.printf("rollups:       %d closed days built or found in %.1f s%n", server.rollups().coverage(site).days().size(),
                (System.nanoTime() - start) / 1e9);
        long events = server.storage().countEvents(DemoCommand.DEMO_SITE);
        System.out.printf("data:          %s: %,d events in %s%n", DemoCommand.DEMO_SITE, events, dir);
        return events;
    }

    /** A login session of the demo owner, made first when the directory has no accounts yet. */
    private static String logIn(Accounts accounts) {
        if (accounts.setupRequired()) return accounts.setup(DemoCommand.DEMO_OWNER, Tokens.newToken()).token();
        return accounts.store().userByEmail(DemoCommand.DEMO_OWNER).map(accounts::open).map(Accounts.Opened::token)
                .orElseThrow(() -> new IllegalArgumentException("--data has accounts but not the demo owner " + DemoCommand.DEMO_OWNER));
    }

    private static void report(List<DashboardTiming.Result> rows) {
        System.out.printf("%n%-6s %-11s %4s %9s %7s %7s %7s %12s %9s %5s %9s %10s%n", "period", "server cache", "runs", "drawn p50",
                "p90", "min", "max", "responseEnd", "DOMLoaded", "API", "API done", "cache hits");
        for (DashboardTiming.Result r : rows) {
            System.out.printf("%-6s %-11s %4d %9.1f %7.1f %7.1f %7.1f %12.1f %9.1f %5.0f %9.1f %10.0f%n", r.period(), r.serverCache(),
                    r.runs().size(), r.median(Navigation::drawn), r.quantile(Navigation::drawn, 0.9), r.quantile(Navigation::drawn, 0),
                    r.quantile(Navigation::drawn, 1), r.median(Navigation::responseEnd), r.median(Navigation::domContentLoaded),
                    r.median(Navigation::apiRequests), r.median(Navigation::apiDone), r.median(Navigation::cacheHits));
        }
        System.out.println("(ms since navigation start, by the page's clock; p50 = median, nearest rank; responseEnd = the shell's HTML "
                + "received, DOMLoaded = DOMContentLoaded ended, API = calls to /api/, API done = the last one answered; "
                + "cache hits = queries the server answered from its result cache)");
        for (DashboardTiming.Result r : rows) {
            if (r.serverCache().equals("first view")) continue;
            double p50 = r.median(Navigation::drawn);
            System.out.printf("target:        %-5s server cache %-8s drawn within %.0f ms: p50 %.1f ms %s%n", r.period(), r.serverCache(),
                    TARGET_MILLIS, p50, p50 <= TARGET_MILLIS ? "met" : String.format("missed (%.1fx)", p50 / TARGET_MILLIS));
        }
    }

    /** The same figures as one line of JSON, for scripts. */
    private String json(List<DashboardTiming.Result> rows, long events, String browser) {
        ObjectNode root = JSON.createObjectNode().put("bench", "dashboard").put("events", events).put("browser", browser)
                .put("start", crossSite ? CROSS_SITE_START : SAME_ORIGIN_START)
                .put("cores", Runtime.getRuntime().availableProcessors()).put("target_ms", TARGET_MILLIS);
        ArrayNode results = root.putArray("results");
        for (DashboardTiming.Result r : rows) {
            results.addObject().put("period", r.period()).put("server_cache", r.serverCache()).put("runs", r.runs().size())
                    .put("drawn_p50_ms", r.median(Navigation::drawn)).put("drawn_p90_ms", r.quantile(Navigation::drawn, 0.9))
                    .put("drawn_min_ms", r.quantile(Navigation::drawn, 0)).put("drawn_max_ms", r.quantile(Navigation::drawn, 1))
                    .put("response_end_p50_ms", r.median(Navigation::responseEnd))
                    .put("dom_content_loaded_p50_ms", r.median(Navigation::domContentLoaded))
                    .put("load_p50_ms", r.median(Navigation::load))
                    .put("api_requests_p50", r.median(Navigation::apiRequests))
                    .put("api_total_p50_ms", r.median(Navigation::apiMillis))
                    .put("api_done_p50_ms", r.median(Navigation::apiDone))
                    .put("cache_hits_p50", r.median(Navigation::cacheHits));
        }
        return root.toString();
    }
}
