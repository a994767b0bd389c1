package dev.footfall.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A full disk, for real: the data directory is a small tmpfs mounted for the test. While it is
 * full, events get 503 (never 500) and nothing of them is kept; once space is freed, ingest
 * recovers by itself and every acknowledged event is stored exactly once.
 */
class DiskFullTest {
    /** Room for the database, its WAL and the journal of a few hundred events, and small enough to fill in a moment. */
    private static final String SIZE = "96m";

    @TempDir
    Path tmp;
    Path mount;

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", mount.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        // CI and `footfall test` run as root on this kind of machine; elsewhere say why it did not run
        assumeThat(p.waitFor()).as("mounting a tmpfs needs root: " + out).isZero();
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
    }

    @Test
    void aFullDiskAnswers503KeepsNothingRefusedAndRecoversWhenSpaceReturns() throws Exception {
        Path data = mount.resolve("data");
        Set<String> acknowledged = new HashSet<>();
        try (TestServer server = TestServer.start(data)) {
            server.addSite("full.test");
            for (int i = 0; i < 50; i++) assertThat(send(server, "before-" + i).statusCode()).isEqualTo(202);
            for (int i = 0; i < 50; i++) acknowledged.add("before-" + i);

            Path filler = mount.resolve("filler");
            fill(filler);
            Map<Integer, Integer> statuses = new HashMap<>();
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> res = send(server, "during-" + i);
                statuses.merge(res.statusCode(), 1, Integer::sum);
                if (res.statusCode() == 202) acknowledged.add("during-" + i);
                else {
                    assertThat(res.statusCode()).as(res.body()).isEqualTo(503);
                    assertThat(res.headers().firstValue("Retry-After")).isPresent();
                    assertThat(res.body()).doesNotContain("/").doesNotContainIgnoringCase("exception");
                }
            }
            assertThat(statuses).as("events while the disk is full").containsKey(503);
            JsonNode health = new ObjectMapper().readTree(server.send(java.net.http.HttpRequest.newBuilder(server.uri("/api/health"))).body());
            assertThat(health.get("status").asText()).isEqualTo("degraded");

            Files.delete(filler);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int recovered = 0;
            for (int i = 0; recovered < 20 && System.nanoTime() < deadline; i++) {
                HttpResponse<String> res = send(server, "after-" + i);
                if (res.statusCode() == 202) {
                    acknowledged.add("after-" + i);
                    recovered++;
                } else {
                    assertThat(res.statusCode()).as(res.body()).isEqualTo(503);
                    Thread.sleep(200);
                }
            }
            assertThat(recovered).as("accepted again once space returned").isEqualTo(20);
            server.awaitLoaded();
            assertThat(stored(server)).isEqualTo(acknowledged);
        }
    }

    private static HttpResponse<String> send(TestServer server, String id) {
        return server.send(java.net.http.HttpRequest.newBuilder(server.uri("/api/event")).header("User-Agent", TestServer.BROWSER_UA)
                .header("X-Forwarded-For", "198.51.100.7").header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"n\":\"pageview\",\"u\":\"https://full.test/" + id + "\",\"d\":\"full.test\"}")));
    }

    /** Writes until the filesystem refuses. */
    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) out.write(block);
        } catch (IOException full) {
            // no space left on device: the point
        }
    }

    /** Each stored page once: the set of ids, and a failure if any is stored twice. */
    private static Set<String> stored(TestServer server) throws Exception {
        HttpResponse<String> res = server.admin("POST", "/api/v2/query", """
                {"site_id": "full.test", "metrics": ["pageviews"], "date_range": "day", "dimensions": ["event:page"], "pagination": {"limit": 1000}}""");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        Set<String> ids = new HashSet<>();
        for (JsonNode row : new ObjectMapper().readTree(res.body()).get("results")) {
            assertThat(row.get("metrics").get(0).asInt()).as("stored once: " + row).isEqualTo(1);
            ids.add(row.get("dimensions").get(0).asText().substring(1));
        }
        return ids;
    }
}
