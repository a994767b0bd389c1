package dev.footfall.bench.cli;

import dev.footfall.cli.Footfall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code footfall bench}: the benchmarks' own command line (the main class of target/footfall-bench.jar), with the
 * subcommands README.md and docs/benchmarks.md name; the server's command line only points to it.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsEveryBenchmarkUnderFootfallBench() {
        CommandLine bench = Footfall.commandLine(new BenchCommand());
        assertThat(bench.getSubcommands().keySet()).containsExactly("ingest", "import", "stats", "history", "clickhouse", "cardinality", "dashboard", "rollups");
        assertThat(bench.getUsageMessage()).startsWith("Usage: footfall bench ");
        assertThat(bench.getSubcommands().get("cardinality").getUsageMessage()).startsWith("Usage: footfall bench cardinality ");
        // The history's options are shared, so the same flags reuse one generated data directory.
        for (String command : List.of("history", "clickhouse")) {
            assertThat(bench.getSubcommands().get(command).getUsageMessage()).contains("--data", "--months", "--pageviews-per-month",
                    "--small-sites", "--memory-limit", "--seed");
        }
        assertThat(bench.getSubcommands().get("clickhouse").getUsageMessage()).contains("--clickhouse-memory", "--country", "--runs");
    }

    @Test
    void theServersCommandLineHoldsNoBenchmarkButNamesIt() {
        CommandLine server = Footfall.commandLine();
        assertThat(server.getSubcommands()).doesNotContainKey("bench");
        assertThat(server.getUsageMessage()).contains("bench", "footfall bench --help");
    }

    @Test
    void anExpectedFailurePrintsOneLineAsTheServersCommandsDo() {
        CommandLine bench = Footfall.commandLine(new BenchCommand());
        StringWriter err = new StringWriter();
        bench.setErr(new PrintWriter(err, true));
        int exit = bench.execute("cardinality", "--day", "2024-01-01", "--history", dir.toString(), "--work", dir.resolve("work").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("footfall: --history " + dir).contains("holds no data").doesNotContain("Exception");
    }
}
