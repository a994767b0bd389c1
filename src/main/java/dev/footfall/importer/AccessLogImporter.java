package dev.footfall.importer;

import dev.footfall.Storage;
import dev.footfall.commit.GroupCommitter;
import dev.footfall.commit.ImportMark;
import dev.footfall.commit.PendingEvent;
import dev.footfall.enrich.Enricher;
import dev.footfall.enrich.EphemeralSalts;
import dev.footfall.enrich.EventDraft;
import dev.footfall.enrich.EventRequest;
import dev.footfall.enrich.GeoDatabase;
import dev.footfall.enrich.Pipeline;
import dev.footfall.metrics.FootfallMetrics;
import dev.footfall.session.SessionTracker;
import dev.footfall.site.Site;
import dev.footfall.store.Event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Imports access logs into one site: each new line is parsed, filtered (status, method, static
 * assets), enriched by the very same {@link Pipeline} as live events (with the log's time, client IP,
 * user agent and referrer, and {@link EphemeralSalts}), and committed through a {@link GroupCommitter}
 * together with the import mark of the last line it covers, so storage always knows exactly which
 * lines are in. Re-running skips them; a crash loses at most the uncommitted batch, which the next run
 * reads again.
 *
 * <p>Two threads overlap: this one reads and enriches batch N+1 while the committer's writer stores
 * batch N. Never more than one batch is in flight: if a commit fails, no later batch (with a later
 * mark) can commit after it and hide the lost lines.
 */
public final class AccessLogImporter {
    /**
     * Events per commit. Each commit flushes the appenders, a fixed cost that dominated at 4 K events
     * (57 K lines/s measured, 77 K at 32 K); 32 K pending events hold about 20 MB.
     */
    static final int BATCH_EVENTS = 32_768;
    /** Lines per commit even when few become events, so the mark and the progress bar move through bot-heavy stretches. */
    static final int BATCH_LINES = 131_072;
    /** One batch committing and none waiting: see the class comment. */
    private static final int QUEUE_CAPACITY = 1;

    private final Storage storage;
    private final Site site;
    private final LogParser parser;
    private final Enricher enricher;
    private final FootfallMetrics metrics = new FootfallMetrics();
    private final LogTimeClock clock = new LogTimeClock();
    private ImportSummary summary;
    private GroupCommitter committer;
    private InFlight inFlight;

    /** Builds the enrichment pipeline (the user-agent analyser takes a few seconds to load). */
    public AccessLogImporter(Storage storage, Site site, Optional<GeoDatabase> geo, LogFormat format) {
        this.storage = storage;
        this.site = site;
        this.parser = format.parser();
        this.enricher = Pipeline.enricher(domain -> domain.equals(site.domain()) ? Optional.of(site) : Optional.empty(),
                geo, new EphemeralSalts(), metrics);
    }

    /** A submitted batch: its commit, the mark it records, and the latest log time it holds. */
    private record InFlight(CompletableFuture<Integer> committed, ImportMark mark, Instant latest) {}

    /** Imports the files, oldest first; every file must exist (the caller checks, to fail before any work). */
    public ImportSummary run(List<Path> files, Progress progress) throws InterruptedException {
        summary = new ImportSummary();
        long start = System.nanoTime();
        long eventsBefore = storage.countEvents(site.domain());
        // Sessions start fresh: imported visitor ids come from ephemeral salts, so no stored visit can continue.
        committer = new GroupCommitter(storage, new SessionTracker(new SecureRandom()), metrics, clock, QUEUE_CAPACITY);
        try {
            long bytesBefore = 0;
            for (Path file : FileOrder.chronological(files, parser)) {
                importFile(file, progress, bytesBefore);
                bytesBefore += size(file);
                progress.advanceTo(bytesBefore);
            }
            awaitInFlight();
        } finally {
            committer.close();
        }
        summary.finished(eventsBefore, storage.countEvents(site.domain()), Duration.ofNanos(System.nanoTime() - start));
        return summary;
    }

