package dev.footfall.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.server.ServerConfig;
import dev.footfall.store.duckdb.GeneratedEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expensive queries against a real server over HTTP, on a site of a million generated events:
 * they take the read threads, not the server; past their deadline they are stopped in the engine
 * and answered 503; beyond the read queue they are refused at once.
 */
class ReadLimitsTest {
    static final String SITE = "big.test";
    /** Enough events that a breakdown by two dimensions with a pattern takes the engine seconds. */
    static final long EVENTS = 1_000_000;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void generate() {
        GeneratedEvents.write(dataDir, SITE, EVENTS, LocalDate.of(2024, 1, 1), 366);
    }

    /**
     * No rollups and no result cache, so every query reads the raw events, and each server its
     * own deadline. Servers of this class take turns on the one data directory.
     */
    static TestServer server(Duration queryTimeout) {
        return TestServer.start(new ServerConfig(dataDir, 0, "127.0.0.1", Optional.of(TestServer.ADMIN_KEY), Optional.empty(),
                ServerConfig.DEFAULT_TRUSTED_PROXIES, "256MB", ServerConfig.DEFAULT_QUEUE_CAPACITY, false, 0)
                .withQueryTimeout(queryTimeout));
    }

    /**
     * A year's pages by hostname (two dimensions: read raw, grouped over a million distinct
     * paths) filtered by a pattern: seconds of engine work. {@code n} varies the pattern, so no
     * two are the same query.
     */
    static String expensiveQuery(int n) {
        return """
                {"site_id":"big.test","metrics":["visitors","pageviews"],"date_range":["2024-01-01","2024-12-31"],
                 "dimensions":["event:page","event:hostname"],"filters":[["matches","event:page",["^/articles/[0-9]*%d/part-[0-9]*[13579]$"]]],
                 "pagination":{"limit":10}}""".formatted(n % 10);
    }

    /** One day's pageviews: the engine skips all but a day's rows, milliseconds. */
    static final String CHEAP_QUERY = """
            {"site_id":"big.test","metrics":["pageviews"],"date_range":["2024-03-01","2024-03-01"]}""";

    static HttpResponse<String> query(TestServer server, String body) {
        return server.admin("POST", "/api/v2/query", body);
    }

    /**
     * GET /api/health on one kept-alive connection, written and read by the calling thread: the
     * time measured is the server's, with no client thread in between to wait for a core.
     */
    static final class HealthProbe implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        HealthProbe(TestServer server) throws IOException {
            socket = new Socket("127.0.0.1", server.server.port());
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
        }

