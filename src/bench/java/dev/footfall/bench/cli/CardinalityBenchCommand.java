package dev.footfall.bench.cli;

import dev.footfall.bench.BulkHistory;
import dev.footfall.bench.HighCardinalityDay;
import dev.footfall.rollup.RollupBuilder;
import dev.footfall.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code footfall bench cardinality}: rollups of one day whose page paths are nearly all different. */
@Command(name = "cardinality", mixinStandardHelpOptions = true,
        description = {"Rolls up one day of `bench history`'s site with its page paths spread over --paths values, "
                + "with the builder's value cap and without one: build time, rollup rows, dimensions left to raw."})
final class CardinalityBenchCommand implements Callable<Integer> {
    @Option(names = "--history", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}/footfall-bench-history",
            description = "A data directory written by `bench history`, read only (default: ${DEFAULT-VALUE}).")
    Path history;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}/footfall-bench-cardinality",
            description = "Scratch data directory, emptied first (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--day", paramLabel = "DATE", required = true, description = "A local day of the history, YYYY-MM-DD.")
    LocalDate day;

    @Option(names = "--paths", paramLabel = "N", split = ",", defaultValue = "1000,300000",
            description = "Distinct paths to spread the day's visits over, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> paths;

    @Option(names = "--runs", defaultValue = "3", description = "Builds per setting; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = ServerConfig.DEFAULT_MEMORY_LIMIT,
            description = "Storage engine memory bound (default: ${DEFAULT-VALUE}).")
    String memoryLimit;

    @Override
    public Integer call() throws SQLException {
        if (!Files.isRegularFile(history.resolve("footfall.duckdb")) || BulkHistory.find(history).isEmpty()) {
            throw new IllegalArgumentException("--history " + history + " holds no data of `footfall bench history`");
        }
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
        if (paths.stream().anyMatch(p -> p < 1)) throw new IllegalArgumentException("--paths must be positive");
        HighCardinalityDay bench = new HighCardinalityDay(history, work, memoryLimit);
        System.out.printf("day %s of %s, memory limit %s, median of %d builds; cap %,d values a day%n", day, BulkHistory.DOMAIN,
                memoryLimit, runs, RollupBuilder.DAY_MAX_VALUES);
        System.out.printf("%12s %12s %8s %10s %14s %12s %s%n", "paths", "distinct", "cap", "build ms", "rollup_day rows", "page rows", "left to raw");
        for (int n : paths) {
            HighCardinalityDay.Result r = bench.run(day, n, runs);
            if (r.events() == 0) throw new IllegalArgumentException("the history holds no events on " + day);
            print(n, r.distinctPaths(), "on", r.capped());
            print(n, r.distinctPaths(), "off", r.uncapped());
        }
        return 0;
    }

    private static void print(int paths, long distinct, String cap, HighCardinalityDay.Build b) {
        System.out.printf("%,12d %,12d %8s %,10d %,14d %,12d %d dimension(s)%n", paths, distinct, cap, b.medianMillis(), b.dayRows(),
                b.pageRows(), b.skippedDimensions());
    }
}
