package dev.footfall.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.query.QueryParser;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.Subject;
import dev.footfall.rollup.Coverage;
import dev.footfall.site.Goal;
import dev.footfall.site.Site;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How the planner cuts ranges, on coverage given as values (the equality of the answers is StatsOraclePropertyTest's). */
class PlannerTest {
    private static final Site SITE = new Site("plan.test", ZoneId.of("Europe/Berlin"), List.of());
    private static final List<Goal> GOALS = List.of(new Goal(1, "plan.test", Goal.Type.EVENT, "Signup", null, "Signup"));
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    /** September through November rolled up, days and months, except that 2026-11-10 left out event:page. */
    private static final Coverage BUILT = coverage();

    private static Coverage coverage() {
        Map<LocalDate, Set<String>> days = new HashMap<>();
        for (LocalDate d = LocalDate.of(2026, 9, 1); d.isBefore(TODAY); d = d.plusDays(1)) days.put(d, Set.of());
        days.put(LocalDate.of(2026, 11, 10), Set.of("event:page"));
        return new Coverage(days, Map.of(YearMonth.of(2026, 9), Set.of(), YearMonth.of(2026, 10), Set.of(),
                YearMonth.of(2026, 11), Set.of("event:page")));
    }

    private final Planner planner = new Planner(site -> BUILT, true);

    @Test
    void wholeMonthsComeFromMonthlyRollupsAndTheOpenDayAndUncoveredDaysFromRaw() {
        Plan plan = planner.plan(query("\"date_range\": [\"2026-08-20\", \"2026-12-01\"]"));
        assertThat(describe(plan)).containsExactly(
                "raw 2026-08-20T00:00 2026-09-01T00:00",
                "rollup:month 2026-09-01T00:00 2026-12-01T00:00",
                "raw 2026-12-01T00:00 2026-12-02T00:00");
        assertThat(plan.tiers()).isEqualTo("rollup:month+raw");
        assertThat(plan.keys()).containsEntry(Subject.VISITS, new RollupKey(RollupKey.TOTALS, Optional.empty()));
    }

    @Test
    void monthsAreCutIntoDaysWhereTheRangeOrTheSeriesNeedsIt() {
        assertThat(describe(planner.plan(query("\"date_range\": [\"2026-09-15\", \"2026-11-03\"]")))).containsExactly(
                "rollup:day 2026-09-15T00:00 2026-10-01T00:00",
                "rollup:month 2026-10-01T00:00 2026-11-01T00:00",
                "rollup:day 2026-11-01T00:00 2026-11-04T00:00");
        assertThat(describe(planner.plan(query("\"date_range\": [\"2026-10-01\", \"2026-10-31\"], \"dimensions\": [\"time:day\"]"))))
                .containsExactly("rollup:day 2026-10-01T00:00 2026-11-01T00:00");
        assertThat(describe(planner.plan(query("\"date_range\": [\"2026-10-01\", \"2026-10-02\"], \"dimensions\": [\"time:hour\"]"))))
                .containsExactly("rollup:hour 2026-10-01T00:00 2026-10-03T00:00");
    }

    @Test
    void partialDaysAtTheEdgesAreReadRaw() {
        Plan plan = planner.plan(query("\"date_range\": [\"2026-10-10T10:00:00+02:00\", \"2026-10-12T10:00:00+02:00\"]"));
        assertThat(plan.parts()).extracting(Part::tier).containsExactly(Tier.RAW, Tier.DAY, Tier.RAW);
        assertThat(plan.parts().get(0).interval().start()).isEqualTo(plan.parts().get(0).interval().start().withHour(10));
        assertThat(plan.parts().get(1).interval().start().toLocalDateTime()).isEqualTo(LocalDate.of(2026, 10, 11).atStartOfDay());
        assertThat(plan.parts().get(2).interval().start().toLocalDateTime()).isEqualTo(LocalDate.of(2026, 10, 12).atStartOfDay());
    }

    @Test
    void rawRangesAreCutAroundDaylightSavingChangesSoTheRestHasOneOffset() {
        // A filter rollups cannot serve: all raw. Berlin leaves summer time on 2026-10-25.
        Plan plan = planner.plan(query("\"date_range\": [\"2026-10-20\", \"2026-11-05\"], "
                + "\"filters\": [[\"contains\", \"event:page\", [\"blog\"]]]"));
        assertThat(describe(plan)).containsExactly(
                "raw 2026-10-20T00:00 2026-10-25T00:00",
                "raw 2026-10-25T00:00 2026-10-26T00:00",
                "raw 2026-10-26T00:00 2026-11-06T00:00");
        assertThat(plan.parts()).extracting(Part::fixedOffset)
                .containsExactly(Optional.of(ZoneOffset.ofHours(2)), Optional.empty(), Optional.of(ZoneOffset.ofHours(1)));
        assertThat(plan.parts()).extracting(Part::withinOneDay).containsExactly(false, true, false);
    }

    @Test
    void aDimensionLeftOutOfABucketIsReadFromDaysOrRaw() {
        Plan plan = planner.plan(query("\"date_range\": [\"2026-10-01\", \"2026-11-30\"], \"dimensions\": [\"event:page\"]"));
        assertThat(describe(plan)).containsExactly(
                "rollup:month 2026-10-01T00:00 2026-11-01T00:00",
                "rollup:day 2026-11-01T00:00 2026-11-10T00:00",
                "raw 2026-11-10T00:00 2026-11-11T00:00",
                "rollup:day 2026-11-11T00:00 2026-12-01T00:00");
        assertThat(plan.keys()).containsEntry(Subject.EVENTS, new RollupKey("event:page", Optional.empty()));
    }

    @Test
    void oneExactValueOfTheGroupedPropertyIsServedAndPageMeansEntryPageForVisits() {
        Plan plan = planner.plan(query("\"date_range\": [\"2026-10-01\", \"2026-10-31\"], \"metrics\": [\"bounce_rate\"], \"dimensions\": [\"event:page\"], "
                + "\"filters\": [[\"is\", \"event:page\", [\"/pricing\"]]]"));
        assertThat(plan.keys()).containsExactly(Map.entry(Subject.VISITS, new RollupKey("visit:entry_page", Optional.of("/pricing"))));
    }

    @Test
    void channelsAndEntryAndExitHostsAreServedGroupedOrFilteredToOneValue() {
        for (String dimension : List.of("visit:channel", "visit:entry_page_hostname", "visit:exit_page_hostname")) {
            Plan grouped = planner.plan(query("\"date_range\": [\"2026-09-01\", \"2026-11-30\"], \"dimensions\": [\"" + dimension + "\"]"));
            assertThat(describe(grouped)).as(dimension).containsExactly("rollup:month 2026-09-01T00:00 2026-12-01T00:00");
            assertThat(grouped.keys()).as(dimension).containsExactly(Map.entry(Subject.VISITS, new RollupKey(dimension, Optional.empty())));
            Plan filtered = planner.plan(query("\"date_range\": [\"2026-10-01\", \"2026-10-31\"], \"dimensions\": [\"time:day\"], "
                    + "\"filters\": [[\"is\", \"" + dimension + "\", [\"Organic Search\"]]]"));
            assertThat(describe(filtered)).as(dimension).containsExactly("rollup:day 2026-10-01T00:00 2026-11-01T00:00");
            assertThat(filtered.keys()).as(dimension)
                    .containsExactly(Map.entry(Subject.VISITS, new RollupKey(dimension, Optional.of("Organic Search"))));
        }
    }

    @Test
    void visitMetricsByHostAreTheEntryHostsRowsAndAHostFilterAloneReadsRaw() {
        Plan byHost = planner.plan(query("\"date_range\": [\"2026-10-01\", \"2026-10-31\"], \"metrics\": [\"bounce_rate\", \"pageviews\"], "
                + "\"dimensions\": [\"event:hostname\"], \"filters\": [[\"is\", \"event:hostname\", [\"plan.test\"]]]"));
        assertThat(byHost.keys()).containsOnly(
                Map.entry(Subject.EVENTS, new RollupKey("event:hostname", Optional.of("plan.test"))),
                Map.entry(Subject.VISITS, new RollupKey("visit:entry_page_hostname", Optional.of("plan.test"))));
        assertThat(byHost.tiers()).isEqualTo("rollup:month");
        // Visits that contain an event on the host, not only those that entered on it: no rollup row holds them.
        for (String q : List.of("\"metrics\": [\"bounce_rate\"]", "\"metrics\": [\"visit_duration\"], \"dimensions\": [\"time:day\"]")) {
            Plan plan = planner.plan(query("\"date_range\": [\"2026-10-01\", \"2026-10-31\"], " + q
                    + ", \"filters\": [[\"is\", \"event:hostname\", [\"plan.test\"]]]"));
            assertThat(plan.rawOnly()).as(q).isTrue();
        }
    }

    @Test
    void whatRollupsCannotAnswerIsReadRawOverTheWholeRange() {
        for (String q : List.of(
                "\"dimensions\": [\"visit:source\", \"visit:country\"]",
                "\"dimensions\": [\"event:goal\"]",
                "\"dimensions\": [\"event:props:plan\"]",
                "\"metrics\": [\"pageviews\"], \"dimensions\": [\"visit:country\"]",
                "\"dimensions\": [\"time:hour\", \"visit:source\"]",
                "\"filters\": [[\"is\", \"visit:source\", [\"Google\", \"Bing\"]]]",
                "\"filters\": [[\"is\", \"visit:source\", [\"google\"], {\"case_sensitive\": false}]]",
                "\"filters\": [[\"is_not\", \"visit:source\", [\"Google\"]]]",
                "\"dimensions\": [\"visit:country\"], \"filters\": [[\"is\", \"visit:source\", [\"Google\"]]]")) {
            Plan plan = planner.plan(query("\"date_range\": [\"2026-09-01\", \"2026-11-30\"], " + q));
            assertThat(plan.rawOnly()).as(q).isTrue();
            assertThat(plan.keys()).as(q).isEmpty();
        }
        assertThat(new Planner(site -> BUILT, false).plan(query("\"date_range\": [\"2026-09-01\", \"2026-11-30\"]")).rawOnly()).isTrue();
    }

    private static List<String> describe(Plan plan) {
        return plan.parts().stream().map(p -> p.tier().label + " " + p.interval().start().toLocalDateTime() + " "
                + p.interval().end().toLocalDateTime()).toList();
    }

    /** A query of the test site; metrics default to visitors and visits. */
    private static StatsQuery query(String fields) {
        String metrics = fields.contains("\"metrics\"") ? "" : "\"metrics\": [\"visitors\", \"visits\"], ";
        try {
            return QueryParser.parse(new ObjectMapper().readTree("{\"site_id\": \"plan.test\", " + metrics + fields + "}"),
                    SITE, GOALS, TODAY, Optional::empty);
        } catch (Exception e) {
            throw new IllegalArgumentException(fields, e);
        }
    }
}
