package dev.footfall.bench.cli;

import dev.footfall.bench.BenchFiles;
import dev.footfall.bench.BenchServer;
import dev.footfall.bench.FreshnessProbe;
import dev.footfall.bench.LoadResult;
import dev.footfall.bench.LoadTools;
import dev.footfall.bench.NginxCeiling;
import dev.footfall.bench.ServerMetrics;
import dev.footfall.bench.ServerSampler;
import dev.footfall.bench.SocketLoad;
import dev.footfall.bench.WrkLoad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code footfall bench ingest}: the numbers of issue 13 in one run. First the HTTP ceiling (nginx
 * answering a bare 202, see {@link NginxCeiling}) under the load, then Footfall under the same load
 * with durable acknowledgements, while a probe measures acknowledged → visible latency through the
 * Stats API and a sampler watches the server's memory and the loader's lag. Then the store must
 * hold every acknowledged event exactly once.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"HTTP ingest with durable acknowledgement, against the HTTP ceiling (nginx answering a bare 202).",
                "Runs the load (wrk with ingest.lua, by default `wrk -t2 -c64 -d10s` after a warm-up) against nginx, then "
                        + "against `footfall serve` as a child process on a fresh data directory. Meanwhile it measures how soon an "
                        + "acknowledged event is visible through the Stats API and the server's resident memory. Then it stops the "
                        + "server and checks that the database holds exactly the acknowledged events. nginx and wrk are Debian "
                        + "packages; run as root, the benchmark installs them with apt-get when missing."})
final class IngestBenchCommand implements Callable<Integer> {
    /** The site every generated event is for. */
    private static final String DOMAIN = "bench.footfall.local";
    /** How long the loader may take to store what the load left in the journal: far beyond the journal's 300 s age limit. */
    private static final Duration DRAIN_PATIENCE = Duration.ofMinutes(30);
    /** Between lag readings while the loader catches up: the drain time's resolution. */
    private static final long DRAIN_POLL_MILLIS = 100;

    @Option(names = {"--concurrency", "-c"}, defaultValue = "64",
            description = "Connections, each with one request in flight; the issue's -c64 (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = {"--wrk-threads", "-t"}, defaultValue = "2", description = "wrk threads; the issue's -t2 (default: ${DEFAULT-VALUE}).")
    int wrkThreads;

    @Option(names = {"--duration", "-d"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Measured period, for nginx and for Footfall; the issue's -d10s; 600 for the 10-minute memory run (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "10",
            description = "Load before measuring, for the JIT and the user-agent cache; nginx gets it too (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--load", defaultValue = "wrk",
            description = "Load generator: wrk, or java (the built-in virtual-thread raw-HTTP client) (default: ${DEFAULT-VALUE}).")
    String load;

    @Option(names = "--no-ceiling", description = "Skip nginx (e.g. for a long memory run): Footfall's figures only.")
    boolean noCeiling;

    @Option(names = "--no-freshness", description = "Send no freshness probes (whose Stats API queries add a little load).")
    boolean noFreshness;

    @Option(names = "--jfr", paramLabel = "FILE", description = "Record the server with Java Flight Recorder (profile settings) into FILE.")
    Path jfr;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Fresh data directory for the server (default: a temporary one, deleted afterwards).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || durationSeconds < 1 || warmupSeconds < 0 || wrkThreads < 1) {
            throw new IllegalArgumentException("--concurrency, --duration and --wrk-threads must be positive, --warmup not negative");
        }
        if (!load.equals("wrk") && !load.equals("java")) throw new IllegalArgumentException("--load must be wrk or java, not " + load);
        Optional<LoadTools.Tools> tools = load.equals("wrk") || !noCeiling ? Optional.of(LoadTools.require(!noCeiling)) : Optional.empty();
        System.out.printf("machine:       %d cores, load average %s (1, 5, 15 min) before the run%n",
                Runtime.getRuntime().availableProcessors(), loadAverage());
        Optional<LoadResult> ceiling = Optional.empty();
        if (!noCeiling) ceiling = Optional.of(ceiling(tools.orElseThrow()));
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("footfall-bench") : dataDir;
        try {
            return footfall(dir, tools, ceiling);
        } finally {
            if (temporary) BenchFiles.deleteRecursively(dir);
        }
    }

