package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries written for Plausible find Footfall's visits: browsers, operating systems, their versions
 * and devices carry Plausible's names, so {@code visit:os is Mac} matches a Mac.
 */
class ClientLabelsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "labels.example";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        server.addSite(SITE);
        // One visitor per user agent (the address differs too).
        send("81.2.69.1", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15");
        send("81.2.69.2", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        send("81.2.69.3", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0");
        send("81.2.69.4", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        send("81.2.69.5", "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");
        send("81.2.69.6", "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36");
        send("81.2.69.7", TestServer.BROWSER_UA);
        server.awaitLoaded();
    }

    private static void send(String ip, String userAgent) {
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/event")).header("User-Agent", userAgent)
                .header("X-Forwarded-For", ip).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"pageview\",\"u\":\"https://" + SITE + "/\",\"d\":\"" + SITE + "\"}")));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String results(String dimension, String filters) throws Exception {
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/v2/query"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"site_id":"%s","metrics":["visitors"],"date_range":"day","dimensions":["%s"],"filters":%s,
                         "order_by":[["visitors","desc"],["%s","asc"]]}""".formatted(SITE, dimension, filters, dimension))));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(res.body());
        return body.get("results").toString();
    }

    @Test
    void operatingSystemsHavePlausiblesNames() throws Exception {
        assertThat(results("visit:os", "[]")).isEqualTo("""
                [{"dimensions":["Mac"],"metrics":[2]},{"dimensions":["Windows"],"metrics":[2]},\
                {"dimensions":["Android"],"metrics":[1]},{"dimensions":["GNU/Linux"],"metrics":[1]},\
                {"dimensions":["iPadOS"],"metrics":[1]}]""");
        assertThat(results("visit:browser", "[[\"is\",\"visit:os\",[\"Mac\"]]]")).isEqualTo("""
                [{"dimensions":["Chrome"],"metrics":[1]},{"dimensions":["Safari"],"metrics":[1]}]""");
        assertThat(results("visit:os_version", "[[\"is\",\"visit:os\",[\"Windows\"]]]")).isEqualTo("""
                [{"dimensions":["10"],"metrics":[2]}]""");
        assertThat(results("visit:os", "[[\"is\",\"visit:os_version\",[\"10.15\"]]]")).isEqualTo("""
                [{"dimensions":["Mac"],"metrics":[2]}]""");
    }

    @Test
    void browsersVersionsAndDevicesHavePlausiblesNames() throws Exception {
        assertThat(results("visit:browser_version", "[[\"is\",\"visit:browser\",[\"Microsoft Edge\"]]]")).isEqualTo("""
                [{"dimensions":["131.0"],"metrics":[1]}]""");
        assertThat(results("visit:browser", "[[\"is\",\"visit:browser\",[\"Samsung Browser\"]]]")).isEqualTo("""
                [{"dimensions":["Samsung Browser"],"metrics":[1]}]""");
        assertThat(results("visit:device", "[]")).isEqualTo("""
                [{"dimensions":["Desktop"],"metrics":[5]},{"dimensions":["Mobile"],"metrics":[1]},{"dimensions":["Tablet"],"metrics":[1]}]""");
        assertThat(results("visit:os", "[[\"is\",\"visit:device\",[\"Tablet\"]]]")).isEqualTo("""
                [{"dimensions":["iPadOS"],"metrics":[1]}]""");
    }
}
