package dev.footfall.web;

import dev.footfall.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole first-run story in real Chromium against a real server: set up the owner, add a site,
 * see the tracker's events arrive, filter by clicking, change the dates, share the dashboard with a
 * fresh browser, and check that a second account can open neither the page nor its API.
 * Screenshots land in target/screenshots.
 */
class DashboardBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SITE = "shop.test", OTHER = "other.test";
    private static final String OWNER = "owner@example.com", PASSWORD = "correct horse battery";

    @TempDir
    static Path ownerProfile;
    @TempDir
    static Path strangerProfile;
    @TempDir
    static Path memberProfile;
    @TempDir
    static Path dataDir;
    private static TestServer server;
    private static TestPages pages;
    private static ChromeDriver owner;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dataDir);
        pages = new TestPages();
        owner = Chromium.start(ownerProfile);
    }

    @AfterAll
    static void stop() {
        if (owner != null) owner.quit();
        if (pages != null) pages.close();
        if (server != null) server.close();
    }

    @Test
    void fromFirstStartToASharedFilteredDashboard() {
        // First start: "/" leads to setup.
        owner.get(url("/"));
        wait(owner).until(ExpectedConditions.urlContains("/setup"));
        type(owner, "setup-email", OWNER);
        type(owner, "setup-password", PASSWORD);
        type(owner, "setup-confirm", PASSWORD);
        Chromium.screenshot(owner, "dashboard-01-setup");
        owner.findElement(By.cssSelector("#setup-form button[type=submit]")).click();

        // Add a site: the snippet shows, and the page waits for the first event.
        wait(owner).until(ExpectedConditions.urlContains("/sites/new"));
        type(owner, "site-domain", SITE);
        owner.findElement(By.cssSelector("#new-site-form button[type=submit]")).click();
        WebElement status = wait(owner).until(ExpectedConditions.presenceOfElementLocated(By.id("first-event-status")));
        assertThat(status.getAttribute("data-state")).isEqualTo("waiting");
        assertThat(owner.findElement(By.cssSelector("[data-testid=site-snippet] code")).getText())
                .contains("data-domain=\"" + SITE + "\"").contains(url("/js/script.js"));
        Chromium.screenshot(owner, "dashboard-02-add-site-waiting");

        // An event from a bot arrives and is dropped: the page says so, and why, instead of waiting on.
        var bot = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/api/event")).header("User-Agent", "curl/8.5.0")
                .header("Content-Type", "text/plain").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"n\":\"pageview\",\"u\":\"https://shop.test/\",\"d\":\"" + SITE + "\"}")));
        assertThat(bot.statusCode()).isEqualTo(202);
        wait(owner).until(ExpectedConditions.attributeToBe(By.id("first-event-status"), "data-state", "dropped"));
        assertThat(owner.findElement(By.cssSelector("#first-event-status li[data-reason=bot]")).getText()).contains("1 event").contains("bot");

        // A visitor browses the site in another tab: the tracker sends the pageviews.
        String waitingTab = owner.getWindowHandle();
        owner.switchTo().newWindow(WindowType.TAB);
        owner.get(pages.page("/", trackedPage("Home", "<a id=\"next\" href=\"/pricing\">Pricing</a>")));
        pages.page("/pricing", trackedPage("Pricing", "<a id=\"next\" href=\"/docs\">Docs</a>"));
        pages.page("/docs", trackedPage("Docs", ""));
        owner.findElement(By.id("next")).click();
        wait(owner).until(ExpectedConditions.titleIs("Pricing"));
        owner.findElement(By.id("next")).click();
        wait(owner).until(ExpectedConditions.titleIs("Docs"));
        awaitEvents(3);
        owner.close();
        owner.switchTo().window(waitingTab);
        // Three more visitors, from elsewhere, through the same Events API.
        event("https://shop.test/pricing", "https://www.google.com/", "198.51.100.1");
        event("https://shop.test/pricing", "https://www.google.com/", "198.51.100.2");
        event("https://shop.test/about", "", "198.51.100.3");

        wait(owner).until(ExpectedConditions.attributeToBe(By.id("first-event-status"), "data-state", "received"));
        Chromium.screenshot(owner, "dashboard-03-first-event");
        owner.findElement(By.id("go-to-dashboard")).click();

        // The dashboard shows the traffic.
        awaitDrawn(owner);
        assertThat(topStat(owner, "visitors")).isEqualTo("4");
        assertThat(topStat(owner, "pageviews")).isEqualTo("6");
        assertThat(rowValues(owner, "pages")).contains("/pricing", "/", "/docs", "/about");
        Chromium.screenshot(owner, "dashboard-04-dashboard");

        // Clicking a row filters the whole dashboard; the URL holds it; Back removes it.
        String unfiltered = owner.getCurrentUrl();
        owner.findElement(By.cssSelector(".panel[data-panel=pages] .row[data-value='/pricing']")).click();
        wait(owner).until(d -> d.getCurrentUrl().contains("f="));
        awaitDrawn(owner);
        assertThat(owner.findElements(By.cssSelector(".filter-chip[data-dimension='event:page']"))).hasSize(1);
        assertThat(topStat(owner, "visitors")).isEqualTo("3");
        Chromium.screenshot(owner, "dashboard-05-filtered");
        String filtered = owner.getCurrentUrl();
        owner.navigate().back();
        wait(owner).until(ExpectedConditions.urlToBe(unfiltered));
        awaitDrawn(owner);
        assertThat(owner.findElements(By.cssSelector(".filter-chip"))).isEmpty();
        assertThat(topStat(owner, "visitors")).isEqualTo("4");
        owner.get(filtered); // a copied URL reproduces the filtered view
        awaitDrawn(owner);
        assertThat(topStat(owner, "visitors")).isEqualTo("3");
        owner.findElement(By.cssSelector(".filter-chip[data-dimension='event:page'] button")).click();
        wait(owner).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".filter-chip"), 0));
        awaitDrawn(owner);
        assertThat(topStat(owner, "visitors")).isEqualTo("4");

        // Changing the dates: a custom range ending yesterday holds nothing, one with today everything.
        String today = LocalDate.now(ZoneOffset.UTC).toString(), weekAgo = LocalDate.now(ZoneOffset.UTC).minusDays(7).toString();
        customRange(owner, weekAgo, LocalDate.now(ZoneOffset.UTC).minusDays(1).toString());
        assertThat(owner.getCurrentUrl()).contains("period=custom").contains("from=" + weekAgo);
        assertThat(topStat(owner, "visitors")).isEqualTo("0");
        customRange(owner, weekAgo, today);
        assertThat(topStat(owner, "visitors")).isEqualTo("4");

        // Details: the whole list in a dialog, reached and closed by keyboard.
        WebElement details = owner.findElement(By.cssSelector(".panel[data-panel=pages] .details-button"));
        details.sendKeys(Keys.ENTER);
        WebElement dialog = wait(owner).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog#details-dialog[open]")));
        wait(owner).until(d -> d.findElements(By.cssSelector("#details-dialog .details-table tbody tr.row")).size() == 4);
        Chromium.screenshot(owner, "dashboard-06-details");
        new Actions(owner).sendKeys(Keys.ESCAPE).perform();
        wait(owner).until(ExpectedConditions.invisibilityOf(dialog));

        // The realtime view: visitors of the last minutes, by minute, refreshing itself.
        owner.findElement(By.id("realtime-toggle")).click();
        wait(owner).until(d -> d.getCurrentUrl().contains("realtime=1"));
        awaitDrawn(owner);
        assertThat(owner.findElement(By.cssSelector("[data-testid=realtime-visitors] .value")).getText()).isEqualTo("4");
        assertThat(rowValues(owner, "realtime-pages")).contains("/pricing");
        Chromium.screenshot(owner, "dashboard-07-realtime");
        owner.navigate().back();
        wait(owner).until(d -> !d.getCurrentUrl().contains("realtime=1"));
        awaitDrawn(owner);

        // Explain shows, per panel, which tier answered and how fast.
        // (The toggle shows once the dashboard knows the owner may administer the site.)
        wait(owner).until(ExpectedConditions.elementToBeClickable(By.id("explain-toggle"))).click();
        awaitDrawn(owner);
        List<WebElement> explained = owner.findElements(By.cssSelector(".explain-line")).stream().filter(WebElement::isDisplayed).toList();
        assertThat(explained).isNotEmpty();
        assertThat(explained.getFirst().getText()).contains("ms").containsAnyOf("raw", "rollup");
        Chromium.screenshot(owner, "dashboard-08-explain");

        // No request left the server's origin.
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) owner.executeScript("return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(resources).isNotEmpty().allMatch(name -> name.startsWith(url("/")));

        // A phone-width screenshot, and dark mode.
        owner.manage().window().setSize(new Dimension(390, 844));
        awaitDrawn(owner);
        Chromium.screenshot(owner, "dashboard-09-phone");
        owner.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        owner.manage().window().setSize(new Dimension(1280, 900));
        Chromium.screenshot(owner, "dashboard-10-dark");
        owner.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));

        // Share it: a fresh browser sees that site only, read-only.
        server.addSite(OTHER);
        owner.get(url("/sites/" + SITE + "/settings"));
        type(owner, "shared-link-name", "Public stats");
        owner.findElement(By.cssSelector("#shared-link-form button[type=submit]")).click();
        String shareUrl = wait(owner).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=shared-link-url] code"))).getText();
        assertThat(shareUrl).startsWith(url("/share/"));
        Chromium.screenshot(owner, "dashboard-11-settings");

        ChromeDriver stranger = Chromium.start(strangerProfile);
        try {
            stranger.get(shareUrl);
            awaitDrawn(stranger);
            assertThat(stranger.findElement(By.id("dashboard-title")).getText()).isEqualTo(SITE);
            assertThat(topStat(stranger, "visitors")).isNotEmpty();
            assertThat(stranger.findElements(By.id("settings-link"))).isEmpty();
            assertThat(stranger.findElement(By.id("explain-toggle")).isDisplayed()).as("explain is for the site's admins").isFalse();
            assertThat(stranger.getPageSource()).doesNotContain(OTHER);
            String slug = shareUrl.substring(shareUrl.lastIndexOf('/') + 1);
            assertThat(fetchStatus(stranger, "/api/v2/query", Map.of("X-Footfall-Share", slug), query(OTHER))).isEqualTo(404);
            assertThat(fetchStatus(stranger, "/api/v2/query", Map.of("X-Footfall-Share", slug), query(SITE))).isEqualTo(200);
            Chromium.screenshot(stranger, "dashboard-12-shared");
        } finally {
            stranger.quit();
        }

        // A second account, invited to the other site, can open neither this site's page nor its API.
        owner.get(url("/sites/" + OTHER + "/settings"));
        type(owner, "invite-email", "viewer@example.com");
        owner.findElement(By.cssSelector("#invite-form button[type=submit]")).click();
        String invite = wait(owner).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=invite-link] code"))).getText();
        ChromeDriver member = Chromium.start(memberProfile);
        try {
            member.get(invite);
            type(member, "invite-password", "viewer password 1");
            type(member, "invite-confirm", "viewer password 1");
            member.findElement(By.cssSelector("#invite-form button[type=submit]")).click();
            wait(member).until(ExpectedConditions.urlContains("/sites/" + OTHER));
            awaitDrawn(member);
            member.get(url("/sites/" + SITE));
            wait(member).until(ExpectedConditions.visibilityOfElementLocated(By.id("site-not-found")));
            assertThat(member.getPageSource()).doesNotContain("/pricing");
            Chromium.screenshot(member, "dashboard-13-not-yours");
            String csrf = (String) member.executeAsyncScript(
                    "fetch('/api/ui/state').then(r => r.json()).then(s => arguments[arguments.length - 1](s.csrf))");
            assertThat(fetchStatus(member, "/api/v2/query", Map.of("X-CSRF-Token", csrf), query(SITE))).isEqualTo(404);
            assertThat(fetchStatus(member, "/api/ui/sites/" + SITE, Map.of(), null)).isEqualTo(404);
            assertThat(fetchStatus(member, "/api/v2/query", Map.of("X-CSRF-Token", csrf), query(OTHER))).isEqualTo(200);
        } finally {
            member.quit();
        }
    }

    private static String url(String path) {
        return server.uri(path).toString();
    }

    private static WebDriverWait wait(WebDriver driver) {
        return new WebDriverWait(driver, WAIT);
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement input = wait(driver).until(ExpectedConditions.elementToBeClickable(By.id(id)));
        input.clear();
        input.sendKeys(text);
    }

    /** Waits for the app's "every panel has drawn" flag (set false when a new load starts). */
    private static void awaitDrawn(WebDriver driver) {
        wait(driver).until(d -> "true".equals(((ChromeDriver) d).executeScript("return document.body.dataset.ready")));
    }

    private static String topStat(WebDriver driver, String metric) {
        return driver.findElement(By.cssSelector("[data-testid=top-stat-" + metric + "] .value")).getText().strip();
    }

    private static List<String> rowValues(WebDriver driver, String panel) {
        return driver.findElements(By.cssSelector(".panel[data-panel=" + panel + "] .row")).stream().map(r -> r.getAttribute("data-value")).toList();
    }

    private static void customRange(ChromeDriver driver, String from, String to) {
        new Select(driver.findElement(By.id("date-preset"))).selectByValue("custom");
        setDate(driver, "date-from", from);
        setDate(driver, "date-to", to);
        driver.findElement(By.id("date-apply")).click();
        wait(driver).until(d -> d.getCurrentUrl().contains("to=" + to) && d.getCurrentUrl().contains("from=" + from));
        awaitDrawn(driver);
    }

    /** Date inputs take their value best from script: typed keys depend on the browser's locale. */
    private static void setDate(ChromeDriver driver, String id, String date) {
        driver.executeScript("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + "e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));", id, date);
    }

    private static String query(String domain) {
        return "{\"site_id\":\"" + domain + "\",\"metrics\":[\"visitors\"],\"date_range\":\"day\"}";
    }

    /** The status of a request the page itself makes (its cookies and origin), with a JSON body if given. */
    private static long fetchStatus(ChromeDriver driver, String path, Map<String, String> headers, String body) {
        return (Long) driver.executeAsyncScript("""
                const [path, headers, body, done] = arguments;
                fetch(path, body == null ? {headers} : {method: 'POST', headers: {...headers, 'Content-Type': 'application/json'}, body})
                  .then(r => done(r.status), () => done(-1));
                """, path, headers, body);
    }

    private static String trackedPage(String title, String body) {
        return """
                <!doctype html><html><head><title>%s</title>
                <script defer data-domain="%s" src="%s"></script></head>
                <body><h1>%s</h1>%s</body></html>""".formatted(title, SITE, url("/js/script.js"), title, body);
    }

    private static void event(String page, String referrer, String ip) {
        var res = server.event("{\"n\":\"pageview\",\"u\":\"" + page + "\",\"d\":\"" + SITE + "\",\"r\":\"" + referrer + "\"}", ip);
        assertThat(res.statusCode()).isEqualTo(202);
    }

    private static void awaitEvents(long count) {
        assertThat(server.awaitEvents(SITE, count, WAIT)).as("events stored for %s within %s", SITE, WAIT).isGreaterThanOrEqualTo(count);
    }
}
