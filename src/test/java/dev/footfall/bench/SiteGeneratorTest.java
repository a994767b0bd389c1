package dev.footfall.bench;

import dev.footfall.Storage;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The benchmark's generated site holds what the live pipeline would store for such traffic (no timing here). */
class SiteGeneratorTest {
    private static final String DOMAIN = "gen.test";

    @TempDir
    Path dataDir;

    @Test
    void generatesRealisticRowsAndMarksTheSiteAsFinished() throws Exception {
        SiteGenerator.Spec spec = new SiteGenerator.Spec(30_000, 14, LocalDate.of(2026, 3, 31), 7); // over the DST change of 2026-03-29
        SiteGenerator.Result result;
        List<Long> progress = new ArrayList<>();
        try (Storage storage = DuckDbStorage.open(dataDir, "256MB", 2)) {
            Site site = new Site(DOMAIN, ZoneId.of("Europe/Berlin"), List.of());
            storage.addSite(site);
            result = new SiteGenerator(site, spec).writeTo(storage, progress::add);

            assertThat(result.events()).isBetween(29_000L, 31_000L);
            assertThat(progress).hasSize(14).last().isEqualTo(result.events());
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM events")).isEqualTo(result.events());
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM sessions")).isEqualTo(result.sessionRows());
            // every event falls on one of the generated local days
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM events WHERE ts < TIMESTAMP '2026-03-17 23:00:00' "
                    + "OR ts >= TIMESTAMP '2026-03-31 22:00:00'")).isZero();
            // sessions collapse as live ones do: each nets to one visit, its events counted once, one creation row
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM (SELECT session_id FROM sessions GROUP BY session_id "
                    + "HAVING sum(sign) <> 1 OR count(*) FILTER (WHERE sign = 1 AND version = 1) <> 1)")).isZero();
            assertThat(StoredRows.count(storage, "SELECT count(DISTINCT session_id) FROM sessions")).isEqualTo(result.visits());
            assertThat(StoredRows.count(storage, "SELECT sum(sign * pageviews) FROM sessions")).isEqualTo(result.pageviews());
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM events e WHERE NOT EXISTS "
                    + "(SELECT 1 FROM sessions s WHERE s.session_id = e.session_id AND s.visitor_id = e.visitor_id)")).isZero();
            // the shape
            assertThat((double) result.pageviews() / result.visits()).isCloseTo(1.9, within(0.15));
            assertThat(StoredRows.count(storage, "SELECT count(DISTINCT pathname) FROM events")).isGreaterThan(500);
            assertThat(StoredRows.count(storage, "SELECT count(DISTINCT country) FROM sessions")).isGreaterThan(40);
            assertThat(StoredRows.count(storage, "SELECT count(DISTINCT referrer_source) FROM sessions")).isGreaterThan(20);
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM sessions WHERE referrer_source = 'Google'")).isPositive();
            assertThat(StoredRows.count(storage, "SELECT count(DISTINCT browser || browser_version) FROM sessions")).isGreaterThan(10);
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM events WHERE name = 'engagement' "
                    + "AND scroll_depth BETWEEN 0 AND 100 AND engagement_ms >= 0")).isEqualTo(result.engagements());
            assertThat(StoredRows.count(storage, "SELECT count(*) FROM events WHERE name NOT IN ('pageview', 'engagement') "
                    + "AND cardinality(props) > 0")).isEqualTo(result.customEvents()).isPositive();
            long bounces = StoredRows.count(storage, "SELECT sum(sign * is_bounce::INTEGER) FROM sessions");
            assertThat((double) bounces / result.visits()).isBetween(0.4, 0.6);
        }

        SiteGenerator.Stored stored = SiteGenerator.find(dataDir, DOMAIN).orElseThrow();
        assertThat(stored.spec()).contains(spec);
        assertThat(stored.events()).isEqualTo(result.events());
        assertThat(SiteGenerator.find(dataDir, "other.test")).isEmpty();
    }
}
