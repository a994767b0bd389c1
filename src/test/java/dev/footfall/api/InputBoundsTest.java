package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.query.QueryParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bound on Stats API input, at the API: one past each limit is a 400 whose message names
 * the limit, the limit itself is answered, and an empty body is a 400 on every route that reads
 * JSON. Limits and their reasons: docs/security.md.
 */
class InputBoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "bounds.test";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        server.addSite(SITE);
        HttpResponse<String> res = server.event("{\"n\":\"pageview\",\"u\":\"https://bounds.test/blog/one\",\"d\":\"" + SITE + "\"}", "81.2.69.142");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> query(String body) {
        return server.admin("POST", "/api/v2/query", body);
    }

    /** A v2 query on the test site: metrics visitors, plus the given members. */
    static String body(String members) {
        return "{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\"]" + (members.isEmpty() ? "" : "," + members) + "}";
    }

    static String refused(String body) throws Exception {
        HttpResponse<String> res = query(body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        return JSON.readTree(res.body()).get("error").asText();
    }

    static JsonNode answered(String body) throws Exception {
        HttpResponse<String> res = query(body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    static HttpResponse<String> v1(String endpoint, String... params) {
        StringBuilder q = new StringBuilder("?site_id=" + SITE);
        for (int i = 0; i < params.length; i += 2) {
            q.append('&').append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return server.admin("GET", "/api/v1/stats/" + endpoint + q, null);
    }

    static String v1Refused(String endpoint, String... params) throws Exception {
        HttpResponse<String> res = v1(endpoint, params);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        return JSON.readTree(res.body()).get("error").asText();
    }

    // --- date ranges --------------------------------------------------------------------------

    @Test
    void dateRangesStayInTheYears1To9998() throws Exception {
        assertThat(refused(body("\"date_range\":[\"-999999999-01-01\",\"2024-01-01\"]")))
                .isEqualTo("#/date_range/0: Invalid date range: must be a date between the years 1 and 9998, not '-999999999-01-01'");
        assertThat(refused(body("\"date_range\":[\"2024-01-01\",\"+999999999-12-30\"]"))).contains("between the years 1 and 9998");
        assertThat(refused(body("\"date_range\":[\"2024-01-01\",\"9999-12-31\"]"))).contains("between the years 1 and 9998");
        assertThat(refused(body("\"date_range\":[\"0000-12-31\",\"0001-01-05\"]"))).contains("between the years 1 and 9998");
        // A moment whose UTC instant is in year 9999 is past the bound even if its local date is not.
        assertThat(refused(body("\"date_range\":[\"9998-12-01\",\"9998-12-31T23:00:00-05:00\"]"))).contains("between the years 1 and 9998");
        assertThat(answered(body("\"date_range\":[\"9998-12-01\",\"9998-12-31\"]")).at("/query/date_range/1").asText())
                .isEqualTo("9998-12-31T23:59:59Z");
    }

    @Test
    void aDateRangeSpansAtMostACentury() throws Exception {
        assertThat(refused(body("\"date_range\":[\"1900-01-01\",\"2000-01-01\"]")))
                .isEqualTo("#/date_range: Invalid date range: it spans more than 100 years, the longest period one query may cover");
        assertThat(refused(body("\"date_range\":[\"0001-01-01\",\"9998-12-30\"]"))).contains("more than 100 years");
        JsonNode century = answered(body("\"date_range\":[\"1900-01-01\",\"1999-12-31\"],\"dimensions\":[\"time:month\"],"
                + "\"include\":{\"time_labels\":true}"));
        assertThat(century.at("/meta/time_labels").size()).isEqualTo(1200);
    }

    @Test
    void shorthandPeriodsAreBounded() throws Exception {
        answered(body("\"date_range\":\"5000d\""));
        answered(body("\"date_range\":\"100mo\""));
        assertThat(refused(body("\"date_range\":\"5001d\""))).isEqualTo("#/date_range: Invalid date range \"5001d\"");
        assertThat(refused(body("\"date_range\":\"101mo\""))).isEqualTo("#/date_range: Invalid date range \"101mo\"");
    }

    @Test
    void theComparisonPeriodIsBoundedToo() throws Exception {
        assertThat(refused(body("\"date_range\":[\"0001-01-01\",\"0001-12-31\"],\"include\":{\"comparison\":\"previous_period\"}")))
                .isEqualTo("#/include/comparison: Invalid date range: dates must be between the years 1 and 9998 (UTC)");
        assertThat(refused(body("\"date_range\":[\"0001-06-01\",\"0001-12-31\"],\"include\":{\"comparison\":\"year_over_year\"}")))
                .startsWith("#/include/comparison:");
        assertThat(answered(body("\"date_range\":[\"0002-01-01\",\"0002-12-31\"],\"include\":{\"comparison\":\"previous_period\"}"))
                .at("/meta/comparison_date_range/0").asText()).isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void v1PeriodsAreBoundedWhereTheyAreRead() throws Exception {
        // Issue 12: this built 3.65 million day labels and took the acceptor thread down with an OutOfMemoryError.
        assertThat(v1Refused("timeseries", "period", "custom", "date", "0001-01-01,9999-12-30", "interval", "day"))
                .isEqualTo("Invalid `date` parameter: dates must be between the years 1 and 9998. See https://plausible.io/docs/stats-api#time-periods");
        assertThat(v1Refused("timeseries", "period", "custom", "date", "0001-01-01,9998-12-30", "interval", "day"))
                .isEqualTo("Invalid `date` parameter: the period spans more than 100 years, the longest one query may cover. "
                        + "See https://plausible.io/docs/stats-api#time-periods");
        assertThat(v1Refused("aggregate", "period", "day", "date", "9999-12-31"))
                .isEqualTo("Invalid `date` parameter: dates must be between the years 1 and 9998. See https://plausible.io/docs/stats-api#time-periods");
        assertThat(v1Refused("aggregate", "period", "12mo", "date", "0001-03-01")).contains("between the years 1 and 9998");
        HttpResponse<String> century = v1("timeseries", "period", "custom", "date", "1925-01-01,2024-12-31", "interval", "month");
        assertThat(century.statusCode()).as(century.body()).isEqualTo(200);
        assertThat(JSON.readTree(century.body()).get("results").size()).isEqualTo(1200);
    }

    @Test
    void anAnswerHasAtMost40000TimeBuckets() throws Exception {
        assertThat(refused(body("\"date_range\":[\"2015-01-01\",\"2024-12-31\"],\"dimensions\":[\"time:hour\"]")))
                .isEqualTo("#/dimensions: time:hour over this date_range makes 87672 buckets; at most 40000 are allowed in one answer "
                        + "(use a coarser time dimension or a shorter date_range)");
        assertThat(refused(body("\"date_range\":[\"2024-01-01\",\"2024-01-03\"],\"dimensions\":[\"time:minute\"]")))
                .isEqualTo("#/dimensions: time:minute needs a date_range of at most 48 hours");
        // A daily series over the longest range is within the bound.
        JsonNode daily = answered(body("\"date_range\":[\"1925-01-01\",\"2024-12-31\"],\"dimensions\":[\"time:day\"],\"include\":{\"time_labels\":true}"));
        assertThat(daily.at("/meta/time_labels").size()).isEqualTo(36525);
    }

    // --- filters ------------------------------------------------------------------------------

    static String filter(String op, String dimension, List<String> values) throws Exception {
        return "[\"" + op + "\",\"" + dimension + "\"," + JSON.writeValueAsString(values) + "]";
    }

    static String filtered(String... filters) {
        return body("\"date_range\":\"day\",\"filters\":[" + String.join(",", filters) + "]");
    }

    @Test
    void aValueOrPatternHoldsAtMost2000Characters() throws Exception {
        String at = "/" + "a".repeat(QueryParser.MAX_TEXT_CHARS - 1);
        answered(filtered(filter("is", "event:page", List.of(at))));
        answered(filtered(filter("contains", "event:page", List.of(at))));
        assertThat(refused(filtered(filter("contains", "event:page", List.of(at + "a")))))
                .endsWith("(a value is longer than 2000 characters; that is the limit)");
        assertThat(refused(filtered(filter("matches", "event:page", List.of("x".repeat(500_000))))))
                .endsWith("(a value is longer than 2000 characters; that is the limit)");
        assertThat(refused(body("\"date_range\":\"day\",\"dimensions\":[\"event:props:" + "k".repeat(2000) + "\"]")))
                .isEqualTo("#/dimensions/0: the dimension's name is longer than 2000 characters; that is the limit");
    }

    @Test
    void aQueryHoldsAtMost500FilterValues() throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < QueryParser.MAX_VALUES; i++) values.add("/page-" + i);
        answered(filtered(filter("is", "event:page", values)));
        answered(filtered(filter("contains", "event:page", values.subList(0, 250)), filter("is_not", "event:page", values.subList(250, 500))));
        assertThat(refused(filtered(filter("is", "event:page", values), filter("is", "visit:source", List.of("Google")))))
                .isEqualTo("#/filters/1: Invalid filters: more than 500 values in the filters of one query; that is the limit");
        values.add("/one-more");
        assertThat(refused(filtered(filter("is", "event:page", values))))
                .isEqualTo("#/filters/0: Invalid filters: more than 500 values in the filters of one query; that is the limit");
    }

    @Test
    void aQueryHoldsAtMost100Conditions() throws Exception {
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < QueryParser.MAX_CONDITIONS; i++) conditions.add(filter("contains", "event:page", List.of("/p" + i)));
        answered(filtered("[\"or\",[" + String.join(",", conditions) + "]]"));
        conditions.add(filter("is", "event:page", List.of("/")));
        assertThat(refused(filtered("[\"or\",[" + String.join(",", conditions) + "]]")))
                .isEqualTo("#/filters/0: Invalid filters: more than 100 conditions in one query; that is the limit");
        // Counted across the whole query, not per list.
        List<String> top = new ArrayList<>(conditions.subList(0, 60));
        top.add("[\"and\",[" + String.join(",", conditions.subList(60, 101)) + "]]");
        assertThat(refused(filtered(top.toArray(String[]::new)))).endsWith("more than 100 conditions in one query; that is the limit");
    }

    @Test
    void andOrNotNestAtMost10Deep() throws Exception {
        String condition = filter("is", "event:page", List.of("/"));
        String tenDeep = condition;
        for (int i = 0; i < QueryParser.MAX_FILTER_DEPTH; i++) tenDeep = "[\"not\"," + tenDeep + "]";
        answered(filtered(tenDeep));
        assertThat(refused(filtered("[\"and\",[" + tenDeep + "]]")))
                .endsWith("(and / or / not are nested more than 10 deep; that is the limit)");
    }

    /** What Java's regex engine takes but RE2, the engine's, refuses: each was a 500 "invalid perl operator" before. */
    @ParameterizedTest
    @ValueSource(strings = {"(?=x)", "(?!x)", "(?<=x)y", "(?<n>x)", "a{1001}", "a++", "(a)\\1", "\\Z", "(?>a)", "\\G", "\\é", "((a{10}){10}){11}", "[z-a]", "("})
    void patternsAreCheckedWithTheEnginesGrammar(String pattern) throws Exception {
        assertThat(refused(filtered(filter("matches", "event:page", List.of(pattern)))))
                .contains("is not a valid regular expression (RE2 syntax): ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"^/blog/", "(?i)^/BLOG/[a-z0-9-]+$", "(?P<slug>[^/]+)", "\\pL+", "a{1000}", "(?i)\u1C80", "(a?){100}", "\\Qa.b\\E"})
    void patternsRE2TakesAreAnswered(String pattern) throws Exception {
        answered(filtered(filter("matches", "event:page", List.of(pattern))));
    }

    @Test
    void theCompiledSizeOfAQuerysPatternsIsBounded() throws Exception {
        assertThat(refused(filtered(filter("matches", "event:page", List.of("\\pL{100}")))))
                .contains("the patterns of this query compile to about").endsWith("at most 10000 are allowed (use fewer or smaller repetitions and classes))");
        assertThat(refused(filtered(filter("matches", "event:page", List.of("(a?){101}")))))
                .endsWith("the patterns of this query have 101 optional or repeated pieces once their counts are expanded; at most 100 are allowed)");
        // Counted over all the patterns of the query.
        answered(filtered(filter("matches", "event:page", List.of("(a?){50}")), filter("matches_not", "event:page", List.of("(b?){50}"))));
        assertThat(refused(filtered(filter("matches", "event:page", List.of("(a?){50}")), filter("matches_not", "event:page", List.of("(b?){51}")))))
                .startsWith("#/filters/1: ").contains("have 101 optional or repeated pieces");
        // Parsed, never compiled: this asks RE2/J's compiler for a billion instructions.
        assertThat(refused(filtered(filter("matches", "event:page", List.of("((a{1000}){1000}){1000}")))))
                .contains("nested repetitions multiply to more than 1000");
    }

    @Test
    void halfASurrogatePairIsNotText() throws Exception {
        assertThat(refused(filtered("[\"matches\",\"event:page\",[\"\\ud800*\"]]"))).endsWith("(values must be strings)");
    }

    // --- the rest of a query ------------------------------------------------------------------

    @Test
    void dimensionsMetricsOrderAndPagesAreBounded() throws Exception {
        List<String> props = new ArrayList<>();
        for (int i = 0; i <= QueryParser.MAX_DIMENSIONS; i++) props.add("event:props:k" + i);
        assertThat(refused(body("\"date_range\":\"day\",\"dimensions\":" + JSON.writeValueAsString(props))))
                .isEqualTo("#/dimensions: Expected a maximum of 10 items but got 11.");
        answered(body("\"date_range\":\"day\",\"dimensions\":" + JSON.writeValueAsString(props.subList(0, 10))));
        List<String> metrics = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) metrics.add("visitors");
        assertThat(refused("{\"site_id\":\"" + SITE + "\",\"date_range\":\"day\",\"metrics\":" + JSON.writeValueAsString(metrics) + "}"))
                .startsWith("#/metrics: Expected a maximum of");
        assertThat(refused(body("\"date_range\":\"day\",\"order_by\":[[\"visitors\",\"desc\"],[\"visitors\",\"asc\"]]")))
                .isEqualTo("Invalid order_by: visitors appears more than once");
        assertThat(refused(body("\"date_range\":\"day\",\"pagination\":{\"limit\":10,\"offset\":1000001}")))
                .isEqualTo("#/pagination/offset: Expected an integer <= 1000000 but got 1000001");
        answered(body("\"date_range\":\"day\",\"dimensions\":[\"event:page\"],\"pagination\":{\"limit\":10,\"offset\":1000000}"));
        assertThat(v1Refused("breakdown", "property", "event:page", "limit", "1000", "page", "1002"))
                .isEqualTo("Please provide a smaller page: rows past 1000000 (page × limit) are not served; export the data instead.");
    }

    @Test
    void errorsQuoteAtMost100CharactersOfWhatWasSent() throws Exception {
        String huge = "x".repeat(100_000);
        assertThat(refused(body("\"date_range\":\"" + huge + "\"")).length()).isLessThan(200);
        assertThat(refused(body("\"date_range\":\"day\",\"dimensions\":[\"" + huge + "\"]")).length()).isLessThan(200);
    }

    // --- bodies -------------------------------------------------------------------------------

    /** Issue 12: each of these answered "500 No entity". */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v2/query", "/api/ui/login", "/api/ui/setup", "/api/v1/sites"})
    void anEmptyBodyIs400(String path) throws Exception {
        for (HttpRequest.BodyPublisher empty : List.of(HttpRequest.BodyPublishers.noBody(), HttpRequest.BodyPublishers.ofString("  \n"))) {
            HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                    .header("Content-Type", "application/json").POST(empty));
            assertThat(res.statusCode()).as(path + ": " + res.body()).isEqualTo(400);
            assertThat(JSON.readTree(res.body()).at("/errors/body").asText()).isEqualTo("is empty: send a JSON object");
        }
    }

    @Test
    void anEmptyEventIs400AndNotStored() throws Exception {
        long before = server.server.storage().countEvents(SITE);
        for (HttpRequest.BodyPublisher empty : List.of(HttpRequest.BodyPublishers.noBody(), HttpRequest.BodyPublishers.ofString(""))) {
            HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/event")).header("User-Agent", TestServer.BROWSER_UA)
                    .POST(empty));
            assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
            assertThat(JSON.readTree(res.body()).at("/errors/body").asText()).isEqualTo("is empty: send the event as a JSON object");
        }
        assertThat(server.server.storage().countEvents(SITE)).isEqualTo(before);
    }
}
