package dev.footfall.web;

import dev.footfall.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's Chromium driven through Debian's chromedriver. Both paths are given explicitly, which
 * makes Selenium skip Selenium Manager, so tests never download a browser or a driver.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Every host under the reserved .test domain (RFC 2606) resolves to this machine, whatever its DNS says. */
    static final String HOST_RULES = "MAP *.test 127.0.0.1";

    private Chromium() {}

    /** A fresh headless browser with its own profile in {@code userDataDir}. */
    static ChromeDriver start(Path userDataDir) {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                // The headless default user agent says "HeadlessChrome", which Footfall's bot filter rightly drops.
                "--window-size=1280,800", "--user-agent=" + TestServer.BROWSER_UA, "--user-data-dir=" + userDataDir,
                // Trackers ignore pages on localhost and in automated browsers, as Plausible's do: test pages
                // get real-looking names (every *.test host is this machine, see TestPages) and the browser
                // does not announce automation (navigator.webdriver), like a visitor's.
                "--host-resolver-rules=" + HOST_RULES, "--disable-blink-features=AutomationControlled");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the browser shows as target/screenshots/{name}.png, a test artifact for humans. */
    static void screenshot(WebDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Types into the field once it can be clicked, replacing what it held. */
    static void type(WebDriver driver, Duration wait, String id, String text) {
        var input = new WebDriverWait(driver, wait).until(ExpectedConditions.elementToBeClickable(By.id(id)));
        input.clear();
        input.sendKeys(text);
    }

    /** Logs in through the login form at {@code loginUrl} and waits for the sites list. */
    static void logIn(WebDriver driver, Duration wait, String loginUrl, String email, String password) {
        driver.get(loginUrl);
        type(driver, wait, "login-email", email);
        type(driver, wait, "login-password", password);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        new WebDriverWait(driver, wait).until(ExpectedConditions.urlContains("/sites"));
    }

    /** Waits until the page says every load it tracks has drawn ({@code body[data-ready]}, ready.js). */
    static void awaitDrawn(WebDriver driver, Duration wait) {
        new WebDriverWait(driver, wait).until(d -> "true".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.ready")));
    }
}
