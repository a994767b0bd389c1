package dev.footfall.cli;

import dev.footfall.bench.BenchServer;
import dev.footfall.bench.LoadResult;
import dev.footfall.bench.SocketLoad;
import dev.footfall.bench.WrkLoad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code footfall bench ingest}: performance measurements of a real server process. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure Footfall's performance.",
        subcommands = {BenchCommand.Ingest.class})
final class BenchCommand {

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"HTTP ingest throughput (events/s) and ack latency, with durable acknowledgement.",
                    "Starts `footfall serve` as a child process on a fresh data directory, creates a site through the Sites API, "
                            + "sends varied events from this process (or from wrk), then stops the server and checks that the "
                            + "database holds exactly the acknowledged events."})
    static final class Ingest implements Callable<Integer> {
        /** The site every generated event is for. */
        private static final String DOMAIN = "bench.footfall.local";

        @Option(names = "--concurrency", defaultValue = "512",
                description = "Connections, each with one request in flight (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "30",
                description = "Measured period (default: ${DEFAULT-VALUE}).")
        int durationSeconds;

        @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "15",
                description = "Load before measuring, for the JIT and the user-agent cache (default: ${DEFAULT-VALUE}).")
        int warmupSeconds;

        @Option(names = "--load", defaultValue = "auto",
                description = "Load generator: wrk, java, or auto = wrk when on PATH, else java (default: ${DEFAULT-VALUE}).")
        String load;

        @Option(names = "--wrk-threads", defaultValue = "1",
                description = "wrk threads; one keeps up and leaves the second core to the server (default: ${DEFAULT-VALUE}).")
        int wrkThreads;

        @Option(names = "--data", paramLabel = "DIR",
                description = "Fresh data directory for the server (default: a temporary one, deleted afterwards).")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            if (concurrency < 1 || durationSeconds < 1 || warmupSeconds < 0 || wrkThreads < 1) {
                throw new IllegalArgumentException("--concurrency, --duration and --wrk-threads must be positive, --warmup not negative");
            }
            Optional<Path> wrk = switch (load) {
                case "auto" -> WrkLoad.find();
                case "wrk" -> Optional.of(WrkLoad.find().orElseThrow(() -> new IllegalArgumentException("--load wrk: wrk is not on PATH")));
                case "java" -> Optional.empty();
                default -> throw new IllegalArgumentException("--load must be wrk, java or auto, not " + load);
            };
            boolean temporary = dataDir == null;
            Path dir = temporary ? Files.createTempDirectory("footfall-bench") : dataDir;
            try {
                return run(dir, wrk);
            } finally {
                if (temporary) deleteRecursively(dir);
            }
        }

        private int run(Path dir, Optional<Path> wrk) throws Exception {
            LoadResult result;
            long stored;
            long databaseBytes;
            try (BenchServer server = BenchServer.start(dir)) {
                server.addSite(DOMAIN);
                System.out.printf("server:        pid %d on port %d, data %s, %d cores%n", server.pid(), server.port(), dir,
                        Runtime.getRuntime().availableProcessors());
                Duration warmup = Duration.ofSeconds(warmupSeconds);
                Duration duration = Duration.ofSeconds(durationSeconds);
                result = wrk.isPresent()
                        ? new WrkLoad("http://127.0.0.1:" + server.port(), DOMAIN, wrkThreads).run(wrk.get(), concurrency, warmup, duration)
                        : new SocketLoad(new InetSocketAddress("127.0.0.1", server.port()), DOMAIN).run(concurrency, warmup, duration);
                server.stop();
                stored = server.storedEvents();
                databaseBytes = server.databaseBytes();
            }
            return report(result, stored, databaseBytes);
        }

        private int report(LoadResult r, long stored, long databaseBytes) {
            System.out.printf("load:          %s, concurrency %d, warm-up %d s, measured %.1f s%n", r.generator(), concurrency,
                    warmupSeconds, r.seconds());
            System.out.printf("throughput:    %.0f events/s (%d acknowledged in the measured period)%n", r.eventsPerSecond(), r.measured());
            System.out.printf("ack latency:   p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", r.p50Millis(), r.p99Millis(), r.maxMillis());
            String statuses = r.otherStatuses().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
            System.out.printf("errors:        %s; connection errors: %d%n", statuses.isEmpty() ? "no non-202 answers" : statuses, r.ioErrors());
            System.out.printf("database:      %.1f MB%n", databaseBytes / 1e6);
            long notAcknowledged = r.maxUnanswered() + r.otherStatuses().values().stream().mapToLong(Long::longValue).sum();
            boolean lost = stored < r.acknowledged();
            boolean unexplained = stored > r.acknowledged() + notAcknowledged;
            String verdict = lost ? "FAILED: acknowledged events are missing"
                    : unexplained ? "FAILED: more events stored than were sent"
                    : stored == r.acknowledged() ? "OK (equal)"
                    : "OK (" + (stored - r.acknowledged()) + " more, from requests the client stopped waiting for; at most "
                    + notAcknowledged + " possible)";
            System.out.printf("stored events: %d, acknowledged %d: %s%n", stored, r.acknowledged(), verdict);
            return lost || unexplained ? 1 : 0;
        }

        private static void deleteRecursively(Path dir) throws IOException {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
