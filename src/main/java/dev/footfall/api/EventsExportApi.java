package dev.footfall.api;

import dev.footfall.Storage;
import dev.footfall.events.EventPosition;
import dev.footfall.events.EventRange;
import dev.footfall.events.EventReader;
import dev.footfall.events.ExportFormat;
import dev.footfall.events.StoredEvent;
import dev.footfall.site.Access;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import dev.footfall.site.TimeBound;
import dev.footfall.store.Event;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A site's raw events, for any API key that may see the site and for the site's admins (not its
 * viewers or shared links, who see the dashboard only): page by page in (timestamp, id)
 * order ({@code GET /api/v1/events}), or a whole range as one CSV, NDJSON or Parquet file
 * ({@code GET /api/v1/events/export}) written by the storage engine and streamed from disk, so
 * neither holds more than a page in memory.
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
     * Exports run on platform threads: the engine's COPY is one long native call, which would pin
     * the carrier of a virtual thread (there are only as many carriers as cores). Two at most at
     * once, since each may use the engine's whole memory limit; more wait their turn.
     */
    private static final int CONCURRENT_EXPORTS = 2;

    private final SiteRegistry sites;
    private final Storage storage;
    private final Auth auth;
    private final Path tmpDir;
    private final Clock clock;
    private final ExecutorService exports;

    /** @param tmpDir where export files are written before they are sent; on the data directory's disk */
    public EventsExportApi(SiteRegistry sites, Storage storage, Auth auth, Path tmpDir, Clock clock) {
        this.sites = sites;
        this.storage = storage;
        this.auth = auth;
        this.tmpDir = tmpDir;
        this.clock = clock;
        this.exports = Executors.newFixedThreadPool(CONCURRENT_EXPORTS, Thread.ofPlatform().name("footfall-export-", 0).daemon().factory());
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
        List<StoredEvent> events = storage.events(range, after, limit);
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
        Path file = tmpDir.resolve(FILE_PREFIX + UUID.randomUUID() + "." + format.extension());
        try {
            long rows = exportOnPlatformThread(range, format, file);
            res.header(HeaderNames.CONTENT_TYPE, format.mediaType())
                    .header(HeaderNames.CONTENT_LENGTH, String.valueOf(Files.size(file)))
                    .header("Content-Disposition", "attachment; filename=\"" + domain.replace('/', '_') + "-events." + format.extension() + "\"")
                    .header(ROWS_HEADER, String.valueOf(rows));
            try (OutputStream out = res.outputStream()) {
                Files.copy(file, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sending the export of " + domain, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete the export file " + file + "; it is deleted at the next start", e);
            }
        }
    }

    private long exportOnPlatformThread(EventRange range, ExportFormat format, Path file) {
        try {
            return exports.submit(() -> storage.exportEvents(range, format, file, EventReader.ExportProgress.NONE)).get();
        } catch (ExecutionException e) {
            LOG.log(Level.SEVERE, "exporting the events of " + range.site() + " failed", e.getCause());
            throw ApiException.of(Status.INTERNAL_SERVER_ERROR_500, "the export failed in the storage engine; the server log says why");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exporting", e);
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
    }
}
