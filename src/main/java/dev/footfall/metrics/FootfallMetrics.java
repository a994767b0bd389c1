package dev.footfall.metrics;

import dev.footfall.journal.Journal;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Footfall's Prometheus metrics, one registry per server so tests can run several side by side. */
public final class FootfallMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private final Counter accepted = Counter.builder().name("footfall_events_accepted_total")
            .help("Events loaded into the store").register(registry);
    private final Counter dropped = Counter.builder().name("footfall_events_dropped_total")
            .help("Events deliberately not stored, by reason").labelNames("reason").register(registry);
    private final Counter rejected = Counter.builder().name("footfall_requests_rejected_total")
            .help("Event requests answered 4xx/503, by status").labelNames("status").register(registry);
    // Every histogram is classic only: with native buckets too, each observation costs several
    // times more (a per-datapoint buffer and exponential bucket index), and the step and HTTP
    // timers observe ~10 times per event on the ingest path.
    private final Histogram batchSize = Histogram.builder().name("footfall_commit_batch_events")
            .help("Events per loader batch (one store transaction)").classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
            .classicOnly().register(registry);
    private final Histogram commitSeconds = Histogram.builder().name("footfall_commit_seconds")
            .help("Time to read, append and commit one loader batch").classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1)
            .classicOnly().register(registry);
    private final Histogram fsyncSeconds = Histogram.builder().name("footfall_journal_fsync_seconds")
            .help("Time to write and fsync one journal flush").classicUpperBounds(0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5)
            .classicOnly().register(registry);
    private final Histogram flushRequests = Histogram.builder().name("footfall_journal_flush_requests")
            .help("Requests made durable by one journal fsync").classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000)
            .classicOnly().register(registry);
    private final Counter journalFailures = Counter.builder().name("footfall_journal_write_failures_total")
            .help("Journal writes or fsyncs that failed (e.g. a full disk); their requests got 503").register(registry);
    private final Counter journalDamage = Counter.builder().name("footfall_journal_damage_total")
            .help("Torn or corrupt journal records found at start (cut or skipped)").register(registry);
    private final Histogram stepSeconds = Histogram.builder().name("footfall_enrich_step_seconds")
            .help("Time spent in each enrichment step").labelNames("step")
            .classicUpperBounds(0.000001, 0.00001, 0.0001, 0.001, 0.01, 0.1).classicOnly().register(registry);
    private final Histogram httpSeconds = Histogram.builder().name("footfall_http_request_seconds")
            .help("HTTP request latency by route").labelNames("route")
            .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5).classicOnly().register(registry);

    public void accepted(int events) {
        accepted.inc(events);
    }

    public void dropped(String reason) {
        dropped.labelValues(reason).inc();
    }

    /**
     * Per registered site, what was dropped and when last, in memory only: a new site's "waiting
     * for the first event" can say that events do arrive but are dropped, and why (a bot user
     * agent, a hostname not allowed, …). Unknown domains are not kept: anyone can name any domain,
     * so they would grow this map without bound; the global counter above still counts them.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder>> siteDrops =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, java.time.Instant> lastSiteDrop = new java.util.concurrent.ConcurrentHashMap<>();

    public void dropped(String domain, String reason, java.time.Instant at) {
        dropped(reason);
        if (reason.equals("unknown_site")) return;
        siteDrops.computeIfAbsent(domain, d -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(reason, r -> new java.util.concurrent.atomic.LongAdder()).increment();
        lastSiteDrop.put(domain, at);
    }

    /** Drops since the server started for {@code domain}, by reason, and the time of the last one. */
    public record SiteDrops(java.util.Map<String, Long> byReason, java.util.Optional<java.time.Instant> last) {}

    public SiteDrops drops(String domain) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        siteDrops.getOrDefault(domain, new java.util.concurrent.ConcurrentHashMap<>()).forEach((reason, n) -> counts.put(reason, n.sum()));
        return new SiteDrops(counts, java.util.Optional.ofNullable(lastSiteDrop.get(domain)));
    }

    public void rejected(int status) {
        rejected.labelValues(Integer.toString(status)).inc();
    }

    public void committed(int events, long nanos) {
        batchSize.observe(events);
        commitSeconds.observe(nanos / 1e9);
    }

    /** The timing series of one enrichment step, looked up once: a per-event label lookup showed in ingest profiles. */
    public DistributionDataPoint stepTimer(String step) {
        return stepSeconds.labelValues(step);
    }

    public void httpTime(String route, long nanos) {
        httpSeconds.labelValues(route).observe(nanos / 1e9);
    }

    /** Reports the ingest queue's depth at every scrape. */
    public void queueDepth(IntSupplier depth) {
        GaugeWithCallback.builder().name("footfall_ingest_queue_depth").help("Event requests waiting for the journal writer")
                .callback(cb -> cb.call(depth.getAsInt())).register(registry);
    }

    /** Reports, at every scrape, how far the store is behind the journal and how much the journal holds. */
    public void loaderLag(LongSupplier bytes, DoubleSupplier seconds, LongSupplier events, LongSupplier onDisk) {
        GaugeWithCallback.builder().name("footfall_loader_lag_bytes").help("Journaled bytes not yet loaded into the store")
                .callback(cb -> cb.call(bytes.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("footfall_loader_lag_seconds").help("Age of the oldest journaled record not yet loaded")
                .callback(cb -> cb.call(seconds.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name("footfall_loader_lag_events").help("Events journaled by this process and not yet loaded")
                .callback(cb -> cb.call(events.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("footfall_journal_bytes").help("Bytes in the journal's segment files")
                .callback(cb -> cb.call(onDisk.getAsLong())).register(registry);
    }

    /** Reports, at every scrape, the loader's open visits and those it closed early to stay within its cap. */
    public void openVisits(IntSupplier open, LongSupplier closedEarly) {
        GaugeWithCallback.builder().name("footfall_open_visits").help("Visits the loader holds open (active in the last 30 minutes)")
                .callback(cb -> cb.call(open.getAsInt())).register(registry);
        CounterWithCallback.builder().name("footfall_visits_closed_early").help("Visits closed before 30 idle minutes because the most open visits were held")
                .callback(cb -> cb.call(closedEarly.getAsLong())).register(registry);
    }

    /** The journal's events, as its listener. */
    public Journal.Listener journalListener() {
        return new Journal.Listener() {
            @Override
            public void flushed(int requests, long bytes, long fsyncNanos) {
                flushRequests.observe(requests);
                fsyncSeconds.observe(fsyncNanos / 1e9);
            }

            @Override
            public void writeFailed() {
                journalFailures.inc();
            }

            @Override
            public void damageFound(String what) {
                journalDamage.inc();
            }
        };
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
