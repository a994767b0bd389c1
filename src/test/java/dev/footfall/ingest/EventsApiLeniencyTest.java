package dev.footfall.ingest;

import dev.footfall.TestServer;
import dev.footfall.store.duckdb.StoredRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where Plausible's Events API accepts, trims or ignores what a stricter reading would refuse,
 * Footfall does the same, so a client written against Plausible loses nothing. Each case names
 * what Plausible does, from lib/plausible/ingestion/request.ex and its test,
 * test/plausible/ingestion/request_test.exs (quoted test names are Plausible's). What Plausible
 * refuses too stays a 400: {@link EventsApiTest#invalidBodiesGet400NamingTheFieldAndStoreNothing}.
 */
class EventsApiLeniencyTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static final AtomicInteger ips = new AtomicInteger(1);

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        server.addSite("lenient.test");
        server.addSite("localhost"); // a mobile app's events name the host of app://localhost/...
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String ip() {
        int n = ips.getAndIncrement();
        return "203.0." + (n / 250) + "." + (n % 250 + 1);
    }

    static String marker() {
        return "/l-" + UUID.randomUUID();
    }

    static Map<String, Object> row(String where) {
        List<Map<String, Object>> rows = StoredRows.query(server.server.storage(), "SELECT * FROM events WHERE " + where);
        assertThat(rows).as("events where %s", where).hasSize(1);
        return rows.getFirst();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> props(Map<String, Object> row) {
        return (Map<String, String>) row.get("props");
    }

    static HttpResponse<String> accepted(String json, String ip) {
        HttpResponse<String> res = server.event(json, ip);
        assertThat(res.statusCode()).as("%s -> %s", json, res.body()).isEqualTo(202);
        return res;
    }

    @Test
    void integerEventNameIsStoredAsItsDecimalText_PlausibleBuildsWithNumericEventName() {
        String path = marker();
        accepted("{\"n\":404,\"u\":\"https://lenient.test" + path + "\",\"d\":\"lenient.test\"}", ip());
        assertThat(row("pathname = '" + path + "'")).containsEntry("name", "404");
    }

    @Test
    void notFoundAndFormSubmissionEventsGetThePagePathAsPathProp_PlausibleSystemGoalsSyncPropsPath() {
        String missing = marker();
        accepted("{\"n\":\"404\",\"u\":\"https://lenient.test" + missing + "\",\"d\":\"lenient.test\",\"p\":{\"from\":\"nav\"}}", ip());
        assertThat(props(row("pathname = '" + missing + "'"))).containsEntry("path", missing).containsEntry("from", "nav");

        // A path the page sends itself is kept (the documented 404 snippet sends document.location.pathname).
        String form = marker();
        accepted("{\"n\":\"Form: Submission\",\"u\":\"https://lenient.test" + form + "\",\"d\":\"lenient.test\",\"p\":{\"path\":\"/contact\"}}", ip());
        assertThat(props(row("pathname = '" + form + "'"))).containsExactlyEntriesOf(Map.of("path", "/contact"));

        // Any other event is left as sent.
        String signup = marker();
        accepted("{\"n\":\"Signup\",\"u\":\"https://lenient.test" + signup + "\",\"d\":\"lenient.test\"}", ip());
        assertThat(props(row("pathname = '" + signup + "'"))).isEmpty();
    }

    @Test
    void appUrlOfAMobileAppIsAccepted_PlausibleRefusesOnlyDataUrls() {
        String path = marker();
        accepted("{\"n\":\"pageview\",\"u\":\"app://localhost" + path + "\",\"d\":\"localhost\"}", ip());
        assertThat(row("pathname = '" + path + "'")).containsEntry("site", "localhost").containsEntry("hostname", "localhost");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ftp://lenient.test%s", "%s", "about:blank%s"})
    void urlWithAnyOtherSchemeOrNoHostIsAcceptedWithHostnameNone_PlausibleHostnameIsNoneIfHostlessUri(String template) {
        String path = marker();
        String url = template.formatted(path);
        accepted("{\"n\":\"pageview\",\"u\":\"" + url + "\",\"d\":\"lenient.test\",\"p\":{\"marker\":\"" + path + "\"}}", ip());
        Map<String, Object> row = row("props['marker'] = '" + path + "'");
        assertThat(row.get("hostname")).isEqualTo(url.startsWith("ftp:") ? "lenient.test" : "(none)");
    }

    @Test
    void missingDomainIsTheUrlHostWithoutWww_PlausibleBuildsFromUrlAlone() {
        String path = marker();
        HttpResponse<String> res = accepted("{\"n\":\"pageview\",\"u\":\"https://www.lenient.test" + path + "\"}", ip());
        assertThat(res.headers().firstValue("x-plausible-dropped")).isEmpty();
        assertThat(row("pathname = '" + path + "'")).containsEntry("site", "lenient.test");

        // A domain that is not a string is read as missing, as Plausible's map_domains does.
        String other = marker();
        accepted("{\"n\":\"pageview\",\"u\":\"https://lenient.test" + other + "\",\"d\":5}", ip());
        assertThat(row("pathname = '" + other + "'")).containsEntry("site", "lenient.test");
    }

    @Test
    void domainIsTrimmedAndLosesWww_PlausibleSanitizeHostname() {
        String path = marker();
        accepted("{\"n\":\"pageview\",\"u\":\"https://lenient.test" + path + "\",\"d\":\" www.lenient.test \"}", ip());
        assertThat(row("pathname = '" + path + "'")).containsEntry("site", "lenient.test");
    }

    @Test
    void mAndMetaAreAliasesOfPropsAndWinOverThem_PlausibleReadsMMetaPProps() {
        String m = marker();
        accepted("{\"n\":\"Signup\",\"u\":\"https://lenient.test" + m + "\",\"d\":\"lenient.test\",\"m\":\"{\\\"plan\\\":\\\"pro\\\"}\",\"p\":{\"plan\":\"free\"}}", ip());
        assertThat(props(row("pathname = '" + m + "'"))).containsExactlyEntriesOf(Map.of("plan", "pro"));

        String meta = marker();
        accepted("{\"n\":\"Signup\",\"u\":\"https://lenient.test" + meta + "\",\"d\":\"lenient.test\",\"meta\":{\"seats\":5}}", ip());
        assertThat(props(row("pathname = '" + meta + "'"))).containsExactlyEntriesOf(Map.of("seats", "5"));
    }

    @Test
    void overLongReferrerIsTrimmedTo2000_PlausibleTruncatesReferrerWhenTooLong() {
        String path = marker();
        String referrer = "https://blog.example.org/" + "a".repeat(2500);
        accepted("{\"n\":\"pageview\",\"u\":\"https://lenient.test" + path + "\",\"d\":\"lenient.test\",\"r\":\"" + referrer + "\"}", ip());
        assertThat(row("pathname = '" + path + "'")).containsEntry("referrer", referrer.substring(0, 2000))
                .containsEntry("referrer_source", "blog.example.org");
    }

    @Test
    void moreThan30PropsAreTrimmedTo30_PlausibleTrimsPropListTo30Items() {
        String path = marker();
        String props = IntStream.rangeClosed(1, 50).mapToObj(i -> "\"k" + i + "\":\"v" + i + "\"").collect(Collectors.joining(",", "{", "}"));
        accepted("{\"n\":\"Signup\",\"u\":\"https://lenient.test" + path + "\",\"d\":\"lenient.test\",\"p\":" + props + "}", ip());
        Map<String, String> stored = props(row("pathname = '" + path + "'"));
        assertThat(stored).hasSize(30).containsEntry("k1", "v1").containsEntry("k30", "v30").doesNotContainKey("k31");
    }

    @ParameterizedTest(name = "p: {0}")
    @ValueSource(strings = {"[1,2]", "5", "\"not json\"", "\"[1]\"", "{\"blank\":\"  \",\"\":\"x\",\"none\":null,\"deep\":{\"a\":1}}"})
    void propsOfAnotherShapeOrBlankAreDropped_PlausibleDecodeOrFallbackAndFilterBadProps(String props) {
        String path = marker();
        accepted("{\"n\":\"Signup\",\"u\":\"https://lenient.test" + path + "\",\"d\":\"lenient.test\",\"p\":" + props + "}", ip());
        assertThat(props(row("pathname = '" + path + "'"))).isEmpty();
    }

    @Test
    void interactiveOtherThanABooleanIsIgnored_PlausiblePutInteractiveTakesOnlyBooleans() {
        String path = marker();
        accepted("{\"n\":\"Signup\",\"u\":\"https://lenient.test" + path + "\",\"d\":\"lenient.test\",\"i\":\"yes\"}", ip());
        assertThat(row("pathname = '" + path + "'")).containsEntry("interactive", true);
    }

    @Test
    void hashModeAsAStringOfOne_PlausibleCastsHashModeToInteger() {
        String id = UUID.randomUUID().toString();
        accepted("{\"n\":\"pageview\",\"u\":\"https://lenient.test/h-" + id + "#/settings\",\"d\":\"lenient.test\",\"h\":\"1\"}", ip());
        assertThat(row("pathname = '/h-" + id + "#/settings'")).containsEntry("name", "pageview");
    }

    @Test
    void scrollDepthIsClampedAndUnreadableEngagementFieldsAreNotMeasured_PlausibleParseScrollDepthAndEngagementTime() {
        String ip = ip();
        String path = marker();
        String url = "https://lenient.test" + path;
        accepted("{\"n\":\"pageview\",\"u\":\"" + url + "\",\"d\":\"lenient.test\"}", ip);
        accepted("{\"n\":\"engagement\",\"u\":\"" + url + "\",\"d\":\"lenient.test\",\"sd\":150,\"e\":1200,\"p\":{\"step\":\"1\"}}", ip);
        accepted("{\"n\":\"engagement\",\"u\":\"" + url + "\",\"d\":\"lenient.test\",\"sd\":-3,\"e\":\"2400\",\"p\":{\"step\":\"2\"}}", ip);
        // 30 days or more of engaged time is a broken old tracker's value: not measured, the scroll depth still counts.
        accepted("{\"n\":\"engagement\",\"u\":\"" + url + "\",\"d\":\"lenient.test\",\"sd\":\"40\",\"e\":2592000000,\"p\":{\"step\":\"3\"}}", ip);

        assertThat(row("pathname = '" + path + "' AND props['step'] = '1'")).containsEntry("scroll_depth", (short) 100).containsEntry("engagement_ms", 1200);
        assertThat(row("pathname = '" + path + "' AND props['step'] = '2'")).containsEntry("scroll_depth", null).containsEntry("engagement_ms", 2400);
        assertThat(row("pathname = '" + path + "' AND props['step'] = '3'")).containsEntry("scroll_depth", (short) 40).containsEntry("engagement_ms", null);
    }

    @Test
    void scrollDepthOnOtherEventsIsIgnored_PlausibleReadsEngagementFieldsOnlyForEngagement() {
        String path = marker();
        accepted("{\"n\":\"pageview\",\"u\":\"https://lenient.test" + path + "\",\"d\":\"lenient.test\",\"sd\":\"lots\",\"e\":-5}", ip());
        assertThat(row("pathname = '" + path + "'")).containsEntry("scroll_depth", null).containsEntry("engagement_ms", null);
    }

    @Test
    void droppedEventsAreCountedInXPlausibleDroppedBesideTheReasons_PlausibleExternalController() {
        HttpResponse<String> one = accepted("{\"n\":\"pageview\",\"u\":\"https://nope.test/\",\"d\":\"nope.test\"}", ip());
        assertThat(one.headers().firstValue("x-plausible-dropped")).hasValue("1");
        assertThat(one.headers().firstValue("X-Footfall-Dropped")).hasValue("unknown_site");

        // Fanned out to three sites, two of them unknown: two dropped, one stored.
        String path = marker();
        HttpResponse<String> two = accepted("{\"n\":\"pageview\",\"u\":\"https://lenient.test" + path + "\",\"d\":\"nope.test,lenient.test,gone.test\"}", ip());
        assertThat(two.headers().firstValue("x-plausible-dropped")).hasValue("2");
        assertThat(row("pathname = '" + path + "'")).containsEntry("site", "lenient.test");
    }
}
