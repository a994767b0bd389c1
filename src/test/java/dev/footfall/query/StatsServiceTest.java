package dev.footfall.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.site.Site;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StatsServiceTest {
    private static final Site SITE = new Site("s.test", ZoneId.of("UTC"), List.of());

    /** An engine that answers every query with one row of 7s. */
    private static final Aggregator SEVENS = query -> new Aggregator.Table(
            List.of(new Aggregator.Row(List.of(), query.metrics().stream().map(m -> (Number) 7L).toList())), 1, List.of());

    @Test
    void aQueryWithoutVisitorsIsAnswered() throws Exception {
        StatsQuery query = QueryParser.parse(new ObjectMapper().readTree(
                        "{\"site_id\": \"s.test\", \"metrics\": [\"pageviews\", \"views_per_visit\"], \"date_range\": \"7d\"}"),
                SITE, List.of(), LocalDate.of(2026, 3, 1), Optional::empty);
        StatsService.Answer answer = new StatsService(SEVENS).run(query);
        assertThat(answer.rows()).singleElement().satisfies(r -> assertThat(r.metrics()).containsExactly(7L, 7L));
    }
}
