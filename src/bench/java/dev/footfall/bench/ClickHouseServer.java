package dev.footfall.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
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
 * A ClickHouse server of its own (Debian's clickhouse-server 18.16), as a child process on free
 * loopback ports, with its configuration, data, temporary files and logs in one temporary
 * directory: it never touches the system's /etc/clickhouse-server, /var/lib/clickhouse or service.
 * Spoken to over its HTTP interface with the JDK's client, so no ClickHouse driver (whose current
 * releases break against 18.16) is needed. Several can run at once, e.g. as the shards of a test
 * cluster.
 *
 * <p>18.16's HTTP quirks this works around: {@code X-ClickHouse-Database}/{@code -Format} headers
 * are ignored (the {@code database=} URL parameter works), {@code compress=1} answers are empty
 * (answers are asked for uncompressed), and {@code --pid-file} writes nothing (the process handle
 * is kept instead).
 */
public final class ClickHouseServer implements AutoCloseable {
    /** The Debian package's binary. */
    public static final Path BINARY = Path.of("/usr/sbin/clickhouse-server");
    /** It starts in about 0.1 s; ten seconds means it failed, e.g. a port was taken meanwhile. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** SIGTERM lets it finish writing parts; that takes well under this. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Between probes of /ping while it starts. */
    private static final long PROBE_PAUSE_MILLIS = 50;
    /** Long enough for any load or query here; a timeout is a failure, not a measurement. */
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(30);

    private final Process process;
    private final Path dir;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ClickHouseServer(Process process, Path dir, int httpPort) {
        this.process = process;
        this.dir = dir;
        this.httpPort = httpPort;
    }

    /**
     * Starts a server with at most {@code maxMemoryBytes} per query and waits until it answers
     * /ping. Needs {@link #BINARY}; see {@link LoadTools#requireClickHouse()}.
     */
    public static ClickHouseServer start(long maxMemoryBytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("footfall-clickhouse");
        int httpPort = BenchServer.freePort();
        int tcpPort = BenchServer.freePort();
        Files.writeString(dir.resolve("users.xml"), users(maxMemoryBytes));
        Files.writeString(dir.resolve("config.xml"), config(dir, httpPort, tcpPort));
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "--config-file=" + dir.resolve("config.xml")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        ClickHouseServer server = new ClickHouseServer(process, dir, httpPort);
        server.awaitPing();
        return server;
    }

    /**
     * The server's whole configuration: loopback only, its own ports and paths. The mark cache is
     * bounded (the package's default is 5 GB) because the machine is shared with a Footfall server
     * whose memory limit is a few hundred MB; data caches are otherwise the server's defaults.
     */
    static String config(Path dir, int httpPort, int tcpPort) {
        return """
                <?xml version="1.0"?>
                <yandex>
                    <logger><level>warning</level><log>%1$s/server.log</log><errorlog>%1$s/server.err.log</errorlog><size>100M</size><count>1</count></logger>
                    <listen_host>127.0.0.1</listen_host>
                    <http_port>%2$d</http_port>
                    <tcp_port>%3$d</tcp_port>
                    <path>%1$s/data/</path>
                    <tmp_path>%1$s/tmp/</tmp_path>
                    <user_files_path>%1$s/user_files/</user_files_path>
                    <format_schema_path>%1$s/format_schemas/</format_schema_path>
                    <users_config>%1$s/users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <timezone>UTC</timezone>
                    <mark_cache_size>268435456</mark_cache_size>
                </yandex>
                """.formatted(dir, httpPort, tcpPort);
    }

    /** One user, "default", without a password, from loopback only. */
    static String users(long maxMemoryBytes) {
        return """
                <?xml version="1.0"?>
                <yandex>
                    <profiles><default><max_memory_usage>%d</max_memory_usage></default></profiles>
                    <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
                    <quotas><default></default></quotas>
                </yandex>
                """.formatted(maxMemoryBytes);
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** Runs one statement and returns its answer as text (TabSeparated unless the statement says FORMAT). */
    public String query(String sql) throws IOException, InterruptedException {
        return send(uri(""), HttpRequest.BodyPublishers.ofString(sql));
    }

    /** Runs {@code INSERT ...} ({@code insert} ends with its FORMAT) with the file's bytes as its data. */
    public void insert(String insert, Path data) throws IOException, InterruptedException {
        send(uri("query=" + URLEncoder.encode(insert, StandardCharsets.UTF_8)), HttpRequest.BodyPublishers.ofFile(data));
    }

    /** The server's version, e.g. "18.16.1". */
    public String version() throws IOException, InterruptedException {
        return query("SELECT version()").strip();
    }

    private URI uri(String parameters) {
        return URI.create("http://127.0.0.1:" + httpPort + "/?database=default" + (parameters.isEmpty() ? "" : "&" + parameters));
    }

    private String send(URI uri, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(QUERY_TIMEOUT).POST(body).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ClickHouse answered " + response.statusCode() + ": " + response.body().strip());
        }
        return response.body();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        http.close();
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        BenchFiles.deleteRecursively(dir);
    }

    private void awaitPing() throws IOException, InterruptedException {
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ping")).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("clickhouse-server exited during start:\n" + Files.readString(dir.resolve("stdout.log"))
                        + (Files.exists(dir.resolve("server.err.log")) ? Files.readString(dir.resolve("server.err.log")) : ""));
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (ConnectException notListeningYet) {
                // still starting
            }
            Thread.sleep(PROBE_PAUSE_MILLIS);
        }
        process.destroyForcibly();
        throw new IllegalStateException("clickhouse-server did not answer /ping within " + START_TIMEOUT.toSeconds() + " s; see " + dir);
    }
}
