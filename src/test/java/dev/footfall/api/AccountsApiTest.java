package dev.footfall.api;

import dev.footfall.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** First-run setup, login and logout, session cookies, CSRF, throttling and password change, over real HTTP. */
class AccountsApiTest {
    static final String OWNER = "owner@example.com", PASSWORD = "correct horse battery";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static WebSession owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        WebSession first = new WebSession(server);
        assertThat(WebSession.json(first.get("/api/ui/state")).get("setup_required").asBoolean()).isTrue();
        HttpResponse<String> weak = first.post("/api/ui/setup", "{\"email\":\"owner@example.com\",\"password\":\"short\"}");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("\"password\":\"must be at least 10 characters\"");
        assertThat(first.post("/api/ui/setup", "{\"email\":\"not-an-address\",\"password\":\"" + PASSWORD + "\"}").body())
                .contains("is not an e-mail address");
        assertThat(WebSession.json(first.get("/api/ui/state")).get("setup_required").asBoolean()).isTrue();

        HttpResponse<String> setup = first.post("/api/ui/setup", "{\"email\":\"Owner@Example.com\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(setup.statusCode()).isEqualTo(200);
        assertThat(setup.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("footfall_session=").contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
        owner = first;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void setupHappensOnceAndTheOwnerIsLoggedIn() {
        var state = WebSession.json(owner.get("/api/ui/state"));
        assertThat(state.get("user").get("email").asText()).isEqualTo(OWNER);
        assertThat(state.get("user").get("owner").asBoolean()).isTrue();
        assertThat(state.get("csrf").asText()).hasSizeGreaterThan(30);
        assertThat(new WebSession(server).post("/api/ui/setup", "{\"email\":\"late@example.com\",\"password\":\"" + PASSWORD + "\"}").statusCode())
                .isEqualTo(409);
        assertThat(WebSession.json(new WebSession(server).get("/api/ui/state")).get("setup_required").asBoolean()).isFalse();
    }

    @Test
    void aStateChangeWithTheCookieButWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        WebSession forged = new WebSession(server).login("/api/ui/login", OWNER, PASSWORD);
        forged.dropCsrf();
        HttpResponse<String> res = forged.post("/api/v1/sites", "{\"domain\":\"csrf.test\",\"timezone\":\"UTC\"}");
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.body()).contains("CSRF");
        assertThat(server.admin("GET", "/api/v1/sites/csrf.test", null).statusCode()).isEqualTo(404);
        assertThat(owner.post("/api/v1/sites", "{\"domain\":\"csrf.test\",\"timezone\":\"UTC\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void crossSiteLoginsAreRefused() {
        HttpResponse<String> res = new WebSession(server).raw(HttpRequest.newBuilder(server.uri("/api/ui/login"))
                .header("Sec-Fetch-Site", "cross-site").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + OWNER + "\",\"password\":\"" + PASSWORD + "\"}")));
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void theCookieIsSecureWhenATrustedProxySaysTheBrowserUsedTls() {
        HttpResponse<String> res = new WebSession(server).raw(HttpRequest.newBuilder(server.uri("/api/ui/login"))
                .header("X-Forwarded-Proto", "https").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + OWNER + "\",\"password\":\"" + PASSWORD + "\"}")));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").contains("HttpOnly");
    }

    @Test
    void logoutEndsTheSession() {
        WebSession browser = new WebSession(server).login("/api/ui/login", OWNER, PASSWORD);
        assertThat(browser.get("/api/ui/sites").statusCode()).isEqualTo(200);
        assertThat(browser.post("/api/ui/logout", "{}").statusCode()).isEqualTo(200);
        assertThat(browser.get("/api/ui/sites").statusCode()).isEqualTo(401);
        assertThat(WebSession.json(browser.get("/api/ui/state")).get("user").isNull()).isTrue();
    }

    @Test
    void repeatedWrongPasswordsAreThrottledPerAccount() {
        server.server.accounts().register("victim@example.com", PASSWORD);
        WebSession guesser = new WebSession(server);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = guesser.post("/api/ui/login", "{\"email\":\"victim@example.com\",\"password\":\"guess " + i + " xxxx\"}");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("wrong email or password");
        }
        HttpResponse<String> blocked = guesser.post("/api/ui/login", "{\"email\":\"victim@example.com\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(blocked.body()).contains("too many failed logins");
        // Other accounts are not locked out by it.
        assertThat(new WebSession(server).post("/api/ui/login", "{\"email\":\"" + OWNER + "\",\"password\":\"" + PASSWORD + "\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void changingThePasswordChecksTheOldOneAndLogsOutOtherBrowsers() {
        server.server.accounts().register("changer@example.com", PASSWORD);
        WebSession here = new WebSession(server).login("/api/ui/login", "changer@example.com", PASSWORD);
        WebSession elsewhere = new WebSession(server).login("/api/ui/login", "changer@example.com", PASSWORD);
        HttpResponse<String> wrong = here.post("/api/ui/password", "{\"current_password\":\"not it at all\",\"new_password\":\"a new long password\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("current_password");
        assertThat(here.post("/api/ui/password", "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"a new long password\"}").statusCode())
                .isEqualTo(200);
        assertThat(here.get("/api/ui/sites").statusCode()).isEqualTo(200);
        assertThat(elsewhere.get("/api/ui/sites").statusCode()).isEqualTo(401);
        assertThat(new WebSession(server).post("/api/ui/login", "{\"email\":\"changer@example.com\",\"password\":\"" + PASSWORD + "\"}").statusCode())
                .isEqualTo(401);
        new WebSession(server).login("/api/ui/login", "changer@example.com", "a new long password");
    }

    @Test
    void noPasswordOrSessionTokenIsStoredInClear() throws Exception {
        try (var files = java.nio.file.Files.walk(dataDir)) {
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String content = new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(PASSWORD);
            }
        }
    }

    @Test
    void pagesAreTheAppShellWithAStrictContentSecurityPolicy() {
        HttpResponse<String> page = server.send(HttpRequest.newBuilder(server.uri("/sites/csrf.test")).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        HttpResponse<String> embed = server.send(HttpRequest.newBuilder(server.uri("/share/abc?embed=true")).GET());
        assertThat(embed.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors *");
        assertThat(embed.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(server.send(HttpRequest.newBuilder(server.uri("/ui/vendor/uPlot.iife.min.js")).GET()).body()).contains("uPlot");

        // The shell names its files under a versioned path, which is cached for good.
        java.util.regex.Matcher app = java.util.regex.Pattern.compile("src=\"(/ui/v-[a-z0-9]+/)app\\.js\"").matcher(page.body());
        assertThat(app.find()).as(page.body()).isTrue();
        HttpResponse<String> module = server.send(HttpRequest.newBuilder(server.uri(app.group(1) + "app.js")).GET());
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/javascript");
        assertThat(module.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("no-cache");
        assertThat(server.send(HttpRequest.newBuilder(server.uri(app.group(1) + "vendor/uPlot.min.css")).GET()).statusCode()).isEqualTo(200);
        HttpResponse<String> nested = server.send(HttpRequest.newBuilder(server.uri(app.group(1) + "components/dashboard/dashboard-view.js")).GET());
        assertThat(nested.statusCode()).as("modules in subfolders follow the version").isEqualTo(200);
        assertThat(nested.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        assertThat(server.send(HttpRequest.newBuilder(server.uri("/ui/../pom.xml")).GET()).statusCode()).isEqualTo(404);
    }
}
