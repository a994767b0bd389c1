package dev.footfall.session;

import dev.footfall.store.Event;
import dev.footfall.store.SessionRow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTrackerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T23:50:00Z");
    private final SessionTracker tracker = new SessionTracker(new Random(1));

    private static Event event(String name, long visitor, Instant at, String path, boolean interactive) {
        return new Event("s.test", at, name, visitor, 0, "s.test", path, "", "", Event.Utm.NONE, Event.Location.UNKNOWN,
                Event.Client.UNKNOWN, Map.of(), interactive, null, null);
    }

    @Test
    void eventsWithin30MinutesShareAVisitAndLaterOnesStartANewOne() {
        var first = tracker.register(event("pageview", 7, T0, "/a", true), 0);
        var second = tracker.register(event("pageview", 7, T0.plusSeconds(29 * 60), "/b", true), 0);
        var third = tracker.register(event("pageview", 7, T0.plusSeconds(29 * 60 + 30 * 60 + 1), "/c", true), 0);
        assertThat(second.event().sessionId()).isEqualTo(first.event().sessionId());
        assertThat(third.event().sessionId()).isNotEqualTo(first.event().sessionId());

        assertThat(first.rows()).extracting(SessionRow::sign).containsExactly(1);
        assertThat(second.rows()).extracting(SessionRow::sign).containsExactly(-1, 1);
        assertThat(second.rows().get(0).session()).isEqualTo(first.rows().get(0).session()); // cancels exactly the old state
        SessionRow.Session visit = second.rows().get(1).session();
        assertThat(visit.entryPage()).isEqualTo("/a");
        assertThat(visit.exitPage()).isEqualTo("/b");
        assertThat(visit.pageviews()).isEqualTo(2);
        assertThat(visit.durationSeconds()).isEqualTo(29 * 60);
        assertThat(visit.isBounce()).isFalse();
    }

    @Test
    void bounceIsOnePageviewWithoutInteractiveEvents() {
        var pageview = tracker.register(event("pageview", 1, T0, "/", true), 0);
        assertThat(pageview.rows().getLast().session().isBounce()).isTrue();
        var nonInteractive = tracker.register(event("Scrolled", 1, T0.plusSeconds(5), "/", false), 0);
        assertThat(nonInteractive.rows().getLast().session().isBounce()).isTrue();
        var interactive = tracker.register(event("Signup", 1, T0.plusSeconds(9), "/", true), 0);
        assertThat(interactive.rows().getLast().session().isBounce()).isFalse();
        assertThat(interactive.rows().getLast().session().events()).isEqualTo(3);
    }

    @Test
    void aVisitCrossingMidnightContinuesUnderYesterdaysVisitorId() {
        var before = tracker.register(event("pageview", 100, T0, "/a", true), 0);
        // after 00:00 UTC the salt changed, so the same person has a new id; the previous id finds the visit
        var after = tracker.register(event("pageview", 200, T0.plusSeconds(15 * 60), "/b", true), 100);
        assertThat(after.event().sessionId()).isEqualTo(before.event().sessionId());
        assertThat(after.event().visitorId()).isEqualTo(100);
    }

    @Test
    void engagementWithoutAVisitIsRejectedAndDoesNotCountAsAnEvent() {
        assertThat(tracker.register(event("engagement", 5, T0, "/", false), 0)).isNull();
        tracker.register(event("pageview", 5, T0, "/", true), 0);
        var engagement = tracker.register(event("engagement", 5, T0.plusSeconds(40), "/", false), 0);
        assertThat(engagement.rows().getLast().session().events()).isEqualTo(1);
        assertThat(engagement.rows().getLast().session().durationSeconds()).isEqualTo(40);
    }

    @Test
    void idleVisitsAreForgottenSoMemoryStaysBounded() {
        tracker.register(event("pageview", 1, T0, "/", true), 0);
        tracker.register(event("pageview", 2, T0.plusSeconds(20 * 60), "/", true), 0);
        assertThat(tracker.expire(T0.plusSeconds(31 * 60))).isEqualTo(1);
        assertThat(tracker.openSessions()).isEqualTo(1);
    }

    @Test
    void beyondItsCapacityTheLeastRecentlyActiveVisitIsClosedEarly() {
        SessionTracker small = new SessionTracker(new Random(1), 3);
        var a = small.register(event("pageview", 1, T0, "/a", true), 0);
        small.register(event("pageview", 2, T0.plusSeconds(1), "/b", true), 0);
        small.register(event("pageview", 3, T0.plusSeconds(2), "/c", true), 0);
        var aAgain = small.register(event("pageview", 1, T0.plusSeconds(3), "/a2", true), 0); // visitor 1 is now the most recent
        assertThat(aAgain.event().sessionId()).isEqualTo(a.event().sessionId());

        small.register(event("pageview", 4, T0.plusSeconds(4), "/d", true), 0); // closes visitor 2's visit, the least recent
        assertThat(small.openSessions()).isEqualTo(3);
        assertThat(small.closedEarly()).isEqualTo(1);
        var bReturns = small.register(event("pageview", 2, T0.plusSeconds(5), "/b2", true), 0);
        assertThat(bReturns.rows()).as("a new visit, nothing to cancel").extracting(SessionRow::sign).containsExactly(1);
        var aStill = small.register(event("pageview", 1, T0.plusSeconds(6), "/a3", true), 0);
        assertThat(aStill.event().sessionId()).isEqualTo(a.event().sessionId());
        assertThat(aStill.rows().getLast().session().pageviews()).isEqualTo(3);
    }

    @Test
    void openVisitsShareOneCopyOfEachValue() {
        Event.Client client = new Event.Client("Desktop", "Firefox", "130.0", "Linux", "");
        var one = tracker.register(new Event(new String("s.test"), T0, "pageview", 1, 0, "s.test", new String("/pricing"), "", "",
                Event.Utm.NONE, Event.Location.UNKNOWN, client, Map.of(), true, null, null), 0);
        var two = tracker.register(new Event(new String("s.test"), T0, "pageview", 2, 0, "s.test", new String("/pricing"), "", "",
                Event.Utm.NONE, Event.Location.UNKNOWN, new Event.Client("Desktop", "Firefox", "130.0", "Linux", ""), Map.of(), true, null, null), 0);
        SessionRow.Session first = one.rows().getLast().session(), second = two.rows().getLast().session();
        assertThat(second.entryPage()).isSameAs(first.entryPage());
        assertThat(second.site()).isSameAs(first.site());
        assertThat(second.client()).isSameAs(first.client());
    }
}