        /** One request; fails unless the answer is 200 with a body. */
        void check() throws IOException {
            socket.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = line();
            assertThat(status).startsWith("HTTP/1.1 200");
            int length = -1;
            for (String header; !(header = line()).isEmpty(); ) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(header.substring(15).strip());
            }
            assertThat(length).isPositive();
            assertThat(in.readNBytes(length)).hasSize(length);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) throw new IOException("the server closed the connection");
                if (b != '\r') line.append((char) b);
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static long unanswered(List<CompletableFuture<HttpResponse<String>>> queries) {
        return queries.stream().filter(q -> !q.isDone()).count();
    }

    @Test
    void expensiveQueriesLeaveHealthAndIngestAlone() throws Exception {
        try (TestServer server = server(Duration.ofMinutes(5));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
             HealthProbe health = new HealthProbe(server)) {
            int readThreads = Runtime.getRuntime().availableProcessors();
            // The first answers of a fresh server load classes and compile code; that is not what is measured.
            for (int i = 0; i < 200; i++) health.check();
            for (int i = 0; i < 3; i++) assertThat(query(server, CHEAP_QUERY).statusCode()).isEqualTo(200);
            List<CompletableFuture<HttpResponse<String>>> queries = new ArrayList<>();
            // Six rounds of work for the read threads: more than the checks below take, by far.
            for (int i = 0; i < readThreads * 6; i++) {
                int n = i;
                queries.add(CompletableFuture.supplyAsync(() -> query(server, expensiveQuery(n)), clients));
            }
            // Every query taken in (read threads busy, the rest waiting), so what follows measures
            // health beside running reads, not beside requests still being read and parsed.
            while ((server.server.reads().running() < readThreads
                    || server.server.reads().running() + server.server.reads().waiting() < queries.size())
                    && queries.stream().noneMatch(CompletableFuture::isDone)) {
                Thread.sleep(10);
            }

            HttpResponse<String> event = server.event("{\"n\":\"pageview\",\"u\":\"https://big.test/during-the-load\",\"d\":\"big.test\"}", "198.51.100.7");
            // As many expensive queries as there are read threads (or more) are still unanswered, so
            // the threads are busy with them (a free one takes the next waiting query at once).
            assertThat(unanswered(queries)).isGreaterThanOrEqualTo(readThreads);
            List<Long> healthMillis = new ArrayList<>();
            while (healthMillis.size() < 20 && unanswered(queries) >= readThreads) {
                long start = System.nanoTime();
                health.check();
                healthMillis.add((System.nanoTime() - start) / 1_000_000);
                Thread.sleep(50);
            }
            // The queries are six rounds of seconds of work for the read threads: ten checks at least fit.
            assertThat(healthMillis).hasSizeGreaterThanOrEqualTo(10);
            // The median is held to 100 ms; one sample may be slower only by the machine's own noise
            // (a CI host or a shared 2-core box stalls any process now and then), never by seconds.
            List<Long> sorted = healthMillis.stream().sorted().toList();
            assertThat(sorted.get(sorted.size() / 2)).as("median /api/health answer (ms) while every read thread ran an expensive query: " + healthMillis)
                    .isLessThanOrEqualTo(100);
            assertThat(sorted.getLast()).as("slowest /api/health answer (ms): " + healthMillis).isLessThan(1000);
            assertThat(event.statusCode()).isEqualTo(202);
            assertThat(server.server.awaitLoaded(Duration.ofMinutes(1))).isTrue();
            assertThat(server.server.storage().countEvents(SITE)).isEqualTo(EVENTS + 1);
            for (CompletableFuture<HttpResponse<String>> q : queries) assertThat(q.join().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aQueryPastItsDeadlineIsStoppedInTheEngineAndAnswered503() throws Exception {
        // A deadline far shorter than the query's engine work, on any machine.
        try (TestServer server = server(Duration.ofMillis(50))) {
            HttpResponse<String> late = query(server, expensiveQuery(1));

            assertThat(late.statusCode()).isEqualTo(503);
            assertThat(late.headers().firstValue("Retry-After")).contains("10");
            JsonNode body = JSON.readTree(late.body());
            assertThat(body.get("error").asText())
                    .isEqualTo("the query took longer than the server's limit of 50 ms and was stopped; "
                            + "ask for a shorter date range or fewer dimensions and filters, or retry later");
            // The answer went out once the read had stopped, and it stopped by the engine's cancel
            // (its statement failed as interrupted), not by running to its end: nothing runs on for nobody.
            assertThat(server.server.reads().running()).isZero();
            assertThat(server.server.reads().waiting()).isZero();
            assertThat(server.server.reads().stoppedInEngine()).isEqualTo(1);

            // The engine still answers afterwards.
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/health")).GET()).statusCode()).isEqualTo(200);
            assertThat(server.server.storage().countEvents(SITE)).isEqualTo(EVENTS);
        }
    }

    @Test
    void readsBeyondTheQueueAreRefusedAtOnceAndNoneFails() throws Exception {
        try (TestServer server = server(Duration.ofSeconds(5));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            int capacity = Runtime.getRuntime().availableProcessors() + 64;
            List<CompletableFuture<HttpResponse<String>>> queries = new ArrayList<>();
            for (int i = 0; i < capacity + 20; i++) {
                int n = i;
                queries.add(CompletableFuture.supplyAsync(() -> query(server, expensiveQuery(n)), clients));
            }
            int busy = 0;
            for (CompletableFuture<HttpResponse<String>> q : queries) {
                HttpResponse<String> res = q.join();
                assertThat(res.statusCode()).as(res.body()).isIn(200, 503);
                if (res.statusCode() == 503) {
                    String error = JSON.readTree(res.body()).get("error").asText();
                    assertThat(error).doesNotContainIgnoringCase("sql").doesNotContainIgnoringCase("interrupt");
                    if (error.startsWith("the server is answering as many queries as it can")) {
                        busy++;
                        assertThat(res.headers().firstValue("Retry-After")).contains("1");
                    } else {
                        assertThat(error).startsWith("the query took longer than the server's limit of 5 s");
                        assertThat(res.headers().firstValue("Retry-After")).contains("10");
                    }
                }
            }
            assertThat(busy).as("queries refused because every read thread was busy and the queue full").isPositive();
            assertThat(server.server.reads().running()).isZero();
            assertThat(server.server.reads().waiting()).isZero();
        }
    }
}
