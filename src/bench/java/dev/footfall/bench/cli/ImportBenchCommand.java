package dev.footfall.bench.cli;

import dev.footfall.bench.AccessLogGenerator;
import dev.footfall.bench.BenchFiles;
import dev.footfall.bench.BenchServer;
import dev.footfall.bench.ThreadCpu;
import dev.footfall.store.duckdb.DuckDbStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code footfall bench import}: access-log import throughput, through exactly what an operator
 * runs: {@code footfall sites add} and {@code footfall import} as child processes (same JVM binary
 * and flags as this one) on a fresh data directory. The log is generated first unless given.
 * Besides lines/s it prints the import process's CPU time by thread (read + parse + enrich on
 * the main thread, the journal writer, the loader with DuckDB's appender), i.e. where the time went.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Access-log import throughput (lines/s) of `footfall import`, with the events stored.",
                "Writes a combined-format log with AccessLogGenerator's mix (unless --log names an existing one), adds a site "
                        + "and imports the log with `footfall import` in a child process on a fresh data directory, then prints "
                        + "the import's own summary, wall-clock lines/s, the events stored, peak RSS and CPU time by thread."})
final class ImportBenchCommand implements Callable<Integer> {
    /** The site the log is for. */
    private static final String DOMAIN = "bench.footfall.local";
    /** Issue 13: at least this many lines per second on a 12 M-line log. */
    private static final double TARGET_LINES_PER_SECOND = 250_000;
    /** The generator's first line; any fixed day works, the log spans about 1.4 days per million lines. */
    private static final Instant LOG_START = Instant.parse("2024-03-01T00:00:00Z");
    /** One malformed line in this many, as the earlier import figures were taken with. */
    private static final long MALFORMED_EVERY = 1000;
    /** The summary's first line, written by ImportSummary.print. */
    private static final Pattern SUMMARY = Pattern.compile("Imported ([\\d,]+) pageviews into \\S+ in ([\\d.]+) s \\(([\\d,]+) lines/s\\)");
    /** The summary's count of lines read. */
    private static final Pattern LINES_READ = Pattern.compile("lines read\\s+([\\d,]+)");

    /** Threads with less CPU time than this are summed up as "others". */
    private static final double SHOWN_THREAD_SECONDS = 0.5;
    /**
     * What the import's threads do (Linux keeps 15 characters of a thread's name). The JVM leaves
     * its main thread named "java", as the launcher's thread and any native thread started from it.
     */
    private static final Map<String, String> ROLES = Map.of(
            "java", "main (read, parse, filter, enrich, encode) if the busiest \"java\"; native threads (DuckDB's) are named so too",
            "footfall-loader", "loader: visits, DuckDB appender, commit",
            "footfall-journa", "journal writer: write, fdatasync",
            "VM Thread", "JVM: safepoints, the collector's pauses",
            "C2 CompilerThre", "JIT compiler",
            "C1 CompilerThre", "JIT compiler");

    @Option(names = "--lines", paramLabel = "N", defaultValue = "12M", converter = BenchCommand.Stats.Count.class,
            description = "Lines of the generated log, e.g. 12000000 or 12M (default: ${DEFAULT-VALUE}).")
    long lines;

