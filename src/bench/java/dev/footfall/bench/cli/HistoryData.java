package dev.footfall.bench.cli;

import dev.footfall.bench.BulkHistory;
import dev.footfall.rollup.RollupBuilder;
import dev.footfall.server.ServerConfig;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options and preparation the benchmarks over a long generated history share ({@code bench
 * history}, {@code bench clickhouse}): a data directory holding {@link BulkHistory}'s sites, found
 * or generated, with the large site's rollups built. With the same flags they use the same
 * directory, so one generation serves both.
 */
final class HistoryData {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}/footfall-bench-history",
            description = "Data directory; the generated history is kept there and reused by later runs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--months", defaultValue = "12", description = "Months of history, ending yesterday (default: ${DEFAULT-VALUE}).")
    int months;

    @Option(names = "--pageviews-per-month", paramLabel = "N", defaultValue = "20M", converter = BenchCommand.Stats.Count.class,
            description = "Pageviews a month of the large site, e.g. 20M (default: ${DEFAULT-VALUE}).")
    long pageviewsPerMonth;

    @Option(names = "--small-sites", paramLabel = "N", defaultValue = "100",
            description = "Small sites beside it, each with a thousandth of its traffic (default: ${DEFAULT-VALUE}).")
    int smallSites;

    @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = ServerConfig.DEFAULT_MEMORY_LIMIT,
            description = "Storage engine memory limit of the servers, the generator and the rollup build (default: ${DEFAULT-VALUE}).")
    String memoryLimit;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Finds the generated history, or generates it, then builds the large site's rollups unless built; prints what it holds. */
    BulkHistory.Spec prepare() throws Exception {
        BulkHistory.Spec spec = findOrGenerate();
        buildRollups(spec);
        long events = BulkHistory.count(dataDir, "SELECT count(*) FROM events");
        long bigEvents = BulkHistory.count(dataDir, "SELECT count(*) FROM events WHERE site = '" + BulkHistory.DOMAIN + "'");
        long bigPageviews = BulkHistory.count(dataDir, "SELECT count(*) FROM events WHERE site = '" + BulkHistory.DOMAIN + "' AND name = 'pageview'");
        long sessionRows = BulkHistory.count(dataDir, "SELECT count(*) FROM sessions");
        long bytes = BenchCommand.Stats.databaseBytes(dataDir);
        System.out.printf("data:          %s: %,d events (%s: %,d, of them %,d pageviews), %,d session rows, %d sites, %s to %s; "
                        + "%.2f GB on disk = %.1f bytes/event (everything: events, sessions, rollups)%n", dataDir, events, BulkHistory.DOMAIN,
                bigEvents, bigPageviews, sessionRows, spec.sites().size(), spec.firstDay(), spec.lastDay(), bytes / 1e9, (double) bytes / events);
        return spec;
    }

    private BulkHistory.Spec findOrGenerate() throws Exception {
        Optional<BulkHistory.Spec> found = BulkHistory.find(dataDir);
        if (found.isPresent()) {
            BulkHistory.Spec s = found.get();
            if (s.months() != months || s.pageviewsPerMonth() != pageviewsPerMonth || s.smallSites() != smallSites || s.seed() != seed) {
                throw new IllegalArgumentException("--data " + dataDir + " holds " + s.describe() + "; use another --data, the same flags, "
                        + "or delete the directory");
            }
            System.out.printf("history:       generated earlier: %s%n", s.describe());
            return s;
        }
        if (Files.exists(dataDir.resolve(DuckDbStorage.FILE_NAME))) {
            throw new IllegalArgumentException("--data " + dataDir + " holds a database without a finished history (an interrupted "
                    + "generation?); delete it or use another directory");
        }
        // Ends with the large site's last closed day, so that every day of the history can be rolled up.
        LocalDate lastDay = RollupBuilder.openFrom(BulkHistory.largeSite(), Instant.now()).minusDays(1);
        BulkHistory.Spec spec = new BulkHistory.Spec(months, pageviewsPerMonth, smallSites, lastDay, seed);
        System.out.printf("generating:    %s into %s%n", spec.describe(), dataDir);
        long start = System.nanoTime();
        BulkHistory.Result r = new BulkHistory(spec).writeTo(dataDir, memoryLimit, line -> System.out.println("               " + line));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("generated:     %,d events (%,d pageviews) in %,d visits in %.0f s = %,.0f events/s%n",
                r.events(), r.pageviews(), r.visits(), seconds, r.events() / seconds);
        return spec;
    }

    /**
     * Builds the large site's rollups over the generated days unless they are built, and says how
     * long that took and what it added; then the small sites', as a server started on the
     * directory would in the background ({@link RollupBuilder#catchUp}, a hundred sites' day per
     * build), so that no build runs beside the timed queries and the servers stop promptly.
     */
    private void buildRollups(BulkHistory.Spec spec) throws Exception {
        long before = BenchCommand.Stats.databaseBytes(dataDir);
        try (DuckDbStorage storage = DuckDbStorage.open(dataDir, memoryLimit, Runtime.getRuntime().availableProcessors())) {
            RollupBuilder builder = new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, Clock.systemUTC(), d -> {});
            Site site = spec.sites().getFirst();
            if (builder.coverage(site).days().size() >= spec.days()) {
                System.out.println("rollups:       built earlier (the build time is in that run's output)");
            } else {
                long start = System.nanoTime();
                int days = builder.rebuild(site, spec.firstDay(), spec.lastDay());
                System.out.printf("rollups:       %s: %d days and their months built in %.1f s%n", site.domain(), days, (System.nanoTime() - start) / 1e9);
            }
            long start = System.nanoTime();
            builder.catchUp();
            System.out.printf("rollups:       every other site and closed day caught up in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
        long after = BenchCommand.Stats.databaseBytes(dataDir);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : List.of("rollup_hour", "rollup_day", "rollup_month", "rollup_pair_day", "rollup_pair_month")) {
            rows.put(table, BulkHistory.count(dataDir, "SELECT count(*) FROM " + table));
        }
        System.out.printf("rollup rows:   %s%s%n", rows, after > before ? String.format("; the build grew the database by %.1f MB", (after - before) / 1e6) : "");
    }
}
