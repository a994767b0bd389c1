package dev.footfall.ingest;

import dev.footfall.commit.GroupCommitter;
import dev.footfall.commit.PendingEvent;
import dev.footfall.enrich.DropReason;
import dev.footfall.enrich.Enricher;
import dev.footfall.enrich.EventDraft;
import dev.footfall.enrich.EventRequest;
import dev.footfall.metrics.FootfallMetrics;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ingest pipeline for one request, without HTTP: fan out to each domain, enrich, and hand
 * what survives to the group committer. The returned outcome's future completes when durable.
 */
public final class Ingestion {
    private final Enricher enricher;
    private final GroupCommitter committer;
    private final FootfallMetrics metrics;
    private final Clock clock;

    public Ingestion(Enricher enricher, GroupCommitter committer, FootfallMetrics metrics, Clock clock) {
        this.enricher = enricher;
        this.committer = committer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What became of a request: the drops decided now, and the commit of the rest. */
    public record Outcome(List<DropReason> dropped, CompletableFuture<Integer> committed) {}

    public Outcome ingest(EventRequest request, String ip, String userAgent) throws GroupCommitter.QueueFullException {
        return ingest(request, ip, userAgent, clock.instant());
    }

    /** As {@link #ingest(EventRequest, String, String)} for an event that happened at {@code at} (demo data, replays). */
    public Outcome ingest(EventRequest request, String ip, String userAgent, Instant at) throws GroupCommitter.QueueFullException {
        Instant now = at.truncatedTo(ChronoUnit.SECONDS);
        List<PendingEvent> pending = new ArrayList<>(request.domains().size());
        List<DropReason> dropped = new ArrayList<>();
        for (String domain : request.domains()) {
            EventDraft draft = new EventDraft(request, domain, ip, userAgent, now);
            enricher.enrich(draft);
            if (draft.dropped()) {
                dropped.add(draft.dropReason());
                metrics.dropped(draft.dropReason().label());
            } else {
                pending.add(new PendingEvent(draft.toEvent(), draft.previousVisitorId()));
            }
        }
        CompletableFuture<Integer> committed = pending.isEmpty()
                ? CompletableFuture.completedFuture(0) : committer.submit(pending);
        return new Outcome(dropped, committed);
    }
}
