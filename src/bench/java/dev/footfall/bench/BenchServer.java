package dev.footfall.bench;

import dev.footfall.cli.Footfall;
import dev.footfall.store.duckdb.DuckDbStorage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The server under test, as a child process: {@code footfall serve} on the same JVM binary, JVM
 * flags and class path as this process (so the launcher's heap and GC settings apply to both), on
 * a free loopback port and a fresh data directory. Stopped with SIGTERM, the server's normal
 * shutdown (commit everything queued), after which its database can be read.
 */
public final class BenchServer implements AutoCloseable {
    /** Yauaa's rule set takes a few seconds to load; a minute means something is wrong. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Shutdown commits what is queued; at most the queue's worth of events, well under this. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** Between health probes while the server starts. */
    private static final long PROBE_PAUSE_MILLIS = 200;

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final String adminKey;
    private final HttpClient http = HttpClient.newHttpClient();

    private BenchServer(Process process, Path dataDir, Path log, int port, String adminKey) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.adminKey = adminKey;
    }

    /** Starts the server on {@code dataDir} (which must hold no database yet) and waits until it answers. */
    public static BenchServer start(Path dataDir) throws IOException, InterruptedException {
        return start(dataDir, List.of());
    }

    /** As {@link #start(Path)}, with more JVM flags for the server (e.g. a flight recording). */
    public static BenchServer start(Path dataDir, List<String> jvmFlags) throws IOException, InterruptedException {
        if (Files.exists(dataDir.resolve(DuckDbStorage.FILE_NAME))) {
            throw new IllegalArgumentException("--data " + dataDir + " already holds a database; the benchmark needs a fresh directory");
        }
        return launch(dataDir, jvmFlags, List.of());
    }

    /** Starts the server on the database already in {@code dataDir}, with the given storage memory limit. */
    public static BenchServer startExisting(Path dataDir, String memoryLimit) throws IOException, InterruptedException {
        return startExisting(dataDir, memoryLimit, List.of());
    }

    /** As {@link #startExisting(Path, String)}, with more {@code serve} flags (e.g. {@code --no-rollups}). */
    public static BenchServer startExisting(Path dataDir, String memoryLimit, List<String> flags) throws IOException, InterruptedException {
        if (!Files.exists(dataDir.resolve(DuckDbStorage.FILE_NAME))) throw new IllegalArgumentException("no database in " + dataDir);
        List<String> args = new ArrayList<>(List.of("--memory-limit", memoryLimit));
        args.addAll(flags);
        return launch(dataDir, List.of(), args);
    }

    private static BenchServer launch(Path dataDir, List<String> jvmFlags, List<String> extraArgs) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        int port = freePort();
        String adminKey = "bench-" + UUID.randomUUID();
        List<String> args = new ArrayList<>(List.of("serve", "--data", dataDir.toString(), "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--bootstrap-key", adminKey));
        args.addAll(extraArgs);
        List<String> command = footfallCommand(jvmFlags, args);
        Path log = dataDir.resolve("bench-server.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BenchServer server = new BenchServer(process, dataDir, log, port, adminKey);
        server.awaitHealthy();
        return server;
    }

    /** A {@code footfall ARGS} command line on this JVM's binary, flags and class path, plus {@code jvmFlags}. */
    public static List<String> footfallCommand(List<String> jvmFlags, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Footfall.class.getName()));
        command.addAll(args);
        return command;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** An admin API key (the server's bootstrap key). */
    public String adminKey() {
        return adminKey;
    }

    /**
     * The server process's memory: resident set now and at its peak (Linux {@code /proc}), and the
     * Java heap in use and committed (from {@code jstat}, beside this JVM's {@code java}); -1 where unknown.
     */
    public Memory memory() throws InterruptedException {
        long rss = -1, peak = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) rss = kibibytes(line);
                if (line.startsWith("VmHWM:")) peak = kibibytes(line);
            }
        } catch (IOException | RuntimeException notLinux) {
            // leave unknown
        }
        long used = -1, committed = -1;
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        if (Files.isExecutable(jstat)) {
            try {
                Process p = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(process.pid())).redirectErrorStream(true).start();
                List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
                if (p.waitFor() == 0 && lines.size() >= 2) {
                    List<String> names = List.of(lines.get(0).trim().split("\\s+"));
                    String[] values = lines.get(1).trim().split("\\s+");
                    double u = 0, c = 0;
                    for (String n : List.of("S0U", "S1U", "EU", "OU")) u += Double.parseDouble(values[names.indexOf(n)]);
                    for (String n : List.of("S0C", "S1C", "EC", "OC")) c += Double.parseDouble(values[names.indexOf(n)]);
                    used = (long) (u * 1024);
                    committed = (long) (c * 1024);
                }
            } catch (IOException | RuntimeException e) {
                // leave unknown
            }
        }
        return new Memory(rss, peak, used, committed);
    }

    /** Bytes; -1 where unknown. */
    public record Memory(long rss, long peakRss, long heapUsed, long heapCommitted) {}

    private static long kibibytes(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", "")) * 1024;
    }

    /** Creates the site the load is sent to, through the Sites API. */
    public void addSite(String domain) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sites"))
                .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"" + domain + "\",\"timezone\":\"UTC\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) throw new IllegalStateException("creating the site failed: " + response.statusCode() + " " + response.body());
    }

    /** Stops the server the way an operator would (SIGTERM) and waits until it has committed and exited. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not stop within " + STOP_TIMEOUT.toSeconds() + " s; see " + log);
        }
    }

    /** Events in the stopped server's database. */
    public long storedEvents() throws SQLException {
        return storedEvents(dataDir);
    }

    /** Events in the database in {@code dataDir}, which no process may have open for writing. */
    public static long storedEvents(Path dataDir) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve(DuckDbStorage.FILE_NAME), readOnly);
             Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Size of the database file (and its write-ahead log, if any) after the run. */
    public long databaseBytes() throws IOException {
        long bytes = 0;
        for (String name : List.of(DuckDbStorage.FILE_NAME, DuckDbStorage.FILE_NAME + ".wal")) {
            Path file = dataDir.resolve(name);
            if (Files.exists(file)) bytes += Files.size(file);
        }
        return bytes;
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("the server exited during start:\n" + Files.readString(log));
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (ConnectException notListeningYet) {
                // still starting
            }
            Thread.sleep(PROBE_PAUSE_MILLIS);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** A loopback port free at the moment of asking. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
