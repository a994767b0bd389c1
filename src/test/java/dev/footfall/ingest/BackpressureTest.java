package dev.footfall.ingest;

import dev.footfall.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A full ingest queue answers 503 + Retry-After at once, and only what got 202 is stored. */
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
}
