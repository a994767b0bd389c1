package dev.footfall.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.bench.BenchServer;
import dev.footfall.bench.BulkHistory;
import dev.footfall.bench.ClickHouseAgreement;
import dev.footfall.bench.ClickHouseCopy;
import dev.footfall.bench.ClickHousePanels;
import dev.footfall.bench.ClickHouseServer;
import dev.footfall.bench.LoadTools;
import dev.footfall.bench.StatsDashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code footfall bench clickhouse}: issue 14's yardstick. Footfall's dashboard (rollups and the
 * planner, over HTTP, result cache off) against ClickHouse scanning the raw events and sessions
 * of the same data directory, in the same run, on the same machine: per range and with and
 * without a filter on every panel, the sum of the seven panels' median times and their ratio.
 * ClickHouse's answers are checked against Footfall's, so both sides answer the same question.
 */
@Command(name = "clickhouse", mixinStandardHelpOptions = true,
        description = {"Footfall's dashboard vs ClickHouse over the raw rows of the same data (issue 14's ratios).",
                "Prepares the history as `bench history` does (the same flags reuse its data directory), starts Debian's "
                        + "clickhouse-server 18.16 on loopback with a directory of its own (installing it with apt-get when "
                        + "missing and root), copies every raw event and session row into MergeTree tables, and starts "
                        + "`footfall serve --result-cache 0`. Then, over 30 and 365 days, unfiltered and with "
                        + "visit:device = Mobile on every panel, times issue 14's seven panels (top stats, daily series, pages, "
                        + "sources, countries, devices, pages of one country) on both, alternately: a warm-up run (whose answers "
                        + "are compared) and --runs measured ones. Both are asked over HTTP."})
final class ClickHouseBenchCommand implements Callable<Integer> {
    /** The ranges of the issue, in days ending with the last generated day. */
    private static final List<Integer> RANGES = List.of(30, 365);
    /** The issue's filter on each panel: one visit property that rollups keep. */
    private static final StatsDashboard.Filter MOBILE = new StatsDashboard.Filter("visit:device", "Mobile");
    /** The panel whose single latency stands for "a rollup-served panel": one number from the rollups, no breakdown. */
    private static final String SINGLE_PANEL = "top stats";

    @Mixin
    HistoryData history;

    @Option(names = "--runs", defaultValue = "5", description = "Measured dashboards per range and filter on each side, after one warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--country", defaultValue = "DE", description = "The country of the filtered pages panel (default: ${DEFAULT-VALUE}).")
    String country;

    @Option(names = "--clickhouse-memory", paramLabel = "BYTES", defaultValue = "4G", converter = BenchCommand.Stats.Count.class,
            description = "ClickHouse's max_memory_usage per query; its default of 10 GB would not fit beside the other builds here (default: ${DEFAULT-VALUE}).")
    long clickhouseMemory;

    /** One side's medians: per panel, and of the dashboard (the panels of one run summed). */
    private record Medians(List<Double> panels, double dashboard) {}

    /** A measured case: a range, filtered or not, on both sides. */
    private record Case(int days, boolean filtered, Medians footfall, Medians clickhouse, List<String> panels, List<String> served, int differences) {}

    @Override
    public Integer call() throws Exception {
        if (runs < 1) throw new IllegalArgumentException("--runs must be positive");
        BulkHistory.Spec spec = history.prepare();
        LoadTools.requireClickHouse();
        List<Case> cases = new ArrayList<>();
        try (ClickHouseServer clickhouse = ClickHouseServer.start(clickhouseMemory)) {
            System.out.printf("clickhouse:    %s, pid %d, http port %d, max_memory_usage %,d bytes%n", clickhouse.version(), clickhouse.pid(),
                    clickhouse.httpPort(), clickhouseMemory);
            ClickHouseCopy.copy(history.dataDir, clickhouse, history.memoryLimit, c -> System.out.printf(
                    "copied:        %,d %s rows (%.0f MB of CSV): DuckDB COPY %.1f s, ClickHouse INSERT %.1f s%n",
                    c.rows(), c.table(), c.csvBytes() / 1e6, c.exportSeconds(), c.insertSeconds()));
            List<String> flags = List.of("--result-cache", "0");
            try (BenchServer server = BenchServer.startExisting(history.dataDir, history.memoryLimit, flags);
                 StatsDashboard dashboard = new StatsDashboard(server.port(), server.adminKey(), 1)) {
                System.out.printf("footfall:      pid %d, memory limit %s, flags %s; %d cores%n", server.pid(), history.memoryLimit, flags,
                        Runtime.getRuntime().availableProcessors());
                for (int days : RANGES) {
                    for (boolean filtered : List.of(false, true)) cases.add(measure(spec, days, filtered, dashboard, clickhouse));
                }
                server.stop();
            }
        }
        summary(cases);
        return 0;
    }

