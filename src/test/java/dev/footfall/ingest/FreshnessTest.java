package dev.footfall.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acknowledged means visible soon, also under load: while 32 senders keep the server busy, probe
 * events are acknowledged and then looked for through the Stats API (the realtime view's query),
 * each until it shows up. The 1 s p99 target is measured by {@code footfall bench ingest}; this
 * checks that every probe does show up, within the loader's batches, not after the load stops.
 */
class FreshnessTest {
    private static final int SENDERS = 32;
    private static final int PROBES = 20;
    /** Far above the loader's 100 ms batches: a probe missing this long is lost or stuck, not slow. */
    private static final long PATIENCE_NANOS = 5_000_000_000L;

    @TempDir
    Path dataDir;

    @Test
    void acknowledgedEventsBecomeVisibleWhileTheLoadGoesOn() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.addSite("fresh.test");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger loadAcks = new AtomicInteger();
            List<Thread> load = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                load.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        if (post(server, "/load/" + (i % 50), "198.18.3." + (sender + 1)).statusCode() == 202) loadAcks.incrementAndGet();
                    }
                }));
            }
            try {
                for (int p = 0; p < PROBES; p++) {
                    String page = "/probe/" + p;
                    assertThat(post(server, page, "198.18.4." + (p + 1)).statusCode()).isEqualTo(202);
                    long acked = System.nanoTime();
                    while (pageviews(server, page) != 1) {
                        assertThat(System.nanoTime() - acked).as("probe %s visible while under load", page).isLessThan(PATIENCE_NANOS);
                        Thread.sleep(20);
                    }
                }
                assertThat(loadAcks.get()).as("the load was running").isPositive();
            } finally {
                stop.set(true);
                for (Thread t : load) t.join();
            }
        }
    }

    private static HttpResponse<String> post(TestServer server, String page, String ip) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/event")).header("User-Agent", TestServer.BROWSER_UA)
                .header("X-Forwarded-For", ip)
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"pageview\",\"u\":\"https://fresh.test" + page + "\",\"d\":\"fresh.test\"}")));
    }

    private static long pageviews(TestServer server, String page) throws Exception {
        HttpResponse<String> res = server.admin("POST", "/api/v2/query", """
                {"site_id": "fresh.test", "metrics": ["pageviews"], "date_range": "day", "filters": [["is", "event:page", ["%s"]]]}"""
                .formatted(page));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return new ObjectMapper().readTree(res.body()).get("results").get(0).get("metrics").get(0).asLong();
    }
}
