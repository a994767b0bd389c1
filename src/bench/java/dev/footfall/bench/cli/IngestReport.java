package dev.footfall.bench.cli;

import dev.footfall.bench.FreshnessProbe;
import dev.footfall.bench.LoadResult;
import dev.footfall.bench.ServerMetrics;
import dev.footfall.bench.ServerSampler;
import dev.footfall.bench.ThreadCpu;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code footfall bench ingest} prints after its runs: each of issue 13's numbers beside its
 * target, where the ingest time went (journal and loader metrics over the measured period), and
 * the exactly-once check. Missed targets are printed with their figure; only lost or invented
 * events make the exit code non-zero.
 */
record IngestReport(LoadResult footfall, Optional<LoadResult> ceiling, Optional<FreshnessProbe.Result> freshness,
                    ServerSampler.Result server, ServerMetrics before, ServerMetrics after, double drainSeconds, long stored,
                    long databaseBytes) {
    /** Issue 13: at least this fraction of nginx's rate with durable acks (about 21 K events/s on the 2-core machine)... */
    static final double RATIO_TARGET = 0.35;
    /** ...and this much is the aim. */
    static final double RATIO_AIM = 0.6;
    /** Issue 13: p99 ack latency at that load. */
    static final double ACK_P99_TARGET_MILLIS = 50;
    /** Issue 13: an acknowledged event is visible to the Stats API within 1 s at p99 under the load. */
    static final double VISIBLE_P99_TARGET_MILLIS = 1000;
    /** Issue 13: server RSS through a 10-minute run at full load ("512 MB", read as MiB as the other benchmarks do). */
    static final long RSS_TARGET_BYTES = 512L << 20;

    /** Server threads with less CPU time than this over the period are summed up. */
    private static final double MIN_SHOWN_CPU_SECONDS = 0.2;
    /** What the server's threads do (Linux keeps 15 characters of a thread's name). */
    private static final Map<String, String> ROLES = Map.of(
            "ForkJoinPool-1-", "carriers of the virtual threads: HTTP requests, validation, enrichment, journal encoding",
            "footfall-journa", "journal writer: write, fdatasync",
            "footfall-loader", "loader: visits, DuckDB appender, commit",
            "VM Thread", "JVM: safepoints, the collector's pauses",
            "C2 CompilerThre", "JIT compiler",
            "C1 CompilerThre", "JIT compiler",
            "G1 Conc#0", "G1: concurrent marking of the old generation",
            "java", "native threads started by the main thread: DuckDB's workers",
            "server-@default", "Helidon's listener: accepting connections");

    /** Prints the report; 1 if an acknowledged event is missing or more were stored than sent, else 0. */
    int print() {
        String statuses = footfall.otherStatuses().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
        System.out.printf("errors:        %s (target 0); connection errors: %d%n", statuses.isEmpty() ? "0 non-2xx answers" : statuses,
                footfall.ioErrors());
        ceiling.ifPresent(c -> {
            double ratio = footfall.eventsPerSecond() / c.eventsPerSecond();
            System.out.printf("ratio:         %.3f of nginx's rate (%,.0f / %,.0f per s): target >= %.2f %s, aim %.1f %s%n", ratio,
                    footfall.eventsPerSecond(), c.eventsPerSecond(), RATIO_TARGET, verdict(ratio >= RATIO_TARGET), RATIO_AIM,
                    ratio >= RATIO_AIM ? "reached" : "not reached");
        });
        System.out.printf("ack latency:   p50 %.2f ms, p99 %.2f ms: target p99 <= %.0f ms %s%n", footfall.p50Millis(), footfall.p99Millis(),
                ACK_P99_TARGET_MILLIS, verdict(footfall.p99Millis() <= ACK_P99_TARGET_MILLIS));
        freshness.ifPresent(this::printFreshness);
        printServer();
        printPipeline();
        System.out.printf("database:      %.1f MB%n", databaseBytes / 1e6);
        return printStored();
    }

    private void printFreshness(FreshnessProbe.Result f) {
        System.out.printf("visible:       %d probes, acknowledged -> visible through the Stats API p50 %.0f ms, p99 %.0f ms, max %.0f ms: "
                        + "target p99 <= %.0f ms %s (each includes one query: p50 %.0f ms)%n", f.probes(), f.p50Millis(), f.p99Millis(),
                f.maxMillis(), VISIBLE_P99_TARGET_MILLIS, verdict(f.invisible() == 0 && f.p99Millis() <= VISIBLE_P99_TARGET_MILLIS),
                f.queryP50Millis());
        if (f.invisible() > 0 || f.refused() > 0) {
            System.out.printf("               %d probes not visible within 10 s, %d refused%n", f.invisible(), f.refused());
        }
        if (f.lastProblem() != null) System.out.println("               last probe problem: " + f.lastProblem());
    }

    private void printServer() {
        System.out.printf("server RSS:    peak %s (VmHWM), highest sample under load %s (%d samples): target < %s %s%n", mib(server.peakRss()),
                mib(server.maxRss()), server.samples(), mib(RSS_TARGET_BYTES),
                server.peakRss() < 0 ? "unknown" : verdict(server.peakRss() < RSS_TARGET_BYTES));
    }

    private void printPipeline() {
        double seconds = footfall.seconds();
        double fsyncs = after.countSince(before, "footfall_journal_fsync_seconds");
        System.out.printf("journal:       %,.0f fsyncs in the measured period (%,.0f/s), mean %.2f ms, mean %.1f requests per fsync%n", fsyncs,
                fsyncs / seconds, after.meanSince(before, "footfall_journal_fsync_seconds") * 1e3,
                after.meanSince(before, "footfall_journal_flush_requests"));
        double batches = after.countSince(before, "footfall_commit_batch_events");
        double busy = after.value("footfall_commit_seconds_sum") - before.value("footfall_commit_seconds_sum");
        double loaded = after.value("footfall_commit_batch_events_sum") - before.value("footfall_commit_batch_events_sum");
        System.out.printf("loader:        %,.0f batches in the measured period, mean %,.0f events, mean %.0f ms each; %,.0f events/s loaded, "
                        + "busy %.0f %% of the period%n", batches, after.meanSince(before, "footfall_commit_batch_events"),
                after.meanSince(before, "footfall_commit_seconds") * 1e3, loaded / seconds, 100 * busy / seconds);
        System.out.printf("loader lag:    at most %,d events / %.1f s under load; %,.0f events at the end of the load, stored %.1f s later%n",
                server.maxLagEvents(), server.maxLagSeconds(), after.value("footfall_loader_lag_events"), drainSeconds);
        if (server.lastProblem() != null) System.out.println("               last sampling problem: " + server.lastProblem());
        printCpu();
    }

    /** Where the two cores went in the measured period: the server's threads by name, and everything else on the machine. */
    private void printCpu() {
        double serverSeconds = server.serverCpu().stream().mapToDouble(ThreadCpu.Usage::seconds).sum();
        System.out.printf("CPU:           %.1f s in %.1f s: the server %.2f cores, everything else on the machine (load generator, "
                        + "other work) %.2f cores%n", server.machineBusySeconds(), server.seconds(), serverSeconds / server.seconds(),
                Math.max(0, server.machineBusySeconds() - serverSeconds) / server.seconds());
        double shown = 0;
        for (ThreadCpu.Usage t : server.serverCpu()) {
            if (t.seconds() < MIN_SHOWN_CPU_SECONDS) break;
            System.out.printf("  %-16s %6.2f cores  %s%n", t.name(), t.seconds() / server.seconds(), ROLES.getOrDefault(t.name(), ""));
            shown += t.seconds();
        }
        System.out.printf("  %-16s %6.2f cores%n", "other threads", (serverSeconds - shown) / server.seconds());
    }

    private int printStored() {
        long probes = freshness.map(FreshnessProbe.Result::acknowledged).orElse(0L);
        long acknowledged = footfall.acknowledged() + probes;
        long notAcknowledged = footfall.maxUnanswered() + footfall.otherStatuses().values().stream().mapToLong(Long::longValue).sum();
        boolean lost = stored < acknowledged;
        boolean unexplained = stored > acknowledged + notAcknowledged;
        String verdict = lost ? "FAILED: acknowledged events are missing"
                : unexplained ? "FAILED: more events stored than were sent"
                : stored == acknowledged ? "OK (equal)"
                : "OK (" + (stored - acknowledged) + " more, from requests the client stopped waiting for; at most "
                + notAcknowledged + " possible)";
        System.out.printf("stored events: %,d, acknowledged %,d (%,d load + %,d probes): %s%n", stored, acknowledged, footfall.acknowledged(),
                probes, verdict);
        return lost || unexplained ? 1 : 0;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "unknown" : String.format("%.0f MiB", bytes / 1048576.0);
    }
}