    private Case measure(BulkHistory.Spec spec, int days, boolean filtered, StatsDashboard dashboard, ClickHouseServer clickhouse) throws Exception {
        LocalDate to = spec.lastDay(), from = to.minusDays(days - 1);
        List<StatsDashboard.Filter> filters = filtered ? List.of(MOBILE) : List.of();
        List<StatsDashboard.Panel> panels = StatsDashboard.issue14(BulkHistory.DOMAIN, from, to, country, filters);
        List<ClickHousePanels.Panel> queries = ClickHousePanels.issue14(BulkHistory.DOMAIN, BulkHistory.largeSite().timezone(), from, to, country, filters);
        System.out.printf("%n== %d days (%s to %s)%s, %d runs after a warm-up%n", days, from, to,
                filtered ? ", every panel filtered by " + MOBILE.dimension() + " = " + MOBILE.value() : "", runs);

        // Warm-up, untimed: Footfall with include.explain (what served each panel), ClickHouse's answers compared with it.
        List<String> served = new ArrayList<>();
        int differences = 0;
        for (int i = 0; i < panels.size(); i++) {
            JsonNode answer = dashboard.explain(panels.get(i)).answer();
            served.add(StatsDashboard.served(answer));
            List<String> differ = ClickHouseAgreement.differences(panels.get(i).name(), ClickHouseAgreement.rows(answer.path("results")),
                    ClickHousePanels.rows(queries.get(i), clickhouse.query(queries.get(i).sql())));
            differ.forEach(d -> System.out.println("  DIFFERENCE " + d));
            differences += differ.size();
        }

        // Measured: the two sides alternate run by run, so a change in the shared machine's load hits both.
        List<long[]> footfall = new ArrayList<>(), ch = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            footfall.add(new long[runs]);
            ch.add(new long[runs]);
        }
        for (int r = 0; r < runs; r++) {
            long[] f = dashboard.sequential(panels);
            for (int i = 0; i < panels.size(); i++) footfall.get(i)[r] = f[i];
            for (int i = 0; i < queries.size(); i++) {
                long start = System.nanoTime();
                clickhouse.query(queries.get(i).sql());
                ch.get(i)[r] = System.nanoTime() - start;
            }
        }
        Medians footfallMedians = medians(footfall), clickhouseMedians = medians(ch);
        System.out.printf("  %-22s %12s %14s %9s   %s%n", "panel", "Footfall ms", "ClickHouse ms", "ratio", "Footfall: served by (warm-up)");
        for (int i = 0; i < panels.size(); i++) {
            double f = footfallMedians.panels().get(i), c = clickhouseMedians.panels().get(i);
            System.out.printf("  %-22s %12.1f %14.1f %9.3f   %s%n", panels.get(i).name(), f, c, f / c, served.get(i));
        }
        System.out.printf("  %-22s %12.1f %14.1f %9.3f   (sums of the panels' medians)%n", "dashboard", footfallMedians.dashboard(),
                clickhouseMedians.dashboard(), footfallMedians.dashboard() / clickhouseMedians.dashboard());
        System.out.printf("  answers: %s%n", differences == 0 ? "ClickHouse's equal Footfall's on every panel" : differences + " difference(s), printed above");
        return new Case(days, filtered, footfallMedians, clickhouseMedians, panels.stream().map(StatsDashboard.Panel::name).toList(), served, differences);
    }

    private Medians medians(List<long[]> perPanel) {
        List<Double> panels = new ArrayList<>();
        double sum = 0;
        for (long[] samples : perPanel) {
            double median = StatsDashboard.millis(samples, 0.5);
            panels.add(median);
            sum += median;
        }
        return new Medians(panels, sum);
    }

    private void summary(List<Case> cases) {
        System.out.printf("%n== summary: Footfall (rollups and planner, HTTP, result cache off) vs ClickHouse (raw rows, HTTP); "
                + "sums of the %d panels' medians of %d runs%n", cases.getFirst().panels().size(), runs);
        System.out.printf("  %-30s %12s %14s %16s %12s%n", "", "Footfall ms", "ClickHouse ms", "Footfall / CH", "answers");
        for (Case c : cases) {
            System.out.printf("  %-30s %12.1f %14.1f %16.3f %12s%n", c.days() + " days" + (c.filtered() ? ", device = Mobile" : ""),
                    c.footfall().dashboard(), c.clickhouse().dashboard(), c.footfall().dashboard() / c.clickhouse().dashboard(),
                    c.differences() == 0 ? "equal" : c.differences() + " differ");
        }
        for (Case c : cases) {
            if (c.filtered()) continue;
            int i = c.panels().indexOf(SINGLE_PANEL);
            System.out.printf("  single rollup-served panel (%s, %d days): Footfall p50 %.1f ms (%s), ClickHouse %.1f ms%n", SINGLE_PANEL, c.days(),
                    c.footfall().panels().get(i), c.served().get(i), c.clickhouse().panels().get(i));
        }
    }
}
