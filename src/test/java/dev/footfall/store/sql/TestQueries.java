package dev.footfall.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.query.QueryParser;
import dev.footfall.query.StatsQuery;
import dev.footfall.site.Goal;
import dev.footfall.site.Site;

import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Stats queries for tests of the statement's parts, parsed as the API parses them. */
final class TestQueries {
    static final Site UTC_SITE = new Site("x.test", ZoneId.of("UTC"), List.of());
    static final LocalDate TODAY = LocalDate.of(2024, 3, 15);
    static final List<Goal> GOALS = List.of(
            new Goal(1, "x.test", Goal.Type.EVENT, "Signup", null, "Signup"),
            new Goal(2, "x.test", Goal.Type.PAGE, null, "/blog*", "Visit /blog*"));

    private TestQueries() {}

    /** The body's query on a UTC site with two goals; the body names metrics and anything else but site_id. */
    static StatsQuery query(String body) {
        return query(UTC_SITE, body);
    }

    static StatsQuery query(Site site, String body) {
        try {
            return QueryParser.parse(new ObjectMapper().readTree(body.replace('\'', '"')), site, GOALS, TODAY, Optional::empty);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
