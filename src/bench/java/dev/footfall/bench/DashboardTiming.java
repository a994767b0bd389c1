package dev.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.api.Auth;
import dev.footfall.cache.ResultCache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How long the dashboard takes to draw in a real browser, by the browser's own clock: each
 * navigation waits for the mark the dashboard sets once its top stats, graph and every panel have
 * drawn, then reads that mark and the navigation and resource timings of the same document.
 * Every measured navigation starts from another page, so each one is a new document.
 */
public final class DashboardTiming {
    /** The performance mark the dashboard sets, with body[data-ready="true"], once everything has drawn. */
    public static final String MARK = "dashboard-drawn";
    /** Ten seconds is twenty times the target: a dashboard still not drawn then never will be. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    /** Between looks at the page: fine against a half-second target, rare enough to leave the page's main thread alone. */
    private static final long POLL_MILLIS = 20;
    /**
     * The timings once the dashboard is drawn (null before): the mark, the navigation entry, and
     * the resource entries of the dashboard's API calls. {@code %s} is the previous document's
     * time origin, so a look that lands on the page being left never counts.
     */
    private static final String READ_TIMINGS = """
            (() => {
              if (performance.timeOrigin === %s || document.body?.dataset.ready !== 'true') return null;
              const drawn = performance.getEntriesByName('%s')[0];
              if (!drawn) return null;
              const nav = performance.getEntriesByType('navigation')[0];
              const api = performance.getEntriesByType('resource').filter((r) => new URL(r.name).pathname.startsWith('/api/'));
              return {
                drawn: drawn.startTime,
                responseEnd: nav.responseEnd,
                domContentLoaded: nav.domContentLoadedEventEnd,
                load: nav.loadEventEnd,
                apiRequests: api.length,
                apiMillis: api.reduce((sum, r) => sum + r.duration, 0),
                apiDone: api.reduce((last, r) => Math.max(last, r.responseEnd), 0),
              };
            })()""";
    /** What the page shows when it never became ready, for the error message. */
    private static final String DESCRIBE_PAGE = """
            ({
              at: location.pathname + location.search,
              ready: document.body?.dataset.ready ?? '(not set)',
              marked: performance.getEntriesByName('%s').length > 0,
              shows: (document.querySelector('main')?.innerText ?? '').replace(/\\s+/g, ' ').slice(0, 200),
            })""";

    private final DevTools browser;
    private final String base;
    private final String domain;
    private final ResultCache cache;
    private final String startPage;

    /**
     * @param base      the server's origin, e.g. {@code http://127.0.0.1:8000}
     * @param cache     the server's result cache: its hits are counted, and cleared in {@link ServerCache#CLEARED}
     * @param startPage where each navigation starts: a page of the same origin, or another site
     *                  (about:blank), which costs Chromium a cross-site navigation first
     */
    public DashboardTiming(DevTools browser, String base, String domain, ResultCache cache, String startPage) {
        this.browser = browser;
        this.base = base;
        this.domain = domain;
        this.cache = cache;
        this.startPage = startPage;
    }

    /** Whether the server's result cache may answer the dashboard's queries. */
    public enum ServerCache {
        /** As it is after earlier views of the same period: closed days' answers come from memory. */
        KEPT,
        /** Emptied for the site before every navigation: each query runs in the engine (rollups or raw). */
        CLEARED
    }

    /**
     * One navigation's timings, in milliseconds since the navigation started.
     *
     * @param drawn            the dashboard's mark
     * @param responseEnd      the app's shell (HTML) received
     * @param domContentLoaded DOMContentLoaded handled: the shell parsed and its module scripts run
     * @param load             the load event handled: every file of the shell fetched
     * @param apiMillis the API calls' durations added up (they overlap: the dashboard fires them at once)
     * @param apiDone   when the last API answer had arrived
     * @param cacheHits queries the server answered from its result cache during the navigation
     */
    public record Navigation(double drawn, double responseEnd, double domContentLoaded, double load, int apiRequests,
                             double apiMillis, double apiDone, long cacheHits) {}