    private void importFile(Path file, Progress progress, long bytesBefore) throws InterruptedException {
        try (LogReader reader = LogReader.open(file)) {
            String line = reader.nextLine();
            if (line == null) return;
            String fingerprint = LogFingerprint.of(line);
            long done = storage.importedLines(fingerprint, site.domain());
            String fileName = file.getFileName().toString();
            List<PendingEvent> batch = new ArrayList<>(BATCH_EVENTS);
            Instant latest = Instant.EPOCH;
            long lineNumber = 0;
            long lastMarked = done;
            for (; line != null; line = reader.nextLine()) {
                lineNumber++;
                summary.countRead();
                if (lineNumber <= done) {
                    summary.countAlreadyImported();
                    continue;
                }
                PendingEvent event = pageview(file, lineNumber, line);
                if (event != null) {
                    batch.add(event);
                    if (event.event().timestamp().isAfter(latest)) latest = event.event().timestamp();
                }
                if (batch.size() >= BATCH_EVENTS || lineNumber - lastMarked >= BATCH_LINES) {
                    submit(batch, new ImportMark(fingerprint, site.domain(), fileName, lineNumber), latest);
                    batch = new ArrayList<>(BATCH_EVENTS);
                    lastMarked = lineNumber;
                    progress.advanceTo(bytesBefore + reader.fileBytesRead());
                }
            }
            if (lineNumber > lastMarked) submit(batch, new ImportMark(fingerprint, site.domain(), fileName, lineNumber), latest);
            if (reader.unterminatedTail()) summary.unterminatedTail(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The line as an enriched pageview, or null after counting why it is not one. */
    private PendingEvent pageview(Path file, long lineNumber, String line) {
        return switch (parser.parse(line)) {
            case ParsedLine.Malformed m -> {
                summary.countMalformed(file, lineNumber, m.problem(), line);
                yield null;
            }
            case ParsedLine.Request r -> pageview(file, lineNumber, line, r);
        };
    }

    private PendingEvent pageview(Path file, long lineNumber, String line, ParsedLine.Request request) {
        SkipReason skip = filter(request);
        if (skip != null) {
            summary.countSkipped(skip);
            return null;
        }
        URI url = PageAddress.of(site.domain(), request.target());
        if (url == null) {
            summary.countMalformed(file, lineNumber, "the request target is not a path", line);
            return null;
        }
        if (longerThan(url.toString(), EventRequest.MAX_URL_BYTES) || longerThan(request.referrer(), EventRequest.MAX_REFERRER_BYTES)) {
            summary.countSkipped(SkipReason.TOO_LONG);
            return null;
        }
        EventRequest event = new EventRequest(Event.PAGEVIEW, url, List.of(site.domain()),
                request.referrer().isEmpty() ? null : request.referrer(), Map.of(), true, false, null, null);
        EventDraft draft = new EventDraft(event, site.domain(), request.ip(), request.userAgent(),
                Instant.ofEpochSecond(request.epochSecond()));
        enricher.enrich(draft);
        if (draft.dropped()) {
            summary.countSkipped(SkipReason.of(draft.dropReason()));
            return null;
        }
        Event pageview = draft.toEvent();
        summary.countEventTime(pageview.timestamp());
        return new PendingEvent(pageview, draft.previousVisitorId());
    }

    /** The cheap checks, before any enrichment, so the user-agent analyser sees only candidate pageviews. */
    private static SkipReason filter(ParsedLine.Request r) {
        if (r.status() < 200 || r.status() > 399) return SkipReason.STATUS;
        if (!r.method().equals("GET")) return SkipReason.NOT_GET;
        if (StaticAssets.isAsset(r.target())) return SkipReason.STATIC_ASSET;
        return null;
    }

    private void submit(List<PendingEvent> batch, ImportMark mark, Instant latest) throws InterruptedException {
        awaitInFlight();
        inFlight = new InFlight(committer.submitWaiting(batch, mark), mark, latest);
    }

    /** Waits for the batch in flight; only then may log time advance past it (visits in it may still be extended). */
    private void awaitInFlight() {
        if (inFlight == null) return;
        try {
            summary.countImported(inFlight.committed().join());
        } catch (CompletionException e) {
            throw new IllegalStateException("import stopped: storing lines up to " + inFlight.mark().linesDone() + " of "
                    + inFlight.mark().fileName() + " failed (" + e.getCause().getMessage()
                    + "); the lines before are stored, and running the same import again resumes there", e);
        }
        clock.advanceTo(inFlight.latest());
        inFlight = null;
    }

    /** Whether the UTF-8 form exceeds {@code maxBytes}, encoding only when the length alone cannot tell. */
    private static boolean longerThan(String s, int maxBytes) {
        if (s.length() > maxBytes) return true;
        return s.length() * 3L > maxBytes && s.getBytes(StandardCharsets.UTF_8).length > maxBytes; // a char is at most 3 bytes
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
