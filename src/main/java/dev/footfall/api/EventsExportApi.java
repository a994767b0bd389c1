package dev.footfall.api;

import dev.footfall.Storage;
import dev.footfall.events.EventPosition;
import dev.footfall.events.EventRange;
import dev.footfall.events.EventReader;
import dev.footfall.events.ExportFormat;
import dev.footfall.events.StoredEvent;
import dev.footfall.read.ReadGate;
import dev.footfall.site.Access;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import dev.footfall.site.TimeBound;
import dev.footfall.store.Event;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A site's raw events, for any API key that may see the site and for the site's admins (not its
 * viewers or shared links, who see the dashboard only): page by page in (timestamp, id)
 * order ({@code GET /api/v1/events}), or a whole range as one CSV, NDJSON or Parquet file
 * ({@code GET /api/v1/events/export}), made by the storage engine a piece at a time and sent while
 * it is made, so neither holds more than a page in memory, and an export holds at most one piece
 * on disk (Parquet: the whole, compressed file, which its footer needs).
 *
 * <p>What a download may hold is bounded: {@value #EXPORTS_IN_FLIGHT} exports at once,
 * {@value #EXPORTS_PER_SITE} per site (more get 503 + Retry-After), and a client that takes no
 * byte for the stall timeout is cut off, its piece deleted and its place freed.
 */
public final class EventsExportApi implements HttpService, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventsExportApi.class.getName());
    /** Plausible's page size: a useful page that serialises in milliseconds. */
    static final int DEFAULT_LIMIT = 1000;
    /** Bounds one page's memory (it is built whole before it is sent) to a few megabytes. */
    static final int MAX_LIMIT = 10_000;
    /** Tells the client of an export how many events the file holds without reading it. */
    public static final String ROWS_HEADER = "X-Footfall-Rows";
    /** Export files in the temporary directory start so, which tells them from the engine's own spill files. */
    private static final String FILE_PREFIX = "export-";
    /**
     * Exports are made on platform threads: the engine's COPY is one long native call, which would
     * pin the carrier of a virtual thread (there are only as many carriers as cores). Two at most
     * at once, since each may use the engine's whole memory limit; more wait their turn.
     */
    private static final int CONCURRENT_EXPORTS = 2;
    /**
     * Exports being made or sent at once: two being sent while two more are made keeps both
     * engine threads busy, and bounds the pieces on disk to four.
     */
    static final int EXPORTS_IN_FLIGHT = 4;
    /** Per site: half the places, so the keys of one site cannot take every place, however slowly they read. */
    static final int EXPORTS_PER_SITE = 2;
    /** Seconds to wait when every place is taken: an export takes seconds to minutes, so sooner is pointless. */
    private static final String EXPORT_RETRY_AFTER_SECONDS = "30";
    /** How often a download's progress is checked against the stall timeout: a few checks per timeout. */
    private static final int STALL_CHECKS_PER_TIMEOUT = 4;
    /**
     * How long an export (or a first page) waits for events acknowledged before it to be loaded:
     * the loader commits every few hundred milliseconds, so this is only reached when it is far
     * behind, and then the answer goes out with what is stored rather than hanging.
     */
    private static final Duration LOADED_PATIENCE = Duration.ofSeconds(5);

    /** Waits until what was acknowledged before the call is stored; true if it is within the timeout. */
    @FunctionalInterface
    public interface Loaded {
        boolean await(Duration timeout);
    }

    private final SiteRegistry sites;
    private final Storage storage;
    private final Auth auth;
    private final Path tmpDir;
    private final Clock clock;
    private final ReadGate reads;
    private final Duration stallTimeout;
    private final ExecutorService exports;
    private final ScheduledExecutorService stallChecks;
    private final Loaded loaded;
    private final Map<String, Integer> inFlight = new HashMap<>();

    /**
     * @param tmpDir       where the engine writes export pieces before they are sent; on the data directory's disk
     * @param reads        where pages of events are read
     * @param stallTimeout how long a download may go without the client taking a byte before it is cut off
     * @param loaded       so an export holds every event acknowledged before it was asked for
     */
    public EventsExportApi(SiteRegistry sites, Storage storage, Auth auth, Path tmpDir, Clock clock, ReadGate reads, Duration stallTimeout,
                           Loaded loaded) {
        this.loaded = loaded;
        this.sites = sites;
        this.storage = storage;
        this.auth = auth;
        this.tmpDir = tmpDir;
        this.clock = clock;
        this.reads = reads;
        this.stallTimeout = stallTimeout;
        this.exports = Executors.newFixedThreadPool(CONCURRENT_EXPORTS, Thread.ofPlatform().name("footfall-export-", 0).daemon().factory());
        this.stallChecks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("footfall-export-stalls").daemon().factory());
        deleteLeftovers();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/api/v1/events", this::page)
                .get("/api/v1/events/export", this::export);
    }

    private void page(ServerRequest req, ServerResponse res) {
        Access key = auth.access(req);
        String domain = required(req, "site_id");
        int limit = limit(req);
        Optional<EventPosition> after = req.query().first("cursor").asOptional().map(cursor -> {
            try {
                return EventCursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("cursor", e.getMessage());
            }
        });
        EventRange range = range(req, visibleSite(key, domain));
        // Later pages continue a walk whose start already waited.
        if (after.isEmpty()) awaitLoaded();
        List<StoredEvent> events = reads.run(() -> storage.events(range, after, limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", events.stream().map(EventsExportApi::json).toList());
        // A short page is the last one; a full one may be too, which the next (empty) page tells.
        body.put("next_cursor", events.size() < limit ? null : EventCursor.encode(events.getLast().position()));
        Json.send(res, Status.OK_200, body);
    }

    private void export(ServerRequest req, ServerResponse res) {
        Access key = auth.access(req);
        String domain = required(req, "site_id");
        ExportFormat format;
        try {
            format = ExportFormat.named(required(req, "format"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("format", e.getMessage());
        }
        EventRange range = range(req, visibleSite(key, domain));
        if (!takePlace(range.site())) {
            res.header(HeaderNames.RETRY_AFTER, EXPORT_RETRY_AFTER_SECONDS);
            Json.send(res, Status.SERVICE_UNAVAILABLE_503, Json.error("too many exports are running (at most " + EXPORTS_PER_SITE
                    + " per site and " + EXPORTS_IN_FLIGHT + " in all); retry when one has finished"));
            return;
        }
        try {
            awaitLoaded();
            EventReader.ExportStream stream = onExportThread(range, () -> storage.streamEvents(range, format));
            try {
                send(stream, range, format, res);
            } finally {
                stream.close();
            }
        } finally {
            leavePlace(range.site());
        }
    }

    private void awaitLoaded() {
        if (!loaded.await(LOADED_PATIENCE)) {
            LOG.warning("the loader is more than " + LOADED_PATIENCE.toSeconds() + " s behind; answering with the events stored so far");
        }
    }

    /**
     * Sends the pieces as they are made, deleting each once sent. The first piece is made before
     * anything is sent, so an engine failure there is still an error answer; a failure later,
     * with the answer under way, cuts the connection (a client sees a short body, never a
     * complete-looking one).
     */
    private void send(EventReader.ExportStream stream, EventRange range, ExportFormat format, ServerResponse res) {
        Optional<Path> piece = onExportThread(range, stream::nextPiece);
        res.header(HeaderNames.CONTENT_TYPE, format.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + range.site().replace('/', '_') + "-events." + format.extension() + "\"")
                .header(ROWS_HEADER, String.valueOf(stream.rows()));
        // Parquet is one piece, the whole file, so its length is known; pieces of text go chunked.
        if (format == ExportFormat.PARQUET && piece.isPresent()) res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(size(piece.get())));
        OutputStream out = res.outputStream();
        try (Download download = new Download(out)) {
            while (piece.isPresent()) {
                try {
                    download.send(piece.get());
                } finally {
                    delete(piece.get());
                }
                piece = onExportThread(range, stream::nextPiece);
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away or was cut off for stalling: nothing to answer, nothing to warn about.
            LOG.log(Level.FINE, "a download of " + range.site() + "'s events ended early", e);
            throw new CloseConnectionException("the download of " + range.site() + "'s events ended early", e);
        } catch (ApiException e) {
            // The engine failed (logged) with the answer under way: closing the connection before the
            // last chunk is the only way left to tell the client the file is incomplete.
            throw new CloseConnectionException("the export of " + range.site() + "'s events failed", e);
        }
        try {
            out.close(); // only now: closing ends the body, which tells the client it is complete
        } catch (IOException e) {
            throw new UncheckedIOException("finishing the download of " + range.site() + "'s events", e);
        }
    }

    /**
     * One download's sending, watched: when the client has taken no byte for the stall timeout,
     * the sending thread is interrupted, which closes the connection under it (a virtual thread
     * blocked on a socket), so the piece is deleted and the place freed.
     */
    private final class Download implements AutoCloseable {
        /** Large enough that a write costs little, small enough that each one is progress a stalled client cannot fake for long. */
        private static final int BUFFER_BYTES = 64 * 1024;

        private final OutputStream out;
        private final Thread sender = Thread.currentThread();
        private final ScheduledFuture<?> checks;
        private long lastProgress = System.nanoTime();
        private boolean writing;
        private boolean cut;

        Download(OutputStream out) {
            this.out = out;
            long every = Math.max(1, stallTimeout.toMillis() / STALL_CHECKS_PER_TIMEOUT);
            this.checks = stallChecks.scheduleAtFixedRate(this::check, every, every, TimeUnit.MILLISECONDS);
        }

        void send(Path piece) throws IOException {
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = Files.newInputStream(piece)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    synchronized (this) {
                        if (cut) throw new IOException("the client took nothing for " + stallTimeout.toSeconds() + " s");
                        writing = true;
                    }
                    try {
                        out.write(buffer, 0, n);
                    } finally {
                        synchronized (this) {
                            writing = false;
                            lastProgress = System.nanoTime();
                        }
                    }
                }
            }
        }

        private synchronized void check() {
            if (writing && !cut && System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                cut = true;
                sender.interrupt();
            }
        }

        @Override
        public void close() {
            checks.cancel(false);
            synchronized (this) {
                if (cut) {
                    Thread.interrupted(); // the interrupt was for the write it cut; it must not reach what runs next on this thread
                    LOG.info(() -> "cut off an export download whose client took nothing for " + stallTimeout.toSeconds() + " s");
                }
            }
        }
    }

    private synchronized boolean takePlace(String site) {
        int total = inFlight.values().stream().mapToInt(Integer::intValue).sum();
        int ofSite = inFlight.getOrDefault(site, 0);
        if (total >= EXPORTS_IN_FLIGHT || ofSite >= EXPORTS_PER_SITE) return false;
        inFlight.put(site, ofSite + 1);
        return true;
    }

    private synchronized void leavePlace(String site) {
        inFlight.computeIfPresent(site, (s, n) -> n <= 1 ? null : n - 1);
    }

    /** Runs engine work on an export thread while the request's virtual thread waits without pinning its carrier. */
    private <T> T onExportThread(EventRange range, Callable<T> work) {
        try {
            return exports.submit(work).get();
        } catch (ExecutionException e) {
            LOG.log(Level.SEVERE, "exporting the events of " + range.site() + " failed", e.getCause());
            throw ApiException.of(Status.INTERNAL_SERVER_ERROR_500, "the export failed in the storage engine; the server log says why");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exporting", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete the export piece " + file + "; it is deleted at the next start", e);
        }
    }

    /**
     * The site, if the sender may read its raw events. A site the sender cannot see answers 404
     * with the same body whether or not it exists; one they see only as a dashboard (a viewer, a
     * shared link) answers 403, as other things a viewer may not do.
     */
    private Site visibleSite(Access key, String domain) {
        Site site = sites.find(domain).filter(s -> key.canSee(s.domain()))
                .orElseThrow(() -> ApiException.of(Status.NOT_FOUND_404, "site_id '" + domain + "' names no site this API key can see"));
        if (!key.canReadEvents(site.domain())) {
            throw ApiException.of(Status.FORBIDDEN_403, "the raw events of '" + domain + "' are for the site's admins and API keys; viewers and shared links see its dashboard");
        }
        return site;
    }

    private static String required(ServerRequest req, String name) {
        String value = req.query().first(name).orElse("");
        if (value.isBlank()) throw ApiException.badRequest(name, "is required");
        return value;
    }

    private static int limit(ServerRequest req) {
        Optional<String> text = req.query().first("limit").asOptional();
        if (text.isEmpty()) return DEFAULT_LIMIT;
        try {
            int limit = Integer.parseInt(text.get().strip());
            if (limit >= 1 && limit <= MAX_LIMIT) return limit;
        } catch (NumberFormatException e) {
            // answered below, as for a number out of range
        }
        throw ApiException.badRequest("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", not '" + text.get() + "'");
    }

    /** from/to in the site's time zone; by default from the beginning to now. An empty range is a mistake, not a question. */
    private EventRange range(ServerRequest req, Site site) {
        Instant from = bound(req, "from").map(b -> b.asFrom(site.timezone())).orElse(EventRange.BEGINNING);
        Instant to = bound(req, "to").map(b -> b.asTo(site.timezone())).orElseGet(clock::instant);
        if (!from.isBefore(to)) throw ApiException.badRequest("from", "must be before to (they give " + from + " to " + to + ", which is empty)");
        return new EventRange(site.domain(), from, to);
    }

    private static Optional<TimeBound> bound(ServerRequest req, String name) {
        return req.query().first(name).asOptional().map(text -> {
            try {
                return TimeBound.parse(text);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(name, e.getMessage());
            }
        });
    }

    /** An event as the API shows it, with the names and values of the exported files' columns. */
    static Map<String, Object> json(StoredEvent stored) {
        Event e = stored.event();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", stored.id());
        m.put("timestamp", e.timestamp().toString());
        m.put("name", e.name());
        m.put("visitor_id", e.visitorId());
        m.put("session_id", e.sessionId());
        m.put("hostname", e.hostname());
        m.put("pathname", e.pathname());
        m.put("referrer", e.referrer());
        m.put("referrer_source", e.referrerSource());
        m.put("utm_medium", e.utm().medium());
        m.put("utm_source", e.utm().source());
        m.put("utm_campaign", e.utm().campaign());
        m.put("utm_content", e.utm().content());
        m.put("utm_term", e.utm().term());
        m.put("country", e.location().country());
        m.put("region", e.location().region());
        m.put("city", e.location().city());
        m.put("device", e.client().device());
        m.put("browser", e.client().browser());
        m.put("browser_version", e.client().browserVersion());
        m.put("os", e.client().os());
        m.put("os_version", e.client().osVersion());
        m.put("props", e.props());
        m.put("interactive", e.interactive());
        m.put("scroll_depth", e.scrollDepth());
        m.put("engagement_ms", e.engagementMs());
        return m;
    }

    /** Export files a crash left behind: only one server runs on a data directory, so none is in use. */
    private void deleteLeftovers() {
        try {
            Files.createDirectories(tmpDir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir, FILE_PREFIX + "*")) {
                for (Path file : files) Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot clear old export files from " + tmpDir, e);
        }
    }

    @Override
    public void close() {
        exports.shutdownNow();
        stallChecks.shutdownNow();
    }
}
