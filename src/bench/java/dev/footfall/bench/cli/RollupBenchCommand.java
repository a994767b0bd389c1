package dev.footfall.bench.cli;

import dev.footfall.bench.BulkHistory;
import dev.footfall.rollup.RollupBuilder;
import dev.footfall.server.ServerConfig;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What building rollups costs for many small sites: the nightly work of a server holding a
 * thousand sites is one day of each, so the builder's fixed cost per site and day, not its cost
 * per event, decides whether that fits in the night.
 */
@Command(name = "rollups", mixinStandardHelpOptions = true,
        description = {"Time the rollup builder over many small sites: generates --sites small sites (about 45 events a day each, "
                + "six time zones) and one large one over a month straight into the raw tables, builds every closed day, then drops "
                + "the last --days days of each small site and times building them again: once as the server's catch-up does "
                + "(the sites of one time zone together), once site by site (as a rebuild does); reports ms per site-day of each."})
final class RollupBenchCommand implements Callable<Integer> {
    /** The large site's traffic sizes the small ones' (a thousandth each): ~1,000 pageviews a month, ~30 events a day. */
    private static final long LARGE_SITE_PAGEVIEWS_PER_MONTH = 1_000_000;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}/footfall-bench-rollups",
            description = "Data directory; the generated sites are kept there and reused by later runs with the same --sites (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--sites", defaultValue = "1000", description = "Small sites (default: ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--days", defaultValue = "2", description = "Closed days of each small site to build, the last ones (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = ServerConfig.DEFAULT_MEMORY_LIMIT,
            description = "Storage engine memory limit (default: ${DEFAULT-VALUE}).")
    String memoryLimit;

    @Override
    public Integer call() throws Exception {
        if (sites < 1 || days < 1 || days > 28) throw new IllegalArgumentException("--sites must be positive and --days within 1..28");
        BulkHistory.Spec spec = BulkHistory.find(dataDir).orElse(null);
        if (spec == null || spec.smallSites() != sites) {
            if (Files.exists(dataDir)) throw new IllegalArgumentException("--data " + dataDir + " holds other data; delete it or use another directory");
            LocalDate lastDay = RollupBuilder.openFrom(BulkHistory.largeSite(), Instant.now()).minusDays(2);
            spec = new BulkHistory.Spec(1, LARGE_SITE_PAGEVIEWS_PER_MONTH, sites, lastDay, 42);
            long start = System.nanoTime();
            BulkHistory.Result r = new BulkHistory(spec).writeTo(dataDir, memoryLimit, line -> {});
            System.out.printf("generated:     %d small sites and one large, %s: %,d events in %.0f s%n", sites, spec.describe(), r.events(),
                    (System.nanoTime() - start) / 1e9);
        } else {
            System.out.printf("data:          generated earlier: %s%n", spec.describe());
        }
        long events = BulkHistory.count(dataDir, "SELECT count(*) FROM events WHERE site <> '" + BulkHistory.DOMAIN + "'");
        System.out.printf("small sites:   %,d events in all, about %.0f per site and day%n", events, (double) events / sites / spec.days());

        List<Site> small = spec.sites().subList(1, spec.sites().size());
        LocalDate to = spec.lastDay(), from = to.minusDays(days - 1);
        try (DuckDbStorage storage = DuckDbStorage.open(dataDir, memoryLimit, Runtime.getRuntime().availableProcessors())) {
            RollupBuilder builder = new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, Clock.systemUTC(), d -> {});
            long start = System.nanoTime();
            builder.catchUp();
            System.out.printf("first build:   every closed day of every site (untimed preparation) in %.1f s%n", (System.nanoTime() - start) / 1e9);

            // The nightly catch-up: the last days of every small site are due, built together per time zone.
            dropDays(storage, builder, small, from, to);
            start = System.nanoTime();
            builder.catchUp();
            double together = (System.nanoTime() - start) / 1e9;
            report("catch-up", small.size(), from, to, together);

            // The same days site by site, as a rebuild (and the builder before it grouped sites) does them.
            double[] perSite = new double[small.size()];
            start = System.nanoTime();
            for (int i = 0; i < small.size(); i++) {
                long t = System.nanoTime();
                builder.rebuild(small.get(i), from, to);
                perSite[i] = (System.nanoTime() - t) / 1e6;
            }
            double alone = (System.nanoTime() - start) / 1e9;
            report("site by site", small.size(), from, to, alone);
            Arrays.sort(perSite);
            System.out.printf("               per site p50 %.0f ms, p95 %.0f ms%n", perSite[perSite.length / 2], perSite[(int) (perSite.length * 0.95)]);
            System.out.printf("ratio:         the catch-up takes %.3f of the time of site-by-site builds%n", together / alone);
        }
        return 0;
    }

    private static void dropDays(DuckDbStorage storage, RollupBuilder builder, List<Site> sites, LocalDate from, LocalDate to) {
        for (Site site : sites) {
            storage.rollups().drop(site.domain(), from, to);
            builder.forget(site.domain());
        }
    }

    private void report(String how, int sites, LocalDate from, LocalDate to, double seconds) {
        System.out.printf("%-14s %d sites x %d days (%s to %s) in %.1f s = %.1f ms per site-day; one night (one day of each site) %.1f s%n",
                how + ":", sites, days, from, to, seconds, seconds * 1000 / sites / days, seconds / days);
    }
}
