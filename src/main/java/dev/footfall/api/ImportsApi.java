package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.imported.ImportStore;
import dev.footfall.imported.InvalidArchiveException;
import dev.footfall.imported.PlausibleCsvArchive;
import dev.footfall.imported.PlausibleImport;
import dev.footfall.imported.SiteImport;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The site settings' imports of Plausible history, for the site's admins: list, delete, and
 * upload a Plausible export ZIP. Request bodies are bounded at 1 MiB server-wide, so a ZIP comes in
 * parts: start an upload, send the parts in order, then finish it, which imports the whole ZIP
 * (or refuses it with a 400 naming the problem, importing nothing).
 */
public final class ImportsApi implements HttpService {
    /** Uploads in progress at once, over all sites: each holds a file of up to a GiB on disk. */
    static final int MAX_UPLOADS = 4;
    /** An upload not continued for this long is abandoned, and its file deleted when the next upload starts. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(30);
    /** The longest file name kept with an import; a name is for recognising the file in the list. */
    static final int MAX_FILE_NAME = 200;

    private final SiteRegistry sites;
    private final ImportStore imports;
    private final Auth auth;
    private final Path tmpDir;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    private record Upload(String domain, Path file, Instant touched) {}

    /** @param tmpDir where uploads are kept until finished; on the data directory's disk */
    public ImportsApi(SiteRegistry sites, ImportStore imports, Auth auth, Path tmpDir, Clock clock) {
        this.sites = sites;
        this.imports = imports;
        this.auth = auth;
        this.tmpDir = tmpDir;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/api/ui/sites/{domain}/imports", this::list)
                .post("/api/ui/sites/{domain}/imports/uploads", this::start)
                .post("/api/ui/sites/{domain}/imports/uploads/{upload}", this::part)
                .post("/api/ui/sites/{domain}/imports/uploads/{upload}/finish", this::finish)
                .delete("/api/ui/sites/{domain}/imports/{id}", this::delete);
    }

    private Site site(ServerRequest req) {
        return SitesApi.administered(auth.access(req), sites, req.path().pathParameters().get("domain"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Site site = site(req);
        Json.send(res, Status.OK_200, Map.of("imports", imports.list(site.domain()).stream().map(ImportsApi::json).toList()));
    }

    static Map<String, Object> json(SiteImport i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("source_file", i.sourceFile());
        m.put("start_date", i.startDate().toString());
        m.put("end_date", i.endDate().toString());
        m.put("imported_at", i.importedAt().toString());
        return m;
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Site site = site(req);
        long id;
        try {
            id = Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw ApiException.of(Status.NOT_FOUND_404, "no such import");
        }
        if (!imports.delete(site.domain(), id)) throw ApiException.of(Status.NOT_FOUND_404, "site " + site.domain() + " has no import " + id);
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    private void start(ServerRequest req, ServerResponse res) {
        Site site = site(req);
        dropAbandoned();
        if (uploads.size() >= MAX_UPLOADS) {
            throw ApiException.of(Status.TOO_MANY_REQUESTS_429, MAX_UPLOADS + " uploads are in progress; finish one or try again later");
        }
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        String id = HexFormat.of().formatHex(secret);
        try {
            Files.createDirectories(tmpDir);
            Path file = Files.createTempFile(tmpDir, "import-", ".zip");
            uploads.put(id, new Upload(site.domain(), file, clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an upload in " + tmpDir, e);
        }
        Json.send(res, Status.OK_200, Map.of("upload", id));
    }

    private void part(ServerRequest req, ServerResponse res) {
        Site site = site(req);
        Upload upload = upload(req, site);
        byte[] bytes = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        try {
            long size = Files.size(upload.file()) + bytes.length;
            if (size > PlausibleCsvArchive.MAX_ZIP_BYTES) {
                abandon(req.path().pathParameters().get("upload"));
                throw ApiException.badRequest("file", "is larger than " + PlausibleCsvArchive.MAX_ZIP_BYTES + " bytes");
            }
            Files.write(upload.file(), bytes, StandardOpenOption.APPEND);
            uploads.put(req.path().pathParameters().get("upload"), new Upload(upload.domain(), upload.file(), clock.instant()));
            Json.send(res, Status.OK_200, Map.of("bytes", size));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the upload " + upload.file(), e);
        }
    }

    private void finish(ServerRequest req, ServerResponse res) {
        Site site = site(req);
        String id = req.path().pathParameters().get("upload");
        Upload upload = upload(req, site);
        JsonNode body = Json.body(req);
        String name = body.has("file_name") && body.get("file_name").isTextual() ? body.get("file_name").asText().strip() : "";
        if (name.isEmpty()) name = "upload.zip";
        if (name.length() > MAX_FILE_NAME) name = name.substring(0, MAX_FILE_NAME);
        try {
            PlausibleImport.Result result = PlausibleImport.run(imports, site.domain(), upload.file(), name);
            Map<String, Object> out = new LinkedHashMap<>(json(result.siteImport()));
            out.put("rows", result.summary().totalRows());
            out.put("tables", result.summary().rows().keySet().stream().map(t -> t.fileName).toList());
            Json.send(res, Status.OK_200, out);
        } catch (InvalidArchiveException e) {
            throw ApiException.badRequest("file", e.getMessage());
        } finally {
            abandon(id);
        }
    }

    private Upload upload(ServerRequest req, Site site) {
        Upload upload = uploads.get(req.path().pathParameters().get("upload"));
        if (upload == null || !upload.domain().equals(site.domain())) throw ApiException.of(Status.NOT_FOUND_404, "no such upload");
        return upload;
    }

    private void abandon(String id) {
        Upload gone = uploads.remove(id);
        if (gone != null) {
            try {
                Files.deleteIfExists(gone.file());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the upload " + gone.file(), e);
            }
        }
    }

    private void dropAbandoned() {
        Instant before = clock.instant().minus(ABANDONED_AFTER);
        for (String id : List.copyOf(uploads.keySet())) {
            Upload u = uploads.get(id);
            if (u != null && u.touched().isBefore(before)) abandon(id);
        }
    }
}
