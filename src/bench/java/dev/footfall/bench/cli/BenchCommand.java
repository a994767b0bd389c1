package dev.footfall.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.bench.BenchServer;
import dev.footfall.bench.LoadResult;
import dev.footfall.bench.SiteGenerator;
import dev.footfall.bench.SocketLoad;
import dev.footfall.bench.StatsDashboard;
import dev.footfall.bench.WrkLoad;
import dev.footfall.cli.Footfall;
import dev.footfall.server.ServerConfig;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code footfall bench ingest|import|stats|history|clickhouse|cardinality|dashboard|rollups}: performance measurements of a real server process.
 * The main class of target/footfall-bench.jar, which the launcher runs for {@code footfall bench}; the server's jar holds no benchmark.
 */
@Command(name = "footfall bench", mixinStandardHelpOptions = true, description = "Measure Footfall's performance.",
        subcommands = {IngestBenchCommand.class, ImportBenchCommand.class, BenchCommand.Stats.class, HistoryBenchCommand.class, ClickHouseBenchCommand.class,
                CardinalityBenchCommand.class, DashboardBenchCommand.class, RollupBenchCommand.class})
public final class BenchCommand {
    public static void main(String[] args) {
        System.exit(Footfall.commandLine(new BenchCommand()).execute(args));
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = {"Stats API latency of a dashboard (p50/p95 per panel and per dashboard) over 30 and 365 days of a large site.",
                    "Unless the data directory already holds it, first generates one site (" + Stats.DOMAIN + ", Europe/Berlin) with "
                            + "--events events over the last --days days, written straight to storage. Then starts `footfall serve` "
                            + "on the directory as a child process and times the dashboard's queries over HTTP: a warm-up, then "
                            + "--runs dashboards with the panels in turn and --runs with the panels spread over --clients connections."})
    static final class Stats implements Callable<Integer> {
        static final String DOMAIN = "bench.footfall.local";
        private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
        /** The targets for the raw tier on two cores: a 30-day dashboard within 300 ms, a 365-day one within 3 s. */
        private static final Map<Integer, Double> TARGET_MILLIS = Map.of(30, 300.0, 365, 3000.0);

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}/footfall-bench-stats",
                description = "Data directory; the generated site is kept there and reused by later runs (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--events", paramLabel = "N", defaultValue = "20000000", converter = Count.class,
                description = "Events to generate (about: whole visits), e.g. 20000000, 20_000_000 or 20M (default: ${DEFAULT-VALUE}).")
        long events;

        @Option(names = "--days", defaultValue = "365", description = "Days of history to generate, ending yesterday (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--runs", defaultValue = "5", description = "Measured dashboards per date range and mode (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--clients", defaultValue = "4",
                description = "Connections for the concurrent dashboard, as a browser loads one; 1 = panels in turn only (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = ServerConfig.DEFAULT_MEMORY_LIMIT,
                description = "Storage engine memory limit of the server and the generator (default: ${DEFAULT-VALUE}).")
        String memoryLimit;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated traffic (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--explain", description = "Also print each panel's SQL statement (from include.explain).")
        boolean explain;

        @Override
        public Integer call() throws Exception {
            if (runs < 1 || clients < 1) throw new IllegalArgumentException("--runs and --clients must be positive");
            SiteGenerator.Spec spec = prepare();
            long databaseBytes = databaseBytes(dataDir);
            SiteGenerator.Stored stored = SiteGenerator.find(dataDir, DOMAIN).orElseThrow();
            System.out.printf("data:          %s: %,d events, %,d session rows, %.2f GB on disk = %.1f bytes/event (events and sessions tables)%n",
                    dataDir, stored.events(), stored.sessionRows(), databaseBytes / 1e9, (double) databaseBytes / stored.events());
            try (BenchServer server = BenchServer.startExisting(dataDir, memoryLimit);
                 StatsDashboard dashboard = new StatsDashboard(server.port(), server.adminKey(), clients)) {
                System.out.printf("server:        pid %d on port %d, memory limit %s, %d cores, JVM %s%n", server.pid(), server.port(),
                        memoryLimit, Runtime.getRuntime().availableProcessors(), String.join(" ",
                                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
                for (int rangeDays : List.of(30, 365)) measure(dashboard, spec.lastDay().minusDays(rangeDays - 1), spec.lastDay(), rangeDays);
                BenchServer.Memory m = server.memory();
                System.out.printf("%nserver memory after the runs: RSS %s (peak %s), heap used %s of %s committed%n",
                        mib(m.rss()), mib(m.peakRss()), mib(m.heapUsed()), mib(m.heapCommitted()));
                server.stop();
            }
            return 0;
        }

        /** Finds the generated site, or generates it; returns what it holds. */
        private SiteGenerator.Spec prepare() throws Exception {
            Optional<SiteGenerator.Stored> stored = SiteGenerator.find(dataDir, DOMAIN);
            if (stored.isPresent() && stored.get().spec().isPresent()) {
                SiteGenerator.Spec existing = stored.get().spec().get();
                if (existing.events() != events || existing.days() != days || existing.seed() != seed) {
                    throw new IllegalArgumentException("--data " + dataDir + " holds a site generated with " + existing.events()
                            + " events over " + existing.days() + " days (seed " + existing.seed() + "); use another --data, "
                            + "the same --events/--days/--seed, or delete the directory");
                }
                System.out.printf("site:          %s, generated earlier: %s%n", DOMAIN, existing.describe());
                return existing;
            }
            SiteGenerator.Spec spec = new SiteGenerator.Spec(events, days, LocalDate.now(ZONE).minusDays(1), seed);
            try (DuckDbStorage storage = DuckDbStorage.open(dataDir, memoryLimit, Runtime.getRuntime().availableProcessors())) {
                if (stored.isPresent()) {
                    System.out.println("site:          " + DOMAIN + " is left from an interrupted generation; deleting it");
                    storage.deleteSite(DOMAIN);
                }
                Site site = new Site(DOMAIN, ZONE, List.of());
                storage.addSite(site);
                System.out.printf("generating:    %s (%s): %,d events over %d days, %s to %s, seed %d%n", DOMAIN, ZONE, events, days,
                        spec.firstDay(), spec.lastDay(), seed);
                SiteGenerator generator = new SiteGenerator(site, spec);
                long start = System.nanoTime();
                SiteGenerator.Result r;
                try (GenerationProgress progress = GenerationProgress.of(events)) {
                    r = generator.writeTo(storage, progress::update);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("generated:     %,d events (%,d pageviews, %,d engagement, %,d custom) in %,d visits "
                                + "(%.2f pageviews/visit), %,d session rows, in %.0f s = %,.0f events/s%n",
                        r.events(), r.pageviews(), r.engagements(), r.customEvents(), r.visits(), (double) r.pageviews() / r.visits(),
                        r.sessionRows(), seconds, r.events() / seconds);
            }
            return spec;
        }

        private void measure(StatsDashboard dashboard, LocalDate from, LocalDate to, int rangeDays) throws Exception {
            List<StatsDashboard.Panel> panels = StatsDashboard.panels(DOMAIN, from, to);
            System.out.printf("%n%d days (%s to %s):%n", rangeDays, from, to);
            dashboard.sequential(panels); // warm-up: JIT, the engine's caches, the OS page cache
            if (dashboard.clients() > 1) dashboard.concurrent(panels);
            JsonNode top = dashboard.run(panels.getFirst().body()).answer().path("results").path(0).path("metrics");
            System.out.printf("  top stats: %,d visitors, %,d visits, %,d pageviews, %s views/visit, %s %% bounce rate, %s s visit duration%n",
                    top.path(0).asLong(), top.path(1).asLong(), top.path(2).asLong(), top.path(3).asText(), top.path(4).asText(), top.path(5).asText());
            StatsDashboard.Samples samples = dashboard.measure(panels, runs);
            System.out.printf("  %-24s %9s %9s %12s %10s   (%d runs; p95 = nearest rank, the slowest run when runs < 20)%n",
                    "panel", "p50 ms", "p95 ms", "rows read", "engine ms", runs);
            List<String> statements = new ArrayList<>();
            for (int i = 0; i < panels.size(); i++) {
                JsonNode explained = dashboard.explain(panels.get(i)).answer().path("meta").path("explain");
                long rowsRead = 0;
                double engineMillis = 0;
                for (JsonNode e : explained) {
                    rowsRead += e.path("rows_read").asLong();
                    engineMillis += e.path("ms").asDouble();
                    statements.add("-- " + panels.get(i).name() + " (" + e.path("rows_read").asLong() + " rows read, "
                            + e.path("ms").asDouble() + " ms)\n" + e.path("sql").asText());
                }
                long[] s = samples.panels().get(i);
                System.out.printf("  %-24s %9.1f %9.1f %,12d %10.1f%n", panels.get(i).name(), StatsDashboard.millis(s, 0.5),
                        StatsDashboard.millis(s, 0.95), rowsRead, engineMillis);
            }
            System.out.printf("  %-24s %9.1f %9.1f%n", "dashboard, in turn", StatsDashboard.millis(samples.sequential(), 0.5),
                    StatsDashboard.millis(samples.sequential(), 0.95));
            if (samples.concurrent().length > 0) {
                System.out.printf("  %-24s %9.1f %9.1f%n", "dashboard, " + dashboard.clients() + " clients",
                        StatsDashboard.millis(samples.concurrent(), 0.5), StatsDashboard.millis(samples.concurrent(), 0.95));
            }
            Double target = TARGET_MILLIS.get(rangeDays);
            if (target != null) {
                double p50 = StatsDashboard.millis(samples.sequential(), 0.5);
                double p95 = StatsDashboard.millis(samples.sequential(), 0.95);
                System.out.printf("  target: a %d-day dashboard within %.0f ms: p50 %s, p95 %s (panels in turn)%n", rangeDays, target,
                        p50 <= target ? "met" : String.format("missed (%.1fx)", p50 / target),
                        p95 <= target ? "met" : String.format("missed (%.1fx)", p95 / target));
            }
            if (explain) {
                System.out.println();
                statements.forEach(sql -> System.out.println(sql + "\n"));
            }
        }

        /** Bytes of the database file and its WAL in {@code dir}. */
        static long databaseBytes(Path dir) throws IOException {
            long bytes = 0;
            for (String name : List.of(DuckDbStorage.FILE_NAME, DuckDbStorage.FILE_NAME + ".wal")) {
                Path file = dir.resolve(name);
                if (Files.exists(file)) bytes += Files.size(file);
            }
            return bytes;
        }

        static String mib(long bytes) {
            return bytes < 0 ? "unknown" : String.format("%.0f MiB", bytes / 1048576.0);
        }

        /** Counts as written by people: 20000000, 20_000_000, 20M, 500k. */
        static final class Count implements CommandLine.ITypeConverter<Long> {
            @Override
            public Long convert(String value) {
                String v = value.strip().replace("_", "").toUpperCase(java.util.Locale.ROOT);
                long factor = 1;
                if (v.endsWith("K")) factor = 1_000;
                else if (v.endsWith("M")) factor = 1_000_000;
                else if (v.endsWith("G")) factor = 1_000_000_000;
                if (factor > 1) v = v.substring(0, v.length() - 1);
                try {
                    return Math.round(Double.parseDouble(v) * factor);
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a count (e.g. 20000000, 20_000_000 or 20M)");
                }
            }
        }

        /** A bar on an interactive terminal (as import shows one); otherwise a line every tenth of the way. */
        private interface GenerationProgress extends AutoCloseable {
            void update(long eventsDone);

            @Override
            void close();

            static GenerationProgress of(long total) {
                java.io.Console console = System.console();
                if (console != null && console.isTerminal()) {
                    ProgressBar bar = new ProgressBarBuilder().setTaskName("Generating").setInitialMax(total)
                            .setUnit(" events", 1).showSpeed().build();
                    return new GenerationProgress() {
                        public void update(long done) {
                            bar.stepTo(done);
                        }

                        public void close() {
                            bar.close();
                        }
                    };
                }
                long start = System.nanoTime();
                return new GenerationProgress() {
                    long reported;

                    public void update(long done) {
                        if (done * 10 / total > reported * 10 / total) {
                            reported = done;
                            double seconds = (System.nanoTime() - start) / 1e9;
                            System.out.printf("               %,d events written, %.0f s, %,.0f events/s%n", done, seconds, done / seconds);
                        }
                    }

                    public void close() {}
                };
            }
        }
    }
}
