package dev.footfall.api;

import dev.footfall.enrich.DropReason;
import dev.footfall.enrich.EventRequest;
import dev.footfall.enrich.InvalidEventException;
import dev.footfall.ingest.Ingestion;
import dev.footfall.journal.JournalBusyException;
import dev.footfall.metrics.FootfallMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * {@code POST /api/event}: HTTP only. Reads the request, hands it to {@link Ingestion}, and answers
 * 202 once the events are durable in the journal (or deliberately dropped, named in
 * X-Footfall-Dropped and counted in x-plausible-dropped), 400 naming the bad field, or 503 + Retry-After when the journal cannot take
 * them now (a full queue, a store far behind, a failing disk): then nothing of the request was kept.
 */
public final class EventHandler implements Handler {
    /** Plausible's name for "accepted but not stored" (PlausibleWeb.Api.ExternalController). */
    private static final String PLAUSIBLE_DROPPED = "x-plausible-dropped";

    private final Ingestion ingestion;
    private final ClientAddress clientAddress;
    private final FootfallMetrics metrics;

    public EventHandler(Ingestion ingestion, ClientAddress clientAddress, FootfallMetrics metrics) {
        this.ingestion = ingestion;
        this.clientAddress = clientAddress;
        this.metrics = metrics;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Cors.allowAnyOrigin(res);
        String userAgent = req.headers().first(HeaderNames.USER_AGENT).orElse("").strip();
        if (userAgent.isEmpty()) {
            reject(res, Status.BAD_REQUEST_400, Map.of("user_agent", "the User-Agent header is required"));
            return;
        }
        EventRequest request;
        try {
            request = EventRequest.parse(Json.bytes(req));
        } catch (InvalidEventException e) {
            reject(res, Status.BAD_REQUEST_400, e.errors());
            return;
        }
        String ip = clientAddress.resolve(req.remotePeer().address(), req.headers().first(HeaderNames.X_FORWARDED_FOR));

        Ingestion.Outcome outcome;
        try {
            outcome = ingestion.ingest(request, ip, userAgent);
            awaitDurable(outcome);
        } catch (JournalBusyException e) {
            metrics.rejected(503);
            res.header(HeaderNames.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
            reject(res, Status.SERVICE_UNAVAILABLE_503, Map.of("server", e.getMessage() + "; retry shortly"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reject(res, Status.SERVICE_UNAVAILABLE_503, Map.of("server", "shutting down"));
            return;
        }
        if (!outcome.dropped().isEmpty()) {
            res.header("X-Footfall-Dropped", outcome.dropped().stream().map(DropReason::label).distinct()
                    .collect(Collectors.joining(",")));
            // Plausible's header, for clients written against it: the number of events not stored
            // (one per site a comma-separated domain names), where Footfall's own says why.
            res.header(PLAUSIBLE_DROPPED, Integer.toString(outcome.dropped().size()));
        }
        res.status(Status.ACCEPTED_202).header(HeaderNames.CONTENT_TYPE, "text/plain").send("ok");
    }

    /**
     * Waits until the events are durable, or refused. No timed wait here: the journal refuses
     * entries that wait too long in its queue, and waits for those its writer holds, so a client is
     * told "not stored" only when that is true.
     */
    private static void awaitDurable(Ingestion.Outcome outcome) throws JournalBusyException, InterruptedException {
        try {
            outcome.appended().durable().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JournalBusyException busy) throw busy;
            throw new JournalBusyException("the event could not be journaled", 1);
        }
    }

    private void reject(ServerResponse res, Status status, Map<String, String> errors) {
        if (status.code() != 503) metrics.rejected(status.code());
        dev.footfall.api.Json.send(res, status, Map.of("errors", errors));
    }
}
