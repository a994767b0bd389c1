package dev.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DevTools client against Debian's Chromium and a real Footfall server; one browser and one server for the class. */
class DevToolsTest {
    private static final String OWNER = "owner@footfall.local";
    private static final String DOMAIN = "timed.example.com";

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private static DevTools browser;
    private static DashboardTiming timing;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        server.addSite(DOMAIN);
        server.event("{\"n\":\"pageview\",\"u\":\"https://" + DOMAIN + "/pricing\",\"d\":\"" + DOMAIN + "\"}", "81.2.69.160");
        browser = DevTools.launch(DevTools.DEFAULT_CHROMIUM);
        timing = new DashboardTiming(browser, base(), DOMAIN, server.server.resultCache().orElseThrow(), base() + "/api/health");
        timing.logIn(server.server.accounts().setup(OWNER, "a long enough password").token());
    }

    private static String base() {
        return "http://127.0.0.1:" + server.server.port();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    void evaluatesInAPageOfTheServer() throws Exception {
        browser.send("Page.navigate", Map.of("url", server.uri("/api/health").toString()));

        JsonNode health = browser.evaluate("fetch('/api/health').then((r) => r.json())");

        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(browser.evaluate("location.origin").asText()).isEqualTo(base());
        assertThat(browser.version()).startsWith("Chrome/");
    }

    @Test
    void theSessionCookieLogsTheBrowserIn() throws Exception {
        browser.send("Page.navigate", Map.of("url", base() + "/api/health"));

        JsonNode state = browser.evaluate("fetch('/api/ui/state').then((r) => r.json())");
        assertThat(state.path("user").path("email").asText()).isEqualTo(OWNER);
    }

    @Test
    void timesTheDashboardUntilItIsDrawn() throws Exception {
        DashboardTiming.Result result = timing.measure("day", DashboardTiming.ServerCache.CLEARED, 0, 1);

        DashboardTiming.Navigation n = result.runs().getFirst();
        assertThat(n.responseEnd()).isPositive();
        assertThat(n.drawn()).isGreaterThan(n.responseEnd()).isGreaterThanOrEqualTo(n.domContentLoaded());
        assertThat(n.apiRequests()).isPositive();
        assertThat(result.median(DashboardTiming.Navigation::drawn)).isEqualTo(n.drawn(), org.assertj.core.data.Offset.offset(0.001));
        assertThat(browser.evaluate("document.querySelector('main').innerText").asText()).contains("/pricing");
    }

    @Test
    void anExpressionThatThrowsFailsWithItsMessage() {
        assertThatThrownBy(() -> browser.evaluate("(() => { throw new Error('no such panel'); })()"))
                .isInstanceOf(DevTools.CommandFailed.class)
                .hasMessageContaining("no such panel");
    }

    @Test
    void aRefusedCommandFailsWithTheBrowsersReason() {
        assertThatThrownBy(() -> browser.send("Page.noSuchMethod", Map.of()))
                .isInstanceOf(DevTools.CommandFailed.class)
                .hasMessageContaining("Page.noSuchMethod");
    }
}
