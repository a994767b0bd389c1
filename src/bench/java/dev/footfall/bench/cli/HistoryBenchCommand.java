package dev.footfall.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.bench.BenchServer;
import dev.footfall.bench.BulkHistory;
import dev.footfall.bench.StatsDashboard;
import dev.footfall.bench.TierCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code footfall bench history}: the dashboard over 30 and 365 days of a site with months of
 * history, answered by the planner (rollups plus raw edges) and by the raw tier alone, over HTTP
 * against the real server, with the result cache off so that it hides no work.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Dashboard latency over 30 and 365 days of a site with months of history: planner (rollups) vs raw-only.",
                "Unless the data directory already holds it, first writes --months of traffic for one large site ("
                        + BulkHistory.DOMAIN + ", Europe/Berlin) and --small-sites small ones straight into the raw tables, "
                        + "then builds the large site's rollups (timed) and catches up the small sites' as a server would. Then starts `footfall serve` on the directory three times: "
                        + "planner with the result cache off, raw-only (--no-rollups) with it off, and planner with the cache on; "
                        + "each times the dashboard (panels in turn, and with --clients connections at once) and the pages "
                        + "filtered by one source over 365 days. Every planner answer must equal the raw-only one, or the run fails."})
final class HistoryBenchCommand implements Callable<Integer> {
    /** The targets on 2 cores, warm: a 30-day dashboard within 20 ms, a 365-day one within 50 ms. */
    private static final Map<Integer, Double> TARGET_MILLIS = Map.of(30, 20.0, 365, 50.0);
    /** The bound on the server's resident memory with memory_limit set. */
    private static final long TARGET_RSS_BYTES = 512L << 20;
    /** The ranges a dashboard is timed over, in days ending with the last generated day. */
    private static final List<Integer> RANGES = List.of(30, 365);
    /** The filtered breakdown's range: the long one, where reading raw costs most. */
    private static final int FILTERED_DAYS = 365;

    @Mixin
    HistoryData history;

    @Option(names = "--runs", defaultValue = "10", description = "Measured dashboards per range with the planner (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--raw-runs", defaultValue = "2",
            description = "Measured dashboards per range raw-only, panels in turn only: a 365-day one takes minutes (default: ${DEFAULT-VALUE}).")
    int rawRuns;

    @Option(names = "--clients", defaultValue = "4",
            description = "Connections for the planner's concurrent dashboard, as a browser loads one (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--source", defaultValue = "Google", description = "The source the filtered breakdown keeps (default: ${DEFAULT-VALUE}).")
    String source;