    /**
     * The recorded navigations of one period.
     *
     * @param serverCache "first view" (nothing of the period cached yet), "kept" or "cleared"
     */
    public record Result(String period, String serverCache, List<Navigation> runs) {
        /** The nearest-rank quantile {@code q} (0..1) of one timing over the runs, as the other bench commands report them. */
        public double quantile(ToDoubleFunction<Navigation> timing, double q) {
            long[] nanos = runs.stream().mapToLong(n -> Math.round(timing.applyAsDouble(n) * 1e6)).sorted().toArray();
            return Latencies.millisAt(nanos, q);
        }

        public double median(ToDoubleFunction<Navigation> timing) {
            return quantile(timing, 0.5);
        }
    }

    /** Gives the browser the session cookie of a login, as the login form would. */
    public void logIn(String sessionToken) throws InterruptedException {
        JsonNode set = browser.send("Network.setCookie", Map.of("name", Auth.SESSION_COOKIE, "value", sessionToken, "url", base,
                "path", "/", "httpOnly", true, "sameSite", "Lax"));
        if (!set.path("success").asBoolean(true)) throw new IllegalStateException("Chromium refused the session cookie for " + base);
    }

    /**
     * One view of the period's dashboard before any other: none of its answers is in the server's
     * result cache yet (and, for the first period, the browser's cache and the server's JIT are cold).
     */
    public Result first(String period) throws InterruptedException {
        return new Result(period, "first view", List.of(navigate(period)));
    }

    /** {@code warmup} unrecorded navigations to the dashboard of {@code period}, then {@code runs} recorded ones. */
    public Result measure(String period, ServerCache serverCache, int warmup, int runs) throws InterruptedException {
        List<Navigation> recorded = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            if (serverCache == ServerCache.CLEARED) cache.invalidate(domain);
            Navigation n = navigate(period);
            if (i >= warmup) recorded.add(n);
        }
        return new Result(period, serverCache.name().toLowerCase(Locale.ROOT), recorded);
    }

    /** Opens the dashboard of {@code period} from the start page and waits until it has drawn. */
    private Navigation navigate(String period) throws InterruptedException {
        go(startPage);
        String previous = browser.evaluate("performance.timeOrigin").asText();
        String url = base + "/sites/" + domain + "?period=" + period;
        long hitsBefore = cache.hits();
        go(url);
        String read = READ_TIMINGS.formatted(previous, MARK);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String lastError = "";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode t = browser.evaluate(read);
                if (!t.isNull()) {
                    return new Navigation(t.path("drawn").asDouble(), t.path("responseEnd").asDouble(), t.path("domContentLoaded").asDouble(),
                            t.path("load").asDouble(), t.path("apiRequests").asInt(), t.path("apiMillis").asDouble(),
                            t.path("apiDone").asDouble(), cache.hits() - hitsBefore);
                }
            } catch (DevTools.CommandFailed e) {
                // The document may be replaced between two looks ("execution context was destroyed"): look again.
                lastError = "; last error: " + e.getMessage();
            }
            Thread.sleep(POLL_MILLIS);
        }
        JsonNode page = browser.evaluate(DESCRIBE_PAGE.formatted(MARK));
        throw new IllegalStateException(String.format("the dashboard at %s did not report itself drawn within %d s: the page is at %s, "
                        + "body[data-ready] is %s, mark '%s' %s, and it shows \"%s\"%s. The dashboard must set body[data-ready=\"true\"] "
                        + "and performance.mark('%s') once everything has drawn.", url, READY_TIMEOUT.toSeconds(), page.path("at").asText(),
                page.path("ready").asText(), MARK, page.path("marked").asBoolean() ? "is set" : "is not set", page.path("shows").asText(),
                lastError, MARK));
    }

    private void go(String url) throws InterruptedException {
        JsonNode result = browser.send("Page.navigate", Map.of("url", url));
        if (result.hasNonNull("errorText")) throw new IllegalStateException("navigating to " + url + " failed: " + result.get("errorText").asText());
    }
}
