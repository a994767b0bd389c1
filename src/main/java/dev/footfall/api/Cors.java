package dev.footfall.api;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** CORS for the Events API: trackers post from every site's origin. */
public final class Cors {
    private Cors() {}

    public static void allowAnyOrigin(ServerResponse res) {
        res.header("Access-Control-Allow-Origin", "*");
    }

    /** Answers an OPTIONS preflight; browsers cache the answer for a day. */
    public static void preflight(ServerRequest req, ServerResponse res) {
        allowAnyOrigin(res);
        res.header("Access-Control-Allow-Methods", "POST, OPTIONS");
        res.header("Access-Control-Allow-Headers", "Content-Type");
        res.header("Access-Control-Max-Age", "86400");
        res.status(Status.NO_CONTENT_204).send();
    }
}
