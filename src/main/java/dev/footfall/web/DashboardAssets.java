package dev.footfall.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard: a single-page app whose files ship in the jar (uPlot from its WebJar), so no
 * request ever leaves the server's origin. Every page path answers with the app's shell; the app
 * routes on the path. The shell is revalidated by ETag on every load; it names the app's files
 * under a path versioned by this server's start ({@code /ui/v-…/}), and those are cached for good:
 * a warm load fetches nothing but the shell and the data, and a restart (an upgrade) changes every
 * file's address at once. The modules import each other by relative paths, so the whole graph
 * follows the version without a build step.
 */
public final class DashboardAssets implements HttpService {
    private static final String APP = "/dev/footfall/web/ui/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    /** Only plain file names: no "..", no hidden files. */
    private static final Pattern FILE = Pattern.compile("[a-zA-Z0-9_-]+(/[a-zA-Z0-9_-]+)*\\.(js|css|svg|png|html)");
    /** Everything from this origin only, nothing inline; frames only for the embeddable shared dashboard. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors ";
    private static final Map<String, String> TYPES = Map.of("js", "application/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "html", "text/html; charset=utf-8");

    /** Files under a versioned path never change for a given server start: cache them for a year. */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Pattern APP_REFERENCE = Pattern.compile("=\"/ui/");

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();
    /** This start's asset version: new whenever the server (and so possibly the app) is restarted. */
    private final String version = "v-" + Long.toString(System.currentTimeMillis(), 36);

    /** A file with its gzip form made once (null when it would not shrink: images, tiny files). */
    private record Asset(byte[] bytes, byte[] gzipped, String type, String etag) {}

    private static byte[] gzip(byte[] bytes) {
        if (bytes.length < 512) return null;
        var out = new java.io.ByteArrayOutputStream(bytes.length / 3);
        try (var zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size() < bytes.length * 0.9 ? out.toByteArray() : null;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/ui/{+file}", this::file)
                .get("/", this::shell)
                .get("/setup", this::shell)
                .get("/login", this::shell)
                .get("/account", this::shell)
                .get("/sites", this::shell)
                .get("/sites/{+rest}", this::shell)
                .get("/invite/{token}", this::shell)
                .get("/share/{slug}", this::shell)
                // Registered last: a page path nothing else knows gets the app's own "Page not
                // found" (with a way back) and a 404, not the server's bare "Endpoint not found".
                .get("/{+path}", this::unknownPage);
    }

    private void unknownPage(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        boolean page = req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("text/html")).orElse(false);
        if (!page || path.startsWith("/api/") || path.startsWith("/ui/") || path.startsWith("/js/")) {
            res.next();
            return;
        }
        res.header("Content-Security-Policy", CSP + "'none'").header("X-Frame-Options", "DENY");
        res.status(Status.NOT_FOUND_404);
        Asset a = cache.computeIfAbsent(SHELL, this::load).orElseThrow();
        res.header(HeaderNames.CACHE_CONTROL, "no-cache").header(HeaderNames.CONTENT_TYPE, a.type())
                .header("X-Content-Type-Options", "nosniff").send(a.bytes());
    }

    private void file(ServerRequest req, ServerResponse res) {
        String file = req.path().pathParameters().get("file");
        String cacheControl = "no-cache";
        if (file.startsWith("v-") && file.indexOf('/') > 0) {
            // An older page's version still gets today's file, just not cached for good.
            if (file.startsWith(version + "/")) cacheControl = IMMUTABLE;
            file = file.substring(file.indexOf('/') + 1);
        }
        String resource = switch (file) {
            case "vendor/uPlot.iife.min.js" -> UPLOT + "uPlot.iife.min.js";
            case "vendor/uPlot.min.css" -> UPLOT + "uPlot.min.css";
            default -> FILE.matcher(file).matches() ? APP + file : null;
        };
        if (resource == null) {
            res.status(Status.NOT_FOUND_404).send("not found");
            return;
        }
        send(req, res, resource, cacheControl);
    }

    /** The app's shell for every page path; embeddable only for a shared link asked with ?embed=true. */
    private void shell(ServerRequest req, ServerResponse res) {
        boolean embed = req.path().path().startsWith("/share/") && req.query().first("embed").map("true"::equals).orElse(false);
        res.header("Content-Security-Policy", CSP + (embed ? "*" : "'none'"));
        if (!embed) res.header("X-Frame-Options", "DENY");
        send(req, res, SHELL, "no-cache");
    }

    /** The shell's cache key; its text names the app's files under this start's version. */
    private static final String SHELL = "shell";

    private void send(ServerRequest req, ServerResponse res, String resource, String cacheControl) {
        Optional<Asset> asset = cache.computeIfAbsent(resource, this::load);
        if (asset.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send("not found");
            return;
        }
        Asset a = asset.get();
        res.header(HeaderNames.CACHE_CONTROL, cacheControl)
                .header(HeaderNames.ETAG, a.etag())
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(a.etag()::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, a.type());
        // The app's text files shrink to about a quarter: 156 KiB per cold load becomes ~45 KiB.
        boolean gzip = a.gzipped() != null && req.headers().first(HeaderNames.ACCEPT_ENCODING)
                .map(v -> v.toLowerCase(java.util.Locale.ROOT).contains("gzip")).orElse(false);
        res.header(HeaderNames.VARY, "Accept-Encoding");
        if (gzip) res.header(HeaderNames.CONTENT_ENCODING, "gzip");
        res.status(Status.OK_200).send(gzip ? a.gzipped() : a.bytes());
    }

    private Optional<Asset> load(String resource) {
        boolean shell = resource.equals(SHELL);
        try (InputStream in = DashboardAssets.class.getResourceAsStream(shell ? APP + "index.html" : resource)) {
            if (in == null) return Optional.empty();
            byte[] bytes = in.readAllBytes();
            if (shell) {
                String html = APP_REFERENCE.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll("=\"/ui/" + version + "/");
                bytes = html.getBytes(StandardCharsets.UTF_8);
                resource = APP + "index.html";
            }
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8) + "\"";
            return Optional.of(new Asset(bytes, gzip(bytes), TYPES.get(resource.substring(resource.lastIndexOf('.') + 1)), etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
