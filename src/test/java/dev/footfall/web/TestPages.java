package dev.footfall.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The web site being tracked: a plain JDK HTTP server on its own port, so the tracker posts to
 * Footfall from a different origin and the browser enforces CORS exactly as on a real site. Pages
 * are addressed by a host name under .test (the server answers any), not by 127.0.0.1, which the
 * tracker rightly ignores as localhost.
 */
final class TestPages implements AutoCloseable {
    private final HttpServer http;
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final Map<String, Path> directories = new ConcurrentHashMap<>();

    TestPages() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::serve);
        http.start();
    }

    /** The site's host when a test names none: under .test, which Chromium resolves here (Chromium.HOST_RULES). */
    static final String HOST = "pages.test";

    String origin() {
        return origin(HOST);
    }

    /** The pages under another host name (any *.test, or 127.0.0.1 for a page on localhost); the same pages answer. */
    String origin(String host) {
        return "http://" + host + ":" + http.getAddress().getPort();
    }

    /** Serves {@code html} at {@code path}, replacing what was there; returns the page's URL. */
    String page(String path, String html) {
        pages.put(path, html);
        return origin() + path;
    }

    /** As {@link #page(String, String)}, for {@code host} only: other hosts keep what they serve at that path. */
    String page(String host, String path, String html) {
        pages.put(host + path, html);
        return origin(host) + path;
    }

    /** Serves the files of {@code dir} under {@code prefix} (e.g. "/tracker/"), as a static host would. */
    void directory(String prefix, Path dir) {
        directories.put(prefix, dir.toAbsolutePath().normalize());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String host = exchange.getRequestHeaders().getFirst("Host");
            String html = host == null ? null : pages.get(host.replaceFirst(":\\d+$", "") + path);
            if (html == null) html = pages.get(path);
            if (html != null) {
                send(exchange, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
                return;
            }
            for (var mount : directories.entrySet()) {
                if (!path.startsWith(mount.getKey())) continue;
                Path file = mount.getValue().resolve(path.substring(mount.getKey().length())).normalize();
                if (file.startsWith(mount.getValue()) && Files.isRegularFile(file)) {
                    // ES modules load only with a JavaScript MIME type.
                    String type = file.toString().endsWith(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream";
                    send(exchange, type, Files.readAllBytes(file));
                    return;
                }
            }
            exchange.sendResponseHeaders(404, -1);
        }
    }

    private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