    /** One server's timings: per range, and the filtered breakdown. */
    private record Timings(Map<Integer, StatsDashboard.Samples> ranges, long[] filtered, BenchServer.Memory memory) {}

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || rawRuns < 1 || clients < 1) throw new IllegalArgumentException("--runs, --raw-runs and --clients must be positive");
        BulkHistory.Spec spec = history.prepare();

        TierCheck check = new TierCheck();
        Timings planner = measure(spec, "planner (rollups), result cache off", List.of("--result-cache", "0"), runs, clients, check::expect);
        Timings raw = measure(spec, "raw-only, result cache off", List.of("--no-rollups", "--result-cache", "0"), rawRuns, 1, check::compare);
        System.out.printf("%nplanner == raw-only: all %d answers equal%n", check.compared());
        Timings cached = measure(spec, "planner with the result cache (warm: every answer cached by the warm-up)", List.of(), runs, clients, (n, a) -> {});
        summary(planner, raw, cached);
        return 0;
    }

    /** Starts a server with {@code flags}, times both ranges and the filtered breakdown, and hands each warm-up answer to {@code answers}. */
    private Timings measure(BulkHistory.Spec spec, String label, List<String> flags, int runs, int clients, TierCheck.Sink answers)
            throws Exception {
        Map<Integer, StatsDashboard.Samples> ranges = new LinkedHashMap<>();
        long[] filtered = new long[runs];
        try (BenchServer server = BenchServer.startExisting(history.dataDir, history.memoryLimit, flags);
             StatsDashboard dashboard = new StatsDashboard(server.port(), server.adminKey(), clients)) {
            System.out.printf("%n== %s: pid %d, memory limit %s, %d cores, flags %s%n", label, server.pid(), history.memoryLimit,
                    Runtime.getRuntime().availableProcessors(), flags);
            for (int days : RANGES) {
                LocalDate from = spec.lastDay().minusDays(days - 1);
                List<StatsDashboard.Panel> panels = StatsDashboard.dashboard(BulkHistory.DOMAIN, from, spec.lastDay());
                System.out.printf("%n%d days (%s to %s), %d runs:%n", days, from, spec.lastDay(), runs);
                List<String> tiers = new ArrayList<>();
                for (StatsDashboard.Panel p : panels) tiers.add(warmUp(dashboard, days + " days, " + p.name(), p, answers));
                if (clients > 1) dashboard.concurrent(panels);
                StatsDashboard.Samples samples = dashboard.measure(panels, runs);
                ranges.put(days, samples);
                System.out.printf("  %-24s %9s %9s   %s%n", "panel", "p50 ms", "p95 ms", "parts by tier, rows read, engine time (meta.explain, warm-up)");
                for (int i = 0; i < panels.size(); i++) {
                    long[] s = samples.panels().get(i);
                    System.out.printf("  %-24s %9.1f %9.1f   %s%n", panels.get(i).name(), StatsDashboard.millis(s, 0.5), StatsDashboard.millis(s, 0.95), tiers.get(i));
                }
                printDashboard("dashboard, in turn", samples.sequential());
                if (samples.concurrent().length > 0) printDashboard("dashboard, " + clients + " clients", samples.concurrent());
            }
            LocalDate from = spec.lastDay().minusDays(FILTERED_DAYS - 1);
            StatsDashboard.Panel panel = StatsDashboard.pagesFrom(BulkHistory.DOMAIN, from, spec.lastDay(), source);
            String tiers = warmUp(dashboard, FILTERED_DAYS + " days, " + panel.name(), panel, answers);
            for (int r = 0; r < runs; r++) filtered[r] = dashboard.run(panel.body()).nanos();
            System.out.printf("%n  %-24s %9.1f %9.1f   %s (%d days)%n", panel.name(), StatsDashboard.millis(filtered, 0.5),
                    StatsDashboard.millis(filtered, 0.95), tiers, FILTERED_DAYS);
            BenchServer.Memory m = server.memory();
            System.out.printf("  server memory after the runs: RSS %s (peak %s), heap used %s of %s committed%n",
                    BenchCommand.Stats.mib(m.rss()), BenchCommand.Stats.mib(m.peakRss()), BenchCommand.Stats.mib(m.heapUsed()), BenchCommand.Stats.mib(m.heapCommitted()));
            server.stop();
            return new Timings(ranges, filtered, m);
        }
    }

    /**
     * Runs the panel once with include.explain (untimed), hands its answer on, and returns what
     * served it: the parts of its statements per tier, the rows they read and the engine's time.
     */
    private static String warmUp(StatsDashboard dashboard, String name, StatsDashboard.Panel panel, TierCheck.Sink answers) throws Exception {
        JsonNode answer = dashboard.explain(panel).answer();
        answers.accept(name, answer.path("results"));
        return StatsDashboard.served(answer);
    }

    private static void printDashboard(String name, long[] samples) {
        System.out.printf("  %-24s %9.1f %9.1f%n", name, StatsDashboard.millis(samples, 0.5), StatsDashboard.millis(samples, 0.95));
    }

    /** The comparison table: p50/p95 planner vs raw-only per range, the ratio of p50s, and the targets. */
    private void summary(Timings planner, Timings raw, Timings cached) {
        System.out.printf("%n== summary (p50 / p95 ms; p95 is the slowest run below 20 runs)%n");
        System.out.printf("  %-34s %19s %19s %9s %19s%n", "", "planner", "raw-only", "raw/plan", "planner + cache");
        for (int days : RANGES) {
            StatsDashboard.Samples p = planner.ranges().get(days), r = raw.ranges().get(days), c = cached.ranges().get(days);
            row(days + "-day dashboard, in turn", p.sequential(), r.sequential(), c.sequential());
            if (p.concurrent().length > 0) {
                System.out.printf("  %-34s %19s %19s %9s %19s%n", days + "-day dashboard, " + clients + " clients", pair(p.concurrent()), "-", "",
                        pair(c.concurrent()));
            }
        }
        row(FILTERED_DAYS + "-day pages, source " + source, planner.filtered(), raw.filtered(), cached.filtered());
        for (int days : RANGES) {
            double target = TARGET_MILLIS.get(days);
            double inTurn = StatsDashboard.millis(planner.ranges().get(days).sequential(), 0.5);
            long[] concurrent = planner.ranges().get(days).concurrent();
            double atOnce = concurrent.length > 0 ? StatsDashboard.millis(concurrent, 0.5) : inTurn;
            System.out.printf("  target: %d-day dashboard <= %.0f ms without the cache: in turn p50 %.1f ms %s; %d clients p50 %.1f ms %s%n",
                    days, target, inTurn, verdict(inTurn, target), clients, atOnce, verdict(atOnce, target));
        }
        Map<String, Timings> servers = new LinkedHashMap<>();
        servers.put("planner", planner);
        servers.put("raw-only", raw);
        servers.put("planner + cache", cached);
        for (Map.Entry<String, Timings> t : servers.entrySet()) {
            long rss = t.getValue().memory().rss();
            System.out.printf("  target: RSS <= 512 MiB with memory_limit %s: %s RSS %s (peak %s) %s%n", history.memoryLimit, t.getKey(), BenchCommand.Stats.mib(rss),
                    BenchCommand.Stats.mib(t.getValue().memory().peakRss()), rss < 0 ? "" : rss <= TARGET_RSS_BYTES ? "met" : "missed");
        }
    }

    private static void row(String name, long[] planner, long[] raw, long[] cached) {
        System.out.printf("  %-34s %19s %19s %8.0fx %19s%n", name, pair(planner), pair(raw),
                StatsDashboard.millis(raw, 0.5) / StatsDashboard.millis(planner, 0.5), pair(cached));
    }

    private static String pair(long[] samples) {
        return String.format("%.1f / %.1f", StatsDashboard.millis(samples, 0.5), StatsDashboard.millis(samples, 0.95));
    }

    private static String verdict(double millis, double target) {
        return millis <= target ? "met" : String.format("missed (%.1fx)", millis / target);
    }
}
