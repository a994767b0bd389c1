package dev.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Stats API v2 queries a dashboard sends for one date range, and their timing over HTTP
 * against a running server: each panel alone, a dashboard as all panels one after another, and a
 * dashboard as a browser loads it, with the panels spread over a few concurrent connections.
 */
public final class StatsDashboard implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough for any query on a large site; a timeout would be a failure, not a measurement. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** Breakdown panels show ten rows, as the dashboard does. */
    private static final int PANEL_ROWS = 10;

    /** One dashboard query: its name and request body. */
    public record Panel(String name, ObjectNode body) {}

    /** One answer and how long it took, request sent to body read. */
    public record Timed(long nanos, JsonNode answer) {}

    /**
     * Sample latencies of one date range, in nanoseconds.
     *
     * @param panels     per panel (same order as the panel list), one sample per run
     * @param sequential one dashboard = every panel in turn, one sample per run
     * @param concurrent one dashboard = every panel at once over {@code clients} connections; empty when clients is 1
     */
    public record Samples(List<long[]> panels, long[] sequential, long[] concurrent) {}

    private final HttpClient http;
    private final URI uri;
    private final String key;
    private final ExecutorService pool;
    private final int clients;

    public StatsDashboard(int port, String adminKey, int clients) {
        this.clients = clients;
        this.pool = Executors.newFixedThreadPool(clients, Thread.ofPlatform().name("stats-client-", 0).daemon().factory());
        // Its own executor, not the pool: pool threads block in send() while the client completes their exchanges.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        this.uri = URI.create("http://127.0.0.1:" + port + "/api/v2/query");
        this.key = adminKey;
    }

    /** The dashboard's panels for the local days {@code from} through {@code to}: {@link #dashboard} and a filtered breakdown. */
    public static List<Panel> panels(String domain, LocalDate from, LocalDate to) {
        List<Panel> panels = new ArrayList<>(dashboard(domain, from, to));
        ObjectNode filtered = query(domain, from, to, PANEL_ROWS, List.of("visitors", "pageviews"), List.of("event:page"));
        ArrayNode filters = filtered.putArray("filters");
        filters.addArray().add("is").add("visit:country").addArray().add("DE");
        filters.addArray().add("is").add("visit:source").addArray().add("Google");
        panels.add(new Panel("pages, DE + Google", filtered));
        return panels;
    }

    /** The unfiltered panels a dashboard opens with: top stats, the daily graph and the breakdowns. */
    public static List<Panel> dashboard(String domain, LocalDate from, LocalDate to) {
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        List<Panel> panels = new ArrayList<>();
        panels.add(new Panel("top stats", query(domain, from, to, 0,
                List.of("visitors", "visits", "pageviews", "views_per_visit", "bounce_rate", "visit_duration"), List.of())));
        // The graph needs every day of the range, so it is not cut to ten rows.
        panels.add(new Panel("daily series", query(domain, from, to, days, List.of("visitors", "pageviews"), List.of("time:day"))));
        panels.add(new Panel("pages", query(domain, from, to, PANEL_ROWS, List.of("visitors", "pageviews"), List.of("event:page"))));
        panels.add(new Panel("sources", query(domain, from, to, PANEL_ROWS, List.of("visitors", "bounce_rate"), List.of("visit:source"))));
        panels.add(new Panel("countries", query(domain, from, to, PANEL_ROWS, List.of("visitors"), List.of("visit:country"))));
        panels.add(new Panel("devices", query(domain, from, to, PANEL_ROWS, List.of("visitors"), List.of("visit:device"))));
        panels.add(new Panel("entry pages", query(domain, from, to, PANEL_ROWS, List.of("visitors", "visits"), List.of("visit:entry_page"))));
        panels.add(new Panel("exit pages", query(domain, from, to, PANEL_ROWS, List.of("visitors", "visits"), List.of("visit:exit_page"))));
        return panels;
    }

    /**
     * Issue 14's dashboard, the panels its latency targets are stated for: top stats, the daily
     * series, pages, sources, countries, devices, and pages of one country; every panel also
     * carries {@code filters} (e.g. {@code visit:device is Mobile}), none when it is empty.
     */
    public static List<Panel> issue14(String domain, LocalDate from, LocalDate to, String country, List<Filter> filters) {
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        List<Panel> panels = new ArrayList<>();
        panels.add(new Panel("top stats", query(domain, from, to, 0,
                List.of("visitors", "visits", "pageviews", "views_per_visit", "bounce_rate", "visit_duration"), List.of())));
        // The graph needs every day of the range, so it is not cut to ten rows.
        panels.add(new Panel("daily series", query(domain, from, to, days, List.of("visitors", "pageviews"), List.of("time:day"))));
        panels.add(new Panel("pages", query(domain, from, to, PANEL_ROWS, List.of("visitors", "pageviews"), List.of("event:page"))));
        panels.add(new Panel("sources", query(domain, from, to, PANEL_ROWS, List.of("visitors", "bounce_rate"), List.of("visit:source"))));
        panels.add(new Panel("countries", query(domain, from, to, PANEL_ROWS, List.of("visitors"), List.of("visit:country"))));
        panels.add(new Panel("devices", query(domain, from, to, PANEL_ROWS, List.of("visitors"), List.of("visit:device"))));
        ObjectNode ofCountry = query(domain, from, to, PANEL_ROWS, List.of("visitors", "pageviews"), List.of("event:page"));
        ofCountry.putArray("filters").addArray().add("is").add("visit:country").addArray().add(country);
        panels.add(new Panel("pages, country " + country, ofCountry));
        for (Panel p : panels) {
            ArrayNode all = p.body().has("filters") ? (ArrayNode) p.body().get("filters") : p.body().putArray("filters");
            for (Filter f : filters) all.addArray().add("is").add(f.dimension()).addArray().add(f.value());
            if (all.isEmpty()) p.body().remove("filters");
        }
        return panels;
    }

    /** An {@code is} filter on one value: {@code ["is", dimension, [value]]}. */
    public record Filter(String dimension, String value) {}

    /** The pages panel filtered by one source: a filter rollups cannot serve, so it reads raw in every tier. */
    public static Panel pagesFrom(String domain, LocalDate from, LocalDate to, String source) {
        ObjectNode q = query(domain, from, to, PANEL_ROWS, List.of("visitors", "pageviews"), List.of("event:page"));
        q.putArray("filters").addArray().add("is").add("visit:source").addArray().add(source);
        return new Panel("pages, source " + source, q);
    }

    private static ObjectNode query(String domain, LocalDate from, LocalDate to, int limit, List<String> metrics, List<String> dimensions) {
        ObjectNode q = JSON.createObjectNode();
        q.put("site_id", domain);
        metrics.forEach(q.putArray("metrics")::add);
        q.putArray("date_range").add(from.toString()).add(to.toString());
        if (!dimensions.isEmpty()) dimensions.forEach(q.putArray("dimensions")::add);
        if (limit > 0) q.putObject("pagination").put("limit", limit);
        return q;
    }

    /** Sends one query; fails unless the answer is 200. */
    public Timed run(ObjectNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long nanos = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("query failed with " + response.statusCode() + ": " + new String(response.body()) + "\nquery: " + body);
        }
        return new Timed(nanos, JSON.readTree(response.body()));
    }

    /** The panel's query with {@code include.explain}, so the answer names the statement, rows read and engine time. */
    public Timed explain(Panel panel) throws IOException, InterruptedException {
        ObjectNode body = panel.body().deepCopy();
        body.putObject("include").put("explain", true);
        return run(body);
    }

    /**
     * What served an answer given with {@code include.explain}: the parts of its statements per
     * tier, the rows they read and the engine's time, e.g. "2 rollup_day + 1 raw; 1,234 rows read, engine 3.1 ms".
     */
    public static String served(JsonNode answer) {
        Map<String, Integer> tiers = new LinkedHashMap<>();
        long rowsRead = 0;
        double engineMillis = 0;
        for (JsonNode statement : answer.path("meta").path("explain")) {
            if (statement.path("parts").isEmpty()) tiers.merge(statement.path("tier").asText(), 1, Integer::sum);
            for (JsonNode part : statement.path("parts")) tiers.merge(part.path("tier").asText(), 1, Integer::sum);
            rowsRead += statement.path("rows_read").asLong();
            engineMillis += statement.path("ms").asDouble();
        }
        List<String> parts = new ArrayList<>();
        tiers.forEach((tier, n) -> parts.add(n + " " + tier));
        return String.format("%s; %,d rows read, engine %.1f ms", String.join(" + ", parts), rowsRead, engineMillis);
    }

    /** One dashboard, panels in turn; returns each panel's time. */
    public long[] sequential(List<Panel> panels) throws IOException, InterruptedException {
        long[] nanos = new long[panels.size()];
        for (int i = 0; i < panels.size(); i++) nanos[i] = run(panels.get(i).body()).nanos();
        return nanos;
    }

    /** One dashboard, every panel sent at once over the client threads; returns the time until the last answer. */
    public long concurrent(List<Panel> panels) throws InterruptedException, ExecutionException {
        long start = System.nanoTime();
        List<Future<Timed>> answers = new ArrayList<>();
        for (Panel p : panels) answers.add(pool.submit(() -> run(p.body())));
        for (Future<Timed> f : answers) f.get();
        return System.nanoTime() - start;
    }

    /** {@code runs} measured dashboards, sequential and then (with more than one client) concurrent. */
    public Samples measure(List<Panel> panels, int runs) throws Exception {
        List<long[]> perPanel = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) perPanel.add(new long[runs]);
        long[] sequential = new long[runs];
        for (int r = 0; r < runs; r++) {
            long[] nanos = sequential(panels);
            for (int i = 0; i < nanos.length; i++) {
                perPanel.get(i)[r] = nanos[i];
                sequential[r] += nanos[i];
            }
        }
        long[] concurrent = new long[clients > 1 ? runs : 0];
        for (int r = 0; r < concurrent.length; r++) concurrent[r] = concurrent(panels);
        return new Samples(perPanel, sequential, concurrent);
    }

    /** Nearest-rank percentile {@code q} (0..1) of the samples, in milliseconds. */
    public static double millis(long[] samples, double q) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return Latencies.millisAt(sorted, q);
    }

    public int clients() {
        return clients;
    }

    @Override
    public void close() {
        http.close();
        pool.shutdownNow();
    }
}
