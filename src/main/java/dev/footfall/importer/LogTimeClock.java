package dev.footfall.importer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The group committer's clock during an import: the time of the latest committed log line, not the
 * wall clock. The committer expires idle visits by its clock, and a visit in a log from last year is
 * idle by wall time the moment it starts. It only ever moves forward.
 */
final class LogTimeClock extends Clock {
    private volatile Instant now = Instant.EPOCH; // before every log line, so nothing expires until a batch is in

    /** Set by the import thread once a batch is committed; read by the committer's writer thread. */
    void advanceTo(Instant time) {
        if (time.isAfter(now)) now = time;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Only the committer reads this clock, and only its instants; log time has no other zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the log-time clock is UTC only");
    }
}
