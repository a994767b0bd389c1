package dev.footfall.cli;

import dev.footfall.Storage;
import dev.footfall.store.duckdb.DuckDbStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The sites and keys commands on a real data directory, as a user runs them. */
class CliTest {
    @TempDir
    Path dataDir;

    @Test
    void helpListsEveryCommand() {
        assertThat(CliRun.of("--help").exit()).isZero();
        String usage = Footfall.commandLine().getUsageMessage();
        for (String command : Footfall.commandLine().getSubcommands().keySet()) {
            assertThat(usage).as("--help lists %s with a description", command).containsPattern("\\n\\s+" + command + "\\s+\\S");
        }
        assertThat(usage).contains("serve", "demo", "sites", "keys");
    }

    @Test
    void sitesAddListDelete() {
        String data = dataDir.toString();
        assertThat(CliRun.of("sites", "add", "cli.test", "--timezone", "Europe/Paris", "--data", data).exit()).isZero();
        assertThat(CliRun.of("sites", "add", "cli.test", "--data", data).exit()).isEqualTo(1);
        assertThat(CliRun.of("sites", "list", "--data", data).out()).contains("cli.test", "Europe/Paris");
        CliRun bad = CliRun.of("sites", "add", "not a domain", "--data", data);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("not a valid host name");
        assertThat(CliRun.of("sites", "delete", "cli.test", "--data", data).exit()).isZero();
        assertThat(CliRun.of("sites", "list", "--data", data).out()).doesNotContain("cli.test");
        assertThat(CliRun.of("sites", "delete", "cli.test", "--data", data).exit()).isEqualTo(1);
    }

    @Test
    void keysCreateAdminOrSiteScoped() {
        String data = dataDir.toString();
        CliRun.of("sites", "add", "keys.test", "--data", data);
        CliRun admin = CliRun.of("keys", "create", "--admin", "--data", data);
        assertThat(admin.exit()).isZero();
        assertThat(admin.out().strip()).startsWith("ff_").hasSize(67);
        assertThat(CliRun.of("keys", "create", "--site", "keys.test", "--data", data).exit()).isZero();
        assertThat(CliRun.of("keys", "create", "--site", "nope.test", "--data", data).exit()).isEqualTo(1);
        assertThat(CliRun.of("keys", "create", "--data", data).exit()).isEqualTo(2); // one of --admin / --site is required
        CliRun list = CliRun.of("keys", "list", "--data", data);
        assertThat(list.out()).contains("admin", "keys.test").doesNotContain(admin.out().strip());
    }

    @Test
    void aDataDirectoryHeldByAnotherProcessGivesAClearMessage() throws Exception {
        // DuckDB locks a database per process; in one JVM a second open succeeds, so hold it from a child process
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.footfall.cli.Footfall", "serve", "--data", dataDir.toString(), "--port", "0", "--bind", "127.0.0.1")
                .redirectErrorStream(true).start();
        try {
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()));
            for (String line; (line = reader.readLine()) != null; ) if (line.contains("Footfall is running")) break;
            CliRun locked = CliRun.of("sites", "list", "--data", dataDir.toString());
            assertThat(locked.exit()).isEqualTo(2);
            assertThat(locked.err()).contains("in use by another process").doesNotContain("Exception");
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void rollupRebuildChecksItsInputAndRebuildsTheDays() {
        String data = dataDir.toString();
        CliRun.of("sites", "add", "rollup.cli.test", "--timezone", "Europe/Berlin", "--data", data);

        CliRun badDate = CliRun.of("rollup", "rebuild", "--site", "rollup.cli.test", "--from", "2026-13-01", "--data", data);
        assertThat(badDate.exit()).isEqualTo(2);
        assertThat(badDate.err()).contains("--from '2026-13-01' is not a date like 2026-01-31");
        CliRun backwards = CliRun.of("rollup", "rebuild", "--site", "rollup.cli.test", "--from", "2026-10-02", "--to", "2026-10-01", "--data", data);
        assertThat(backwards.exit()).isEqualTo(2);
        assertThat(backwards.err()).contains("--to 2026-10-01 is before --from 2026-10-02");
        CliRun unknown = CliRun.of("rollup", "rebuild", "--site", "nope.test", "--data", data);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no site nope.test");
        CliRun empty = CliRun.of("rollup", "rebuild", "--site", "rollup.cli.test", "--data", data);
        assertThat(empty.out()).as(empty.toString()).contains("has no events");

        CliRun rebuilt = CliRun.of("rollup", "rebuild", "--site", "rollup.cli.test", "--from", "2026-10-01", "--to", "2026-10-31", "--data", data);
        assertThat(rebuilt.exit()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).contains("rebuilt the rollups of rollup.cli.test: 31 days from 2026-10-01");
        try (Storage storage = DuckDbStorage.open(dataDir, "128MB", 1)) {
            var site = storage.site("rollup.cli.test").orElseThrow();
            var built = storage.rollups().coverage(site);
            assertThat(built.serves(java.time.LocalDate.of(2026, 10, 31), java.util.Set.of(""))).as("the days are rolled up, empty as they are").isTrue();
            assertThat(built.serves(java.time.LocalDate.of(2026, 11, 1), java.util.Set.of(""))).isFalse();
        }
    }

    @Test
    void storageOpensAgainAfterTheCommands() {
        CliRun.of("sites", "add", "again.test", "--data", dataDir.toString());
        try (Storage storage = DuckDbStorage.open(dataDir, "128MB", 1)) {
            assertThat(storage.site("again.test")).isPresent();
        }
    }
}
