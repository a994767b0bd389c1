package dev.footfall.ingest;

import dev.footfall.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 under full load, many times over: the server runs as its own process on one data
 * directory, 16 senders post events as fast as it acknowledges them, and the process is killed at
 * a random moment — while the journal is being written, the loader is committing, segments are
 * deleted. After {@link #TRIALS} kills and a last restart, every acknowledged event is stored
 * exactly once and no event is stored twice.
 */
class CrashRecoveryTest {
    private static final int TRIALS = 20;
    private static final int SENDERS = 16;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedEventIsStoredExactlyOnceAfterTwentyKillsUnderLoad() throws Exception {
        Random random = new Random(13);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        int port = freePort();
        for (int trial = 0; trial < TRIALS; trial++) {
            Process server = startServer(port);
            try {
                awaitHealthy(http, port);
                if (trial == 0) {
                    HttpResponse<String> site = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sites"))
                            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"crash.test\"}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(site.statusCode()).isEqualTo(200);
                }
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch firstAck = new CountDownLatch(1);
                List<Thread> senders = new ArrayList<>();
                int t = trial;
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    senders.add(Thread.ofVirtual().start(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String id = t + "-" + sender + "-" + i;
                            try {
                                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/event"))
                                        .header("User-Agent", TestServer.BROWSER_UA).header("X-Forwarded-For", "203.0.113." + (sender + 1))
                                        .timeout(Duration.ofSeconds(5))
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"pageview\",\"u\":\"https://crash.test/p/" + id
                                                + "\",\"d\":\"crash.test\",\"p\":{\"id\":\"" + id + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
                                if (res.statusCode() == 202) {
                                    acknowledged.add(id);
                                    firstAck.countDown();
                                }
                            } catch (IOException | InterruptedException e) {
                                return; // the server is gone: not acknowledged
                            }
                        }
                    }));
                }
                assertThat(firstAck.await(30, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(random.nextInt(50, 1500)); // the kill lands anywhere in journal writes, loads, deletions
                server.destroyForcibly(); // SIGKILL
                server.waitFor();
                stop.set(true);
                for (Thread s : senders) s.join();
            } finally {
                server.destroyForcibly().waitFor();
            }
        }
        // the last start loads what the journal still holds; a normal stop leaves everything in the store
        Process server = startServer(port);
        awaitHealthy(http, port);
        server.destroy();
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Map<String, Integer> stored = storedIds();
        assertThat(acknowledged).hasSizeGreaterThan(TRIALS * SENDERS);
        for (String id : acknowledged) assertThat(stored.get(id)).as("acknowledged event %s stored exactly once", id).isEqualTo(1);
        assertThat(stored.values()).as("no event stored twice").allMatch(n -> n == 1);
    }

    private Map<String, Integer> storedIds() throws Exception {
        Map<String, Integer> ids = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("footfall.duckdb"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT props['id'], count(*) FROM events GROUP BY ALL")) {
            while (rs.next()) ids.put(rs.getString(1), rs.getInt(2));
        }
        return ids;
    }

    private Process startServer(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The launcher's flags (./footfall), and the client compiler alone: a server killed within
        // seconds of its start spends most of its life starting, and C1 alone starts it with about
        // 40 % less CPU (mostly the user-agent rules); journal, loader and recovery do not depend on the JIT.
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseCompactObjectHeaders", "-XX:+UseStringDeduplication", "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.footfall.cli.Footfall",
                "serve", "--data", dataDir.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--bootstrap-key", TestServer.ADMIN_KEY)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + "-server.log").toFile()))
                .start();
    }

    private static void awaitHealthy(HttpClient http, int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos(); // a loaded machine starts a JVM slowly
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("server did not become healthy on port " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
