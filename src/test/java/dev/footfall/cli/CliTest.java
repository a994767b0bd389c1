package dev.footfall.cli;

import dev.footfall.store.Storage;
import dev.footfall.store.duckdb.DuckDbStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The sites and keys commands on a real data directory, as a user runs them. */
class CliTest {
    @TempDir
    Path dataDir;

    record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Footfall.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        var stdout = System.out;
        var captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true));
        try {
            int exit = cli.execute(args);
            return new Run(exit, out + captured.toString(), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(run("--help").exit()).isZero();
        String usage = Footfall.commandLine().getUsageMessage();
        for (String command : Footfall.commandLine().getSubcommands().keySet()) {
            assertThat(usage).as("--help lists %s with a description", command).containsPattern("\\n\\s+" + command + "\\s+\\S");
        }
        assertThat(usage).contains("serve", "demo", "sites", "keys");
    }

    @Test
    void sitesAddListDelete() {
        String data = dataDir.toString();
        assertThat(run("sites", "add", "cli.test", "--timezone", "Europe/Paris", "--data", data).exit()).isZero();
        assertThat(run("sites", "add", "cli.test", "--data", data).exit()).isEqualTo(1);
        assertThat(run("sites", "list", "--data", data).out()).contains("cli.test", "Europe/Paris");
        Run bad = run("sites", "add", "not a domain", "--data", data);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("not a valid host name");
        assertThat(run("sites", "delete", "cli.test", "--data", data).exit()).isZero();
        assertThat(run("sites", "list", "--data", data).out()).doesNotContain("cli.test");
        assertThat(run("sites", "delete", "cli.test", "--data", data).exit()).isEqualTo(1);
    }

    @Test
    void keysCreateAdminOrSiteScoped() {
        String data = dataDir.toString();
        run("sites", "add", "keys.test", "--data", data);
        Run admin = run("keys", "create", "--admin", "--data", data);
        assertThat(admin.exit()).isZero();
        assertThat(admin.out().strip()).startsWith("ff_").hasSize(67);
        assertThat(run("keys", "create", "--site", "keys.test", "--data", data).exit()).isZero();
        assertThat(run("keys", "create", "--site", "nope.test", "--data", data).exit()).isEqualTo(1);
        assertThat(run("keys", "create", "--data", data).exit()).isEqualTo(2); // one of --admin / --site is required
        Run list = run("keys", "list", "--data", data);
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
            Run locked = run("sites", "list", "--data", dataDir.toString());
            assertThat(locked.exit()).isEqualTo(2);
            assertThat(locked.err()).contains("in use by another process").doesNotContain("Exception");
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void rollupRebuildChecksItsInputAndRebuildsTheDays() {
        String data = dataDir.toString();
        run("sites", "add", "rollup.cli.test", "--timezone", "Europe/Berlin", "--data", data);

        Run badDate = run("rollup", "rebuild", "--site", "rollup.cli.test", "--from", "2026-13-01", "--data", data);
        assertThat(badDate.exit()).isEqualTo(2);
        assertThat(badDate.err()).contains("--from '2026-13-01' is not a date like 2026-01-31");
        Run backwards = run("rollup", "rebuild", "--site", "rollup.cli.test", "--from", "2026-10-02", "--to", "2026-10-01", "--data", data);
        assertThat(backwards.exit()).isEqualTo(2);
        assertThat(backwards.err()).contains("--to 2026-10-01 is before --from 2026-10-02");
        Run unknown = run("rollup", "rebuild", "--site", "nope.test", "--data", data);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no site nope.test");
        Run empty = run("rollup", "rebuild", "--site", "rollup.cli.test", "--data", data);
        assertThat(empty.out()).as(empty.toString()).contains("has no events");

        Run rebuilt = run("rollup", "rebuild", "--site", "rollup.cli.test", "--from", "2026-10-01", "--to", "2026-10-31", "--data", data);
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
        run("sites", "add", "again.test", "--data", dataDir.toString());
        try (Storage storage = DuckDbStorage.open(dataDir, "128MB", 1)) {
            assertThat(storage.site("again.test")).isPresent();
        }
    }
}