    private LoadResult ceiling(LoadTools.Tools tools) throws Exception {
        Path nginx = tools.nginx().orElseThrow();
        try (NginxCeiling server = NginxCeiling.start(nginx)) {
            System.out.printf("ceiling:       %s on port %d, %d workers, `return 202` for POST /api/event%n",
                    NginxCeiling.version(nginx), server.port(), server.workers());
            LoadResult r = generator(tools, server.port()).run(concurrency, warmup(), duration());
            printLoad("ceiling", r);
            return r;
        }
    }

    private int footfall(Path dir, Optional<LoadTools.Tools> tools, Optional<LoadResult> ceiling) throws Exception {
        List<String> jvmFlags = jfr == null ? List.of() : List.of("-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile");
        try (BenchServer server = BenchServer.start(dir, jvmFlags);
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             FreshnessProbe probe = new FreshnessProbe(server.port(), server.adminKey(), DOMAIN);
             ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor()) {
            server.addSite(DOMAIN);
            System.out.printf("footfall:      pid %d on port %d, data %s%n", server.pid(), server.port(), dir);
            ServerSampler sampler = new ServerSampler(server.pid(), server.port());
            ServerMetrics[] before = new ServerMetrics[1];
            // The observers start when the measured period does (after the warm-up), whichever generator runs.
            ScheduledFuture<?> observing = clock.schedule(() -> {
                before[0] = ServerMetrics.scrape(http, server.port());
                sampler.start();
                if (!noFreshness) probe.start();
                return null;
            }, warmupSeconds, TimeUnit.SECONDS);
            LoadResult r = generator(tools.orElse(null), server.port()).run(concurrency, warmup(), duration());
            observing.get();
            Optional<FreshnessProbe.Result> fresh = noFreshness ? Optional.empty() : Optional.of(probe.stop());
            ServerSampler.Result memory = sampler.stop();
            ServerMetrics after = ServerMetrics.scrape(http, server.port());
            double drainSeconds = awaitLoaded(http, server.port());
            server.stop();
            long stored = server.storedEvents();
            printLoad("footfall", r);
            return new IngestReport(r, ceiling, fresh, memory, before[0], after, drainSeconds, stored,
                    server.databaseBytes()).print();
        }
    }

    /** Seconds from the end of the load until the loader has stored everything journaled. */
    private static double awaitLoaded(HttpClient http, int port) throws Exception {
        long start = System.nanoTime();
        while (ServerMetrics.scrape(http, port).value("footfall_loader_lag_bytes") > 0) {
            if (System.nanoTime() - start > DRAIN_PATIENCE.toNanos()) {
                throw new IllegalStateException("the loader did not catch up within " + DRAIN_PATIENCE.toMinutes() + " minutes");
            }
            Thread.sleep(DRAIN_POLL_MILLIS);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private interface Generator {
        LoadResult run(int concurrency, Duration warmup, Duration duration) throws Exception;
    }

    private Generator generator(LoadTools.Tools tools, int port) {
        return load.equals("wrk")
                ? new WrkLoad(tools.wrk(), "http://127.0.0.1:" + port, DOMAIN, wrkThreads)::run
                : new SocketLoad(new InetSocketAddress("127.0.0.1", port), DOMAIN)::run;
    }

    private void printLoad(String who, LoadResult r) {
        System.out.printf("%-14s %,.0f requests/s, %s, %d connections, warm-up %d s, measured %.1f s; ack p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                who + ":", r.eventsPerSecond(), r.generator(), concurrency, warmupSeconds, r.seconds(), r.p50Millis(), r.p99Millis(), r.maxMillis());
    }

    private Duration warmup() {
        return Duration.ofSeconds(warmupSeconds);
    }

    private Duration duration() {
        return Duration.ofSeconds(durationSeconds);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (Exception notLinux) {
            return "unknown";
        }
    }
}
