package dev.footfall.api;

import dev.footfall.metrics.FootfallMetrics;
import dev.footfall.read.ReadRefusedException;
import dev.footfall.web.DashboardAssets;
import dev.footfall.web.TrackerScript;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every HTTP route in one place. */
public final class Routes {
    private static final Logger LOG = Logger.getLogger(Routes.class.getName());

    private Routes() {}

    public static void register(HttpRouting.Builder routing, String version, EventHandler events, SitesApi sitesApi,
                                StatsApi statsApi, StatsV1Api statsV1Api, EventsExportApi eventsExportApi, Dashboard dashboard,
                                Supplier<Map<String, Object>> health, FootfallMetrics metrics) {
        routing.addFilter((chain, req, res) -> {
            long start = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                metrics.httpTime(routeLabel(req.path().path()), System.nanoTime() - start);
            }
        });
        routing.post("/api/event", events)
                .options("/api/event", Cors::preflight)
                .get("/js/{file}", new TrackerScript())
                .get("/api/health", (req, res) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("version", version);
                    body.putAll(health.get());
                    Json.send(res, Status.OK_200, body);
                })
                .get("/metrics", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                        .send(metrics.scrape()))
                .register(sitesApi)
                .register(statsApi)
                .register(statsV1Api)
                .register(eventsExportApi)
                .register(dashboard.accounts(), dashboard.sites(), dashboard.access(), dashboard.share(), dashboard.segments(), new DashboardAssets())
                .error(ApiException.class, (req, res, e) -> Json.send(res, e.status(), e.body()))
                .error(ReadRefusedException.class, (req, res, e) -> {
                    res.header(HeaderNames.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
                    Json.send(res, Status.SERVICE_UNAVAILABLE_503, Json.error(e.getMessage()));
                })
                .error(Throwable.class, Routes::internalError);
    }

    /**
     * Whatever no handler turned into an answer. The body says nothing of the inside (no SQL,
     * engine message or path, which the old default echoed); the log says all of it, under the
     * id the body gives, so a report of the id finds the cause.
     */
    private static void internalError(ServerRequest req, ServerResponse res, Throwable e) {
        // Helidon's own client errors (a malformed request line, a body over the limit) keep their status and text.
        if (e instanceof HttpException http && http.status().code() < 500) return;
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        LOG.log(Level.SEVERE, e, () -> "request " + id + " failed: " + req.prologue().method().text() + " " + req.path().path());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "internal error");
        body.put("request_id", id);
        Json.send(res, Status.INTERNAL_SERVER_ERROR_500, body);
    }

    /** The dashboard's endpoints. */
    public record Dashboard(AccountsApi accounts, DashboardApi sites, SiteAccessApi access, ShareApi share, SegmentsApi segments) {}

    /** A bounded label set for the latency histogram: known route prefixes, never raw paths. */
    private static String routeLabel(String path) {
        if (path.equals("/api/event")) return "/api/event";
        if (path.startsWith("/api/v1/sites")) return "/api/v1/sites";
        if (path.equals("/api/v2/query")) return path;
        if (path.startsWith("/api/v1/stats/")) return "/api/v1/stats";
        if (path.equals("/api/v1/events") || path.equals("/api/v1/events/export")) return path;
        if (path.startsWith("/js/")) return "/js";
        if (path.startsWith("/api/ui/")) return "/api/ui";
        if (path.startsWith("/ui/")) return "/ui";
        if (path.equals("/api/health") || path.equals("/metrics")) return path;
        return "other";
    }
}
