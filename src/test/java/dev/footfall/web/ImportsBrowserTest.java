package dev.footfall.web;

import dev.footfall.TestServer;
import dev.footfall.imported.PlausibleZips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The site settings' Imports section and the dashboard's "Include imported data" toggle in
 * Chromium: a Plausible export uploaded from the page shows in the list, the toggle adds its
 * visitors to the top stats, and deleting it takes them away again.
 */
class ImportsBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SITE = "imports-ui.test";
    private static final String OWNER = "imports@example.com", PASSWORD = "correct horse battery";
    private static final String JANUARY = "/sites/" + SITE + "?period=custom&from=2024-01-01&to=2024-01-31";

    @TempDir
    Path dir;

    @Test
    void uploadToggleDelete() throws Exception {
        Path zip = PlausibleZips.zip(dir.resolve("plausible_export.zip"), PlausibleZips.sample());
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            server.server.accounts().setup(OWNER, PASSWORD);
            server.addSite(SITE);
            ChromeDriver browser = Chromium.start(dir.resolve("profile"));
            try {
                browser.get(server.uri("/login").toString());
                type(browser, "login-email", OWNER);
                type(browser, "login-password", PASSWORD);
                browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
                wait(browser).until(ExpectedConditions.urlContains("/sites"));

                browser.get(server.uri("/sites/" + SITE + "/settings#settings-imports").toString());
                wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-list"), "No imports yet."));
                browser.findElement(By.id("import-file")).sendKeys(zip.toAbsolutePath().toString());
                browser.findElement(By.cssSelector("#import-form button[type=submit]")).click();
                wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-status"), "Imported 27 rows (2024-01-10 – 2024-01-11)."));
                wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-list"), "2024-01-10 – 2024-01-11 · plausible_export.zip"));
                Chromium.screenshot(browser, "imports-01-settings");

                browser.get(server.uri(JANUARY).toString());
                awaitDrawn(browser);
                assertThat(visitors(browser)).isEqualTo("0");
                WebElement toggle = browser.findElement(By.id("imports-toggle"));
                assertThat(toggle.getAttribute("aria-pressed")).isEqualTo("false");
                toggle.click();
                wait(browser).until(ExpectedConditions.urlContains("imports=1"));
                awaitDrawn(browser);
                wait(browser).until(d -> visitors(d).equals("15"));
                assertThat(browser.findElement(By.id("imports-toggle")).getAttribute("aria-pressed")).isEqualTo("true");
                Chromium.screenshot(browser, "imports-02-dashboard");

                browser.get(server.uri("/sites/" + SITE + "/settings#settings-imports").toString());
                WebElement delete = wait(browser).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#import-list .import button.remove")));
                delete.click();
                wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-list"), "No imports yet."));
                browser.get(server.uri(JANUARY + "&imports=1").toString());
                awaitDrawn(browser);
                assertThat(visitors(browser)).isEqualTo("0");
            } finally {
                browser.quit();
            }
        }
    }

    private static String visitors(WebDriver browser) {
        return browser.findElement(By.cssSelector("[data-testid=top-stat-visitors] .value")).getText().strip();
    }

    private static WebDriverWait wait(WebDriver driver) {
        return new WebDriverWait(driver, WAIT);
    }

    private static void type(WebDriver browser, String id, String text) {
        WebElement input = wait(browser).until(ExpectedConditions.elementToBeClickable(By.id(id)));
        input.clear();
        input.sendKeys(text);
    }

    private static void awaitDrawn(WebDriver browser) {
        wait(browser).until(d -> "true".equals(((ChromeDriver) d).executeScript("return document.body.dataset.ready")));
    }
}
