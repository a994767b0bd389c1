package dev.footfall.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests of issue 12 that stopped or stalled the server, sent again two at a time: each is
 * refused with a 4xx, quickly, and all the while {@code /api/health} answers, typically within
 * 100 ms. The largest requests the limits let through are answered in bounded time, which shows
 * the limits are low enough.
 *
 * <p>Latency here is measured on a small machine that CI shares (2 cores, load averages over 10
 * were seen): the median health answer must stay under 100 ms and none may take a second.
 */
class DenialOfServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "dos.test";
    /** What "the server keeps answering" means here: the health check's median latency under attack... */
    private static final Duration HEALTH_BOUND = Duration.ofMillis(100);
    /** ...and its slowest, which a busy shared machine stretches by scheduling alone. */
    private static final Duration HEALTH_WORST = Duration.ofSeconds(1);
    /** How long a refusal may take: parsing the largest body the server reads (1 MB) and saying no. */
    private static final Duration REFUSAL_BOUND = Duration.ofSeconds(1);
    /** Enough probes under attack that one slow answer cannot be the median. */
    private static final int MIN_HEALTH_PROBES = 20;
    /** Bounds the test's time should probes be slow: each round takes about a second. */
    private static final int MAX_ROUNDS = 20;
    /** What the largest allowed request may take on a small, shared CI machine. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(3);

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        server.addSite(SITE);
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> res = server.event("{\"n\":\"pageview\",\"u\":\"https://dos.test/page-" + i + "\",\"d\":\"" + SITE + "\"}",
                    "10.0.0." + i);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One request: what it is, and how to send it. */
    record Attack(String name, HttpRequest.Builder request) {}

    static HttpRequest.Builder v2(String body) {
        return HttpRequest.newBuilder(server.uri("/api/v2/query")).header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpRequest.Builder v1(String pathAndQuery) {
        return HttpRequest.newBuilder(server.uri(pathAndQuery)).header("Authorization", "Bearer " + TestServer.ADMIN_KEY).GET();
    }

    static String query(String members) {
        return "{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\",\"pageviews\"]," + members + "}";
    }

    static String values(int n, String prefix) throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) values.add(prefix + i);
        return JSON.writeValueAsString(values);
    }

    /** Issue 12's requests, each of which stopped, froze or failed the server. */
    static List<Attack> attacks() throws Exception {
        List<Attack> attacks = new ArrayList<>();
        // Ranges that built millions of labels, looped for hours in the planner, or failed in the engine.
        attacks.add(new Attack("v1 timeseries over years 1-9999", v1("/api/v1/stats/timeseries?site_id=" + SITE
                + "&period=custom&date=0001-01-01,9999-12-30&interval=day")));
        attacks.add(new Attack("v2 range from year -999999999", v2(query("\"date_range\":[\"-999999999-01-01\",\"2024-01-01\"]"))));
        attacks.add(new Attack("comparison ending in year +999999999", v2(query(
                "\"date_range\":[\"2024-01-01\",\"+999999999-12-30\"],\"include\":{\"comparison\":\"previous_period\"}"))));
        attacks.add(new Attack("range ending 9999-12-31", v2(query("\"date_range\":[\"2024-01-01\",\"9999-12-31\"]"))));
        attacks.add(new Attack("hours over a century", v2(query("\"date_range\":[\"1925-01-01\",\"2024-12-31\"],\"dimensions\":[\"time:hour\"]"))));
        // Filters that burned the CPU.
        attacks.add(new Attack("500 KB pattern", v2(query("\"date_range\":\"day\",\"filters\":[[\"matches\",\"event:page\",[\""
                + "(a|b)*c".repeat(70_000) + "\"]]]"))));
        attacks.add(new Attack("60,000 is values", v2(query("\"date_range\":\"day\",\"filters\":[[\"is\",\"event:page\","
                + values(60_000, "/") + "]]"))));
        StringBuilder or = new StringBuilder();
        for (int i = 0; i < 20_000; i++) or.append(i == 0 ? "" : ",").append("[\"is\",\"event:page\",[\"/").append(i).append("\"]]");
        attacks.add(new Attack("20,000 OR'd conditions", v2(query("\"date_range\":\"day\",\"filters\":[[\"or\",[" + or + "]]]"))));
        StringBuilder deep = new StringBuilder("[\"is\",\"event:page\",[\"/\"]]");
        for (int i = 0; i < 900; i++) deep.insert(0, "[\"not\",").append("]");
        attacks.add(new Attack("not nested 900 deep", v2(query("\"date_range\":\"day\",\"filters\":[" + deep + "]"))));
        // Patterns Java accepts and RE2 refuses (each was a 500), and patterns too large to compile.
        for (String regex : List.of("(?=x)", "(?<n>x)", "a{1001}", "a++", "(a)\\\\1", "((a{1000}){1000}){1000}", "(?i)[\\\\x{80}-\\\\x{10FFFF}]{1000}")) {
            attacks.add(new Attack("pattern " + regex, v2(query("\"date_range\":\"day\",\"filters\":[[\"matches\",\"event:page\",[\"" + regex + "\"]]]"))));
        }
        attacks.add(new Attack("10,000 property dimensions", v2(query("\"date_range\":\"day\",\"dimensions\":" + values(10_000, "event:props:k")))));
        attacks.add(new Attack("empty query body", HttpRequest.newBuilder(server.uri("/api/v2/query"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody())));
        attacks.add(new Attack("empty event body", HttpRequest.newBuilder(server.uri("/api/event")).header("User-Agent", TestServer.BROWSER_UA)
                .POST(HttpRequest.BodyPublishers.noBody())));
        return attacks;
    }

    /** The largest requests the limits let through. */
    static List<Attack> largestAllowed() throws Exception {
        List<Attack> allowed = new ArrayList<>();
        allowed.add(new Attack("a daily series over a century", v2(query(
                "\"date_range\":[\"1925-01-01\",\"2024-12-31\"],\"dimensions\":[\"time:day\"],\"include\":{\"time_labels\":true}"))));
        allowed.add(new Attack("v1 daily series over a century", v1("/api/v1/stats/timeseries?site_id=" + SITE
                + "&period=custom&date=1925-01-01,2024-12-31&interval=day")));
        allowed.add(new Attack("500 contains values", v2(query("\"date_range\":\"day\",\"filters\":[[\"contains\",\"event:page\","
                + values(500, "/page-") + "]]"))));
        StringBuilder widest = new StringBuilder();
        for (int i = 0; i < 100; i++) widest.append(i == 0 ? "" : ",").append("[\"is\",\"event:page\",").append(values(5, "/" + i + "-")).append("]");
        allowed.add(new Attack("100 conditions of 5 values", v2(query("\"date_range\":\"day\",\"filters\":[[\"or\",[" + widest + "]]]"))));
        StringBuilder patterns = new StringBuilder("[\"matches\",\"event:page\",[\"(?:.?){50}(?:[^a]?){49}x\"]]");
        for (int i = 1; i < 100; i++) patterns.append(",[\"matches\",\"event:page\",[\"^/p-").append(i).append("$\"]]");
        allowed.add(new Attack("the largest patterns allowed", v2(query("\"date_range\":\"day\",\"filters\":[[\"or\",[" + patterns + "]]]"))));
        return allowed;
    }

    /** Sends each request, two at a time (with one handler thread per core, two such requests stalled everything). */
    static List<String> send(List<Attack> attacks, int status, Duration bound) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<String>> results = new ArrayList<>();
            for (Attack attack : attacks) {
                results.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    HttpResponse<String> res = client.send(attack.request().timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    String body = res.body().length() > 200 ? res.body().substring(0, 200) : res.body();
                    if (status == 400) assertThat(res.statusCode()).as(attack.name() + ": " + body).isBetween(400, 499);
                    else assertThat(res.statusCode()).as(attack.name() + ": " + body).isEqualTo(status);
                    assertThat(Duration.ofMillis(ms)).as(attack.name() + " took " + ms + " ms").isLessThan(bound);
                    return attack.name() + ": " + res.statusCode() + " in " + ms + " ms";
                }));
            }
            for (Future<String> result : results) outcomes.add(result.get());
        }
        return outcomes;
    }

    @Test
    void issue12sRequestsAreRefusedQuicklyWhileHealthAnswersWithin100ms() throws Exception {
        List<Attack> attacks = attacks();
        // A first round warms the JIT: a cold JVM parses the first megabyte bodies in its interpreter.
        send(attacks, 400, Duration.ofSeconds(10));

        HttpClient healthClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest health = HttpRequest.newBuilder(server.uri("/api/health")).timeout(Duration.ofSeconds(5)).GET().build();
        for (int i = 0; i < 20; i++) healthClient.send(health, HttpResponse.BodyHandlers.ofString());
        AtomicBoolean attacking = new AtomicBoolean(true);
        List<Long> healthMillis = Collections.synchronizedList(new ArrayList<>());
        Thread prober = Thread.ofPlatform().name("health-prober").start(() -> {
            while (attacking.get()) {
                long start = System.nanoTime();
                try {
                    HttpResponse<String> res = healthClient.send(health, HttpResponse.BodyHandlers.ofString());
                    healthMillis.add(res.statusCode() == 200 ? (System.nanoTime() - start) / 1_000_000 : Long.MAX_VALUE);
                    Thread.sleep(5);
                } catch (Exception e) {
                    healthMillis.add(Long.MAX_VALUE);
                }
            }
        });
        List<String> outcomes = new ArrayList<>();
        try {
            // On a quiet machine one round is over in a few health probes; rounds repeat until the
            // median rests on enough probes taken while an attack was running.
            for (int round = 0; round < MAX_ROUNDS && (round == 0 || healthMillis.size() < MIN_HEALTH_PROBES); round++) {
                outcomes.addAll(send(attacks, 400, REFUSAL_BOUND));
            }
        } finally {
            attacking.set(false);
            prober.join();
        }
        outcomes.forEach(System.out::println);
        List<Long> samples = new ArrayList<>(healthMillis);
        System.out.println("health under attack (ms): " + samples);
        assertThat(samples).hasSizeGreaterThanOrEqualTo(MIN_HEALTH_PROBES);
        assertThat(samples).allSatisfy(ms -> assertThat(ms).as("health latency under attack (ms)").isLessThan(HEALTH_WORST.toMillis()));
        List<Long> sorted = samples.stream().sorted().toList();
        assertThat(sorted.get(sorted.size() / 2)).as("median health latency under attack (ms) of " + samples).isLessThan(HEALTH_BOUND.toMillis());
    }

    /**
     * The limits are low enough: what they let through is answered in seconds. (Health under
     * many such reads at once is a matter for the read deadlines and pool of issue 12, not these bounds.)
     */
    @Test
    void theLargestAllowedRequestsAreAnsweredInBoundedTime() throws Exception {
        send(largestAllowed(), 200, ANSWER_BOUND).forEach(System.out::println);
    }

    @Test
    void theServerStillAnswersAfterwards() {
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(URI.create(server.uri("/api/health").toString())).GET());
        assertThat(res.statusCode()).isEqualTo(200);
    }
}
