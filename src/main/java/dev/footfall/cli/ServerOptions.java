package dev.footfall.cli;

import dev.footfall.server.ServerConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The flags of a running server, each with a FOOTFALL_* environment equivalent. */
final class ServerOptions {
    @Mixin
    DataOptions data;

    @Option(names = "--port", defaultValue = "${env:FOOTFALL_PORT:-" + ServerConfig.DEFAULT_PORT + "}",
            description = "HTTP port (env FOOTFALL_PORT; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "${env:FOOTFALL_BIND:-0.0.0.0}",
            description = "Address to listen on (env FOOTFALL_BIND; default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--bootstrap-key", paramLabel = "SECRET", defaultValue = "${env:FOOTFALL_BOOTSTRAP_KEY}",
            description = "Make sure an admin API key with this secret exists (env FOOTFALL_BOOTSTRAP_KEY).")
    String bootstrapKey;

    @Option(names = "--geoip", paramLabel = "FILE", defaultValue = "${env:FOOTFALL_GEOIP}",
            description = "MaxMind-format database (GeoLite2/DB-IP city or country) for locations (env FOOTFALL_GEOIP).")
    Path geoip;

    @Option(names = "--trusted-proxy", paramLabel = "CIDR", split = ",",
            defaultValue = "${env:FOOTFALL_TRUSTED_PROXIES:-127.0.0.0/8,::1/128}",
            description = "Peers whose X-Forwarded-For is believed (env FOOTFALL_TRUSTED_PROXIES; default: ${DEFAULT-VALUE}).")
    List<String> trustedProxies;

    @Option(names = "--queue-capacity", paramLabel = "N", defaultValue = "${env:FOOTFALL_QUEUE_CAPACITY:-" + ServerConfig.DEFAULT_QUEUE_CAPACITY + "}",
            description = "Event requests that may wait for the writer before new ones get 503 (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--no-rollups", description = "Answer every query from the raw tables and build no rollups (for comparisons).")
    boolean noRollups;

    @Option(names = "--result-cache", paramLabel = "N", defaultValue = "${env:FOOTFALL_RESULT_CACHE:-" + ServerConfig.DEFAULT_RESULT_CACHE_ENTRIES + "}",
            description = "Answers kept by the result cache; 0 turns it off (env FOOTFALL_RESULT_CACHE; default: ${DEFAULT-VALUE}).")
    int resultCacheEntries;

    @Option(names = "--journal-max-lag", paramLabel = "MB", defaultValue = "${env:FOOTFALL_JOURNAL_MAX_LAG:-" + (ServerConfig.DEFAULT_JOURNAL_MAX_LAG_BYTES >> 20) + "}",
            description = "Megabytes of journaled events the store may be behind before new events get 503 (env FOOTFALL_JOURNAL_MAX_LAG; default: ${DEFAULT-VALUE}).")
    long journalMaxLagMb;

    @Option(names = "--journal-max-age", paramLabel = "SECONDS", defaultValue = "${env:FOOTFALL_JOURNAL_MAX_AGE:-" + 300 + "}",
            description = "Seconds the oldest journaled event may wait for the store before new events get 503 (env FOOTFALL_JOURNAL_MAX_AGE; default: ${DEFAULT-VALUE}).")
    long journalMaxAgeSeconds;

    @Option(names = "--query-timeout", paramLabel = "DURATION",
            defaultValue = "${env:FOOTFALL_QUERY_TIMEOUT:-" + ServerConfig.DEFAULT_QUERY_TIMEOUT_SECONDS + "s}",
            description = "Deadline of each query (e.g. 30s, 500ms, 2m), waiting included; a query past it is stopped "
                    + "and answered 503 (env FOOTFALL_QUERY_TIMEOUT; default: ${DEFAULT-VALUE}).")
    String queryTimeout;

    ServerConfig config() {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0 to 65535, not " + port);
        if (geoip != null && !Files.isReadable(geoip)) throw new IllegalArgumentException("--geoip: cannot read " + geoip);
        if (queueCapacity < 1) throw new IllegalArgumentException("--queue-capacity must be at least 1");
        if (resultCacheEntries < 0) throw new IllegalArgumentException("--result-cache must not be negative");
        if (journalMaxLagMb < 1) throw new IllegalArgumentException("--journal-max-lag must be at least 1 (MB)");
        if (journalMaxAgeSeconds < 1) throw new IllegalArgumentException("--journal-max-age must be at least 1 (second)");
        Optional<String> key = Optional.ofNullable(bootstrapKey).filter(k -> !k.isBlank());
        if (key.isPresent() && key.get().length() < 16) throw new IllegalArgumentException("--bootstrap-key must be at least 16 characters");
        return new ServerConfig(data.dataDir, port, bind, key, Optional.ofNullable(geoip), trustedProxies,
                data.memoryLimit, queueCapacity, !noRollups, resultCacheEntries,
                ServerConfig.journalLimits(journalMaxLagMb << 20, Duration.ofSeconds(journalMaxAgeSeconds), queueCapacity))
                .withQueryTimeout(duration("--query-timeout", queryTimeout));
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

    /** A positive duration written as a number and a unit, ms, s (the default) or m. */
    static Duration duration(String flag, String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
            if (!d.isZero()) return d;
        }
        throw new IllegalArgumentException(flag + " must be a positive duration such as 30s, 500ms or 2m, not '" + text + "'");
    }
}
