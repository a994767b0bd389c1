package dev.footfall.store.sql;

import dev.footfall.query.DateRanges;
import dev.footfall.query.Interval;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;

import static dev.footfall.store.sql.MarkedDialect.SQL;
import static dev.footfall.store.sql.TestRelations.RELATIONS;
import static org.assertj.core.api.Assertions.assertThat;

class SiteRowsTest {
    private static final Interval MARCH_1 = DateRanges.days(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1), ZoneId.of("Europe/Berlin"));
    private final SiteRows rows = new SiteRows(SQL, RELATIONS, "it's.test");

    @Test
    void eachReadNamesTheEnginesRelationForItsRange() {
        assertThat(rows.events(MARCH_1)).isEqualTo(new RawRange("events[2024-02-29T23:00:00Z,2024-03-01T23:00:00Z)", "'it''s.test'",
                "UTC(2024-02-29T23:00:00Z)", "UTC(2024-03-01T23:00:00Z)"));
        assertThat(rows.sessionsStarted(MARCH_1).relation()).isEqualTo("started[2024-02-29T23:00:00Z,2024-03-01T23:00:00Z)");
        assertThat(rows.sessionsActive(MARCH_1).relation()).isEqualTo("active[2024-02-29T23:00:00Z,2024-03-01T23:00:00Z)");
    }

    @Test
    void aReadIsBoundedBySiteAndTime() {
        RawRange events = rows.events(MARCH_1);
        assertThat(events.where("e", "ts"))
                .isEqualTo("e.site = 'it''s.test' AND e.ts >= UTC(2024-02-29T23:00:00Z) AND e.ts < UTC(2024-03-01T23:00:00Z)");
        assertThat(events.where("", "started"))
                .isEqualTo("site = 'it''s.test' AND started >= UTC(2024-02-29T23:00:00Z) AND started < UTC(2024-03-01T23:00:00Z)");
    }
}
