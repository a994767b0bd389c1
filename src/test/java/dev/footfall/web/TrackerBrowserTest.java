package dev.footfall.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Footfall's own tracker and the official Plausible tracker, unmodified, run in real Chromium
 * against a real in-process server. Pages come from another origin (see {@link TestPages}), so
 * CORS is enforced by the browser; what counts is what ends up in the DuckDB data directory.
 * One server serves the whole class (starting one costs seconds, mostly user-agent rules); each
 * test gets its own site, created through the Sites API, so tests cannot see each other's events.
 */
class TrackerBrowserTest {
    /** npm ci --prefix src/test/js installs the pinned official tracker here. */
    private static final Path PLAUSIBLE_PACKAGE = Path.of("src/test/js/node_modules/@plausible-analytics/tracker");
    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path browserProfile;
    @TempDir
    static Path dataDir;
    private static TestServer server;
    private static ChromeDriver browser;
    private static TestPages pages;
    private static int sites;

    private String domain;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dataDir);
        pages = new TestPages();
        browser = Chromium.start(browserProfile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (pages != null) pages.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void createSite() {
        domain = "site" + (++sites) + ".test";
        server.addSite(domain);
    }

    @AfterEach
    void leavePage() {
        // The next test starts from a page that tracks nothing, with the site's storage empty.
        browser.get(pages.page("/blank", "<!doctype html><title>blank</title>"));
        browser.executeScript("localStorage.clear()");
    }

    @Test
    void footfallScriptCountsThePageviewAndSpaNavigationWithoutCookiesOrStorage() {
        String buttons = """
                <button id="next" onclick="history.pushState({}, '', '/shop/step-2')">Next step</button>
                <button id="same" onclick="history.pushState({}, '', '/shop/step-2?tab=reviews')">Reviews tab</button>""";
        browser.get(pages.page("/shop", footfallPage("script.js", "", "", buttons)));
        awaitEvents(1);
        browser.findElement(By.id("next")).click(); // history.pushState to /shop/step-2
        browser.findElement(By.id("same")).click(); // pushState to /shop/step-2?tab=reviews: the same page
        Chromium.screenshot(browser, "footfall-script-spa");

        assertThat(browser.manage().getCookies()).as("cookies on the page's host (any port)").extracting(Cookie::getName).isEmpty();
        assertThat((Long) browser.executeScript("return localStorage.length")).as("localStorage entries").isZero();
        // Leaving /shop for step 2 first reports the engagement with /shop, as the official tracker does.
        assertThat(stored(3)).extracting(StoredEvent::name, StoredEvent::pathname).containsExactlyInAnyOrder(
                tuple("pageview", "/shop"),
                tuple("engagement", "/shop"),
                tuple("pageview", "/shop/step-2"));
    }

    @Test
    void footfallScriptSendsQueuedAndLaterCustomEventsWithProps() {
        // The snippet sites put before the script tag: calls made before the script loads are queued.
        String head = """
                <script>
                  window.footfall = window.footfall || function () { (window.footfall.q = window.footfall.q || []).push(arguments) };
                  footfall('Signup', {props: {plan: 'pro'}});
                </script>""";
        String body = """
                <button id="upgrade" onclick="footfall('Upgrade', {props: {plan: 'team', seats: 5},
                    callback: function (r) { document.getElementById('status').textContent = 'status ' + r.status }})">Upgrade</button>
                <p id="status"></p>""";
        browser.get(pages.page("/pricing", footfallPage("script.js", "", head, body)));
        browser.findElement(By.id("upgrade")).click();
        // The callback sees the status only if Footfall's CORS headers let the page read the response.
        new WebDriverWait(browser, EVENT_WAIT).until(ExpectedConditions.textToBe(By.id("status"), "status 202"));
        Chromium.screenshot(browser, "footfall-script-custom-events");

        assertThat(stored(3)).extracting(StoredEvent::name, StoredEvent::pathname, StoredEvent::props).containsExactlyInAnyOrder(
                tuple("pageview", "/pricing", Map.of()),
                tuple("Signup", "/pricing", Map.of("plan", "pro")),
                tuple("Upgrade", "/pricing", Map.of("plan", "team", "seats", "5")));
    }

    @Test
    void footfallScriptTracksOutboundLinksButNotInternalOnes() {
        String outbound = footfall() + "/api/health"; // another port is another host: an outbound link
        String links = "<a id=\"internal\" href=\"/docs\">Docs</a> <a id=\"outbound\" href=\"" + outbound + "\">Status page</a>";
        pages.page("/docs", footfallPage("script.outbound-links.js", "", "", links));
        browser.get(pages.page("/links", footfallPage("script.outbound-links.js", "", "", links)));
        Chromium.screenshot(browser, "footfall-script-outbound-links");
        browser.findElement(By.id("internal")).click();
        new WebDriverWait(browser, EVENT_WAIT).until(ExpectedConditions.urlContains("/docs"));
        browser.findElement(By.id("outbound")).click();

        // Leaving a page (hidden by the navigation) reports its engagement.
        assertThat(stored(5)).extracting(StoredEvent::name, StoredEvent::pathname, StoredEvent::props).containsExactlyInAnyOrder(
                tuple("pageview", "/links", Map.of()),
                tuple("engagement", "/links", Map.of()),
                tuple("pageview", "/docs", Map.of()),
                tuple("Outbound Link: Click", "/docs", Map.of("url", outbound)),
                tuple("engagement", "/docs", Map.of()));
    }

    @Test
    void footfallScriptInHashModeCountsEachHashRoute() {
        browser.get(pages.page("/app", footfallPage("script.hash.js", "", "", "<a id=\"pricing\" href=\"#/pricing\">Pricing</a>")));
        awaitEvents(1);
        browser.findElement(By.id("pricing")).click();
        Chromium.screenshot(browser, "footfall-script-hash-mode");

        // The server keeps the fragment in the path only because the tracker flags hash mode (h: 1).
        assertThat(stored(3)).extracting(StoredEvent::name, StoredEvent::pathname).containsExactlyInAnyOrder(
                tuple("pageview", "/app"),
                tuple("engagement", "/app"),
                tuple("pageview", "/app#/pricing"));
    }

    @Test
    void footfallScriptSendsNothingWhileFootfallIgnoreIsSet() {
        String body = """
                <button id="send" onclick="footfall('After', {callback: function (r) {
                    document.getElementById('status').textContent = 'status ' + r.status }})">Send</button>
                <p id="status"></p>""";
        String head = """
                <script>
                  localStorage.footfall_ignore = 'true';
                  window.footfall = window.footfall || function () { (window.footfall.q = window.footfall.q || []).push(arguments) };
                  footfall('Ignored', {callback: function (r) { document.title = r === undefined ? 'ignored' : 'sent' }});
                </script>""";
        browser.get(pages.page("/ignored", footfallPage("script.js", "", head, body)));
        new WebDriverWait(browser, EVENT_WAIT).until(ExpectedConditions.titleIs("ignored"));
        Chromium.screenshot(browser, "footfall-script-ignored");
        // The tracker decides synchronously, so once the flag is gone the next event is the first one sent.
        browser.executeScript("localStorage.removeItem('footfall_ignore')");
        browser.findElement(By.id("send")).click();
        new WebDriverWait(browser, EVENT_WAIT).until(ExpectedConditions.textToBe(By.id("status"), "status 202"));

        assertThat(stored(1)).extracting(StoredEvent::name).containsExactly("After");
    }

    @Test
    void officialPlausibleTrackerIsAcceptedIncludingEngagement() throws IOException {
        if (!Files.isDirectory(PLAUSIBLE_PACKAGE)) {
            fail("the official Plausible tracker is not installed in " + PLAUSIBLE_PACKAGE.toAbsolutePath()
                    + ": run `npm ci --prefix src/test/js` first");
        }
        pages.directory("/tracker/", PLAUSIBLE_PACKAGE);
        String page = """
                <!doctype html>
                <html><head><title>Official Plausible tracker</title></head>
                <body>
                  <h1>Official Plausible tracker → Footfall</h1>
                  <button id="next" onclick="history.pushState({}, '', '/plausible/step-2')">Next step</button>
                  <button id="signup">Sign up</button>
                  <p id="status"></p>
                  <script type="module">
                    import { init, track } from './tracker/%s';
                    init({domain: '%s', endpoint: '%s/api/event', captureOnLocalhost: true});
                    document.getElementById('signup').onclick = () => track('Signup', {props: {plan: 'pro'},
                        callback: (r) => { document.getElementById('status').textContent = 'status ' + r.status }});
                  </script>
                </body></html>
                """.formatted(plausibleEntry(), domain, footfall());
        browser.get(pages.page("/plausible", page));
        awaitEvents(1);
        // On an SPA navigation the tracker first reports engagement with the page being left.
        browser.findElement(By.id("next")).click();
        browser.findElement(By.id("signup")).click();
        new WebDriverWait(browser, EVENT_WAIT).until(ExpectedConditions.textToBe(By.id("status"), "status 202"));
        awaitEvents(4);
        Chromium.screenshot(browser, "plausible-tracker");
        // Leaving the page hides it, and the tracker reports engagement with the page left.
        browser.get("about:blank");

        List<StoredEvent> events = stored(5);
        assertThat(events).extracting(StoredEvent::name, StoredEvent::pathname, StoredEvent::props).containsExactlyInAnyOrder(
                tuple("pageview", "/plausible", Map.of()),
                tuple("engagement", "/plausible", Map.of()),
                tuple("pageview", "/plausible/step-2", Map.of()),
                tuple("Signup", "/plausible/step-2", Map.of("plan", "pro")),
                tuple("engagement", "/plausible/step-2", Map.of()));
        assertThat(events).filteredOn(e -> e.name().equals("engagement")).allSatisfy(e -> {
            assertThat(e.scrollDepth()).as("scroll depth, percent").isBetween((short) 0, (short) 100);
            assertThat(e.engagementMs()).as("engaged milliseconds").isNotNull().isNotNegative();
        });
        assertThat(events).filteredOn(e -> !e.name().equals("engagement"))
                .allSatisfy(e -> assertThat(e.scrollDepth()).isNull());
    }

    /** A page with Footfall's tracker tag as the install instructions give it: the script variant, optional attributes. */
    private String footfallPage(String script, String attributes, String head, String body) {
        return """
                <!doctype html>
                <html><head><title>Footfall tracker</title>
                %s
                <script defer %s data-domain="%s" src="%s/js/%s"></script>
                </head><body>
                <h1>Footfall tracker test page</h1>
                %s
                </body></html>
                """.formatted(head, attributes, domain, footfall(), script, body);
    }

    /** The ES module entry of the installed package, from its package.json, so a new version's layout is followed. */
    private static String plausibleEntry() throws IOException {
        JsonNode pkg = new ObjectMapper().readTree(PLAUSIBLE_PACKAGE.resolve("package.json").toFile());
        JsonNode entry = pkg.path("exports").path(".").path("default");
        String path = entry.isTextual() ? entry.asText() : pkg.path("module").asText();
        assertThat(path).as("ES module entry in %s/package.json", PLAUSIBLE_PACKAGE).isNotEmpty();
        return path.replaceFirst("^\\./", "");
    }

    private static String footfall() {
        return server.uri("").toString();
    }

    /** Waits until the site has {@code count} stored events; events are only acknowledged once durable. */
    private void awaitEvents(long count) {
        assertThat(server.awaitEvents(domain, count, EVENT_WAIT)).as("events stored for %s within %s", domain, EVENT_WAIT).isGreaterThanOrEqualTo(count);
    }

    /**
     * Waits for {@code count} events, then a little longer so a duplicate send (a pushState wrapped
     * twice, say) would show up too; then reads the site's events in the order they were stored.
     */
    private List<StoredEvent> stored(long count) {
        awaitEvents(count);
        sleep(300);
        return StoredRows.query(server.server.storage(), """
                SELECT name, pathname, props, scroll_depth, engagement_ms FROM events WHERE site = '%s' ORDER BY rowid
                """.formatted(domain)).stream().map(row -> {
            @SuppressWarnings("unchecked")
            Map<String, String> props = (Map<String, String>) row.get("props");
            return new StoredEvent((String) row.get("name"), (String) row.get("pathname"), props,
                    (Short) row.get("scroll_depth"), (Integer) row.get("engagement_ms"));
        }).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record StoredEvent(String name, String pathname, Map<String, String> props, Short scrollDepth, Integer engagementMs) {}
}
