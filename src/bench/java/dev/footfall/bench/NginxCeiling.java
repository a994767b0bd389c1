package dev.footfall.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP ceiling of the ingest benchmark: nginx answering {@code POST /api/event} with a bare 202,
 * on the same machine and the same load as Footfall, so Footfall's rate can be stated as a fraction
 * of what any HTTP server could do here. Started as a child process (no daemon, so it ends with
 * this process) on a free loopback port, with a configuration, pid file, logs and temp paths of
 * its own in a temporary directory: it never touches the system's nginx configuration or service.
 */
public final class NginxCeiling implements AutoCloseable {
    /** nginx starts in milliseconds; this long means it failed, e.g. the port was taken meanwhile. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** A fast shutdown (SIGTERM) takes milliseconds. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Between probes while nginx starts. */
    private static final long PROBE_PAUSE_MILLIS = 50;

    private final Process process;
    private final Path dir;
    private final int port;
    private final int workers;

    private NginxCeiling(Process process, Path dir, int port, int workers) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.workers = workers;
    }

    /** Starts nginx with one worker per core and waits until it answers. */
    public static NginxCeiling start(Path nginx) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("footfall-bench-nginx");
        int port = BenchServer.freePort();
        int workers = Runtime.getRuntime().availableProcessors();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(dir, port, workers));
        // -e: the error log before the configuration is read, which would otherwise be /var/log/nginx's.
        Process process = new ProcessBuilder(List.of(nginx.toString(), "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        NginxCeiling ceiling = new NginxCeiling(process, dir, port, workers);
        ceiling.awaitAnswering();
        return ceiling;
    }

    /**
     * The whole configuration. Access logging is off (Footfall writes no access log either), and a
     * connection may carry any number of requests: nginx's default closes keep-alive connections
     * after 1,000 requests, which wrk would pay for in reconnects and Footfall does not do.
     */
    static String config(Path dir, int port, int workers) {
        return """
                daemon off;
                worker_processes %d;
                pid %s;
                error_log %s warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  keepalive_requests 100000000;
                  client_body_temp_path %s;
                  proxy_temp_path %s;
                  fastcgi_temp_path %s;
                  uwsgi_temp_path %s;
                  scgi_temp_path %s;
                  server {
                    listen 127.0.0.1:%d;
                    location = /api/event { return 202; }
                  }
                }
                """.formatted(workers, dir.resolve("nginx.pid"), dir.resolve("error.log"), dir.resolve("body"),
                dir.resolve("proxy"), dir.resolve("fastcgi"), dir.resolve("uwsgi"), dir.resolve("scgi"), port);
    }

    public int port() {
        return port;
    }

    public int workers() {
        return workers;
    }

    /** nginx's version line, e.g. "nginx/1.22.1". */
    public static String version(Path nginx) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(nginx.toString(), "-v").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out.replace("nginx version: ", "");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) process.destroyForcibly();
        BenchFiles.deleteRecursively(dir);
    }

    private void awaitAnswering() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            awaitAnswering(http);
        }
    }

    private void awaitAnswering(HttpClient http) throws IOException, InterruptedException {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/event"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited during start:\n" + Files.readString(dir.resolve("error.log")));
            }
            try {
                int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 202) return;
                throw new IllegalStateException("nginx answered " + status + " instead of 202; configuration: " + dir.resolve("nginx.conf"));
            } catch (ConnectException notListeningYet) {
                Thread.sleep(PROBE_PAUSE_MILLIS);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("nginx did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + dir.resolve("error.log"));
    }
}
