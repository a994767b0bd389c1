package dev.footfall.importer;

import dev.footfall.Storage;
import dev.footfall.enrich.Enricher;
import dev.footfall.enrich.EphemeralSalts;
import dev.footfall.enrich.EventDraft;
import dev.footfall.enrich.EventRequest;
import dev.footfall.enrich.GeoDatabase;
import dev.footfall.enrich.Pipeline;
import dev.footfall.journal.Journal;
import dev.footfall.journal.JournalEntry;
import dev.footfall.loader.Loader;
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
 * user agent and referrer, and {@link EphemeralSalts}), and journaled together with the import mark
 * of the last line it covers; the {@link Loader} stores the events and the mark in one transaction,
 * so storage always knows exactly which lines are in. Re-running skips them; a crash loses at most
 * the batch not yet journaled, which the next run reads again (what was journaled is loaded first).
 *
 * <p>Threads overlap: this one reads and enriches batch N+1 while the journal writes batch N and
 * the loader stores earlier ones. One batch at a time is journaled: if a write fails, no later
 * batch (with a later mark) can be journaled after it and hide the lost lines.
 */
public final class AccessLogImporter {
    /** Events per journal append: one fsync per batch; 32 K pending events hold about 20 MB. */
    static final int BATCH_EVENTS = 32_768;
    /** Lines per batch even when few become events, so the mark and the progress bar move through bot-heavy stretches. */
    static final int BATCH_LINES = 131_072;
    /**
     * The import gives up on a failing store when the loader has stored nothing for this long. Not
     * a bound on the whole wait: the journal lets the loader fall up to 300 s (or 1 GB) behind
     * the reading, and a big log on a busy machine can leave more than two minutes to load at the end.
     */
    private static final Duration LOAD_PATIENCE = Duration.ofMinutes(2);

    private final Storage storage;
    private final Journal journal;
    private final Site site;
    private final LogParser parser;
    private final Enricher enricher;
    private final FootfallMetrics metrics = new FootfallMetrics();
    private ImportSummary summary;
    private InFlight inFlight;

    /**
     * Builds the enrichment pipeline (the user-agent analyser takes a few seconds to load).
     *
     * @param journal the data directory's journal, opened by the caller (nothing else may be loading it)
     */
    public AccessLogImporter(Storage storage, Journal journal, Site site, Optional<GeoDatabase> geo, LogFormat format) {
        this.storage = storage;
        this.journal = journal;
        this.site = site;
        this.parser = format.parser();
        this.enricher = Pipeline.enricher(domain -> domain.equals(site.domain()) ? Optional.of(site) : Optional.empty(),
                geo, new EphemeralSalts(), metrics);
    }

    /** A journaled batch: its append, its size, and the mark it records. */
    private record InFlight(Journal.Appended appended, int events, JournalEntry.ImportProgress mark) {}

    /** Imports the files, oldest first; every file must exist (the caller checks, to fail before any work). */
    public ImportSummary run(List<Path> files, Progress progress) throws InterruptedException {
        summary = new ImportSummary();
        long start = System.nanoTime();
        // What a previous run (or server) journaled is stored first, with live visits, so the
        // marks read below are complete.
        new Loader(storage, journal, new SessionTracker(new SecureRandom()), metrics, java.time.Clock.systemUTC()).close();
        long eventsBefore = storage.countEvents(site.domain());
        Loader loader = Loader.forImport(storage, journal, new SessionTracker(new SecureRandom()), metrics);
        try {
            long bytesBefore = 0;
            for (Path file : FileOrder.chronological(files, parser)) {
                importFile(file, progress, bytesBefore);
                bytesBefore += size(file);
                progress.advanceTo(bytesBefore);
            }
            awaitInFlight();
            if (!awaitLoaded(loader)) {
                throw new IllegalStateException("import stopped: the store did not take the journaled lines ("
                        + loader.state().orElse("nothing stored for " + LOAD_PATIENCE.toMinutes() + " minutes") + "); they load on the next start or import");
            }
        } finally {
            loader.close();
        }
        summary.finished(eventsBefore, storage.countEvents(site.domain()), Duration.ofNanos(System.nanoTime() - start));
        return summary;
    }

