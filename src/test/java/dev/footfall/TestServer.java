package dev.footfall;

import dev.footfall.server.FootfallServer;
import dev.footfall.server.ServerConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A real Footfall server for tests: in this JVM, on a free port, on a real data directory,
 * spoken to over HTTP only.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    /** A desktop Chrome user agent: tests that expect events to count must not look like a bot. */
    public static final String BROWSER_UA =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    public final FootfallServer server;
    public final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(FootfallServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static TestServer start(Path dataDir) {
        return start(dataDir, ServerConfig.DEFAULT_QUEUE_CAPACITY, Optional.empty());
    }

    public static TestServer start(Path dataDir, int queueCapacity, Optional<Path> geoip) {
        ServerConfig config = new ServerConfig(dataDir, 0, "127.0.0.1", Optional.of(ADMIN_KEY), geoip,
                ServerConfig.DEFAULT_TRUSTED_PROXIES, "256MB", queueCapacity);
        return new TestServer(FootfallServer.start(config), dataDir);
    }

    /** A server whose clock is {@code clock}: what is closed, archived or too old is decided by it. */
    public static TestServer start(Path dataDir, java.time.Clock clock) {
        ServerConfig config = new ServerConfig(dataDir, 0, "127.0.0.1", Optional.of(ADMIN_KEY), Optional.empty(),
                ServerConfig.DEFAULT_TRUSTED_PROXIES, "256MB", ServerConfig.DEFAULT_QUEUE_CAPACITY);
        return new TestServer(FootfallServer.start(config, clock), dataDir);
    }

    /** A server with its own configuration (its data directory is the config's). */
    public static TestServer start(ServerConfig config) {
        return new TestServer(FootfallServer.start(config), config.dataDir());
    }

    /** A server that neither builds nor reads rollups, for tests that drive a builder themselves. */
    public static TestServer withoutRollups(Path dataDir) {
        ServerConfig config = new ServerConfig(dataDir, 0, "127.0.0.1", Optional.of(ADMIN_KEY), Optional.empty(),
                ServerConfig.DEFAULT_TRUSTED_PROXIES, "256MB", ServerConfig.DEFAULT_QUEUE_CAPACITY, false, ServerConfig.DEFAULT_RESULT_CACHE_ENTRIES);
        return new TestServer(FootfallServer.start(config), dataDir);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** As {@link #send(HttpRequest.Builder)}, for a binary body (a Parquet export). */
    public HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * POST /api/event with a browser user agent and the given client IP (loopback is a trusted
     * proxy); once acknowledged, waits until the loader has stored it, so a query right after sees it.
     */
    public HttpResponse<String> event(String json, String clientIp) {
        HttpResponse<String> res = send(HttpRequest.newBuilder(uri("/api/event")).header("User-Agent", BROWSER_UA)
                .header("X-Forwarded-For", clientIp).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        if (res.statusCode() == 202) awaitLoaded();
        return res;
    }

    /** Waits until every acknowledged event is in the store (the loader runs a moment behind the acknowledgement). */
    public void awaitLoaded() {
        if (!server.awaitLoaded(Duration.ofSeconds(30))) throw new IllegalStateException("the loader did not catch up within 30 s");
    }

    public HttpResponse<String> admin(String method, String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * The site's stored event count once it reaches {@code count}, or when {@code wait} is over
     * (events arriving from a browser are stored a moment after the page sends them).
     */
    public long awaitEvents(String domain, long count, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long stored;
        while ((stored = server.storage().countEvents(domain)) < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return stored;
    }

    /** Adds a site through the Sites API. */
    public void addSite(String domain) {
        HttpResponse<String> res = admin("POST", "/api/v1/sites", "{\"domain\":\"" + domain + "\",\"timezone\":\"Etc/UTC\"}");
        if (res.statusCode() != 200) throw new IllegalStateException("could not add site " + domain + ": " + res.body());
    }

    @Override
    public void close() {
        server.close();
    }
}
