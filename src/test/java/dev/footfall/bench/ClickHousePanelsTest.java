package dev.footfall.bench;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ClickHouse side of issue 14's dashboard: the same panels as Footfall's, local days in UTC, answers rounded as the API rounds. */
class ClickHousePanelsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final StatsDashboard.Filter MOBILE = new StatsDashboard.Filter("visit:device", "Mobile");

    @Test
    void localDaysStartAtTheSitesMidnightInUtc() {
        assertThat(ClickHousePanels.utc(LocalDate.parse("2026-01-15"), BERLIN)).isEqualTo("'2026-01-14 23:00:00'");
        assertThat(ClickHousePanels.utc(LocalDate.parse("2026-07-01"), BERLIN)).isEqualTo("'2026-06-30 22:00:00'");
        String sql = ClickHousePanels.issue14("a.example", BERLIN, LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-31"), "DE", List.of())
                .getFirst().sql();
        // March 29 moves Berlin to summer time: the range ends at the midnight after March 31 in CEST.
        assertThat(sql).contains("started >= toDateTime('2026-02-28 23:00:00') AND started < toDateTime('2026-03-31 22:00:00')",
                "toDate(started, 'Europe/Berlin')");
    }

    @Test
    void theSamePanelsAsFootfallsWithTheFilterOnEach() {
        LocalDate from = LocalDate.parse("2026-11-01"), to = LocalDate.parse("2026-11-30");
        List<StatsDashboard.Panel> footfall = StatsDashboard.issue14("a.example", from, to, "FR", List.of(MOBILE));
        List<ClickHousePanels.Panel> clickhouse = ClickHousePanels.issue14("a.example", BERLIN, from, to, "FR", List.of(MOBILE));
        assertThat(clickhouse).extracting(ClickHousePanels.Panel::name).containsExactlyElementsOf(footfall.stream().map(StatsDashboard.Panel::name).toList())
                .containsExactly("top stats", "daily series", "pages", "sources", "countries", "devices", "pages, country FR");
        assertThat(footfall).allSatisfy(p -> assertThat(p.body().get("filters").toString()).contains("[\"is\",\"visit:device\",[\"Mobile\"]]"));
        assertThat(footfall.getLast().body().get("filters").toString()).contains("[\"is\",\"visit:country\",[\"FR\"]]");
        assertThat(clickhouse).allSatisfy(p -> assertThat(p.sql()).contains("AND device = 'Mobile'"));
        assertThat(clickhouse.getLast().sql()).contains("AND country = 'FR'");
        assertThat(StatsDashboard.issue14("a.example", from, to, "FR", List.of())).allSatisfy(p -> {
            if (!p.name().startsWith("pages, country")) assertThat(p.body().has("filters")).as(p.name()).isFalse();
        });
    }

    @Test
    void valuesAreQuotedAndUnknownFiltersNamed() {
        assertThat(ClickHousePanels.quote("it's a \\ path")).isEqualTo("'it\\'s a \\\\ path'");
        assertThatThrownBy(() -> ClickHousePanels.issue14("a.example", BERLIN, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), "DE",
                List.of(new StatsDashboard.Filter("visit:os", "Mac")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visit:os");
    }

    @Test
    void answersAreRoundedAsTheApiWritesThem() {
        ClickHousePanels.Panel top = ClickHousePanels.issue14("a.example", BERLIN, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"),
                "DE", List.of()).getFirst();
        List<ClickHousePanels.Row> rows = ClickHousePanels.rows(top, "120\t150\t300\t2.005\t48.5\t61.49\n");
        assertThat(rows).containsExactly(new ClickHousePanels.Row(List.of(), List.of(120L, 150L, 300L, 2.01, 49L, 61L)));
    }
}
