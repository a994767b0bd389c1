package dev.footfall.ingest;

import dev.footfall.enrich.DropReason;
import dev.footfall.enrich.Enricher;
import dev.footfall.enrich.EventDraft;
import dev.footfall.enrich.EventRequest;
import dev.footfall.journal.Journal;
import dev.footfall.journal.JournalBusyException;
import dev.footfall.journal.JournalEntry;
import dev.footfall.metrics.FootfallMetrics;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingest pipeline for one request, without HTTP: fan out to each domain, enrich, and append
 * what survives to the journal. The returned outcome completes when its events are durable; the
 * loader stores them a moment later.
 */
public final class Ingestion {
    private final Enricher enricher;
    private final Journal journal;
    private final FootfallMetrics metrics;
    private final Clock clock;

    public Ingestion(Enricher enricher, Journal journal, FootfallMetrics metrics, Clock clock) {
        this.enricher = enricher;
        this.journal = journal;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What became of a request: the drops decided now, and the journaling of the rest. */
    public record Outcome(List<DropReason> dropped, Journal.Appended appended) {}

    public Outcome ingest(EventRequest request, String ip, String userAgent) throws JournalBusyException {
        return ingest(request, ip, userAgent, clock.instant());
    }

    /** As {@link #ingest(EventRequest, String, String)} for an event that happened at {@code at} (demo data, replays). */
    public Outcome ingest(EventRequest request, String ip, String userAgent, Instant at) throws JournalBusyException {
        Instant now = at.truncatedTo(ChronoUnit.SECONDS);
        List<JournalEntry> accepted = new ArrayList<>(request.domains().size());
        List<DropReason> dropped = new ArrayList<>();
        for (String domain : request.domains()) {
            EventDraft draft = new EventDraft(request, domain, ip, userAgent, now);
            enricher.enrich(draft);
            if (draft.dropped()) {
                dropped.add(draft.dropReason());
                metrics.dropped(domain, draft.dropReason().label(), clock.instant());
            } else {
                accepted.add(new JournalEntry.Accepted(draft.toEvent(), draft.previousVisitorId()));
            }
        }
        return new Outcome(dropped, accepted.isEmpty() ? Journal.Appended.NONE : journal.append(accepted));
    }
}
