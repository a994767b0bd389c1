package dev.footfall.server;

import dev.footfall.journal.Journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a server needs to start.
 *
 * @param trustedProxies peers whose X-Forwarded-For is believed (addresses or CIDR blocks)
 * @param memoryLimit    DuckDB's memory_limit, e.g. "256MB"
 * @param queueCapacity  event requests that may wait for the writer before new ones get 503
 * @param rollups        whether the planner may answer from rollups (false: every query reads raw, for benchmarks)
 * @param resultCacheEntries answers kept by the result cache; 0 turns it off
 * @param journal        the journal's segment size and how far the store may fall behind it before
 *                       new events get 503
 * @param queryTimeout   each read's deadline (a Stats query, a page of events), waiting for a read thread included
 * @param exportStallTimeout how long an export download may go without the client taking a byte before it is cut off
 */
public record ServerConfig(Path dataDir, int port, String bind, Optional<String> bootstrapKey, Optional<Path> geoip,
                           List<String> trustedProxies, String memoryLimit, int queueCapacity,
                           boolean rollups, int resultCacheEntries, Journal.Limits journal,
                           Duration queryTimeout, Duration exportStallTimeout) {

    public ServerConfig(Path dataDir, int port, String bind, Optional<String> bootstrapKey, Optional<Path> geoip,
                        List<String> trustedProxies, String memoryLimit, int queueCapacity, boolean rollups, int resultCacheEntries,
                        Journal.Limits journal) {
        this(dataDir, port, bind, bootstrapKey, geoip, trustedProxies, memoryLimit, queueCapacity, rollups, resultCacheEntries, journal,
                DEFAULT_QUERY_TIMEOUT, DEFAULT_EXPORT_STALL_TIMEOUT);
    }

    public ServerConfig(Path dataDir, int port, String bind, Optional<String> bootstrapKey, Optional<Path> geoip,
                        List<String> trustedProxies, String memoryLimit, int queueCapacity, boolean rollups, int resultCacheEntries) {
        this(dataDir, port, bind, bootstrapKey, geoip, trustedProxies, memoryLimit, queueCapacity, rollups, resultCacheEntries,
                journalLimits(DEFAULT_JOURNAL_MAX_LAG_BYTES, DEFAULT_JOURNAL_MAX_LAG_AGE, queueCapacity));
    }

    public ServerConfig(Path dataDir, int port, String bind, Optional<String> bootstrapKey, Optional<Path> geoip,
                        List<String> trustedProxies, String memoryLimit, int queueCapacity) {
        this(dataDir, port, bind, bootstrapKey, geoip, trustedProxies, memoryLimit, queueCapacity, true, DEFAULT_RESULT_CACHE_ENTRIES);
    }

    /** This configuration with another deadline for each read (queries, pages of events). */
    public ServerConfig withQueryTimeout(Duration timeout) {
        return new ServerConfig(dataDir, port, bind, bootstrapKey, geoip, trustedProxies, memoryLimit, queueCapacity, rollups,
                resultCacheEntries, journal, timeout, exportStallTimeout);
    }

    /** This configuration with another limit on how long an export's client may take nothing. */
    public ServerConfig withExportStallTimeout(Duration timeout) {
        return new ServerConfig(dataDir, port, bind, bootstrapKey, geoip, trustedProxies, memoryLimit, queueCapacity, rollups,
                resultCacheEntries, journal, queryTimeout, timeout);
    }

    /** Above 1024, so no privileges are needed; serve, demo and export's --server default agree on it. */
    public static final int DEFAULT_PORT = 8000;
    /** Loopback only: a reverse proxy on the same machine is the common self-hosted set-up. */
    public static final List<String> DEFAULT_TRUSTED_PROXIES = List.of("127.0.0.0/8", "::1/128");
    /** Enough for the engine's working set on a small VPS while keeping the process within a few hundred MB. */
    public static final String DEFAULT_MEMORY_LIMIT = "256MB";
    /** About a second of peak ingest; beyond that, back-pressure (503) beats unbounded memory. */
    public static final int DEFAULT_QUEUE_CAPACITY = 20_000;
    /** Journal segments are deleted whole once loaded: 64 MB keeps the file count low and a loaded segment's space returns soon. */
    public static final long JOURNAL_SEGMENT_BYTES = 64L << 20;
    /** About a minute of full-rate ingest (~20 K events/s of ~500 bytes) held for a slow store before events get 503. */
    public static final long DEFAULT_JOURNAL_MAX_LAG_BYTES = 1L << 30;
    /** Events older than this in the journal mean the store is failing, not just busy: refuse rather than pile up. */
    public static final Duration DEFAULT_JOURNAL_MAX_LAG_AGE = Duration.ofMinutes(5);

    public static Journal.Limits journalLimits(long maxLagBytes, Duration maxLagAge, int queueCapacity) {
        return new Journal.Limits(JOURNAL_SEGMENT_BYTES, maxLagBytes, maxLagAge, queueCapacity);
    }

    /** A dashboard is about ten answers of a few KB: ten thousand keep a thousand recent dashboards in tens of MB. */
    public static final int DEFAULT_RESULT_CACHE_ENTRIES = 10_000;
    /**
     * The slowest legitimate query measured (docs/benchmarks.md: a year's pages filtered by
     * source, read raw, 13–18 s at p95) fits with room for a busy machine; and 30 s stays under
     * the 60 s after which common reverse proxies (nginx's proxy_read_timeout) give up, so the
     * client gets this server's clear answer rather than the proxy's.
     */
    public static final int DEFAULT_QUERY_TIMEOUT_SECONDS = 30;
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(DEFAULT_QUERY_TIMEOUT_SECONDS);
    /** A client that is still there takes a socket buffer's worth of an export far sooner than this. */
    public static final Duration DEFAULT_EXPORT_STALL_TIMEOUT = Duration.ofSeconds(60);
}
