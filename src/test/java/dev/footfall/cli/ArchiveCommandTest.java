package dev.footfall.cli;

import dev.footfall.Storage;
import dev.footfall.TestServer;
import dev.footfall.enrich.EventRequest;
import dev.footfall.site.Retention;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code footfall archive} and {@code footfall sites update} on a real data directory, as a user runs them. */
class ArchiveCommandTest {
    private static final String DOMAIN = "cli.archive.test";

    @TempDir
    Path dir;

    @Test
    void refusesADirectoryWithoutFootfallData() {
        Path missing = dir.resolve("missing");
        CliRun run = CliRun.of("archive", "--data", missing.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no Footfall data in " + missing);
        assertThat(missing).doesNotExist();
    }

    @Test
    void archivesOldMonthsOnceRolledUpPrintsWhatItDidAndThenHasNothingToDo() throws Exception {
        Path data = dir.resolve("data");
        String d = data.toString();
        YearMonth old = YearMonth.now(ZoneOffset.UTC).minusMonths(2);
        try (TestServer server = TestServer.withoutRollups(data)) {
            server.server.sites().add(new Site(DOMAIN, java.time.ZoneId.of("Etc/UTC"), List.of(), Retention.of(3, null)));
            server.server.sites().add(new Site("forever.archive.test", java.time.ZoneId.of("Etc/UTC"), List.of()));
            for (int day = 10; day <= 12; day++) {
                for (String path : List.of("/", "/docs", "/pricing")) {
                    Instant at = old.atDay(day).atTime(12, path.length()).toInstant(ZoneOffset.UTC);
                    server.server.ingestion().ingest(new EventRequest("pageview", URI.create("https://" + DOMAIN + path), List.of(DOMAIN), "",
                            Map.of(), true, false, null, null), "203.0.113." + day, TestServer.BROWSER_UA, at).appended().durable().join();
                }
            }
        }

        CliRun waiting = CliRun.of("archive", "--data", d);
        assertThat(waiting.exit()).as(waiting.err()).isZero();
        assertThat(waiting.out()).contains(DOMAIN + ": archived 0 months; waiting for rollups: " + old)
                .contains("forever.archive.test: keeps everything").contains("moved 0 rows to the archive, deleted 0 rows");

        CliRun rebuilt = CliRun.of("rollup", "rebuild", "--site", DOMAIN, "--from", old.atDay(1).toString(), "--to", old.atEndOfMonth().toString(), "--data", d);
        assertThat(rebuilt.exit()).as(rebuilt.err()).isZero();
        CliRun archived = CliRun.of("archive", "--data", d, "--site", DOMAIN);
        assertThat(archived.exit()).as(archived.err()).isZero();
        assertThat(archived.out()).contains(DOMAIN + ": archived 1 month (" + old + "; 9 events, ").doesNotContain("forever.archive.test");
        assertThat(data.resolve("archive").resolve(DOMAIN).resolve(old + ".parquet")).isRegularFile();
        assertThat(data.resolve("archive").resolve(DOMAIN).resolve(old + ".sessions.parquet")).isRegularFile();

        CliRun again = CliRun.of("archive", "--data", d);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains(DOMAIN + ": archived 0 months").contains("moved 0 rows");
        try (Storage storage = DuckDbStorage.open(data, "128MB", 1)) {
            assertThat(storage.countEvents(DOMAIN)).isEqualTo(9);
            assertThat(storage.archive().archived(DOMAIN)).extracting(m -> m.month()).containsExactly(old);
        }

        CliRun unknown = CliRun.of("archive", "--data", d, "--site", "nope.test");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no site nope.test");
        assertThat(CliRun.of("archive", "--data", d, "--site", "not a domain").exit()).isEqualTo(2);
    }

    @Test
    void sitesUpdateChecksEveryValueBeforeChangingAnything() {
        String d = dir.toString();
        assertThat(CliRun.of("sites", "add", "update.test", "--data", d).exit()).isZero();
        assertThat(CliRun.of("sites", "update", "update.test", "--raw-retention-days", "30", "--retention-days", "365", "--data", d).exit()).isZero();
        for (List<String> bad : List.<List<String>>of(List.of("--raw-retention-days", "0"), List.of("--raw-retention-days", "ten"),
                List.of("--retention-days", "10"), List.of("--timezone", "Mars/Olympus", "--retention-days", "none"), List.of())) {
            List<String> args = new java.util.ArrayList<>(List.of("sites", "update", "update.test", "--data", d));
            args.addAll(bad);
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exit()).as(bad.toString()).isEqualTo(2);
            assertThat(run.err()).as(bad.toString()).startsWith("footfall: ");
        }
        assertThat(CliRun.of("sites", "update", "update.test", "--retention-days", "10", "--data", d).err()).contains("--raw-retention-days (30) must not exceed");
        assertThat(CliRun.of("sites", "update", "nope.test", "--retention-days", "10", "--data", d).exit()).isEqualTo(1);
        try (Storage storage = DuckDbStorage.open(dir, "128MB", 1)) {
            assertThat(storage.site("update.test").orElseThrow().retention()).isEqualTo(Retention.of(30, 365));
        }

        CliRun cleared = CliRun.of("sites", "update", "update.test", "--raw-retention-days", "none", "--timezone", "Europe/Paris", "--data", d);
        assertThat(cleared.exit()).isZero();
        assertThat(cleared.out()).contains("Europe/Paris", "raw kept forever", "all data kept 365 days");
        try (Storage storage = DuckDbStorage.open(dir, "128MB", 1)) {
            assertThat(storage.site("update.test").orElseThrow().retention()).isEqualTo(new Retention(Optional.empty(), Optional.of(365)));
        }
    }
}
