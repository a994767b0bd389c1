package dev.footfall.web;

import dev.footfall.TestServer;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A site that moves from Plausible by changing the host in its snippet: each of Plausible's script
 * names, served by Footfall to pages on another origin in real Chromium, with the pages calling
 * Plausible's API (window.plausible, queued before the script loads and called after). What counts
 * is what the server stored. One server and one browser for the class; each test its own site.
 */
class PlausibleScriptsBrowserTest {
    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);
    /** After the expected events, how long an unexpected extra one (a duplicate send) has to show up. */
    private static final long SETTLE_MILLIS = 300;
    /** Plausible's snippet for its legacy scripts: calls made before the script loads wait in plausible.q. */
    private static final String QUEUE = "window.plausible = window.plausible || function () { (window.plausible.q = window.plausible.q || []).push(arguments) };";
    /** Plausible's snippet for its per-site script (tracker/src/web-snippet.js): init's options wait in plausible.o. */
    private static final String WEB_SNIPPET = "window.plausible=window.plausible||function(){(plausible.q=plausible.q||[]).push(arguments)},"
            + "plausible.init=plausible.init||function(i){plausible.o=i||{}};";
    /** Plausible's script names, features in several orders and under each base name, and a per-site script. */
    private static final List<String> VARIANTS = List.of("script.js", "script.hash.js", "script.outbound-links.js",
            "script.file-downloads.js", "script.tagged-events.js", "script.pageview-props.js", "script.manual.js", "script.revenue.js",
            "script.local.js", "script.exclusions.js", "script.compat.js", "script.hash.outbound-links.js",
            "plausible.outbound-links.hash.js", "analytics.tagged-events.file-downloads.pageview-props.pageleave.js", "pa-Xk3_f9aQ2mB7.js");
    /** Writes a callback's result into #status, where the test waits for it. */
    private static final String STATUS = "function (r) { document.getElementById('status').textContent = r === undefined ? 'ignored' : 'status ' + r.status }";

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
    static void start() {
        server = TestServer.start(dataDir);
        try {
            pages = new TestPages();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        domain = "plausible" + (++sites) + ".test";
        server.addSite(domain);
    }

    @AfterEach
    void leavePage() {
        browser.get(pages.page("/blank", "<!doctype html><title>blank</title>"));
        browser.executeScript("localStorage.clear()");
    }

    /**
     * Every variant, in Plausible's names and orders: the pageview, a custom event queued before the
     * script loaded, and the documented 404 event sent after it ran (on the window's load), with its
     * callback; each with its props. The variants' pages are frames of one page, each on its own
     * site's host, so they load at once and the test takes seconds, not a minute.
     */
    @Test
    void everyVariantSendsThePageviewAndQueuedAndLaterCallsWithProps() {
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < VARIANTS.size(); i++) {
            String script = VARIANTS.get(i);
            String site = "variant" + i + ".test";
            server.addSite(site);
            // The page is on the site's own host: the per-site script sends no domain and the server takes the host.
            frames.append("<iframe width=\"200\" height=\"60\" src=\"").append(pages.page(site, "/missing-page", variantPage(script, site)))
                    .append("\"></iframe>\n");
        }
        browser.get(pages.page("/variants", page("variants", "", """
                <ol id="reports"></ol>
                <script>
                  window.addEventListener('message', function (e) {
                    var li = document.createElement('li'); li.textContent = e.data; document.getElementById('reports').appendChild(li);
                  });
                </script>
                """ + frames)));
        new WebDriverWait(browser, EVENT_WAIT).until(d -> d.findElements(By.cssSelector("#reports li")).size() == VARIANTS.size());
        Chromium.screenshot(browser, "plausible-script-variants");
        // Each frame's 404 event was sent by the loaded script (plausible.l) and its callback saw Footfall's 202.
        assertThat(browser.findElements(By.cssSelector("#reports li"))).extracting(org.openqa.selenium.WebElement::getText)
                .containsExactlyInAnyOrderElementsOf(VARIANTS.stream().map(v -> v + " loaded 202").toList());

        for (int i = 0; i < VARIANTS.size(); i++) {
            domain = "variant" + i + ".test";
            awaitEvents(3);
        }
        sleep(SETTLE_MILLIS);
        for (int i = 0; i < VARIANTS.size(); i++) {
            String script = VARIANTS.get(i);
            domain = "variant" + i + ".test";
            Map<String, String> author = script.contains("pageview-props") ? Map.of("author", "Jane") : Map.of();
            assertThat(storedNow()).as(script).filteredOn(e -> !e.name().equals("engagement"))
                    .extracting(StoredEvent::name, StoredEvent::hostname, StoredEvent::pathname, StoredEvent::props).containsExactlyInAnyOrder(
                            tuple("pageview", domain, "/missing-page", author),
                            tuple("Signup", domain, "/missing-page", with(author, "plan", "pro")),
                            tuple("404", domain, "/missing-page", with(author, "path", "/missing-page")));
        }
    }

    /** A page of the site {@code site} with the snippet its script's documentation gives, calling plausible() before and after it loads. */
    private String variantPage(String script, String site) {
        boolean web = script.startsWith("pa-");
        String head = web
                ? "<script async src=\"%s/js/%s\"></script><script>%s plausible('Signup', {props: {plan: 'pro'}}); plausible.init()</script>"
                        .formatted(footfall(), script, WEB_SNIPPET)
                : """
                <script>%s
                  plausible('Signup', {props: {plan: 'pro'}});
                  %s
                </script>
                <script defer %s data-domain="%s" event-author="Jane" src="%s/js/%s"></script>"""
                        .formatted(QUEUE, script.contains("manual") ? "plausible('pageview');" : "",
                                script.contains("compat") ? "id=\"plausible\"" : "", site, footfall(), script);
        // The window's load waits for defer and async scripts alike: by then the script has run.
        String body = """
                <script>
                  window.addEventListener('load', function () {
                    var loaded = plausible.l ? 'loaded' : 'not loaded';
                    plausible('404', {props: {path: document.location.pathname}, callback: function (r) {
                      parent.postMessage('%s ' + loaded + ' ' + (r && r.status), '*');
                    }});
                  });
                </script>""".formatted(script);
        return page(script, head, body);
    }

    @Test
    void hashVariantCountsEveryHashRouteAndExcludesByHashPath() {
        String body = "<a id=\"pricing\" href=\"#/pricing\">Pricing</a> <a id=\"admin\" href=\"#/admin\">Admin</a>";
        browser.get(pages.page(domain, "/app", legacyPage("script.exclusions.hash.js", "data-exclude=\"/app#/admin\"", "", body)));
        awaitEvents(1);
        browser.findElement(By.id("pricing")).click();
        awaitEvents(3);
        browser.findElement(By.id("admin")).click(); // excluded: no pageview, but the engagement with #/pricing

        assertThat(stored(4)).extracting(StoredEvent::name, StoredEvent::pathname).containsExactlyInAnyOrder(
                tuple("pageview", "/app"),
                tuple("engagement", "/app"),
                tuple("pageview", "/app#/pricing"),
                tuple("engagement", "/app#/pricing"));
    }

    @Test
    void outboundLinksAndFileDownloadsWithAddedFileTypes() {
        String outbound = footfall() + "/api/health?from=test";
        String body = """
                <a id="out" href="%s">Status</a>
                <a id="pdf" href="/files/report.pdf?v=2">Report</a>
                <a id="ics" href="/files/meetup.ics">Calendar</a>
                <a id="page" href="/about.html">About</a>
                <script>
                  // The page routes links itself (as an SPA does): clicks stay on this page, and the tracker still sees them.
                  window.addEventListener('click', function (e) { e.preventDefault() });
                </script>""".formatted(outbound);
        browser.get(pages.page(domain, "/downloads",
                legacyPage("script.file-downloads.outbound-links.js", "add-file-types=\"ics\"", "", body)));
        awaitEvents(1);
        for (String link : List.of("out", "pdf", "ics", "page")) browser.findElement(By.id(link)).click();

        assertThat(stored(4)).extracting(StoredEvent::name, StoredEvent::props).containsExactlyInAnyOrder(
                tuple("pageview", Map.of()),
                tuple("Outbound Link: Click", Map.of("url", outbound)),
                // The query is not part of a download's URL, as in Plausible.
                tuple("File Download", Map.of("url", pages.origin(domain) + "/files/report.pdf")),
                tuple("File Download", Map.of("url", pages.origin(domain) + "/files/meetup.ics")));
    }

    @Test
    void fileTypesAttributeReplacesTheDefaultExtensions() {
        String body = """
                <a id="pdf" href="/files/report.pdf">Report</a> <a id="csv" href="/files/data.csv">Data</a>
                <script>window.addEventListener('click', function (e) { e.preventDefault() })</script>""";
        browser.get(pages.page(domain, "/data", legacyPage("script.file-downloads.js", "file-types=\"csv\"", "", body)));
        awaitEvents(1);
        browser.findElement(By.id("pdf")).click();
        browser.findElement(By.id("csv")).click();

        assertThat(stored(2)).extracting(StoredEvent::name, StoredEvent::props).containsExactlyInAnyOrder(
                tuple("pageview", Map.of()),
                tuple("File Download", Map.of("url", pages.origin(domain) + "/files/data.csv")));
    }

    @Test
    void taggedEventsOnLinksButtonsAndForms() {
        String body = """
                <a id="link" class="plausible-event-name=Docs+Click plausible-event-section=header" href="/docs">Docs</a>
                <button class="plausible-event-name--Signup plausible-event-plan--pro"><span id="inner">Sign up</span></button>
                <form class="plausible-event-name=Newsletter plausible-event-list=weekly" onsubmit="return false">
                  <input name="email" value="a@b.test"><button id="subscribe">Subscribe</button>
                </form>
                <button id="plain">Not tagged</button>
                <script>window.addEventListener('click', function (e) { if (e.target.closest('a')) e.preventDefault() })</script>""";
        browser.get(pages.page(domain, "/tagged", legacyPage("script.tagged-events.js", "", "", body)));
        awaitEvents(1);
        browser.findElement(By.id("link")).click();
        browser.findElement(By.id("inner")).click(); // a child of the tagged button
        browser.findElement(By.id("subscribe")).click(); // inside the form: only the submission counts
        browser.findElement(By.id("plain")).click();

        assertThat(stored(4)).extracting(StoredEvent::name, StoredEvent::props).containsExactlyInAnyOrder(
                tuple("pageview", Map.of()),
                tuple("Docs Click", Map.of("section", "header", "url", pages.origin(domain) + "/docs")),
                tuple("Signup", Map.of("plan", "pro")),
                tuple("Newsletter", Map.of("list", "weekly")));
    }

    @Test
    void manualVariantSendsOnlyThePageviewsItIsToldWithTheirOwnUrl() {
        String head = "<script>" + QUEUE + " plausible('pageview', {u: '/user/:id' + location.search, props: {kind: 'profile'}});</script>";
        String body = "<button id=\"next\" onclick=\"history.pushState({}, '', '/user/43')\">Next</button>";
        browser.get(pages.page(domain, "/user/42", legacyPage("script.manual.js", "", head, body)));
        awaitEvents(1);
        browser.findElement(By.id("next")).click(); // no automatic pageview in the manual script

        assertThat(stored(1)).extracting(StoredEvent::name, StoredEvent::pathname, StoredEvent::props)
                .containsExactly(tuple("pageview", "/user/:id", Map.of("kind", "profile")));
    }

    @Test
    void pagesOnLocalhostAreIgnoredButByTheLocalVariant() {
        String body = "<button id=\"send\" onclick=\"plausible('Signup', {callback: " + STATUS + "})\">Send</button><p id=\"status\"></p>";
        browser.get(pages.page("127.0.0.1", "/local", legacyPage("script.js", "", "", body)));
        browser.findElement(By.id("send")).click();
        awaitStatus("ignored"); // the callback is called without a result, as Plausible's is

        browser.get(pages.page("127.0.0.1", "/local-counted", legacyPage("script.local.js", "", "", body)));
        browser.findElement(By.id("send")).click();
        awaitStatus("status 202");

        assertThat(stored(2)).extracting(StoredEvent::name, StoredEvent::hostname, StoredEvent::pathname).containsExactlyInAnyOrder(
                tuple("pageview", "127.0.0.1", "/local-counted"),
                tuple("Signup", "127.0.0.1", "/local-counted"));
    }

    @Test
    void automatedBrowsersAndTheOptOutFlagAreIgnored() {
        // This browser hides its automation (Chromium.start); the page plays an automated one.
        String head = "<script>Object.defineProperty(navigator, 'webdriver', {get: function () { return true }});</script>";
        String body = "<button id=\"send\" onclick=\"plausible('Signup', {callback: " + STATUS + "})\">Send</button><p id=\"status\"></p>";
        browser.get(pages.page(domain, "/automated", legacyPage("script.js", "", head, body)));
        browser.findElement(By.id("send")).click();
        awaitStatus("ignored");
        // Plausible's own escape hatch for tests of a site: window.__plausible.
        browser.executeScript("window.__plausible = true; document.getElementById('status').textContent = ''");
        browser.findElement(By.id("send")).click();
        awaitStatus("status 202");
        // The site's team excludes its own browsers with Plausible's flag (or Footfall's footfall_ignore).
        browser.executeScript("localStorage.plausible_ignore = 'true'; document.getElementById('status').textContent = ''");
        browser.findElement(By.id("send")).click();
        awaitStatus("ignored");

        assertThat(stored(1)).extracting(StoredEvent::name, StoredEvent::pathname).containsExactly(tuple("Signup", "/automated"));
    }

    @Test
    void exclusionsDropPageviewsOnlyAndIncludeLimitsThem() {
        String body = "<button id=\"send\" onclick=\"plausible('Signup', {callback: " + STATUS + "})\">Send</button><p id=\"status\"></p>";
        String attributes = "data-include=\"/shop/**, /about\" data-exclude=\"/shop/admin/*\"";
        browser.get(pages.page(domain, "/shop/admin/users", legacyPage("script.exclusions.js", attributes, "", body)));
        browser.findElement(By.id("send")).click(); // a custom event on an excluded page still counts
        awaitStatus("status 202");
        browser.get(pages.page(domain, "/blog", legacyPage("script.exclusions.js", attributes, "", "")));
        browser.get(pages.page(domain, "/shop/cart/items", legacyPage("script.exclusions.js", attributes, "", "")));
        browser.get(pages.page(domain, "/about/", legacyPage("script.exclusions.js", attributes, "", "")));

        // Four: leaving /shop/cart/items for /about/ also reports its engagement (filtered out here).
        assertThat(stored(4)).filteredOn(e -> !e.name().equals("engagement")).extracting(StoredEvent::name, StoredEvent::pathname)
                .containsExactlyInAnyOrder(
                        tuple("Signup", "/shop/admin/users"),
                        tuple("pageview", "/shop/cart/items"),
                        tuple("pageview", "/about/"));
    }

    @Test
    void perSiteScriptTakesPlausibleInitOptions() {
        // Plausible's newer snippet with options; the script loads after the snippet ran (async).
        String head = """
                <script>%s
                  plausible.init({hashBasedRouting: true, customProperties: {lang: 'en'}, fileDownloads: false,
                    transformRequest: function (p) { return p.n === 'Secret' ? null : p }});
                  plausible('Secret', {callback: %s});
                </script>
                <script async src="%s/js/pa-q7Rt_2xZ.js"></script>""".formatted(WEB_SNIPPET, STATUS, footfall());
        String body = """
                <a id="route" href="#/settings">Settings</a>
                <a id="out" href="%s/api/health">Status</a> <a id="pdf" href="/files/report.pdf">Report</a>
                <form id="contact"><input name="q" value="hi"><button id="send">Send</button></form>
                <p id="status"></p>
                <script>
                  window.addEventListener('click', function (e) { if (e.target.closest('a[href^="http"], a[href$=".pdf"]')) e.preventDefault() });
                  window.addEventListener('submit', function (e) { e.preventDefault() });
                </script>""".formatted(footfall());
        browser.get(pages.page(domain, "/app", page("per-site", head, body)));
        awaitStatus("ignored"); // dropped by transformRequest
        awaitEvents(1);
        browser.findElement(By.id("route")).click();
        awaitEvents(3);
        browser.findElement(By.id("out")).click();
        browser.findElement(By.id("pdf")).click(); // fileDownloads: false
        browser.findElement(By.id("send")).click();

        Map<String, String> lang = Map.of("lang", "en");
        assertThat(stored(5)).filteredOn(e -> !e.name().equals("engagement"))
                .extracting(StoredEvent::name, StoredEvent::pathname, StoredEvent::props).containsExactlyInAnyOrder(
                        tuple("pageview", "/app", lang),
                        tuple("pageview", "/app#/settings", lang),
                        tuple("Outbound Link: Click", "/app#/settings", with(lang, "url", footfall() + "/api/health")),
                        // The server adds the page's path to form submissions, as Plausible does.
                        tuple("Form: Submission", "/app#/settings", with(lang, "path", "/app#/settings")));
    }

    @Test
    void engagementReportsScrollDepthAndTimeForEachPageLeft() {
        String body = """
                <div style="height: 4000px">Long read</div>
                <button id="next" onclick="history.pushState({}, '', '/article/part-2')">Part 2</button>
                <script>
                  // The document's scroll reaches the window after the tracker's listener on the document has run.
                  window.addEventListener('scroll', function () { document.title = 'scrolled ' + Math.round(scrollY + innerHeight) });
                </script>""";
        browser.get(pages.page(domain, "/article", legacyPage("script.js", "", "", body)));
        awaitEvents(1);
        long bottom = (Long) browser.executeScript("window.scrollTo(0, document.documentElement.scrollHeight);"
                + "return Math.round(scrollY + innerHeight)");
        new WebDriverWait(browser, EVENT_WAIT).until(ExpectedConditions.titleIs("scrolled " + bottom));
        browser.findElement(By.id("next")).click(); // an SPA navigation: engagement with /article first
        awaitEvents(3);
        browser.get("about:blank"); // leaving hides the page: engagement with part 2

        List<StoredEvent> events = stored(4);
        assertThat(events).extracting(StoredEvent::name, StoredEvent::pathname).containsExactlyInAnyOrder(
                tuple("pageview", "/article"),
                tuple("engagement", "/article"),
                tuple("pageview", "/article/part-2"),
                tuple("engagement", "/article/part-2"));
        assertThat(events).filteredOn(e -> e.name().equals("engagement")).allSatisfy(e -> {
            // Scrolled to the bottom of /article, and part 2 is the same tall page seen from there.
            assertThat(e.scrollDepth()).as("scroll depth of %s", e.pathname()).isEqualTo((short) 100);
            assertThat(e.engagementMs()).as("engaged milliseconds on %s", e.pathname()).isNotNull().isNotNegative();
        });
    }

    private String legacyPage(String script, String attributes, String head, String body) {
        return page(script, head + "\n<script defer %s data-domain=\"%s\" src=\"%s/js/%s\"></script>"
                .formatted(attributes, domain, footfall(), script), body);
    }

    private static String page(String title, String head, String body) {
        return """
                <!doctype html>
                <html><head><title>%s</title>
                %s
                </head><body>
                <h1>%s</h1>
                %s
                </body></html>
                """.formatted(title, head, title, body);
    }

    private static Map<String, String> with(Map<String, String> props, String key, String value) {
        Map<String, String> all = new HashMap<>(props);
        all.put(key, value);
        return all;
    }

    private static String footfall() {
        return server.uri("").toString();
    }

    private void awaitStatus(String status) {
        new WebDriverWait(browser, EVENT_WAIT).until(ExpectedConditions.textToBe(By.id("status"), status));
    }

    private void awaitEvents(long count) {
        assertThat(server.awaitEvents(domain, count, EVENT_WAIT)).as("events stored for %s within %s", domain, EVENT_WAIT).isGreaterThanOrEqualTo(count);
    }

    /** Waits for {@code count} events, then a little longer so a duplicate would show up too; the site's events. */
    private List<StoredEvent> stored(long count) {
        awaitEvents(count);
        sleep(SETTLE_MILLIS);
        return storedNow();
    }

    private List<StoredEvent> storedNow() {
        server.awaitLoaded();
        return StoredRows.query(server.server.storage(), """
                SELECT name, hostname, pathname, props, scroll_depth, engagement_ms FROM events WHERE site = '%s' ORDER BY rowid
                """.formatted(domain)).stream().map(row -> {
            @SuppressWarnings("unchecked")
            Map<String, String> props = (Map<String, String>) row.get("props");
            return new StoredEvent((String) row.get("name"), (String) row.get("hostname"), (String) row.get("pathname"), props,
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

    record StoredEvent(String name, String hostname, String pathname, Map<String, String> props, Short scrollDepth, Integer engagementMs) {}
}
