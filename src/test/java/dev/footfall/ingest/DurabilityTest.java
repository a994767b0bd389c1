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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acknowledged event is never lost: the server runs as a separate process, concurrent senders
 * post events, the server is killed with SIGKILL mid-stream, and every event that got a 202 must
 * be in the data directory exactly once.
 */
class DurabilityTest {
    private static final int SENDERS = 16;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedEventSurvivesSigkillExactlyOnce() throws Exception {
        int port = freePort();
        Process server = startServer(port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            awaitHealthy(http, port);
            HttpResponse<String> site = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sites"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"durable.test\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(site.statusCode()).isEqualTo(200);

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enoughSent = new CountDownLatch(SENDERS * 50);
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                senders.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String id = sender + "-" + i;
                        String body = "{\"n\":\"pageview\",\"u\":\"https://durable.test/p/" + id + "\",\"d\":\"durable.test\",\"p\":{\"id\":\"" + id + "\"}}";
                        try {
                            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/event"))
                                    .header("User-Agent", TestServer.BROWSER_UA).header("X-Forwarded-For", "203.0.113." + (sender + 1))
                                    .timeout(Duration.ofSeconds(5))
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (res.statusCode() == 202) acknowledged.add(id);
                            enoughSent.countDown();
                        } catch (IOException | InterruptedException e) {
                            return; // the server is gone: this event was not acknowledged
                        }
                    }
                }));
            }
            enoughSent.await();
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
            server.waitFor();
            stop.set(true);
            for (Thread t : senders) t.join();

            // the server starts again on the same directory, loads what the journal holds and
            // resumes open visits; stopped normally, it has everything in the store
            server = startServer(port);
            awaitHealthy(http, port);
            server.destroy();
            server.waitFor();

            Map<String, Integer> stored = storedIds();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(SENDERS * 50);
            for (String id : acknowledged) assertThat(stored.get(id)).as("acknowledged event %s stored exactly once", id).isEqualTo(1);
            assertThat(stored.values()).allMatch(n -> n == 1);
        } finally {
            server.destroyForcibly().waitFor();
        }
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
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.footfall.cli.Footfall",
                "serve", "--data", dataDir.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--bootstrap-key", TestServer.ADMIN_KEY)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-server.log").toFile())
                .start();
    }

    private static void awaitHealthy(HttpClient http, int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                Thread.sleep(200);
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
