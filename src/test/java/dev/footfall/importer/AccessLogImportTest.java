package dev.footfall.importer;

import dev.footfall.Storage;
import dev.footfall.bench.AccessLogGenerator;
import dev.footfall.cli.Footfall;
import dev.footfall.journal.Journal;
import dev.footfall.server.FootfallServer;
import dev.footfall.server.ServerConfig;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogImportTest {
    private static final String SITE = "example.com";
    private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void addSite() {
        data = dir.resolve("data");
        assertThat(cli("sites", "add", SITE, "--data", data.toString()).code).isZero();
    }

    @Test
    void importsHumanPageviewsAndCountsEverySkippedLine() throws Exception {
        Path log = dir.resolve("access.log");
        var counts = new AccessLogGenerator(1, SITE, START).write(log, 3_000, 7);

        ImportSummary summary = importWithApi(log);

        assertThat(summary.linesRead()).isEqualTo(counts.total());
        assertThat(summary.imported()).isEqualTo(counts.pageviews());
        assertThat(summary.skipped(SkipReason.STATIC_ASSET)).isEqualTo(counts.assets());
        assertThat(summary.skipped(SkipReason.BOT)).isEqualTo(counts.bots());
        assertThat(summary.skipped(SkipReason.STATUS)).isEqualTo(counts.notFound());
        assertThat(summary.skipped(SkipReason.NOT_GET)).isEqualTo(counts.notGet());
        assertThat(summary.malformed()).isEqualTo(7);
        assertThat(summary.malformedExamples()).hasSize(ImportSummary.MALFORMED_EXAMPLES)
                .allSatisfy(e -> assertThat(e.problem()).contains("time"));

        try (Storage storage = open()) {
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM events WHERE site = 'example.com' AND name = 'pageview'"))
                    .isEqualTo(counts.pageviews());
            // enriched like live traffic: the log's own times, browsers, referrer sources, UTM tags, no bots
            var row = StoredRows.query(storage, """
                    SELECT min(ts) AS first, count(DISTINCT browser) AS browsers, count(*) FILTER (WHERE referrer_source = 'Google') AS google,
                           count(*) FILTER (WHERE utm_source = 'newsletter') AS tagged, count(*) FILTER (WHERE browser = '') AS unknown,
                           count(*) FILTER (WHERE hostname <> 'example.com') AS other_hosts
                    FROM events""").getFirst();
            assertThat(row.get("first").toString()).startsWith("2024-03-01");
            assertThat(((Number) row.get("browsers")).longValue()).isGreaterThanOrEqualTo(3);
            assertThat(((Number) row.get("google")).longValue()).isPositive();
            assertThat(((Number) row.get("tagged")).longValue()).isPositive();
            assertThat(((Number) row.get("unknown")).longValue()).isZero();
            assertThat(((Number) row.get("other_hosts")).longValue()).isZero();
            // sessions were built: their pageviews add up to the events, and every event has one
            assertThat(StoredRows.count(storage, "SELECT sum(sign * pageviews) FROM sessions")).isEqualTo(counts.pageviews());
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM events e WHERE NOT EXISTS "
                    + "(SELECT 1 FROM sessions s WHERE s.session_id = e.session_id)")).isZero();
            assertThat(storage.importedLines(LogFingerprint.of(Files.readAllLines(log).getFirst()), SITE)).isEqualTo(counts.total());
        }
    }

    @Test
    void aSecondRunImportsNothingAndAGrownLogOnlyItsNewLines() throws Exception {
        Path log = dir.resolve("access.log");
        AccessLogGenerator generator = new AccessLogGenerator(2, SITE, START);
        var first = generator.write(log, 2_000, 0);
        assertThat(cli("import", "--data", data.toString(), "--site", SITE, log.toString()).code).isZero();
        assertThat(pageviews()).isEqualTo(first.pageviews());

        Result again = cli("import", "--data", data.toString(), "--site", SITE, log.toString());
        assertThat(again.code).isZero();
        assertThat(again.out).contains("Imported 0 pageviews").containsPattern("already imported\\s+2,000");
        assertThat(pageviews()).isEqualTo(first.pageviews());

        var appended = generator.write(log, 500, 0);
        Files.writeString(log, "10.0.0.1 - - [01/Mar/2024:00:00:00 +0000] \"GET /half", java.nio.file.StandardOpenOption.APPEND);
        Result grown = cli("import", "--data", data.toString(), "--site", SITE, log.toString());
        assertThat(grown.code).isZero();
        assertThat(grown.out).contains("Imported " + appended.pageviews() + " pageviews").contains("ends in an unfinished line");
        assertThat(pageviews()).isEqualTo(first.pageviews() + appended.pageviews());
    }

    @Test
    void readsGzipAndKnowsARotatedLogByItsContent() throws Exception {
        Path gz = dir.resolve("access.log.1.gz");
        var counts = new AccessLogGenerator(3, SITE, START).write(gz, 1_500, 3);
        Result result = cli("import", "--data", data.toString(), "--site", SITE, gz.toString());
        assertThat(result.code).isZero();
        assertThat(result.out).contains("Imported " + counts.pageviews() + " pageviews").containsPattern("malformed\\s+3");
        assertThat(pageviews()).isEqualTo(counts.pageviews());

        // the same content, decompressed under another name: nothing new
        Path plain = dir.resolve("access.log.1");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, plain);
        }
        assertThat(cli("import", "--data", data.toString(), "--site", SITE, plain.toString()).out).contains("Imported 0 pageviews");
        assertThat(pageviews()).isEqualTo(counts.pageviews());
    }

    @Test
    void refusesClearlyWhenAServerHoldsTheDataDirectory() throws Exception {
        Path log = dir.resolve("access.log");
        new AccessLogGenerator(4, SITE, START).write(log, 10, 0);
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Footfall.class.getName(), "serve", "--data", data.toString(), "--port", "0", "--bind", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile()).start();
        try {
            waitFor(() -> Files.readString(dir.resolve("server.out")).contains("Footfall is running"));
            Result result = cli("import", "--data", data.toString(), "--site", SITE, log.toString());
            assertThat(result.code).isNotZero();
            assertThat(result.err.strip()).startsWith("footfall: the data directory " + data + " is in use by another process")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void namesAnUnknownSiteAndAMissingFile() throws Exception {
        Path log = dir.resolve("access.log");
        new AccessLogGenerator(5, SITE, START).write(log, 10, 0);

        Result unknown = cli("import", "--data", data.toString(), "--site", "nosuch.org", log.toString());
        assertThat(unknown.code).isNotZero();
        assertThat(unknown.err).contains("no site nosuch.org").contains("footfall sites add nosuch.org").doesNotContain("Exception");

        Result missing = cli("import", "--data", data.toString(), "--site", SITE, dir.resolve("nope.log").toString());
        assertThat(missing.code).isNotZero();
        assertThat(missing.err).contains("cannot read " + dir.resolve("nope.log") + ": no such file");

        Result format = cli("import", "--data", data.toString(), "--site", SITE, "--format", "json", log.toString());
        assertThat(format.code).isNotZero();
        assertThat(format.err).contains("unknown log format 'json'; known: combined");
    }

    private ImportSummary importWithApi(Path log) throws InterruptedException {
        try (DuckDbStorage storage = open(); Journal journal = journal(storage)) {
            Site site = storage.site(SITE).orElseThrow();
            return new AccessLogImporter(storage, journal, site, Optional.empty(), LogFormat.COMBINED).run(List.of(log), new Progress.Silent());
        }
    }

    private long pageviews() {
        try (Storage storage = open()) {
            return StoredRows.count(storage, "SELECT count(*) FROM events WHERE name = 'pageview'");
        }
    }

    private DuckDbStorage open() {
        return DuckDbStorage.open(data, "256MB", 2);
    }

    private Journal journal(DuckDbStorage storage) {
        return Journal.open(data.resolve(FootfallServer.JOURNAL_DIR), storage.journalPosition(),
                ServerConfig.journalLimits(ServerConfig.DEFAULT_JOURNAL_MAX_LAG_BYTES, ServerConfig.DEFAULT_JOURNAL_MAX_LAG_AGE, 4),
                Journal.Listener.NONE);
    }

    private record Result(int code, String out, String err) {}

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Footfall.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private interface Check {
        boolean ok() throws IOException;
    }

    private static void waitFor(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) throw new AssertionError("the server did not start within 180 s (a loaded machine starts a JVM slowly)");
            Thread.sleep(100);
        }
    }
}
