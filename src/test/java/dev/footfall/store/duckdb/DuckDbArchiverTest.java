package dev.footfall.store.duckdb;

import dev.footfall.Storage;
import dev.footfall.TestServer;
import dev.footfall.enrich.EventRequest;
import dev.footfall.retention.Archive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archiver after crashes: files that a crash left before the commit are never read and are
 * written again; rows that reach an archived month later stay hot and are read with it.
 */
class DuckDbArchiverTest {
    private static final String DOMAIN = "crash.archive.test";
    private static final YearMonth MONTH = YearMonth.of(2026, 10);
    private static final String QUERY = "{\"site_id\":\"" + DOMAIN + "\",\"metrics\":[\"visitors\",\"visits\",\"pageviews\"],"
            + "\"date_range\":[\"2026-10-01\",\"2026-10-31\"],\"dimensions\":[\"event:page\"],\"filters\":[[\"contains\",\"event:page\",[\"/\"]]]}";

    @TempDir
    Path dir;

    @Test
    void aMoveCutShortByACrashIsNeverReadAndIsDoneAgainWithoutLossOrDuplicates() throws Exception {
        try (TestServer server = TestServer.withoutRollups(dir)) {
            server.addSite(DOMAIN);
            Storage storage = server.server.storage();
            for (int day = 3; day <= 5; day++) pageview(server, MONTH.atDay(day).atTime(10, day).toInstant(java.time.ZoneOffset.UTC), "/day/" + day);
            String hot = answer(server);
            assertThat(hot).contains("/day/3", "/day/5");

            // A crash after the files were renamed into place but before the commit: the rows are still hot.
            Path archive = dir.resolve("archive").resolve(DOMAIN);
            Files.createDirectories(archive);
            Path events = archive.resolve(MONTH + ".parquet");
            try (var c = ((DuckDbStorage) storage).reader(); var st = c.createStatement()) {
                st.execute("COPY (SELECT * FROM events UNION ALL SELECT * FROM events) TO '" + events + "' (FORMAT parquet)");
            }
            Files.writeString(archive.resolve(MONTH + ".sessions.parquet.tmp"), "half a file");
            server.server.resultCache().ifPresent(c -> c.invalidate(DOMAIN));
            assertThat(answer(server)).as("a file no record names is not read").isEqualTo(hot);
            assertThat(storage.archive().hotMonthsBefore(DOMAIN, MONTH.plusMonths(1))).containsExactly(MONTH);

            Archive.ArchivedMonth moved = storage.archive().move(DOMAIN, MONTH);
            assertThat(moved.events()).isEqualTo(3);
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM read_parquet('" + events + "')")).as("rewritten, not appended to").isEqualTo(3);
            assertThat(archive.resolve(MONTH + ".sessions.parquet.tmp")).doesNotExist();
            server.server.resultCache().ifPresent(c -> c.invalidate(DOMAIN));
            assertThat(answer(server)).isEqualTo(hot);
            assertThat(storage.archive().move(DOMAIN, MONTH).events()).as("a second move of the month").isZero();
            assertThat(storage.archive().hotMonthsBefore(DOMAIN, MONTH.plusMonths(1))).isEmpty();

            // An event that reaches the archived month later (an import) stays hot and is read with the archive.
            pageview(server, MONTH.atDay(20).atTime(8, 0).toInstant(java.time.ZoneOffset.UTC), "/late");
            assertThat(storage.countEvents(DOMAIN)).isEqualTo(4);
            assertThat(storage.archive().hotMonthsBefore(DOMAIN, MONTH.plusMonths(1))).as("not archived twice").isEmpty();
            server.server.resultCache().ifPresent(c -> c.invalidate(DOMAIN));
            assertThat(answer(server)).contains("/late", "/day/3");
            assertThat(storage.events(new dev.footfall.events.EventRange(DOMAIN, MONTH.atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC),
                    MONTH.plusMonths(1).atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)), java.util.Optional.empty(), 100))
                    .as("the raw events API reads the archive too").extracting(e -> e.event().pathname())
                    .containsExactly("/day/3", "/day/4", "/day/5", "/late");

            // Files of an old month that no record names (a crash while deleting) go with total retention.
            Path orphan = archive.resolve("2026-05.parquet");
            Files.copy(events, orphan);
            Archive.Deleted deleted = storage.archive().deleteBefore(DOMAIN, Instant.parse("2026-07-01T00:00:00Z"));
            assertThat(deleted).isEqualTo(Archive.Deleted.NONE);
            assertThat(orphan).doesNotExist();
            assertThat(events).exists();

            // Deleting the site deletes its archive.
            assertThat(server.admin("DELETE", "/api/v1/sites/" + DOMAIN, null).statusCode()).isEqualTo(200);
            assertThat(archive).doesNotExist();
            assertThat(storage.archive().archived(DOMAIN)).isEmpty();
        }
    }

    @Test
    void aTrimCutShortAfterItsCommitIsPublishedNextTimeAndOneThatDidNotCommitIsDropped() throws Exception {
        try (TestServer server = TestServer.withoutRollups(dir)) {
            server.addSite(DOMAIN);
            Storage storage = server.server.storage();
            for (int day = 3; day <= 5; day++) pageview(server, MONTH.atDay(day).atTime(10, day).toInstant(java.time.ZoneOffset.UTC), "/day/" + day);
            assertThat(storage.archive().move(DOMAIN, MONTH).events()).isEqualTo(3);
            Path events = dir.resolve("archive").resolve(DOMAIN).resolve(MONTH + ".parquet");
            Path trimmed = events.resolveSibling(events.getFileName() + ".tmp");
            try (var c = ((DuckDbStorage) storage).reader(); var st = c.createStatement()) {
                // The deletion of /day/3 committed (the counts say 2), and the crash came before the trimmed copy replaced the file.
                st.execute("COPY (SELECT * FROM read_parquet('" + events + "') WHERE pathname <> '/day/3') TO '" + trimmed + "' (FORMAT parquet)");
                st.execute("UPDATE archived_months SET events = 2 WHERE site = '" + DOMAIN + "'");
            }
            storage.archive().deleteBefore(DOMAIN, Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(trimmed).doesNotExist();
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM read_parquet('" + events + "')")).as("published").isEqualTo(2);

            try (var c = ((DuckDbStorage) storage).reader(); var st = c.createStatement()) {
                // A copy whose deletion rolled back: the counts still say 2.
                st.execute("COPY (SELECT * FROM read_parquet('" + events + "') WHERE pathname = '/day/5') TO '" + trimmed + "' (FORMAT parquet)");
            }
            storage.archive().deleteBefore(DOMAIN, Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(trimmed).doesNotExist();
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM read_parquet('" + events + "')")).as("kept").isEqualTo(2);
        }
    }

    private static void pageview(TestServer server, Instant at, String path) throws Exception {
        server.server.ingestion().ingest(new EventRequest("pageview", URI.create("https://" + DOMAIN + path), List.of(DOMAIN), "",
                Map.of(), true, false, null, null), "192.0.2." + (1 + path.length()), TestServer.BROWSER_UA, at).appended().durable().join();
        server.awaitLoaded();
    }

    private static String answer(TestServer server) throws Exception {
        HttpResponse<String> res = server.admin("POST", "/api/v2/query", QUERY);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body()).get("results").toString();
    }
}
