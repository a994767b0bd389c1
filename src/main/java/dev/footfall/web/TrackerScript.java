package dev.footfall.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the tracker under every name Plausible serves it, so a site moves by changing the host
 * only: {@code /js/script.js} and its variants {@code script.FEATURE.FEATURE.js} in any order
 * (also named {@code plausible.…} and {@code analytics.…}, as Plausible's TrackerPlug allows),
 * and the newer per-site {@code /js/pa-ID.js} (or {@code s-ID.js}), which has every feature and
 * takes its settings from Plausible's snippet ({@code plausible.init({...})}). Each variant is
 * built on first request from the one annotated source ({@link TrackerTemplate}) with only the
 * features its name asks for, then kept in memory with its gzip form and ETag; there are at most
 * 2^10 + 1 of them, a few KB each.
 */
public final class TrackerScript implements Handler {
    /** A day: long enough to spare every page view a request, short enough that an upgrade reaches visitors. */
    private static final String CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800";
    /** Plausible's variant features (TrackerPlug's base_variants but "pageleave", which changes nothing now). */
    static final List<String> FEATURES = List.of("compat", "exclusions", "file-downloads", "hash", "local", "manual",
            "outbound-links", "pageview-props", "revenue", "tagged-events");
    /** The per-site script's own name in the source's conditions. */
    static final String WEB = "web";
    /** The names Plausible serves its legacy script under. */
    private static final Set<String> BASES = Set.of("script", "plausible", "analytics");
    /**
     * Name parts Plausible accepts and ignores: "pageleave" (engagement is always sent now) and "js"
     * (it drops every ".js" part, so script.js.js is script.js there too).
     */
    private static final Set<String> IGNORED = Set.of("pageleave", "js");
    /** Plausible's per-site script ids are URL-safe base64; anything else is not a script name. */
    private static final Pattern PER_SITE = Pattern.compile("(pa|s)-[A-Za-z0-9_-]{1,64}\\.js");
    /**
     * The per-site script: everything a site's Plausible settings can switch on, switched at run
     * time; compat is left out, as Plausible's per-site script has no IE support either.
     */
    static final Set<String> WEB_FEATURES;
    private static final Set<String> KNOWN;

    static {
        Set<String> web = new TreeSet<>(FEATURES);
        web.remove("compat");
        web.add(WEB);
        WEB_FEATURES = Collections.unmodifiableSet(web);
        Set<String> known = new TreeSet<>(FEATURES);
        known.add(WEB);
        KNOWN = Collections.unmodifiableSet(known);
    }

    private final String source;
    private final Map<Set<String>, Script> built = new ConcurrentHashMap<>();

    /** A built variant: its text, gzipped, and its ETag. */
    record Script(byte[] plain, byte[] gzip, String etag) {}

    public TrackerScript() {
        try (InputStream in = TrackerScript.class.getResourceAsStream("script.js")) {
            this.source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        script(Set.of()); // a broken source fails the server's start, not a visitor's request
    }

    /**
     * The features a script name asks for, or empty if Plausible serves no script by that name
     * (an unknown or repeated feature: Plausible's TrackerPlug looks the sorted name up in the
     * set of variants it built, where neither occurs).
     */
    static Optional<Set<String>> features(String file) {
        if (PER_SITE.matcher(file).matches()) return Optional.of(WEB_FEATURES);
        if (!file.endsWith(".js")) return Optional.empty();
        String[] parts = file.substring(0, file.length() - ".js".length()).split("\\.", -1);
        if (!BASES.contains(parts[0])) return Optional.empty();
        Set<String> features = new TreeSet<>();
        for (int i = 1; i < parts.length; i++) {
            if (IGNORED.contains(parts[i])) continue;
            if (!FEATURES.contains(parts[i]) || !features.add(parts[i])) return Optional.empty();
        }
        return Optional.of(Collections.unmodifiableSet(features));
    }

    /** The variant with {@code features}, built once. */
    Script script(Set<String> features) {
        return built.computeIfAbsent(Set.copyOf(features), this::build);
    }

    private Script build(Set<String> features) {
        byte[] plain = TrackerTemplate.build(source, features, KNOWN).getBytes(StandardCharsets.UTF_8);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(plain.length);
            // The best compression: built once, downloaded by every visitor.
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes) {{ def.setLevel(Deflater.BEST_COMPRESSION); }}) {
                gzip.write(plain);
            }
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain), 0, 8) + "\"";
            return new Script(plain, bytes.toByteArray(), etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Optional<Set<String>> features = features(req.path().pathParameters().get("file"));
        if (features.isEmpty()) {
            res.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "text/plain").send("not found");
            return;
        }
        Script script = script(features.get());
        res.header(HeaderNames.CACHE_CONTROL, CACHE_CONTROL)
                .header(HeaderNames.ETAG, script.etag())
                .header(HeaderNames.VARY, "Accept-Encoding")
                .header("Access-Control-Allow-Origin", "*")
                // A site that isolates itself (Cross-Origin-Embedder-Policy) may still load it from here.
                .header("Cross-Origin-Resource-Policy", "cross-origin")
                .header("X-Content-Type-Options", "nosniff");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(script.etag()::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/javascript; charset=utf-8");
        if (acceptsGzip(req.headers().first(HeaderNames.ACCEPT_ENCODING).orElse(""))) {
            res.header(HeaderNames.CONTENT_ENCODING, "gzip").status(Status.OK_200).send(script.gzip());
        } else {
            res.status(Status.OK_200).send(script.plain());
        }
    }

    /** Whether an Accept-Encoding header allows gzip: named (or "*") without q=0. */
    static boolean acceptsGzip(String acceptEncoding) {
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.strip().split(";");
            String name = parts[0].strip();
            if (!name.equalsIgnoreCase("gzip") && !name.equals("*")) continue;
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].strip().replace(" ", "");
                if (param.matches("q=0(\\.0*)?")) refused = true;
            }
            if (!refused) return true;
        }
        return false;
    }
}
