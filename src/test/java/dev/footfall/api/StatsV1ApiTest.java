package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.TestServer;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Stats API v1 over real HTTP, real ingestion and a real DuckDB: each endpoint against
 * hand-counted traffic and against the v2 answer to the same question.
 *
 * <p>Traffic, all "today" in the site's timezone (Asia/Kolkata, so "today" is not UTC's):
 * <pre>
 * visitor  events                                   source
 * 1        pageview /, pageview /pricing            Google
 * 2        pageview /blog/post-1                    Google
 * 3        pageview /blog/post-2?utm_source=news    news (tagged)
 * 4        pageview /about, Signup {plan: pro}      Direct / None
 * 5        pageview /a|b                            Direct / None
 * 6        pageview /pricing, Signup {plan: free}   Direct / None
 * </pre>
 * 6 visitors, 6 visits, 7 pageviews, 9 events; goals "Signup" and "Visit /pricing".
 */
class StatsV1ApiTest {
    static final String SITE = "v1.test", OTHER = "v1-other.test";
    static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    @TempDir
    static Path dataDir;
    static TestServer server;
    static String key, otherKey;
    static LocalDate today;
    /** A custom period around today: whatever the hour, all traffic is inside it. */
    static String around;

    @BeforeAll
    static void start() throws InterruptedException {
        server = TestServer.start(dataDir);
        for (String domain : List.of(SITE, OTHER)) {
            HttpResponse<String> res = server.admin("POST", "/api/v1/sites", "{\"domain\":\"" + domain + "\",\"timezone\":\"" + ZONE + "\"}");
            assertThat(res.statusCode()).isEqualTo(200);
        }
        key = siteKey(SITE);
        otherKey = siteKey(OTHER);
        for (String goal : List.of("{\"goal_type\":\"event\",\"event_name\":\"Signup\"}", "{\"goal_type\":\"page\",\"page_path\":\"/pricing\"}")) {
            assertThat(server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"" + SITE + "\"," + goal.substring(1)).statusCode()).isEqualTo(200);
        }
        // All traffic must fall on one local day: wait out a midnight that is about to happen.
        ZonedDateTime now = ZonedDateTime.now(ZONE);
        Duration toMidnight = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(ZONE));
        if (toMidnight.toSeconds() < 120) Thread.sleep(toMidnight.plusSeconds(2).toMillis());
        today = LocalDate.now(ZONE);
        around = today.minusDays(1) + "," + today.plusDays(1);

        pageview("10.1.0.1", "/", "https://www.google.com/");
        pageview("10.1.0.1", "/pricing", null);
        pageview("10.1.0.2", "/blog/post-1", "https://www.google.com/");
        pageview("10.1.0.3", "/blog/post-2?utm_source=news", null);
        pageview("10.1.0.4", "/about", null);
        event("10.1.0.4", "Signup", "/about", "{\"plan\":\"pro\"}");
        pageview("10.1.0.5", "/a%7Cb", null);
        pageview("10.1.0.6", "/pricing", null);
        event("10.1.0.6", "Signup", "/pricing", "{\"plan\":\"free\"}");
        assertThat(server.event("{\"n\":\"pageview\",\"u\":\"https://" + OTHER + "/\",\"d\":\"" + OTHER + "\"}", "10.2.0.1").statusCode())
                .isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String siteKey(String domain) {
        String secret = ApiKeys.newSecret();
        server.server.storage().addApiKey(ApiKeys.hash(secret), new ApiKey(ApiKeys.prefix(secret), "test", Optional.of(domain)));
        return secret;
    }

    static void pageview(String ip, String path, String referrer) {
        String r = referrer == null ? "" : ",\"r\":\"" + referrer + "\"";
        HttpResponse<String> res = server.event("{\"n\":\"pageview\",\"u\":\"https://" + SITE + path + "\",\"d\":\"" + SITE + "\"" + r + "}", ip);
        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(res.headers().firstValue("X-Footfall-Dropped")).isEmpty();
    }

    static void event(String ip, String name, String path, String props) {
        HttpResponse<String> res = server.event("{\"n\":\"" + name + "\",\"u\":\"https://" + SITE + path + "\",\"d\":\"" + SITE
                + "\",\"p\":" + props + "}", ip);
        assertThat(res.statusCode()).isEqualTo(202);
    }

    // --- HTTP ---------------------------------------------------------------------------------

    /** GET an endpoint with name/value parameter pairs, every value URL-encoded. */
    static HttpResponse<String> get(String apiKey, String endpoint, String... params) {
        StringJoiner query = new StringJoiner("&", "?", "");
        for (int i = 0; i < params.length; i += 2) {
            query.add(params[i] + "=" + URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(server.uri("/api/v1/stats/" + endpoint + query)).GET();
        if (apiKey != null) req.header("Authorization", "Bearer " + apiKey);
        return server.send(req);
    }

    /** A successful v1 answer for the test site. */
    static JsonNode v1(String endpoint, String... params) {
        String[] all = new String[params.length + 2];
        all[0] = "site_id";
        all[1] = SITE;
        System.arraycopy(params, 0, all, 2, params.length);
        HttpResponse<String> res = get(key, endpoint, all);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return json(res.body());
    }

    /** The v2 answer's rows for the test site. */
    static JsonNode v2(String query) {
        HttpResponse<String> res = server.send(HttpRequest.newBuilder(server.uri("/api/v2/query"))
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"site_id\":\"" + SITE + "\"," + query + "}")));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return json(res.body()).get("results");
    }

    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String aroundRange() {
        return "\"date_range\":[\"" + today.minusDays(1) + "\",\"" + today.plusDays(1) + "\"]";
    }

    static long visitors(String... params) {
        List<String> all = new ArrayList<>(List.of("period", "custom", "date", around));
        all.addAll(List.of(params));
        return v1("aggregate", all.toArray(String[]::new)).get("results").get("visitors").get("value").asLong();
    }

    static long v2Visitors(String filters) {
        return v2("\"metrics\":[\"visitors\"]," + aroundRange() + ",\"filters\":" + filters).get(0).get("metrics").get(0).asLong();
    }

    // --- realtime -----------------------------------------------------------------------------

    @Test
    void realtimeIsABareCountOfVisitorsSeenInTheLastFiveMinutes() {
        HttpResponse<String> res = get(key, "realtime/visitors", "site_id", SITE);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("6");
        assertThat(get(otherKey, "realtime/visitors", "site_id", OTHER).body()).isEqualTo("1");
    }

    // --- aggregate ----------------------------------------------------------------------------

    @Test
    void aggregateMatchesHandCountsAndTheV2Answer() {
        String metrics = "visitors,visits,pageviews,events,bounce_rate,visit_duration,views_per_visit";
        JsonNode results = v1("aggregate", "period", "day", "metrics", metrics).get("results");
        assertThat(results.get("visitors").get("value").asLong()).isEqualTo(6);
        assertThat(results.get("visits").get("value").asLong()).isEqualTo(6);
        assertThat(results.get("pageviews").get("value").asLong()).isEqualTo(7);
        assertThat(results.get("events").get("value").asLong()).isEqualTo(9);
        assertThat(results.get("views_per_visit").get("value").asDouble()).isEqualTo(1.17);
        assertThat(results.get("visitors").size()).as("no comparison asked").isEqualTo(1);

        JsonNode v2 = v2("\"metrics\":[\"" + metrics.replace(",", "\",\"") + "\"],\"date_range\":\"day\"").get(0).get("metrics");
        String[] names = metrics.split(",");
        for (int i = 0; i < names.length; i++) {
            assertThat(results.get(names[i]).get("value")).as(names[i]).isEqualTo(v2.get(i));
        }
        assertThat(v1("aggregate").get("results").get("visitors").get("value").asLong())
                .as("the default period, 30d, ends yesterday").isZero();
    }

    @Test
    void periodsAreV1sRelativeToTheDateParameter() {
        String tomorrow = today.plusDays(1).toString();
        assertThat(aggregateVisitors("period", "day", "date", today.toString())).isEqualTo(6);
        assertThat(aggregateVisitors("period", "day", "date", tomorrow)).isZero();
        assertThat(aggregateVisitors("period", "7d")).as("7d ends the day before date").isZero();
        assertThat(aggregateVisitors("period", "7d", "date", tomorrow)).isEqualTo(6);
        assertThat(aggregateVisitors("period", "30d", "date", tomorrow)).isEqualTo(6);
        assertThat(aggregateVisitors("period", "30d", "date", today.plusDays(31).toString())).isZero();
        assertThat(aggregateVisitors("period", "month")).isEqualTo(6);
        assertThat(aggregateVisitors("period", "month", "date", today.plusMonths(1).toString())).isZero();
        assertThat(aggregateVisitors("period", "6mo")).as("v1's 6mo includes this month").isEqualTo(6);
        assertThat(aggregateVisitors("period", "12mo")).isEqualTo(6);
        assertThat(aggregateVisitors("period", "6mo", "date", today.plusMonths(6).toString())).isZero();
        assertThat(aggregateVisitors("period", "custom", "date", today + "," + today)).isEqualTo(6);
        assertThat(aggregateVisitors("period", "custom", "date", today.minusDays(3) + "," + today.minusDays(1))).isZero();
        assertThat(v2("\"metrics\":[\"visitors\"],\"date_range\":\"6mo\"").get(0).get("metrics").get(0).asLong())
                .as("while v2's 6mo ends last month").isZero();
    }

    static long aggregateVisitors(String... params) {
        return v1("aggregate", params).get("results").get("visitors").get("value").asLong();
    }

    @Test
    void filterSyntaxMapsToV2Filters() {
        assertThat(visitors("filters", "visit:source==Google")).isEqualTo(2)
                .isEqualTo(v2Visitors("[[\"is\",\"visit:source\",[\"Google\"]]]"));
        assertThat(visitors("filters", "visit:source!=Google")).isEqualTo(4)
                .isEqualTo(v2Visitors("[[\"is_not\",\"visit:source\",[\"Google\"]]]"));
        assertThat(visitors("filters", "visit:source==Google|news")).isEqualTo(3)
                .isEqualTo(v2Visitors("[[\"is\",\"visit:source\",[\"Google\",\"news\"]]]"));
        assertThat(visitors("filters", "visit:source!=Google|news")).as("neither").isEqualTo(3);
        assertThat(visitors("filters", "visit:source==Direct / None")).isEqualTo(3);
        assertThat(visitors("filters", "event:page==/blog/*")).isEqualTo(2)
                .isEqualTo(v2Visitors("[[\"matches\",\"event:page\",[\"^/blog/.*$\"]]]"));
        assertThat(visitors("filters", "event:page!=/blog/*")).as("visitors with a page outside /blog").isEqualTo(4)
                .isEqualTo(v2Visitors("[[\"matches_not\",\"event:page\",[\"^/blog/.*$\"]]]"));
        assertThat(visitors("filters", "event:page==/blog/*|/about")).isEqualTo(3);
        assertThat(visitors("filters", "event:page==/blog")).as("a wildcard matches the whole value").isZero();
        assertThat(visitors("filters", "event:page==/blog/post-?")).as("regex characters are literal").isZero();
        assertThat(visitors("filters", "event:page==/a\\|b")).as("an escaped pipe is a literal one").isEqualTo(1)
                .isEqualTo(v2Visitors("[[\"is\",\"event:page\",[\"/a|b\"]]]"));
        assertThat(visitors("filters", "event:page==/a\\|*")).isEqualTo(1);
        assertThat(visitors("filters", "visit:source==Google;event:page==/blog/*")).isEqualTo(1);
        assertThat(visitors("filters", " visit:source == Google ; ")).as("spaces and a trailing ; are ignored").isEqualTo(2);
        assertThat(visitors("filters", "event:props:plan==pro")).isEqualTo(1);
        assertThat(visitors("filters", "event:props:plan==pro|free")).isEqualTo(2);
        assertThat(visitors("filters", "event:goal==Signup")).isEqualTo(2)
                .isEqualTo(v2Visitors("[[\"is\",\"event:goal\",[\"Signup\"]]]"));
        assertThat(visitors("filters", "event:goal==Visit /pricing")).isEqualTo(2);
        assertThat(visitors("filters", "[[\"contains\",\"event:page\",[\"blog\"]]]")).as("a JSON array is v2 filters").isEqualTo(2);
    }

    @Test
    void aggregateComparesWithThePreviousPeriod() {
        JsonNode results = v1("aggregate", "period", "day", "metrics", "visitors,pageviews", "compare", "previous_period").get("results");
        assertThat(results.get("visitors")).isEqualTo(json("{\"value\":6,\"comparison_value\":0,\"change\":100}"));
        assertThat(results.get("pageviews")).isEqualTo(json("{\"value\":7,\"comparison_value\":0,\"change\":100}"));
        JsonNode tomorrow = v1("aggregate", "period", "day", "date", today.plusDays(1).toString(), "compare", "previous_period")
                .get("results").get("visitors");
        assertThat(tomorrow).as("the day after: today is the previous period").isEqualTo(json("{\"value\":0,\"comparison_value\":6,\"change\":-100}"));
        assertThat(v1("aggregate", "period", "day", "compare", "year_over_year").get("results").get("visitors").size())
                .as("Plausible ignores other comparisons").isEqualTo(1);
    }

    @Test
    void aggregateConversionRateNeedsAGoalFilter() {
        JsonNode results = v1("aggregate", "period", "custom", "date", around, "metrics", "visitors,conversion_rate",
                "filters", "event:goal==Signup").get("results");
        assertThat(results.get("visitors").get("value").asLong()).isEqualTo(2);
        assertThat(results.get("conversion_rate").get("value").asDouble()).isEqualTo(33.33);
    }

    // --- timeseries ---------------------------------------------------------------------------

    @Test
    void timeseriesFillsEveryDayOfTheRange() {
        JsonNode results = v1("timeseries", "period", "custom", "date", around,
                "metrics", "visitors,pageviews,bounce_rate,visit_duration").get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isEqualTo(json("{\"date\":\"" + today.minusDays(1) + "\",\"visitors\":0,\"pageviews\":0,"
                + "\"bounce_rate\":0,\"visit_duration\":null}"));
        assertThat(results.get(2)).isEqualTo(json("{\"date\":\"" + today.plusDays(1) + "\",\"visitors\":0,\"pageviews\":0,"
                + "\"bounce_rate\":0,\"visit_duration\":null}"));
        JsonNode day = results.get(1);
        assertThat(day.get("date").asText()).isEqualTo(today.toString());
        assertThat(day.get("visitors").asLong()).isEqualTo(6);
        assertThat(day.get("pageviews").asLong()).isEqualTo(7);

        JsonNode v2 = v2("\"metrics\":[\"visitors\",\"pageviews\",\"bounce_rate\",\"visit_duration\"]," + aroundRange()
                + ",\"dimensions\":[\"time:day\"]");
        assertThat(v2).hasSize(1);
        assertThat(v2.get(0).get("dimensions").get(0).asText()).isEqualTo(today.toString());
        assertThat(List.of(day.get("visitors"), day.get("pageviews"), day.get("bounce_rate"), day.get("visit_duration")))
                .containsExactlyElementsOf(v2.get(0).get("metrics"));
    }

    @Test
    void timeseriesDefaultIntervalFollowsThePeriod() {
        JsonNode hours = v1("timeseries", "period", "day", "metrics", "pageviews").get("results");
        assertThat(hours).hasSize(24);
        assertThat(hours.get(0).get("date").asText()).isEqualTo(today + " 00:00:00");
        assertThat(hours.get(23).get("date").asText()).isEqualTo(today + " 23:00:00");
        long pageviews = 0;
        for (JsonNode h : hours) pageviews += h.get("pageviews").asLong();
        assertThat(pageviews).isEqualTo(7);

        JsonNode days = v1("timeseries", "period", "7d", "date", today.plusDays(1).toString()).get("results");
        assertThat(days).hasSize(7);
        assertThat(days.get(6)).isEqualTo(json("{\"date\":\"" + today + "\",\"visitors\":6}"));
        assertThat(days.get(0)).isEqualTo(json("{\"date\":\"" + today.minusDays(6) + "\",\"visitors\":0}"));
        assertThat(v1("timeseries").get("results")).as("30d by day").hasSize(30);

        JsonNode months = v1("timeseries", "period", "6mo").get("results");
        assertThat(months).hasSize(6);
        assertThat(months.get(5)).isEqualTo(json("{\"date\":\"" + today.withDayOfMonth(1) + "\",\"visitors\":6}"));
        assertThat(months.get(0).get("date").asText()).isEqualTo(today.withDayOfMonth(1).minusMonths(5).toString());
        assertThat(v1("timeseries", "period", "12mo").get("results")).hasSize(12);
    }

    @Test
    void timeseriesIntervalAndPerBucketConversionRate() {
        JsonNode months = v1("timeseries", "period", "custom", "date", today.minusMonths(2) + "," + today, "interval", "month").get("results");
        assertThat(months).hasSize(3);
        assertThat(months.get(2)).isEqualTo(json("{\"date\":\"" + today.withDayOfMonth(1) + "\",\"visitors\":6}"));
        assertThat(v1("timeseries", "period", "month", "interval", "date").get("results")).as("date is an alias of day")
                .hasSize(today.lengthOfMonth());

        JsonNode rates = v1("timeseries", "period", "custom", "date", around, "metrics", "visitors,conversion_rate",
                "filters", "event:goal==Signup").get("results");
        assertThat(rates.get(1)).isEqualTo(json("{\"date\":\"" + today + "\",\"visitors\":2,\"conversion_rate\":33.33}"));
        assertThat(rates.get(0)).isEqualTo(json("{\"date\":\"" + today.minusDays(1) + "\",\"visitors\":0,\"conversion_rate\":0.0}"));
    }

    // --- breakdown ----------------------------------------------------------------------------

    @Test
    void breakdownMatchesV2AndPaginates() {
        JsonNode pages = v1("breakdown", "period", "custom", "date", around, "property", "event:page", "metrics", "visitors,pageviews")
                .get("results");
        assertThat(pages).containsExactly(
                json("{\"page\":\"/pricing\",\"visitors\":2,\"pageviews\":2}"),
                json("{\"page\":\"/\",\"visitors\":1,\"pageviews\":1}"),
                json("{\"page\":\"/about\",\"visitors\":1,\"pageviews\":1}"),
                json("{\"page\":\"/a|b\",\"visitors\":1,\"pageviews\":1}"),
                json("{\"page\":\"/blog/post-1\",\"visitors\":1,\"pageviews\":1}"),
                json("{\"page\":\"/blog/post-2\",\"visitors\":1,\"pageviews\":1}"));
        JsonNode v2 = v2("\"metrics\":[\"visitors\",\"pageviews\"]," + aroundRange()
                + ",\"dimensions\":[\"event:page\"],\"order_by\":[[\"visitors\",\"desc\"],[\"event:page\",\"asc\"]]");
        assertThat(v2).hasSize(pages.size());
        for (int i = 0; i < v2.size(); i++) {
            assertThat(pages.get(i).get("page")).isEqualTo(v2.get(i).get("dimensions").get(0));
            assertThat(List.of(pages.get(i).get("visitors"), pages.get(i).get("pageviews"))).containsExactlyElementsOf(v2.get(i).get("metrics"));
        }

        List<JsonNode> paged = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            JsonNode rows = v1("breakdown", "period", "custom", "date", around, "property", "event:page", "metrics", "visitors,pageviews",
                    "limit", "2", "page", String.valueOf(page)).get("results");
            assertThat(rows).hasSize(2);
            rows.forEach(paged::add);
        }
        assertThat(paged).containsExactlyElementsOf(pages);
        assertThat(v1("breakdown", "period", "custom", "date", around, "property", "event:page", "limit", "2", "page", "4")
                .get("results")).isEmpty();
        assertThat(v1("breakdown", "period", "custom", "date", around, "property", "event:page", "limit", "1000").get("results")).hasSize(6);
    }

    @Test
    void breakdownRowsAreKeyedByThePropertyName() {
        assertThat(v1("breakdown", "period", "day", "property", "visit:source").get("results")).containsExactly(
                json("{\"source\":\"Direct / None\",\"visitors\":3}"),
                json("{\"source\":\"Google\",\"visitors\":2}"),
                json("{\"source\":\"news\",\"visitors\":1}"));
        assertThat(v1("breakdown", "period", "day", "property", "event:props:plan").get("results")).containsExactly(
                json("{\"plan\":\"(none)\",\"visitors\":6}"),
                json("{\"plan\":\"free\",\"visitors\":1}"),
                json("{\"plan\":\"pro\",\"visitors\":1}"));
        assertThat(v1("breakdown", "period", "day", "property", "event:name", "metrics", "events").get("results")).containsExactly(
                json("{\"name\":\"pageview\",\"events\":7}"),
                json("{\"name\":\"Signup\",\"events\":2}"));
        JsonNode versions = v1("breakdown", "period", "day", "property", "visit:browser_version").get("results");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("browser").asText()).as("versions come with their browser").isEqualTo("Chrome");
        assertThat(versions.get(0).get("browser_version").asText()).isNotEmpty();
        assertThat(versions.get(0).get("visitors").asLong()).isEqualTo(6);
    }

    @Test
    void breakdownLeavesOutVisitsWithoutTheProperty() {
        assertThat(v1("breakdown", "period", "day", "property", "visit:utm_source").get("results"))
                .containsExactly(json("{\"utm_source\":\"news\",\"visitors\":1}"));
        assertThat(v2("\"metrics\":[\"visitors\"],\"date_range\":\"day\",\"dimensions\":[\"visit:utm_source\"]"))
                .as("v2 shows them").hasSize(2);
        assertThat(v1("breakdown", "period", "day", "property", "visit:country").get("results"))
                .as("no GeoIP database: no country").isEmpty();
    }

    @Test
    void breakdownConversionRateIsPerGroupExceptByGoal() {
        assertThat(v1("breakdown", "period", "day", "property", "event:goal", "metrics", "visitors,conversion_rate").get("results"))
                .containsExactly(json("{\"goal\":\"Signup\",\"visitors\":2,\"conversion_rate\":33.33}"),
                        json("{\"goal\":\"Visit /pricing\",\"visitors\":2,\"conversion_rate\":33.33}"));
        assertThat(v1("breakdown", "period", "day", "property", "visit:source", "metrics", "visitors,conversion_rate",
                "filters", "event:goal==Signup").get("results"))
                .as("2 of the 3 direct visitors signed up")
                .containsExactly(json("{\"source\":\"Direct / None\",\"visitors\":2,\"conversion_rate\":66.67}"));
    }

    // --- errors and access ----------------------------------------------------------------------

    static final String PERIODS_DOCS = "See https://plausible.io/docs/stats-api#time-periods";

    static void assertError(String endpoint, int status, String message, String... params) {
        String[] all = new String[params.length + 2];
        all[0] = "site_id";
        all[1] = SITE;
        System.arraycopy(params, 0, all, 2, params.length);
        HttpResponse<String> res = get(key, endpoint, all);
        assertThat(res.statusCode()).as(endpoint + " " + List.of(params) + ": " + res.body()).isEqualTo(status);
        assertThat(json(res.body()).get("error").asText()).isEqualTo(message);
    }

    @Test
    void periodDateAndIntervalErrors() {
        for (String endpoint : List.of("aggregate", "timeseries", "breakdown")) {
            assertError(endpoint, 400, "Error parsing `period` parameter: invalid period `year`. Please find accepted values in our docs: "
                    + "https://plausible.io/docs/stats-api#time-periods", "period", "year", "property", "event:page");
        }
        assertError("aggregate", 400, "Error parsing `date` parameter: invalid_format. Please specify a valid date in ISO-8601 format.",
                "date", "yesterday");
        assertError("aggregate", 400, "Error parsing `date` parameter: invalid_date. Please specify a valid date in ISO-8601 format.",
                "period", "day", "date", "2024-02-30");
        assertError("aggregate", 400, "The `date` parameter is required when using a custom period. " + PERIODS_DOCS, "period", "custom");
        String format = "Invalid format for `date` parameter. When using a custom period, please include two ISO-8601 formatted dates "
                + "joined by a comma. " + PERIODS_DOCS;
        assertError("aggregate", 400, format, "period", "custom", "date", "2024-01-01");
        assertError("aggregate", 400, format, "period", "custom", "date", "2024-01-01,2024-01-31,2024-02-01");
        assertError("aggregate", 400, format, "period", "custom", "date", "2024-01-01,soon");
        assertError("aggregate", 400, "Invalid `date` parameter: the end date 2024-01-01 is before the start date 2024-01-31. " + PERIODS_DOCS,
                "period", "custom", "date", "2024-01-31,2024-01-01");
        assertError("timeseries", 400, "Error parsing `interval` parameter: invalid interval `week`. Valid intervals are `day`, `month`",
                "interval", "week");
    }

    @Test
    void metricErrors() {
        assertError("aggregate", 400, "The metric `uniques` is not recognized. Find valid metrics from the documentation: "
                + "https://plausible.io/docs/stats-api#metrics", "metrics", "visitors,uniques");
        assertError("aggregate", 400, "The metric `percentage` is not recognized. Find valid metrics from the documentation: "
                + "https://plausible.io/docs/stats-api#metrics", "metrics", "percentage");
        assertError("aggregate", 400, "Metrics cannot be queried multiple times.", "metrics", "visitors,visitors");
        assertError("aggregate", 400, "Metric `conversion_rate` can only be queried in a goal breakdown or with a goal filter",
                "metrics", "conversion_rate");
        assertError("aggregate", 400, "Metric `time_on_page` can only be queried in a page breakdown or with a page filter.",
                "metrics", "time_on_page");
        assertError("aggregate", 400, "Metric `time_on_page` cannot be queried when filtering by `event:goal`",
                "metrics", "time_on_page", "filters", "event:goal==Signup;event:page==/");
        assertError("breakdown", 400, "Metric `time_on_page` is not supported in breakdown queries (except `event:page` breakdown)",
                "metrics", "time_on_page", "property", "visit:source");
        assertError("aggregate", 400, "Metric `views_per_visit` cannot be queried with a filter on `event:page`.",
                "metrics", "views_per_visit", "filters", "event:page==/");
        assertError("breakdown", 400, "Metric `views_per_visit` is not supported in breakdown queries.",
                "metrics", "views_per_visit", "property", "visit:source");
        assertError("aggregate", 400, "Session metric `bounce_rate` cannot be queried when using a filter on `event:name`.",
                "metrics", "bounce_rate", "filters", "event:name==Signup");
        assertError("breakdown", 400, "Session metric `visits` cannot be queried for breakdown by `event:props:plan`.",
                "metrics", "visits", "property", "event:props:plan");
    }

    @Test
    void breakdownParameterErrors() {
        assertError("breakdown", 400, "The `property` parameter is required. Please provide at least one property to show a breakdown by.");
        assertError("breakdown", 400, "Invalid property 'visit:planet'. Please provide a valid property for the breakdown endpoint: "
                + "https://plausible.io/docs/stats-api#properties", "property", "visit:planet");
        assertError("breakdown", 400, "Invalid property 'event:props:'. Please provide a valid property for the breakdown endpoint: "
                + "https://plausible.io/docs/stats-api#properties", "property", "event:props:");
        assertError("breakdown", 400, "Property 'event:hostname' is currently not supported for breakdowns.  Please provide a valid "
                + "property for the breakdown endpoint: https://plausible.io/docs/stats-api#properties", "property", "event:hostname");
        for (String limit : List.of("0", "1001", "ten", "-5", "2.5")) {
            assertError("breakdown", 400, "Please provide limit as a number between 1 and 1000.", "property", "event:page", "limit", limit);
        }
        for (String page : List.of("0", "-1", "two", "99999999999")) {
            assertError("breakdown", 400, "Please provide page as a positive number.", "property", "event:page", "page", page);
        }
    }

    @Test
    void filterErrors() {
        String properties = "Please provide a valid filter property: https://plausible.io/docs/stats-api#properties";
        assertError("aggregate", 400, "Invalid filter property 'visit:colour'. " + properties, "filters", "visit:colour==red");
        assertError("timeseries", 400, "Invalid filter property 'page'. " + properties, "filters", "visit:source==Google;page==/");
        assertError("breakdown", 400, "Invalid filter property 'visit:planet'. " + properties,
                "property", "event:page", "filters", "[[\"is\",\"visit:planet\",[\"Mars\"]]]");
        assertError("aggregate", 400, "Invalid filter 'visit:source': expected property==value or property!=value, joined by ;",
                "filters", "visit:source");
        assertError("aggregate", 400, "The goal `Purchase` is not configured for this site. Find out how to configure goals here: "
                + "https://plausible.io/docs/stats-api#filtering-by-goals", "filters", "event:goal==Signup|Purchase");
        assertError("aggregate", 400, "The pageview goal for the pathname `/nope` is not configured for this site. Find out how to "
                + "configure goals here: https://plausible.io/docs/stats-api#filtering-by-goals", "filters", "event:goal==Visit /nope");
        assertError("aggregate", 400, "Invalid filters: use property==value;property!=value or a JSON array of Stats API v2 filters",
                "filters", "{\"source\":\"Google\"}");
        // What v1 lets through, v2's rules still judge.
        assertError("aggregate", 400, "#/filters/0: Invalid filter [\"matches\",\"event:page\",[\"(\"]] ('(' is not a valid regular expression (RE2 syntax): missing closing ))",
                "filters", "[[\"matches\",\"event:page\",[\"(\"]]]");
        assertError("aggregate", 400, "#/filters/0: Invalid filter [\"is_not\",\"event:goal\",[\"Signup\"]] "
                + "(event:goal takes only the is and contains operators)", "filters", "event:goal!=Signup");
    }

    @Test
    void keysAreRequiredAndSiteIdToo() {
        for (String endpoint : List.of("realtime/visitors", "aggregate", "timeseries", "breakdown")) {
            assertThat(get(null, endpoint, "site_id", SITE).statusCode()).isEqualTo(401);
            assertThat(get("ff_wrong", endpoint, "site_id", SITE).statusCode()).isEqualTo(401);
            HttpResponse<String> missing = get(key, endpoint);
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(json(missing.body()).get("error").asText())
                    .isEqualTo("Missing site ID. Please provide the required site_id parameter with your request.");
        }
    }

    @Test
    void aSiteKeySeesNoOtherSiteThroughAnyEndpoint() {
        for (String endpoint : List.of("realtime/visitors", "aggregate", "timeseries", "breakdown")) {
            HttpResponse<String> theirs = get(key, endpoint, "site_id", OTHER, "property", "event:page");
            HttpResponse<String> unknown = get(key, endpoint, "site_id", "nowhere.test", "property", "event:page");
            assertThat(theirs.statusCode()).as(endpoint).isEqualTo(404);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(theirs.body()).isEqualTo(unknown.body()).isEqualTo("{\"error\":\"Site could not be found\"}");
            HttpResponse<String> own = get(otherKey, endpoint, "site_id", OTHER, "property", "event:page", "period", "day");
            assertThat(own.statusCode()).as(endpoint + ": " + own.body()).isEqualTo(200);
            assertThat(own.body()).doesNotContain("pricing");
        }
        assertThat(get(otherKey, "aggregate", "site_id", OTHER, "period", "day").body()).isEqualTo("{\"results\":{\"visitors\":{\"value\":1}}}");
        assertThat(get(TestServer.ADMIN_KEY, "aggregate", "site_id", OTHER, "period", "day").body())
                .as("an admin key sees every site").isEqualTo("{\"results\":{\"visitors\":{\"value\":1}}}");
    }
}
