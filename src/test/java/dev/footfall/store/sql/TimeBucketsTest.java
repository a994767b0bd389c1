package dev.footfall.store.sql;

import dev.footfall.plan.Part;
import dev.footfall.plan.Tier;
import dev.footfall.query.DateRanges;
import dev.footfall.query.Dimension.Granularity;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;

import static dev.footfall.store.sql.MarkedDialect.SQL;
import static org.assertj.core.api.Assertions.assertThat;

class TimeBucketsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate FIRST = LocalDate.of(2024, 3, 6);
    private final TimeBuckets time = new TimeBuckets(SQL, BERLIN, FIRST.atStartOfDay(BERLIN));

    private static Part days(LocalDate first, LocalDate last, ZoneId zone) {
        return new Part(Tier.RAW, DateRanges.days(first, last, zone));
    }

    @Test
    void localTimeIsArithmeticWhereTheOffsetIsFixed() {
        assertThat(time.localTime(days(FIRST, FIRST.plusDays(3), BERLIN), "e.ts")).isEqualTo("PLUS(e.ts, 3600)");
    }

    @Test
    void localTimeIsTheStoredTimeInUtc() {
        assertThat(new TimeBuckets(SQL, ZoneId.of("UTC"), FIRST.atStartOfDay(ZoneId.of("UTC")))
                .localTime(days(FIRST, FIRST, ZoneId.of("UTC")), "s.started")).isEqualTo("s.started");
    }

    @Test
    void localTimeLooksUpTheZoneWhereTheClocksChange() {
        // Berlin moves to summer time on 31 March 2024.
        Part overTheChange = days(LocalDate.of(2024, 3, 30), LocalDate.of(2024, 4, 1), BERLIN);
        assertThat(time.localTime(overTheChange, "e.ts")).isEqualTo("AT_ZONE(e.ts, Europe/Berlin)");
    }

    @Test
    void distinctCountsAreSplitByLocalDayUnlessThePartIsOneDay() {
        assertThat(time.perDay(days(FIRST, FIRST, BERLIN), "e.ts")).isEmpty();
        assertThat(time.perDay(days(FIRST, FIRST.plusDays(1), BERLIN), "e.ts")).contains("DATE(PLUS(e.ts, 3600))");
    }

    @Test
    void labelsAreTheBucketsOfLocalTime() {
        assertThat(time.label(Granularity.MINUTE, "t")).isEqualTo("DATETIME_TEXT(TRUNC_MINUTE(t))");
        assertThat(time.label(Granularity.HOUR, "t")).isEqualTo("DATETIME_TEXT(TRUNC_HOUR(t))");
        assertThat(time.label(Granularity.DAY, "t")).isEqualTo("DATE_TEXT(t)");
        assertThat(time.label(Granularity.MONTH, "t")).isEqualTo("DATE_TEXT(TRUNC_MONTH(t))");
    }

    @Test
    void theFirstWeekIsLabelledWithTheRangesFirstDay() {
        assertThat(time.label(Granularity.WEEK, "t")).isEqualTo("DATE_TEXT(GREATEST(TRUNC_WEEK(t), LOCAL(2024-03-06T00:00)))");
    }
}
