package dev.footfall.ingest;

import dev.footfall.TestServer;
import dev.footfall.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overload answers 503 + Retry-After at once — a full ingest queue, or a store too far behind the
 * journal — only what got 202 is stored, and ingest recovers once the load stops.
 */
class BackpressureTest {
    private static final int SENDERS = 64;

    @TempDir
    Path dataDir;

    @Test
    void fullQueueAnswers503AndNeverLosesAnAcknowledgedEvent() throws InterruptedException {
        try (TestServer server = TestServer.start(dataDir, 1, Optional.empty())) {
            server.addSite("busy.test");
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            for (int round = 0; round < 10 && refused.get() == 0; round++) {
                List<Thread> senders = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    senders.add(Thread.ofVirtual().start(() -> {
                        for (int i = 0; i < 20; i++) {
                            HttpResponse<String> res = server.event(
                                    "{\"n\":\"pageview\",\"u\":\"https://busy.test/" + i + "\",\"d\":\"busy.test\"}", "198.18.0." + (sender + 1));
                            if (res.statusCode() == 202) accepted.incrementAndGet();
                            else if (res.statusCode() == 503 && res.headers().firstValue("Retry-After").isPresent()) refused.incrementAndGet();
                            else other.incrementAndGet();
                        }
                    }));
                }
                for (Thread t : senders) t.join();
            }
            assertThat(refused.get()).as("a queue of one request must overflow under 64 senders").isPositive();
            assertThat(other.get()).isZero();
            assertThat(server.server.storage().countEvents("busy.test")).isEqualTo(accepted.get());
        }
    }

    @Test
    void aStoreBehindTheJournalAnswers503UntilItCatchesUp() throws InterruptedException {
        // 2 KB of journal not yet loaded is enough to refuse: every loader batch makes the journal refuse for a moment
        ServerConfig config = new ServerConfig(dataDir, 0, "127.0.0.1", Optional.of(TestServer.ADMIN_KEY), Optional.empty(),
                ServerConfig.DEFAULT_TRUSTED_PROXIES, "256MB", ServerConfig.DEFAULT_QUEUE_CAPACITY, true, 0,
                ServerConfig.journalLimits(2_048, Duration.ofMinutes(5), ServerConfig.DEFAULT_QUEUE_CAPACITY));
        try (TestServer server = TestServer.start(config)) {
            server.addSite("behind.test");
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                senders.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 30; i++) {
                        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/event"))
                                .header("User-Agent", TestServer.BROWSER_UA).header("X-Forwarded-For", "198.18.1." + (sender + 1))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"pageview\",\"u\":\"https://behind.test/" + i + "\",\"d\":\"behind.test\"}")));
                        if (res.statusCode() == 202) accepted.incrementAndGet();
                        else if (res.statusCode() == 503 && res.headers().firstValue("Retry-After").isPresent()
                                && res.body().contains("behind")) refused.incrementAndGet();
                        else other.incrementAndGet();
                    }
                }));
            }
            for (Thread t : senders) t.join();
            assertThat(refused.get()).as("64 senders outrun a 2 KB lag limit").isPositive();
            assertThat(other.get()).isZero();
            server.awaitLoaded();
            assertThat(server.server.storage().countEvents("behind.test")).isEqualTo(accepted.get());
            // the load is over and the store caught up: accepted again
            assertThat(server.event("{\"n\":\"pageview\",\"u\":\"https://behind.test/after\",\"d\":\"behind.test\"}", "198.18.2.1")
                    .statusCode()).isEqualTo(202);
        }
    }
}
