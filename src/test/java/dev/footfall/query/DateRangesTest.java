package dev.footfall.query;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What "all" means when the data is older than one query may look (imported logs can be). */
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
}
