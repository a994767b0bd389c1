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
 * routes on the path. Files are revalidated by ETag: an upgrade shows at once, and an unchanged
 * file costs a 304.
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

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    private record Asset(byte[] bytes, String type, String etag) {}

    @Override
    public void routing(HttpRules rules) {
        rules.get("/ui/vendor/uPlot.iife.min.js", (req, res) -> send(req, res, UPLOT + "uPlot.iife.min.js"))
                .get("/ui/vendor/uPlot.min.css", (req, res) -> send(req, res, UPLOT + "uPlot.min.css"))
                .get("/ui/{+file}", this::file)
                .get("/", this::shell)
                .get("/setup", this::shell)
                .get("/login", this::shell)
                .get("/account", this::shell)
                .get("/sites", this::shell)
                .get("/sites/{+rest}", this::shell)
                .get("/invite/{token}", this::shell)
                .get("/share/{slug}", this::shell);
    }

    private void file(ServerRequest req, ServerResponse res) {
        String file = req.path().pathParameters().get("file");
        if (!FILE.matcher(file).matches()) {
            res.status(Status.NOT_FOUND_404).send("not found");
            return;
        }
        send(req, res, APP + file);
    }

    /** The app's shell for every page path; embeddable only for a shared link asked with ?embed=true. */
    private void shell(ServerRequest req, ServerResponse res) {
        boolean embed = req.path().path().startsWith("/share/") && req.query().first("embed").map("true"::equals).orElse(false);
        res.header("Content-Security-Policy", CSP + (embed ? "*" : "'none'"));
        if (!embed) res.header("X-Frame-Options", "DENY");
        send(req, res, APP + "index.html");
    }

    private void send(ServerRequest req, ServerResponse res, String resource) {
        Optional<Asset> asset = cache.computeIfAbsent(resource, DashboardAssets::load);
        if (asset.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send("not found");
            return;
        }
        Asset a = asset.get();
        res.header(HeaderNames.CACHE_CONTROL, "no-cache")
                .header(HeaderNames.ETAG, a.etag())
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(a.etag()::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, a.type())
                .status(Status.OK_200).send(a.bytes());
    }

    private static Optional<Asset> load(String resource) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(resource)) {
            if (in == null) return Optional.empty();
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8) + "\"";
            return Optional.of(new Asset(bytes, TYPES.get(resource.substring(resource.lastIndexOf('.') + 1)), etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
