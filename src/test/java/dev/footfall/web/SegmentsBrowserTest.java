package dev.footfall.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.cli.DemoTraffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved segments in Chromium on demo traffic: save a filtered view as a segment, reload, apply
 * it from the filter dialog and see the same numbers (and the Stats API's); then rename and
 * delete it. A shared link lists the site segment and applies it too.
 */
class SegmentsBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SITE = "segments.test";
    private static final String OWNER = "segments@example.com", PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path profile;
    private static TestServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        server.server.accounts().setup(OWNER, PASSWORD);
        server.addSite(SITE);
        new DemoTraffic(server.server.ingestion(), SITE, new Random(23)).history(30, 40, Instant.now());
        server.awaitLoaded();
        browser = Chromium.start(profile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    void aSavedSegmentShowsTheNumbersOfItsFilters() throws Exception {
        Chromium.logIn(browser, WAIT, url("/login"), OWNER, PASSWORD);

        // A filtered view: the site's top source, and pages under its most visited first folder or not.
        String source = top("visit:source");
        String filters = "&f=visit:source,is," + enc(source) + "&f=event:page,is_not,/nowhere";
        browser.get(url("/sites/" + SITE + "?period=30d" + filters));
        awaitDrawn();
        List<String> filtered = topStats();
        long apiVisitors = api("[[\"is\",\"visit:source\",[\"" + source + "\"]],[\"is_not\",\"event:page\",[\"/nowhere\"]]]");
        assertThat(apiVisitors).isPositive();

        // Save it: the two chips become one segment chip, the numbers stay.
        browser.findElement(By.id("save-segment")).click();
        type("segment-name", "From " + source);
        browser.findElement(By.id("segment-site")).click();
        browser.findElement(By.id("segment-save")).click();
        wait(browser).until(ExpectedConditions.urlContains("f=segment,is,"));
        awaitDrawn();
        assertThat(chips()).containsExactly("Segment: From " + source);
        assertThat(topStats()).isEqualTo(filtered);
        Chromium.screenshot(browser, "segment-applied");

        // Reload the URL with the segment: the same again, the chip named from the first draw.
        browser.navigate().refresh();
        awaitDrawn();
        assertThat(chips()).containsExactly("Segment: From " + source);
        assertThat(topStats()).isEqualTo(filtered);

        // Unfiltered, then applied from the filter dialog.
        browser.get(url("/sites/" + SITE + "?period=30d"));
        awaitDrawn();
        assertThat(topStats()).isNotEqualTo(filtered);
        browser.findElement(By.id("filter-button")).click();
        WebElement apply = wait(browser).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//ul[@id='segment-list']//button[contains(@class,'segment-apply') and text()='From " + source + "']")));
        Chromium.screenshot(browser, "segment-menu");
        apply.click();
        wait(browser).until(ExpectedConditions.urlContains("f=segment,is,"));
        awaitDrawn();
        assertThat(topStats()).isEqualTo(filtered);
        assertThat(visitorsOnScreen()).isEqualTo(apiVisitors);

        // Rename it, then delete it, from the dialog.
        browser.findElement(By.id("filter-button")).click();
        wait(browser).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#segment-list .segment-rename"))).click();
        WebElement name = wait(browser).until(ExpectedConditions.elementToBeClickable(By.cssSelector(".segment-rename-form input")));
        name.clear();
        name.sendKeys("Best source");
        browser.findElement(By.cssSelector(".segment-rename-form button[type=submit]")).click();
        wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("segment-list"), "Best source"));
        wait(browser).until(d -> chips().equals(List.of("Segment: Best source")));

        // A shared link's visitor lists the site segment and applies it, with the same numbers.
        JsonNode link = JSON.readTree(shareLink());
        String current = browser.getCurrentUrl();
        browser.get(link.get("url").asText() + current.substring(current.indexOf('?')));
        awaitDrawn();
        assertThat(chips()).containsExactly("Segment: Best source");
        assertThat(topStats()).isEqualTo(filtered);
        browser.get(url("/sites/" + SITE + "?period=30d"));
        awaitDrawn();

        browser.findElement(By.id("filter-button")).click();
        WebElement delete = wait(browser).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#segment-list .confirm-button")));
        delete.click();
        delete.click();
        wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("segment-list"), "None yet"));
        assertThat(server.server.storage().segments().count(SITE)).isZero();
    }

    /** A shared link made through the dashboard API as the logged-in owner (the browser's session and CSRF token). */
    private static String shareLink() {
        return (String) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/ui/state').then(r => r.json()).then(s => fetch('/api/ui/sites/%s/shared-links', {
                  method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf},
                  body: JSON.stringify({name: 'Board'})})).then(r => r.text()).then(done);
                """.formatted(SITE));
    }

    /** The value with the most visitors over the last 30 days. */
    private static String top(String dimension) throws Exception {
        var res = server.admin("POST", "/api/v2/query", "{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\"],\"date_range\":\"30d\",\"dimensions\":[\""
                + dimension + "\"],\"filters\":[[\"is_not\",\"" + dimension + "\",[\"\"]]]}");
        return JSON.readTree(res.body()).at("/results/0/dimensions/0").asText();
    }

    /** Visitors as the dashboard asks for them: the last 30 days with today. */
    private static long api(String filters) throws Exception {
        String to = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String from = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(29).toString();
        var res = server.admin("POST", "/api/v2/query", "{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\"],\"date_range\":[\"" + from + "\",\"" + to
                + "\"],\"filters\":" + filters + "}");
        return JSON.readTree(res.body()).at("/results/0/metrics/0").asLong();
    }

    private static long visitorsOnScreen() {
        // The button's title has the whole number ("Unique visitors: 1,234"); the value may be compact.
        String title = browser.findElement(By.cssSelector("[data-testid=top-stat-visitors]")).getAttribute("title");
        return Long.parseLong(title.replaceAll("[^0-9]", ""));
    }

    @SuppressWarnings("unchecked")
    private static List<String> topStats() {
        return (List<String>) browser.executeScript("return [...document.querySelectorAll('.top-stat')].map(e => e.dataset.metric + '=' + e.querySelector('.value').textContent)");
    }

    @SuppressWarnings("unchecked")
    private static List<String> chips() {
        return (List<String>) browser.executeScript("return [...document.querySelectorAll('.filter-chip .filter-text')].map(e => e.textContent)");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String url(String path) {
        return server.uri(path).toString();
    }

    private static WebDriverWait wait(ChromeDriver driver) {
        return new WebDriverWait(driver, WAIT);
    }

    private static void type(String id, String text) {
        Chromium.type(browser, WAIT, id, text);
    }

    private static void awaitDrawn() {
        Chromium.awaitDrawn(browser, WAIT);
    }
}