    /** Waits for the loader to store everything journaled while it makes progress; false if it stalls or fails. */
    private static boolean awaitLoaded(Loader loader) throws InterruptedException {
        long reached = loader.position();
        while (!loader.awaitLoaded(LOAD_PATIENCE)) {
            if (loader.position() == reached) return false;
            reached = loader.position();
        }
        return true;
    }

    private void importFile(Path file, Progress progress, long bytesBefore) throws InterruptedException {
        try (LogReader reader = LogReader.open(file)) {
            String line = reader.nextLine();
            if (line == null) return;
            String fingerprint = LogFingerprint.of(line);
            long done = storage.importedLines(fingerprint, site.domain());
            String fileName = file.getFileName().toString();
            List<JournalEntry> batch = new ArrayList<>(BATCH_EVENTS + 1);
            long lineNumber = 0;
            long lastMarked = done;
            for (; line != null; line = reader.nextLine()) {
                lineNumber++;
                summary.countRead();
                if (lineNumber <= done) {
                    summary.countAlreadyImported();
                    continue;
                }
                JournalEntry.Accepted event = pageview(file, lineNumber, line);
                if (event != null) batch.add(event);
                if (batch.size() >= BATCH_EVENTS || lineNumber - lastMarked >= BATCH_LINES) {
                    submit(batch, new JournalEntry.ImportProgress(fingerprint, site.domain(), fileName, lineNumber));
                    batch = new ArrayList<>(BATCH_EVENTS + 1);
                    lastMarked = lineNumber;
                    progress.advanceTo(bytesBefore + reader.fileBytesRead());
                }
            }
            if (lineNumber > lastMarked) submit(batch, new JournalEntry.ImportProgress(fingerprint, site.domain(), fileName, lineNumber));
            if (reader.unterminatedTail()) summary.unterminatedTail(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The line as an enriched pageview, or null after counting why it is not one. */
    private JournalEntry.Accepted pageview(Path file, long lineNumber, String line) {
        return switch (parser.parse(line)) {
            case ParsedLine.Malformed m -> {
                summary.countMalformed(file, lineNumber, m.problem(), line);
                yield null;
            }
            case ParsedLine.Request r -> pageview(file, lineNumber, line, r);
        };
    }

    private JournalEntry.Accepted pageview(Path file, long lineNumber, String line, ParsedLine.Request request) {
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
        return new JournalEntry.Accepted(pageview, draft.previousVisitorId());
    }

    /** The cheap checks, before any enrichment, so the user-agent analyser sees only candidate pageviews. */
    private static SkipReason filter(ParsedLine.Request r) {
        if (r.status() < 200 || r.status() > 399) return SkipReason.STATUS;
        if (!r.method().equals("GET")) return SkipReason.NOT_GET;
        if (StaticAssets.isAsset(r.target())) return SkipReason.STATIC_ASSET;
        return null;
    }

    private void submit(List<JournalEntry> batch, JournalEntry.ImportProgress mark) throws InterruptedException {
        awaitInFlight();
        int events = batch.size();
        batch.add(mark);
        inFlight = new InFlight(journal.appendWaiting(batch), events, mark);
    }

    /** Waits until the batch in flight is journaled. */
    private void awaitInFlight() {
        if (inFlight == null) return;
        try {
            inFlight.appended().durable().join();
            summary.countImported(inFlight.events());
        } catch (CompletionException e) {
            throw new IllegalStateException("import stopped: journaling lines up to " + inFlight.mark().linesDone() + " of "
                    + inFlight.mark().fileName() + " failed (" + e.getCause().getMessage()
                    + "); the lines before are kept, and running the same import again resumes there", e);
        }
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
