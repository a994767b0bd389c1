package dev.footfall.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.cli.DemoTraffic;
import dev.footfall.site.Goal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The dashboard's views on two months of demo history, in one Chromium session: settings links
 * that keep a secret on screen, a period in progress compared with the same part of the previous
 * one, the goal filter's conversions, and the details table (sorting, country names).
 * Each number on screen is checked against the Stats API.
 */
class DashboardViewsBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SITE = "views.test";
    private static final String OWNER = "views@example.com", PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path profile;
    private static TestServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        // The country database the launcher fetches (as GeoDatabaseTest uses it): countries by name.
        Path geo = Optional.ofNullable(System.getenv("FOOTFALL_TEST_GEOIP")).map(Path::of)
                .orElse(Path.of(".cache/geoip/geo-whois-asn-country.mmdb"));
        server = TestServer.start(dataDir, dev.footfall.server.ServerConfig.DEFAULT_QUEUE_CAPACITY, Optional.of(geo).filter(Files::exists));
        server.server.accounts().setup(OWNER, PASSWORD);
        server.addSite(SITE);
        server.server.sites().putGoal(new Goal(0, SITE, Goal.Type.EVENT, "Signup", null, "Signup"));
        new DemoTraffic(server.server.ingestion(), SITE, new Random(16)).history(60, 5, Instant.now());
        server.awaitLoaded();
        System.out.println("demo history stored in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        browser = Chromium.start(profile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    void viewsThatTellTheTruth() throws Exception {
        Chromium.logIn(browser, WAIT, url("/login"), OWNER, PASSWORD);

        settingsLinksKeepANewSecret();
        periodInProgressComparesTheElapsedPart();
        goalFilterShowsConversions();
        detailsSortAndSearchCountriesByName();
        filterBuilderMakesEveryOperator();
        exportMatchesTheStatsApi();
        controlsAndDrillDown();
        smallerThings();
    }

    private void smallerThings() throws Exception {
        // A row low on the page: after the click the new chip and the top stats are in view.
        browser.get(url("/sites/" + SITE + "?period=30d"));
        awaitDrawn();
        WebElement row = browser.findElement(By.cssSelector(".panel[data-panel=devices] .row"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'end'})", row);
        assertThat((Long) browser.executeScript("return Math.round(scrollY)")).isPositive();
        row.click();
        awaitDrawn();
        wait(browser).until(d -> Boolean.TRUE.equals(browser.executeScript(
                "const r = document.querySelector('.filter-chip').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;")));

        // The site switcher lists the account's sites and keeps the period.
        server.addSite("second.test");
        browser.get(url("/sites/" + SITE + "?period=7d"));
        awaitDrawn();
        var switcher = new org.openqa.selenium.support.ui.Select(wait(browser).until(ExpectedConditions.elementToBeClickable(By.id("site-switcher"))));
        switcher.selectByValue("second.test");
        wait(browser).until(d -> d.getCurrentUrl().contains("/sites/second.test?period=7d"));
        awaitDrawn();

        // Realtime: one visitor count on screen, not two read at different moments.
        browser.get(url("/sites/" + SITE + "?realtime=1"));
        awaitDrawn();
        assertThat(browser.findElement(By.id("current-visitors")).isDisplayed()).isFalse();

        // An unknown site says so without querying stats; an unknown page is the app's own 404.
        browser.get(url("/sites/nowhere.test?period=30d"));
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("site-not-found")));
        @SuppressWarnings("unchecked")
        List<String> asked = (List<String>) browser.executeScript("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)");
        assertThat(asked).noneMatch(p -> p.startsWith("/api/v2/query"));
        browser.get(url("/no/such/page"));
        wait(browser).until(d -> d.findElement(By.tagName("h1")).getText().equals("Page not found"));
        var page = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/no/such/page")).header("Accept", "text/html"));
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(server.send(java.net.http.HttpRequest.newBuilder(server.uri("/api/no-such-endpoint"))).statusCode()).isEqualTo(404);

        // The app's files go out compressed.
        var app = server.sendBytes(java.net.http.HttpRequest.newBuilder(server.uri("/ui/app.css")).header("Accept-Encoding", "gzip"));
        assertThat(app.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(app.body())).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)).contains("--accent");

        // Phone width and dark mode still draw.
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.get(url("/sites/" + SITE + "?period=30d&comparison=year_over_year"));
        awaitDrawn();
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(392L);
        Chromium.screenshot(browser, "views-05-phone");
        browser.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features", List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        browser.get(url("/sites/" + SITE + "?period=30d&f=event:goal,is,Signup"));
        awaitDrawn();
        Chromium.screenshot(browser, "views-06-dark-goal");
        browser.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features", List.of()));
    }

    private static final String PAGES_30D = "\"date_range\":[\"%s\",\"%s\"]";

    /** Visitors of the last 30 days (with today) under the given filters JSON, from the Stats API. */
    private static long apiVisitors(String filtersJson) throws Exception {
        String[] range = dates(29, 0);
        return query("{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\"]," + PAGES_30D.formatted(range[0], range[1])
                + ",\"filters\":" + filtersJson + "}").at("/results/0/metrics/0").asLong();
    }

    private static long shownVisitors() {
        return Long.parseLong(browser.findElement(By.cssSelector("[data-testid=top-stat-visitors]")).getAttribute("title").replaceAll("[^0-9]", ""));
    }

    private void buildFilter(String dimension, String op, String... values) {
        browser.findElement(By.id("filter-button")).click();
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("filter-dialog")));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-dimension"))).selectByValue(dimension);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-operator"))).selectByValue(op);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) browser.findElement(By.id("filter-add-value")).click();
            List<WebElement> inputs = browser.findElements(By.cssSelector("#filter-values input"));
            inputs.get(i).sendKeys(values[i]);
        }
        if (dimension.equals("event:page") && op.equals("is") && values.length == 2) Chromium.screenshot(browser, "views-04-filter-builder");
        browser.findElement(By.id("filter-apply")).click();
        wait(browser).until(ExpectedConditions.invisibilityOfElementLocated(By.id("filter-dialog")));
        awaitDrawn();
    }

    private void removeAllFilters() {
        while (!browser.findElements(By.cssSelector(".filter-chip .remove")).isEmpty()) {
            browser.findElement(By.cssSelector(".filter-chip .remove")).sendKeys(org.openqa.selenium.Keys.ENTER);
            awaitDrawn();
            // Focus stays on the filter bar (the next chip) or the Filter button, not <body>.
            assertThat((String) browser.executeScript("const a = document.activeElement; return a.id || a.className"))
                    .isIn("filter-button", "remove");
        }
    }

    private void filterBuilderMakesEveryOperator() throws Exception {
        browser.get(url("/sites/" + SITE + "?period=30d"));
        awaitDrawn();
        buildFilter("event:page", "is", "/pricing", "/docs");
        assertThat(browser.getCurrentUrl()).contains("f=event:page,is,/pricing|/docs");
        assertThat(browser.findElement(By.cssSelector(".filter-chip")).getText()).contains("Page is /pricing or /docs");
        assertThat(shownVisitors()).isEqualTo(apiVisitors("[[\"is\",\"event:page\",[\"/pricing\",\"/docs\"]]]"));
        removeAllFilters();
        for (String op : List.of("is_not", "contains", "contains_not", "matches")) {
            String value = op.equals("matches") ? "^/blog/.*" : "/docs";
            buildFilter("event:page", op, value);
            assertThat(browser.getCurrentUrl()).contains("f=event:page," + op + ",");
            assertThat(shownVisitors()).as(op).isEqualTo(apiVisitors("[[\"" + op + "\",\"event:page\",[\"" + value.replace("\\", "\\\\") + "\"]]]"));
            removeAllFilters();
        }
        // Two conditions on one dimension, and the hostname.
        buildFilter("event:page", "contains", "/docs");
        buildFilter("event:page", "is_not", "/docs/api");
        buildFilter("event:hostname", "is", SITE);
        assertThat(browser.findElements(By.cssSelector(".filter-chip[data-dimension='event:page']"))).hasSize(2);
        assertThat(shownVisitors()).isEqualTo(apiVisitors("[[\"contains\",\"event:page\",[\"/docs\"]],[\"is_not\",\"event:page\",[\"/docs/api\"]],[\"is\",\"event:hostname\",[\"" + SITE + "\"]]]"));
        removeAllFilters();
    }

    private void exportMatchesTheStatsApi() throws Exception {
        Path downloads = Files.createTempDirectory(dataDir, "downloads");
        browser.executeCdpCommand("Browser.setDownloadBehavior", java.util.Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        browser.get(url("/sites/" + SITE + "?period=30d"));
        awaitDrawn();
        browser.findElement(By.id("export-button")).click();
        wait(browser).until(d -> {
            try (var files = Files.list(downloads)) {
                return files.anyMatch(f -> f.toString().endsWith(".zip"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Path zipFile;
        try (var files = Files.list(downloads)) {
            zipFile = files.filter(f -> f.toString().endsWith(".zip")).findFirst().orElseThrow();
        }
        java.util.Map<String, String> entries = new java.util.HashMap<>();
        try (var zip = new java.util.zip.ZipFile(zipFile.toFile())) {
            for (var e : java.util.Collections.list(zip.entries())) entries.put(e.getName(), new String(zip.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(entries).containsKeys("visitors.csv", "pages.csv", "sources.csv", "countries.csv", "conversions.csv");
        String[] range = dates(29, 0);
        for (var check : List.of(List.of("pages.csv", "event:page", "visitors,pageviews"), List.of("sources.csv", "visit:source", "visitors"),
                List.of("conversions.csv", "event:goal", "visitors,events,conversion_rate"))) {
            String metrics = "\"" + check.get(2).replace(",", "\",\"") + "\"";
            JsonNode api = query("{\"site_id\":\"" + SITE + "\",\"metrics\":[" + metrics + "],\"dimensions\":[\"" + check.get(1) + "\"],"
                    + PAGES_30D.formatted(range[0], range[1]) + ",\"order_by\":[[\"" + check.get(2).split(",")[0] + "\",\"desc\"],[\"" + check.get(1) + "\",\"asc\"]],\"pagination\":{\"limit\":10000}}");
            StringBuilder expected = new StringBuilder("name," + check.get(2) + "\r\n");
            for (JsonNode row : api.get("results")) {
                expected.append(row.at("/dimensions/0").asText());
                for (JsonNode m : row.get("metrics")) expected.append(',').append(m.isIntegralNumber() ? m.asText() : trimDecimal(m.asDouble()));
                expected.append("\r\n");
            }
            assertThat(entries.get(check.getFirst())).as(check.getFirst()).isEqualTo(expected.toString());
        }
        JsonNode total = query("{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\",\"pageviews\"]," + PAGES_30D.formatted(range[0], range[1]) + "}");
        long pageviews = entries.get("visitors.csv").lines().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[3])).sum();
        assertThat(pageviews).isEqualTo(total.at("/results/0/metrics/1").asLong());
    }

    /** A number as JavaScript's String(n) writes it: 2.5, not 2.50; 3, not 3.0. */
    private static String trimDecimal(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private void controlsAndDrillDown() throws Exception {
        browser.get(url("/sites/" + SITE + "?period=30d"));
        awaitDrawn();
        browser.findElement(By.tagName("body")).sendKeys("w");
        wait(browser).until(d -> d.getCurrentUrl().contains("period=7d"));
        awaitDrawn();
        browser.findElement(By.id("period-prev")).click();
        wait(browser).until(d -> d.getCurrentUrl().contains("period=custom") && d.getCurrentUrl().contains("to=" + dates(7, 7)[0]));
        awaitDrawn();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("comparison-mode"))).selectByValue("year_over_year");
        wait(browser).until(d -> d.getCurrentUrl().contains("comparison=year_over_year"));
        awaitDrawn();
        browser.findElement(By.id("match-dow")).click();
        wait(browser).until(d -> d.getCurrentUrl().contains("match_dow=1"));
        awaitDrawn();
        // One browser chosen: the Browsers list drills down to its versions.
        String top = query("{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\"],\"dimensions\":[\"visit:browser\"],\"date_range\":\"30d\"}").at("/results/0/dimensions/0").asText();
        browser.get(url("/sites/" + SITE + "?period=30d&tab_devices=browsers&f=visit:browser,is," + top));
        awaitDrawn();
        assertThat(browser.findElement(By.cssSelector(".panel[data-panel=devices] .col-label")).getAttribute("textContent")).isEqualTo("Browser version");
    }

    private void settingsLinksKeepANewSecret() {
        browser.get(url("/sites/" + SITE + "/settings"));
        type("api-key-name", "Grafana");
        browser.findElement(By.cssSelector("#api-key-form button[type=submit]")).click();
        String secret = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=api-key-secret] code"))).getText();
        assertThat(secret).isNotBlank();
        for (String section : List.of("settings-shared-links", "settings-members", "settings-general")) {
            browser.findElement(By.cssSelector(".section-nav a[href='#" + section + "']")).click();
            wait(browser).until(d -> d.getCurrentUrl().endsWith("#" + section));
            wait(browser).until(d -> Boolean.TRUE.equals(browser.executeScript(
                    "const r = document.getElementById(arguments[0]).getBoundingClientRect(); return r.top >= -2 && r.top < innerHeight / 2 || scrollY + innerHeight >= document.body.scrollHeight - 2;", section)));
            assertThat(browser.findElement(By.cssSelector("[data-testid=api-key-secret] code")).getText()).as("after following #%s", section).isEqualTo(secret);
        }
        browser.navigate().back();
        assertThat(browser.findElement(By.cssSelector("[data-testid=api-key-secret] code")).getText()).isEqualTo(secret);
        // Goal presets and display names.
        browser.findElement(By.cssSelector(".goal-presets button[data-preset='File Download']")).click();
        wait(browser).until(d -> d.findElement(By.id("goal-list")).getText().contains("File Download"));
        type("goal-value", "Purchase");
        type("goal-name", "Bought something");
        browser.findElement(By.cssSelector("#goal-form button[type=submit]")).click();
        wait(browser).until(d -> d.findElement(By.id("goal-list")).getText().contains("Bought something"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=api-key-secret] code")).getText()).isEqualTo(secret);
        // Loaded at a section: the page scrolls there once the sections exist.
        browser.get(url("/sites/" + SITE + "/settings#settings-members"));
        wait(browser).until(d -> Boolean.TRUE.equals(browser.executeScript(
                "const e = document.getElementById('settings-members'); return !!e && e.getBoundingClientRect().top < 40 && scrollY > 0;")));
    }

    private void periodInProgressComparesTheElapsedPart() throws Exception {
        browser.get(url("/sites/" + SITE + "?period=day"));
        awaitDrawn();
        WebElement note = browser.findElement(By.id("comparison-note"));
        assertThat(note.getText()).contains("same part");
        JsonNode range = JSON.readTree(note.getAttribute("data-range"));
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        LocalDateTime start = LocalDateTime.parse(range.get(0).asText().substring(0, 19));
        LocalDateTime end = LocalDateTime.parse(range.get(1).asText().substring(0, 19));
        assertThat(start).isEqualTo(now.toLocalDate().minusDays(1).atStartOfDay());
        assertThat(Duration.between(end, now.minusDays(1)).abs()).isLessThan(Duration.ofMinutes(2));
        // The previous value shown is the Stats API's for exactly that range.
        String before = browser.findElement(By.cssSelector("[data-testid=top-stat-visitors] .change")).getAttribute("data-before");
        JsonNode api = query("{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\"],\"date_range\":" + range + "}");
        assertThat(Long.parseLong(before)).isEqualTo(api.at("/results/0/metrics/0").asLong());
        // The graph stops at the current hour, drawn apart, with no points for the hours to come.
        WebElement graph = browser.findElement(By.id("main-graph"));
        int hour = LocalDateTime.now(ZoneOffset.UTC).getHour();
        assertThat(graph.getAttribute("data-partial")).isEqualTo(String.valueOf(hour));
        assertThat(Integer.parseInt(graph.getAttribute("data-points"))).isEqualTo(hour);
        Chromium.screenshot(browser, "views-01-today-in-progress");

        // A finished period against the one before: the whole of both; year over year has no data.
        browser.get(url("/sites/" + SITE + "?period=7d&comparison=off"));
        awaitDrawn();
        assertThat(browser.findElement(By.id("comparison-note")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.cssSelector("[data-testid=top-stat-visitors] .change")).getText()).isEmpty();
        browser.get(url("/sites/" + SITE + "?period=30d&comparison=year_over_year"));
        awaitDrawn();
        assertThat(browser.findElement(By.cssSelector("[data-testid=top-stat-visitors] .change")).getText()).isEqualTo("new");
        assertThat(browser.findElement(By.cssSelector("[data-testid=top-stat-bounce_rate] .change")).getText()).isEqualTo("—");
        browser.get(url("/sites/" + SITE + "?period=30d"));
        awaitDrawn();
        assertThat(browser.findElement(By.cssSelector("[data-testid=top-stat-visitors] .change")).getText()).matches("[↑↓→] [−+]?\\d+%");
        assertThat(browser.findElement(By.id("main-graph")).getAttribute("data-compare")).isEqualTo("true");
        Chromium.screenshot(browser, "views-02-comparison");
    }

    private void goalFilterShowsConversions() throws Exception {
        browser.get(url("/sites/" + SITE + "?period=30d&f=event:goal,is,Signup"));
        awaitDrawn();
        assertThat(browser.findElements(By.cssSelector(".top-stat")).stream().map(e -> e.getAttribute("data-metric")).toList())
                .containsExactly("visitors", "events", "conversion_rate");
        assertThat(browser.findElement(By.cssSelector("[data-testid=top-stat-visitors] .label")).getAttribute("textContent")).isEqualTo("Unique conversions");
        assertThat(browser.findElement(By.cssSelector("[data-testid=top-stat-events] .label")).getAttribute("textContent")).isEqualTo("Total conversions");
        String[] range = dates(29, 0);
        JsonNode api = query("{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\",\"events\",\"conversion_rate\"],\"date_range\":[\"" + range[0] + "\",\"" + range[1]
                + "\"],\"filters\":[[\"is\",\"event:goal\",[\"Signup\"]]]}");
        assertThat(api.at("/results/0/metrics/0").asLong()).isPositive();
        assertThat(browser.findElement(By.cssSelector("[data-testid=top-stat-visitors]")).getAttribute("title")).endsWith(": " + String.format("%,d", api.at("/results/0/metrics/0").asLong()));
        assertThat(browser.findElement(By.cssSelector("[data-testid=top-stat-events]")).getAttribute("title")).endsWith(": " + String.format("%,d", api.at("/results/0/metrics/1").asLong()));
        assertThat(topStat("conversion_rate")).isEqualTo(trimZero(String.format("%.1f%%", api.at("/results/0/metrics/2").asDouble())));
        // Panels show conversions and each row's conversion rate.
        assertThat(browser.findElements(By.cssSelector(".panel[data-panel=pages] .col-metric")).stream().map(e -> e.getAttribute("textContent")).toList())
                .containsExactly("Conversions", "CR");
        String cr = browser.findElement(By.cssSelector(".panel[data-panel=pages] .row .num[data-metric=group_conversion_rate]")).getText();
        assertThat(Double.parseDouble(cr.replace("%", ""))).isBetween(0.0, 100.0);
        Chromium.screenshot(browser, "views-03-goal-filter");
    }

    private void detailsSortAndSearchCountriesByName() throws Exception {
        browser.get(url("/sites/" + SITE + "?period=30d&tab_locations=countries"));
        awaitDrawn();
        browser.findElement(By.cssSelector(".panel[data-panel=locations] .details-button")).click();
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("details-search"))).sendKeys("united");
        wait(browser).until(d -> {
            List<String> values = rowValues("#details-dialog .details-table tbody tr.row");
            return !values.isEmpty() && values.stream().allMatch(v -> List.of("US", "GB", "AE", "UM", "TZ").contains(v));
        });
        browser.findElement(By.cssSelector("#details-dialog .dialog-close")).click();

        // Regions without a city database: what is needed, not one "(none)" row of everybody.
        browser.findElement(By.cssSelector(".panel[data-panel=locations] [role=tab][data-tab=regions]")).click();
        wait(browser).until(d -> d.getCurrentUrl().contains("tab_locations=regions"));
        awaitDrawn();
        assertThat(browser.findElement(By.cssSelector(".panel[data-panel=locations] .status")).getText()).contains("city-level GeoIP database").contains("--geoip");
        assertThat(browser.findElements(By.cssSelector(".panel[data-panel=locations] .row"))).isEmpty();
        browser.navigate().refresh();
        awaitDrawn();
        assertThat(browser.findElement(By.cssSelector(".panel[data-panel=locations]")).getAttribute("data-tab")).as("the tab is kept in the URL").isEqualTo("regions");

        // Pages: engagement columns, sortable.
        browser.findElement(By.cssSelector(".panel[data-panel=pages] .details-button")).click();
        wait(browser).until(d -> d.findElements(By.cssSelector("#details-dialog tbody tr.row")).size() > 3);
        assertThat(browser.findElements(By.cssSelector("#details-dialog thead th[data-metric]")).stream().map(e -> e.getAttribute("data-metric")).toList())
                .containsExactly("visitors", "pageviews", "bounce_rate", "time_on_page", "scroll_depth");
        browser.findElement(By.cssSelector("#details-dialog th[data-metric=pageviews] button")).click();
        wait(browser).until(ExpectedConditions.attributeToBe(By.cssSelector("#details-dialog th[data-metric=pageviews]"), "aria-sort", "descending"));
        awaitDrawn();
        List<Long> views = numbers("#details-dialog tbody tr.row td[data-metric=pageviews]");
        assertThat(views).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        browser.findElement(By.cssSelector("#details-dialog th[data-metric=pageviews] button")).click();
        wait(browser).until(ExpectedConditions.attributeToBe(By.cssSelector("#details-dialog th[data-metric=pageviews]"), "aria-sort", "ascending"));
        awaitDrawn();
        assertThat(numbers("#details-dialog tbody tr.row td[data-metric=pageviews]")).isSorted();
        browser.findElement(By.cssSelector("#details-dialog .dialog-close")).click();
    }

    // --- helpers ----------------------------------------------------------------------------

    private static String[] dates(int fromDaysAgo, int toDaysAgo) {
        var today = java.time.LocalDate.now(ZoneOffset.UTC);
        return new String[]{today.minusDays(fromDaysAgo).toString(), today.minusDays(toDaysAgo).toString()};
    }

    private static String trimZero(String s) {
        return s.replace(".0%", "%");
    }

    private static JsonNode query(String body) throws Exception {
        var res = server.admin("POST", "/api/v2/query", body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    /** Read in one script: the rows may be redrawn between finding them and reading them. */
    @SuppressWarnings("unchecked")
    private static List<String> rowValues(String css) {
        return (List<String>) browser.executeScript("return [...document.querySelectorAll(arguments[0])].map(r => r.dataset.value)", css);
    }

    @SuppressWarnings("unchecked")
    private static List<Long> numbers(String css) {
        return ((List<String>) browser.executeScript("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css))
                .stream().map(t -> Long.parseLong(t.replaceAll("[^0-9]", ""))).toList();
    }

    private static String topStat(String metric) {
        return browser.findElement(By.cssSelector("[data-testid=top-stat-" + metric + "] .value")).getText().strip();
    }

    private static String url(String path) {
        return server.uri(path).toString();
    }

    private static WebDriverWait wait(WebDriver driver) {
        return new WebDriverWait(driver, WAIT);
    }

    private static void type(String id, String text) {
        Chromium.type(browser, WAIT, id, text);
    }

    private static void awaitDrawn() {
        Chromium.awaitDrawn(browser, WAIT);
    }
}
