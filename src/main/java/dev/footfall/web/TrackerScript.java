package dev.footfall.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the tracker, {@code /js/script.js}, from the jar with long cache headers. */
public final class TrackerScript implements Handler {
    /** A day: long enough to spare every page view a request, short enough that an upgrade reaches visitors. */
    private static final String CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800";
    private final byte[] script;

    public TrackerScript() {
        try (InputStream in = TrackerScript.class.getResourceAsStream("script.js")) {
            this.script = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.status(Status.OK_200)
                .header(HeaderNames.CONTENT_TYPE, "application/javascript; charset=utf-8")
                .header(HeaderNames.CACHE_CONTROL, CACHE_CONTROL)
                .header("Access-Control-Allow-Origin", "*")
                .send(script);
    }
}
