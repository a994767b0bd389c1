package dev.footfall.cli;

import dev.footfall.TestServer;
import dev.footfall.enrich.EventRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code footfall export} as a user runs it: offline on a data directory, and through a server that holds it. */
class ExportCommandTest {
    private static final String SITE = "export.test";
    private static final int LIVE_EVENTS = 6;
    private static final int PAST_EVENTS = 3;

    @TempDir
    Path dir;
    Path data;
    Path out;

    record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = Footfall.commandLine();
        cli.setOut(new PrintWriter(stdout));
        cli.setErr(new PrintWriter(stderr));
        int exit = cli.execute(args);
        return new Run(exit, stdout.toString(), stderr.toString());
    }

    @BeforeEach
    void dirs() throws Exception {
        data = dir.resolve("data");
        out = Files.createDirectories(dir.resolve("out"));
    }

    /** A data directory with a site, live events over HTTP and a few on a past day; no server left running. */
    private void fill() throws Exception {
        try (TestServer server = TestServer.start(data)) {
            server.addSite(SITE);
            for (int i = 0; i < LIVE_EVENTS; i++) {
                assertThat(server.event("{\"n\":\"pageview\",\"u\":\"https://" + SITE + "/live/" + i + "\",\"d\":\"" + SITE + "\"}",
                        "192.0.2." + (i + 1)).statusCode()).isEqualTo(202);
            }
            for (int i = 0; i < PAST_EVENTS; i++) {
                String json = "{\"n\":\"Signup\",\"u\":\"https://" + SITE + "/past\",\"d\":\"" + SITE + "\",\"p\":{\"plan\":\"team, \\\"pro\\\"\"}}";
                server.server.ingestion().ingest(EventRequest.parse(json.getBytes(StandardCharsets.UTF_8)), "192.0.2.100",
                        TestServer.BROWSER_UA, Instant.parse("2024-02-10T08:00:00Z").plusSeconds(i)).appended().durable().get();
            }
        }
    }

    static long parquetRows(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + file.toString().replace("'", "''") + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> filesIn(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void exportsOfflineInEveryFormat() throws Exception {
        fill();
        int all = LIVE_EVENTS + PAST_EVENTS;

        Run csv = run("export", "--data", data.toString(), "--site", SITE, "--out", out.resolve("events.csv").toString());
        assertThat(csv.exit()).as(csv.err()).isZero();
        assertThat(csv.out().strip()).startsWith("Exported " + all + " events of " + SITE + " to " + out.resolve("events.csv"))
                .containsPattern("\\(\\d+(\\.\\d)? (B|KiB), csv\\) in \\d+\\.\\d s$").doesNotContain("\n");
        List<String> lines = Files.readAllLines(out.resolve("events.csv"));
        assertThat(lines).hasSize(1 + all);
        assertThat(lines.getFirst()).startsWith("id,timestamp,name,visitor_id,session_id,hostname,pathname,");
        assertThat(lines.get(1)).contains(",2024-02-10T08:00:00Z,Signup,");

        Run ndjson = run("export", "--data", data.toString(), "--site", SITE, "--from", "2024-02-10", "--to", "2024-02-10",
                "--out", out.resolve("february.ndjson").toString());
        assertThat(ndjson.exit()).as(ndjson.err()).isZero();
        List<String> february = Files.readAllLines(out.resolve("february.ndjson"));
        assertThat(february).hasSize(PAST_EVENTS).allSatisfy(l -> assertThat(l).contains("\"props\":{\"plan\":\"team, \\\"pro\\\"\"}"));

        Run parquet = run("export", "--data", data.toString(), "--site", SITE, "--format", "parquet", "--from", "2024-03-01T00:00:00Z",
                "--out", out.resolve("live.data").toString());
        assertThat(parquet.exit()).as(parquet.err()).isZero();
        assertThat(parquetRows(out.resolve("live.data"))).isEqualTo(LIVE_EVENTS);

        assertThat(filesIn(out)).as("no unfinished files left").containsExactly("events.csv", "february.ndjson", "live.data");
    }

    @Test
    void badInputIsOneLineExitCode2AndWritesNothing() throws Exception {
        fill();
        String d = data.toString();
        String file = out.resolve("x.csv").toString();
        Files.createDirectories(out.resolve("a-directory.csv"));
        String[][] cases = {
                {"no site nope.test", "--site", "nope.test", "--out", file, "--data", d},
                {"--from must be a date", "--site", SITE, "--from", "last week", "--out", file, "--data", d},
                {"--to must be a date", "--site", SITE, "--to", "2024-02-30", "--out", file, "--data", d},
                {"--from must be before --to", "--site", SITE, "--from", "2024-03-02", "--to", "2024-03-01", "--out", file, "--data", d},
                {"--out: no directory", "--site", SITE, "--out", out.resolve("missing/x.csv").toString(), "--data", d},
                {"is a directory", "--site", SITE, "--out", out.resolve("a-directory.csv").toString(), "--data", d},
                {"--format is needed", "--site", SITE, "--out", out.resolve("x.txt").toString(), "--data", d},
                {"--format must be csv, ndjson or parquet", "--site", SITE, "--format", "xlsx", "--out", file, "--data", d},
                {"no Footfall data in", "--site", SITE, "--out", file, "--data", dir.resolve("nowhere").toString()}};
        for (String[] c : cases) {
            String[] args = Stream.concat(Stream.of("export"), Stream.of(c).skip(1)).toArray(String[]::new);
            Run r = run(args);
            assertThat(r.exit()).as("%s: %s", c[0], r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("footfall: ").contains(c[0]).doesNotContain("Exception");
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(filesIn(out)).as("nothing written for: " + c[0]).containsExactly("a-directory.csv");
        }
        assertThat(dir.resolve("nowhere")).doesNotExist();
    }

    @Test
    void exportsThroughTheServerThatHoldsTheDataDirectory() throws Exception {
        // DuckDB locks a database per process (a second open in the same JVM succeeds), so the server is a child process
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.footfall.cli.Footfall",
                "serve", "--data", data.toString(), "--port", "0", "--bind", "127.0.0.1", "--bootstrap-key", TestServer.ADMIN_KEY)
                .redirectErrorStream(true).start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String base = baseUrl(server);
            HttpResponse<String> site = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sites"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"" + SITE + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(site.statusCode()).as(site.body()).isEqualTo(200);
            for (int i = 0; i < LIVE_EVENTS; i++) {
                HttpResponse<String> event = http.send(HttpRequest.newBuilder(URI.create(base + "/api/event"))
                        .header("User-Agent", TestServer.BROWSER_UA).header("X-Forwarded-For", "192.0.2." + (i + 1))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"pageview\",\"u\":\"https://" + SITE + "/" + i + "\",\"d\":\"" + SITE + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(event.statusCode()).isEqualTo(202);
            }
            String d = data.toString();

            Run csv = run("export", "--data", d, "--site", SITE, "--out", out.resolve("served.csv").toString(),
                    "--server", base, "--api-key", TestServer.ADMIN_KEY);
            assertThat(csv.exit()).as(csv.err()).isZero();
            assertThat(csv.out()).contains("Exported " + LIVE_EVENTS + " events of " + SITE);
            assertThat(Files.readAllLines(out.resolve("served.csv"))).hasSize(1 + LIVE_EVENTS);

            Run parquet = run("export", "--data", d, "--site", SITE, "--from", "2024-01-01", "--out", out.resolve("served.parquet").toString(),
                    "--server", base, "--api-key", TestServer.ADMIN_KEY);
            assertThat(parquet.exit()).as(parquet.err()).isZero();
            assertThat(parquetRows(out.resolve("served.parquet"))).isEqualTo(LIVE_EVENTS);

            Run noKey = run("export", "--data", d, "--site", SITE, "--out", out.resolve("x.csv").toString(), "--server", base);
            assertThat(noKey.exit()).isEqualTo(2);
            assertThat(noKey.err()).contains("a server holds").contains("--api-key");
            Run badKey = run("export", "--data", d, "--site", SITE, "--out", out.resolve("x.csv").toString(), "--server", base, "--api-key", "ff_wrong");
            assertThat(badKey.exit()).isEqualTo(2);
            assertThat(badKey.err()).contains("refused the API key");
            Run noSite = run("export", "--data", d, "--site", "nope.test", "--out", out.resolve("x.csv").toString(), "--server", base,
                    "--api-key", TestServer.ADMIN_KEY);
            assertThat(noSite.exit()).isEqualTo(2);
            assertThat(noSite.err()).contains("--site").contains("nope.test");
            Run emptyRange = run("export", "--data", d, "--site", SITE, "--from", "2024-03-02", "--to", "2024-03-01",
                    "--out", out.resolve("x.csv").toString(), "--server", base, "--api-key", TestServer.ADMIN_KEY);
            assertThat(emptyRange.exit()).isEqualTo(2);
            assertThat(emptyRange.err()).contains("--from must be before");
            assertThat(filesIn(out)).containsExactly("served.csv", "served.parquet");
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    /** Waits for the child server's start line and keeps draining its output so it never blocks on a full pipe. */
    private static String baseUrl(Process server) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern running = Pattern.compile("Footfall is running on http://localhost:(\\d+)");
        StringBuilder seen = new StringBuilder();
        for (String line; (line = reader.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = running.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> reader.lines().forEach(l -> {}));
                return "http://127.0.0.1:" + m.group(1);
            }
        }
        throw new AssertionError("the server did not start:\n" + seen);
    }
}