    @Option(names = "--log", paramLabel = "FILE",
            description = "The log to import. Written first (and kept) if it does not exist; default: a temporary one, deleted afterwards.")
    Path log;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated log (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Fresh data directory for the import (default: a temporary one, deleted afterwards).")
    Path dataDir;

    @Option(names = "--jfr", paramLabel = "FILE", description = "Record the import with Java Flight Recorder (profile settings) into FILE.")
    Path jfr;

    @Override
    public Integer call() throws Exception {
        if (lines < 1) throw new IllegalArgumentException("--lines must be positive");
        boolean temporaryLog = log == null;
        Path file = temporaryLog ? Files.createTempFile("footfall-bench-access", ".log") : log;
        boolean temporaryData = dataDir == null;
        Path dir = temporaryData ? Files.createTempDirectory("footfall-bench-import") : dataDir;
        try {
            Optional<AccessLogGenerator.Counts> written = temporaryLog || !Files.exists(file) ? Optional.of(generate(file)) : Optional.empty();
            if (written.isEmpty()) System.out.printf("log:           %s, %.0f MB, given%n", file, Files.size(file) / 1e6);
            if (Files.exists(dir.resolve(DuckDbStorage.FILE_NAME))) {
                throw new IllegalArgumentException("--data " + dir + " already holds a database; the benchmark needs a fresh directory");
            }
            run(List.of(), List.of("sites", "add", DOMAIN, "--data", dir.toString()));
            System.out.printf("machine:       %d cores, load average %s before the import%n", Runtime.getRuntime().availableProcessors(),
                    Files.readString(Path.of("/proc/loadavg")).strip());
            return importLog(file, dir, written);
        } finally {
            if (temporaryLog) Files.deleteIfExists(file);
            if (temporaryData) BenchFiles.deleteRecursively(dir);
        }
    }

    private AccessLogGenerator.Counts generate(Path file) throws IOException {
        long malformed = lines / MALFORMED_EVERY;
        long start = System.nanoTime();
        Files.deleteIfExists(file); // the generator appends; a temporary file exists empty
        AccessLogGenerator.Counts counts = new AccessLogGenerator(seed, DOMAIN, LOG_START).write(file, lines - malformed, malformed);
        System.out.printf("log:           %s, %,d lines, %.0f MB, written in %.0f s: %,d human pageviews, %,d static assets, %,d bots, "
                        + "%,d 404s, %,d POST/HEAD, %,d malformed (seed %d)%n", file, counts.total(), Files.size(file) / 1e6,
                (System.nanoTime() - start) / 1e9, counts.pageviews(), counts.assets(), counts.bots(), counts.notFound(), counts.notGet(),
                counts.malformed(), seed);
        return counts;
    }

    private int importLog(Path file, Path dir, Optional<AccessLogGenerator.Counts> written) throws Exception {
        List<String> jvmFlags = jfr == null ? List.of() : List.of("-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(BenchServer.footfallCommand(jvmFlags,
                List.of("import", "--data", dir.toString(), "--site", DOMAIN, file.toString()))).redirectErrorStream(true).start();
        ThreadCpu cpu = new ThreadCpu(process.pid());
        cpu.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        List<ThreadCpu.Usage> threads = cpu.stop();
        System.out.print(output.lines().map(l -> "  | " + l + "\n").reduce("", String::concat));
        if (exit != 0) throw new IllegalStateException("footfall import exited with " + exit);
        Matcher m = SUMMARY.matcher(output);
        if (!m.find()) throw new IllegalStateException("footfall import printed no summary");
        double importSeconds = Double.parseDouble(m.group(2));
        Matcher read = LINES_READ.matcher(output);
        if (!read.find()) throw new IllegalStateException("footfall import printed no line count");
        long lineCount = Long.parseLong(read.group(1).replace(",", ""));
        long stored = BenchServer.storedEvents(dir);
        double rate = lineCount / importSeconds;
        System.out.printf("import:        %,d lines in %.1f s = %,.0f lines/s (import's own clock: reading, enriching, journaling, loading) "
                + "target >= %,.0f lines/s %s%n", lineCount, importSeconds, rate, TARGET_LINES_PER_SECOND,
                rate >= TARGET_LINES_PER_SECOND ? "met" : "MISSED");
        System.out.printf("wall clock:    %.1f s = %,.0f lines/s including JVM start and the user-agent analyser's load%n", wall, lineCount / wall);
        System.out.printf("peak RSS:      %.0f MiB (import process)%n", cpu.peakRss() / 1048576.0);
        System.out.printf("stored:        %,d events%s%n", stored, written.map(c -> stored == c.pageviews()
                ? " = the log's human pageviews (OK)" : " but the log has " + c.pageviews() + " human pageviews (MISMATCH)").orElse(""));
        printThreads(threads, wall);
        return written.isPresent() && stored != written.get().pageviews() ? 1 : 0;
    }

    /** CPU seconds by thread, the busiest first; the rest summed in one line. */
    private static void printThreads(List<ThreadCpu.Usage> threads, double wall) {
        double total = threads.stream().mapToDouble(ThreadCpu.Usage::seconds).sum();
        System.out.printf("CPU by thread: %.1f s in all over %.1f s of wall clock (%.2f cores busy)%n", total, wall, total / wall);
        double rest = 0;
        int others = 0;
        for (ThreadCpu.Usage t : threads) {
            if (t.seconds() >= SHOWN_THREAD_SECONDS) {
                System.out.printf("  %-16s %7.1f s  %5.1f %%  %s%n", t.name(), t.seconds(), 100 * t.seconds() / total, ROLES.getOrDefault(t.name(), ""));
            } else {
                rest += t.seconds();
                others++;
            }
        }
        if (others > 0) System.out.printf("  %-16s %7.1f s  %5.1f %%  (%d threads)%n", "others", rest, 100 * rest / total, others);
    }

    /** Runs {@code footfall ARGS} in a child process; fails with its output unless it succeeds. */
    private static void run(List<String> jvmFlags, List<String> args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(BenchServer.footfallCommand(jvmFlags, args)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("footfall " + String.join(" ", args) + " failed:\n" + output);
    }
}
