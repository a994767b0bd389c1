package dev.footfall.query;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What "all" means when the data is older than one query may look (imported logs can be), and where days start and end. */
class DateRangesTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    @Test
    void allStartsAtTheFirstEventWithinACentury() {
        Interval recent = DateRanges.resolve(TextNode.valueOf("all"), BERLIN, TODAY, () -> Optional.of(LocalDate.of(2020, 5, 1)));
        assertThat(recent.start().toLocalDate()).isEqualTo(LocalDate.of(2020, 5, 1));
        assertThat(recent.end().toLocalDate()).isEqualTo(TODAY.plusDays(1));
    }

    @Test
    void allReachesBackAtMostACentury() {
        Interval old = DateRanges.resolve(TextNode.valueOf("all"), BERLIN, TODAY, () -> Optional.of(LocalDate.of(1850, 1, 1)));
        assertThat(old.start().toLocalDate()).isEqualTo(LocalDate.of(1926, 12, 4));
        assertThat(old.start().plus(DateRanges.MAX_SPAN)).isEqualTo(old.end());
    }

    @Test
    void repeatedMidnightsAreResolvedAsPlausibleDoes() {
        ZoneId havana = ZoneId.of("America/Havana");
        assertThat(DateRanges.dayStart(LocalDate.of(2023, 11, 5), havana).toInstant()).isEqualTo(Instant.parse("2023-11-05T05:00:00Z"));
        assertThat(DateRanges.dayEnd(LocalDate.of(2023, 11, 4), havana).toInstant()).isEqualTo(Instant.parse("2023-11-05T04:00:00Z"));
        ZoneId asuncion = ZoneId.of("America/Asuncion");
        assertThat(DateRanges.dayEnd(LocalDate.of(2024, 3, 23), asuncion).toInstant()).isEqualTo(Instant.parse("2024-03-24T03:00:00Z"));
        assertThat(DateRanges.dayStart(LocalDate.of(2024, 3, 24), asuncion).toInstant()).isEqualTo(Instant.parse("2024-03-24T04:00:00Z"));
    }

    @Test
    void skippedMidnightsStartTheDayWhenClocksResume() {
        // Asuncion entered daylight time at midnight on 2023-10-01: the day starts at 01:00 (-03).
        ZoneId asuncion = ZoneId.of("America/Asuncion");
        assertThat(DateRanges.dayStart(LocalDate.of(2023, 10, 1), asuncion).toInstant()).isEqualTo(Instant.parse("2023-10-01T04:00:00Z"));
        assertThat(DateRanges.dayEnd(LocalDate.of(2023, 9, 30), asuncion)).isEqualTo(DateRanges.dayStart(LocalDate.of(2023, 10, 1), asuncion));
        // An ordinary day is midnight to midnight.
        assertThat(DateRanges.days(TODAY, TODAY, BERLIN)).isEqualTo(new Interval(TODAY.atStartOfDay(BERLIN), TODAY.plusDays(1).atStartOfDay(BERLIN)));
    }
}
