package dev.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.cli.SampleTraffic;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Acknowledged → visible latency under load, as a dashboard user sees it: every {@link #PROBE_EVERY_MILLIS}
 * one event with a page path of its own is posted, and once it is acknowledged the Stats API is
 * asked for that page's pageviews today (the realtime view's query: {@code date_range "day"}) until
 * it counts 1. The latency is from the 202 to the answer that shows the event, so it includes one
 * query and up to one {@link #POLL_PAUSE_MILLIS}: an upper bound of the loader's part.
 */
public final class FreshnessProbe implements AutoCloseable {
    /** The cadence; ten events a second are nothing beside the load. */
    private static final long PROBE_EVERY_MILLIS = 100;
    /** The measurement's resolution, far below the 1 s target, with a few dozen queries a second at most. */
    private static final long POLL_PAUSE_MILLIS = 20;
    /** Ten times the target: a probe still invisible then is reported as such rather than waited for. */
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Whatever the browser, the event must pass the bot filter; a real desktop browser does. */
    private static final String USER_AGENT = SampleTraffic.USER_AGENTS.getFirst();

    private final URI events;
    private final URI query;
    private final String adminKey;
    private final String domain;
    /** Page paths of this run, so probes of an earlier run on the same data cannot be mistaken for these. */
    private final String prefix = "/freshness/" + UUID.randomUUID().toString().substring(0, 8) + "/";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Latencies visible = new Latencies();
    private final Latencies queries = new Latencies();
    private volatile boolean stopping;
    private Thread thread;
    private long acknowledged;
    private long refused;
    private long invisible;
    private String lastProblem;

    public FreshnessProbe(int port, String adminKey, String domain) {
        this.events = URI.create("http://127.0.0.1:" + port + "/api/event");
        this.query = URI.create("http://127.0.0.1:" + port + "/api/v2/query");
        this.adminKey = adminKey;
        this.domain = domain;
    }

    /** What the probes saw; latencies in ms. */
    public record Result(long probes, long acknowledged, long refused, long invisible, double p50Millis, double p99Millis,
                         double maxMillis, double queryP50Millis, String lastProblem) {}

    public void start() {
        thread = Thread.ofPlatform().name("freshness-probe").daemon().start(this::run);
    }

    /** Stops after the probe in progress (abandoning its wait) and returns what was measured. */
    public Result stop() throws InterruptedException {
        stopping = true;
        thread.join();
        long[] sorted = Latencies.sorted(List.of(visible));
        long[] querySorted = Latencies.sorted(List.of(queries));
        return new Result(visible.size() + invisible, acknowledged, refused, invisible, Latencies.millisAt(sorted, 0.5),
                Latencies.millisAt(sorted, 0.99), Latencies.millisAt(sorted, 1.0), Latencies.millisAt(querySorted, 0.5), lastProblem);
    }

    @Override
    public void close() {
        stopping = true;
        http.close();
    }

    private void run() {
        for (int n = 0; !stopping; n++) {
            long began = System.nanoTime();
            try {
                probe(n);
            } catch (IOException | RuntimeException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                return;
            }
            long rest = TimeUnit.MILLISECONDS.toNanos(PROBE_EVERY_MILLIS) - (System.nanoTime() - began);
            if (rest > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(rest);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void probe(int n) throws IOException, InterruptedException {
        String page = prefix + n;
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(events).header("Content-Type", "text/plain")
                .header("User-Agent", USER_AGENT)
                // a visitor per probe from the benchmarking range (RFC 2544); only a header, no traffic goes there
                .header("X-Forwarded-For", "198.18." + (n >> 8 & 255) + "." + (n & 255))
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"pageview\",\"u\":\"https://" + domain + page + "\",\"d\":\""
                        + domain + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 202) {
            refused++;
            lastProblem = "probe answered " + posted.statusCode() + ": " + posted.body();
            return;
        }
        long acked = System.nanoTime();
        acknowledged++;
        while (!stopping) {
            long asked = System.nanoTime();
            long seen = pageviews(page);
            long answered = System.nanoTime();
            queries.record(answered - asked);
            if (seen >= 1) {
                visible.record(answered - acked);
                return;
            }
            if (answered - acked > GIVE_UP_NANOS) {
                invisible++;
                return;
            }
            Thread.sleep(POLL_PAUSE_MILLIS);
        }
    }

    private long pageviews(String page) throws IOException, InterruptedException {
        String body = """
                {"site_id": "%s", "metrics": ["pageviews"], "date_range": "day", "filters": [["is", "event:page", ["%s"]]]}"""
                .formatted(domain, page);
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(query).header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IOException("Stats API answered " + res.statusCode() + ": " + res.body());
        JsonNode results = json.readTree(res.body()).path("results");
        return results.isEmpty() ? 0 : results.get(0).path("metrics").path(0).asLong();
    }
}
