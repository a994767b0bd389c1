package dev.footfall.bench;

import dev.footfall.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bench clickhouse}'s premise at a tiny scale: a ClickHouse server of its own, loaded with a
 * data directory's raw rows, answers issue 14's seven panels exactly as Footfall does over HTTP,
 * unfiltered and filtered. Runs where Debian's clickhouse-server is installed; skipped elsewhere
 * (the benchmark installs it, tests do not).
 */
class ClickHouseAgreementTest {
    @TempDir
    Path dir;

    @Test
    void clickHouseOverRawRowsAnswersAsFootfall() throws Exception {
        assumeTrue(Files.isExecutable(ClickHouseServer.BINARY), "no " + ClickHouseServer.BINARY);
        BulkHistory.Spec spec = new BulkHistory.Spec(1, 20_000, 1, LocalDate.now(ZoneOffset.UTC).minusDays(2), 11);
        new BulkHistory(spec).writeTo(dir, "256MB", line -> {});
        try (ClickHouseServer clickhouse = ClickHouseServer.start(1L << 30)) {
            List<ClickHouseCopy.Copied> copied = ClickHouseCopy.copy(dir, clickhouse, "256MB", c -> {});
            assertThat(copied).extracting(ClickHouseCopy.Copied::table).containsExactly("events", "sessions");
            assertThat(copied.getFirst().rows()).isEqualTo(BulkHistory.count(dir, "SELECT count(*) FROM events"));
            // Its own users.xml is the one read: the per-query memory bound is the one asked for.
            assertThat(clickhouse.query("SELECT value FROM system.settings WHERE name = 'max_memory_usage'").strip()).isEqualTo(String.valueOf(1L << 30));

            List<String> differences = new ArrayList<>();
            int rows = 0;
            try (TestServer footfall = TestServer.withoutRollups(dir); StatsDashboard dashboard = new StatsDashboard(footfall.server.port(), TestServer.ADMIN_KEY, 1)) {
                LocalDate to = spec.lastDay(), from = to.minusDays(29);
                for (List<StatsDashboard.Filter> filters : List.of(List.<StatsDashboard.Filter>of(), List.of(new StatsDashboard.Filter("visit:device", "Mobile")))) {
                    List<StatsDashboard.Panel> panels = StatsDashboard.issue14(BulkHistory.DOMAIN, from, to, "DE", filters);
                    List<ClickHousePanels.Panel> queries = ClickHousePanels.issue14(BulkHistory.DOMAIN, BulkHistory.largeSite().timezone(), from, to, "DE", filters);
                    for (int i = 0; i < panels.size(); i++) {
                        List<ClickHousePanels.Row> expected = ClickHouseAgreement.rows(dashboard.run(panels.get(i).body()).answer().path("results"));
                        rows += expected.size();
                        differences.addAll(ClickHouseAgreement.differences(panels.get(i).name() + " " + filters, expected,
                                ClickHousePanels.rows(queries.get(i), clickhouse.query(queries.get(i).sql()))));
                    }
                }
            }
            assertThat(differences).isEmpty();
            assertThat(rows).as("rows compared").isGreaterThan(2 * (1 + 30 + 10));
        }
    }
}
