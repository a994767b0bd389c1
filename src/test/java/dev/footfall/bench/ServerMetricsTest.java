package dev.footfall.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest benchmark reads the server's /metrics text: values by series name, summed over labels, and histogram means. */
class ServerMetricsTest {
    private static final String BEFORE = """
            # HELP footfall_loader_lag_bytes Journaled bytes not yet loaded into the store
            # TYPE footfall_loader_lag_bytes gauge
            footfall_loader_lag_bytes 1234.0
            footfall_commit_batch_events_bucket{le="1.0"} 0
            footfall_commit_batch_events_count 2
            footfall_commit_batch_events_sum 300.0
            footfall_events_dropped_total{reason="bot"} 3.0
            footfall_events_dropped_total{reason="no_site"} 4.0
            """;
    private static final String AFTER = """
            footfall_commit_batch_events_count 6
            footfall_commit_batch_events_sum 2300.0
            """;

    @Test
    void readsSeriesSummedOverLabelsAndHistogramMeans() {
        ServerMetrics before = ServerMetrics.parse(BEFORE);
        assertThat(before.value("footfall_loader_lag_bytes")).isEqualTo(1234.0);
        assertThat(before.value("footfall_events_dropped_total")).isEqualTo(7.0);
        assertThat(before.value("absent")).isZero();
        assertThat(before.mean("footfall_commit_batch_events")).isEqualTo(150.0);
        ServerMetrics after = ServerMetrics.parse(AFTER);
        assertThat(after.countSince(before, "footfall_commit_batch_events")).isEqualTo(4.0);
        assertThat(after.meanSince(before, "footfall_commit_batch_events")).isEqualTo(500.0);
    }
}
