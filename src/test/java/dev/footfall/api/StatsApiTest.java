package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The v2 Stats API contract: answers on known traffic, every error path, and tenant isolation. */
class StatsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE_KEY = "site-key-for-a-0123456789";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        server.addSite("a.example");
        server.addSite("b.example");
        server.server.storage().addApiKey(ApiKeys.hash(SITE_KEY), new ApiKey("site-key", "a only", Optional.of("a.example")));
        server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"a.example\",\"goal_type\":\"event\",\"event_name\":\"Signup\"}");
        // Visitor 1: two pageviews and a signup. Visitor 2: one pageview (a bounce). Site b: one visitor.
        send("a.example", "pageview", "https://a.example/?utm_source=newsletter", "https://www.google.com/", "81.2.69.142");
        send("a.example", "pageview", "https://a.example/pricing", "", "81.2.69.142");
        send("a.example", "Signup", "https://a.example/pricing", "", "81.2.69.142");
        send("a.example", "pageview", "https://a.example/blog", "https://news.ycombinator.com/", "8.8.8.8");
        send("b.example", "pageview", "https://b.example/secret", "", "8.8.4.4");
    }

    private static void send(String domain, String name, String url, String referrer, String ip) {
        HttpResponse<String> res = server.event("{\"n\":\"" + name + "\",\"u\":\"" + url + "\",\"d\":\"" + domain + "\",\"r\":\"" + referrer + "\"}", ip);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> query(String key, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(server.uri("/api/v2/query")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) req.header("Authorization", "Bearer " + key);
        return server.send(req);
    }

    static JsonNode ok(String body) throws Exception {
        HttpResponse<String> res = query(TestServer.ADMIN_KEY, body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    @Test
    void aggregateOfKnownTraffic() throws Exception {
        JsonNode r = ok("""
                {"site_id":"a.example","metrics":["visitors","visits","pageviews","events","views_per_visit","bounce_rate"],
                 "date_range":"day","filters":[]}""");
        assertThat(r.at("/results/0/dimensions").size()).isZero();
        assertThat(r.at("/results/0/metrics").toString()).isEqualTo("[2,2,3,4,1.5,50]");
        assertThat(r.at("/query/site_id").asText()).isEqualTo("a.example");
        assertThat(r.at("/query/date_range/0").asText()).endsWith("T00:00:00Z");
        assertThat(r.at("/query/date_range/1").asText()).endsWith("T23:59:59Z");
        assertThat(r.at("/query/order_by").toString()).isEqualTo("[[\"visitors\",\"desc\"]]");
        assertThat(r.at("/query/pagination").toString()).contains("\"limit\":10000");
    }

    @Test
    void breakdownsPercentagesGoalsAndTotals() throws Exception {
        JsonNode sources = ok("""
                {"site_id":"a.example","metrics":["visitors","percentage","bounce_rate"],"date_range":"day",
                 "dimensions":["visit:source"],"include":{"total_rows":true}}""");
        assertThat(sources.at("/results").toString())
                .isEqualTo("[{\"dimensions\":[\"Hacker News\"],\"metrics\":[1,50.0,100]},{\"dimensions\":[\"newsletter\"],\"metrics\":[1,50.0,0]}]");
        assertThat(sources.at("/meta/total_rows").asLong()).isEqualTo(2);

        JsonNode goals = ok("""
                {"site_id":"a.example","metrics":["visitors","events","conversion_rate"],"date_range":"day","dimensions":["event:goal"]}""");
        assertThat(goals.at("/results").toString()).isEqualTo("[{\"dimensions\":[\"Signup\"],\"metrics\":[1,1,50.0]}]");

        JsonNode pages = ok("""
                {"site_id":"a.example","metrics":["visitors","pageviews"],"date_range":"day","dimensions":["event:page"],
                 "filters":[["is","event:goal",["Signup"]]]}""");
        assertThat(pages.at("/results").toString()).isEqualTo("[{\"dimensions\":[\"/pricing\"],\"metrics\":[1,0]}]");

        JsonNode paged = ok("""
                {"site_id":"a.example","metrics":["pageviews"],"date_range":"day","dimensions":["event:page"],
                 "order_by":[["event:page","asc"]],"pagination":{"limit":1,"offset":1},"include":{"total_rows":true}}""");
        assertThat(paged.at("/results").toString()).isEqualTo("[{\"dimensions\":[\"/blog\"],\"metrics\":[1]}]");
        assertThat(paged.at("/meta/total_rows").asLong()).isEqualTo(3);
    }

    @Test
    void timeSeriesLabelsComparisonAndExplain() throws Exception {
        JsonNode r = ok("""
                {"site_id":"a.example","metrics":["visitors","pageviews"],"date_range":"day","dimensions":["time"],
                 "include":{"time_labels":true,"comparison":"previous_period","explain":true}}""");
        assertThat(r.at("/query/dimensions/0").asText()).isEqualTo("time:hour");
        assertThat(r.at("/meta/time_labels").size()).isEqualTo(24);
        assertThat(r.at("/results/0/comparison/metrics").toString()).isEqualTo("[0,0]");
        assertThat(r.at("/results/0/comparison/change").toString()).isEqualTo("[100,100]");
        assertThat(r.at("/meta/comparison_date_range").size()).isEqualTo(2);
        JsonNode explain = r.at("/meta/explain/0");
        assertThat(explain.get("tier").asText()).isEqualTo("raw");
        assertThat(explain.get("sql").asText()).contains("FROM events");
        assertThat(explain.get("rows_read").asLong()).isGreaterThan(0);
        assertThat(explain.get("ms").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no site_id           | {"metrics":["visitors"],"date_range":"day"}                                                              | site_id
            unknown metric       | {"site_id":"a.example","metrics":["visitorz"],"date_range":"day"}                                      | #/metrics/0: Invalid metric "visitorz"
            no metrics           | {"site_id":"a.example","metrics":[],"date_range":"day"}                                                | #/metrics
            repeated metric      | {"site_id":"a.example","metrics":["visits","visits"],"date_range":"day"}                              | #/metrics
            unknown dimension    | {"site_id":"a.example","metrics":["visits"],"date_range":"day","dimensions":["visit:shoe"]}           | #/dimensions/0: Invalid dimension "visit:shoe"
            no date range        | {"site_id":"a.example","metrics":["visits"]}                                                            | date_range
            bad period           | {"site_id":"a.example","metrics":["visits"],"date_range":"fortnight"}                                   | #/date_range: Invalid date range "fortnight"
            reversed range       | {"site_id":"a.example","metrics":["visits"],"date_range":["2024-02-01","2024-01-01"]}                  | #/date_range
            bad datetime         | {"site_id":"a.example","metrics":["visits"],"date_range":["2024-01-01T00:00:00","2024-01-02T00:00:00"]} | #/date_range
            unknown operator     | {"site_id":"a.example","metrics":["visits"],"date_range":"day","filters":[["like","event:page",["/"]]]} | #/filters/0
            empty values         | {"site_id":"a.example","metrics":["visits"],"date_range":"day","filters":[["is","event:page",[]]]}      | #/filters/0
            time filter          | {"site_id":"a.example","metrics":["visits"],"date_range":"day","filters":[["is","time:day",["x"]]]}     | #/filters/0
            bad regex            | {"site_id":"a.example","metrics":["visits"],"date_range":"day","filters":[["matches","event:page",["("]]]} | not a valid regular expression
            regex modifier       | {"site_id":"a.example","metrics":["visits"],"date_range":"day","filters":[["matches","event:page",["a"],{"case_sensitive":false}]]} | case_sensitive
            nested goal          | {"site_id":"a.example","metrics":["visits"],"date_range":"day","filters":[["not",["is","event:goal",["Signup"]]]]} | can only be filtered at the top level
            unknown goal         | {"site_id":"a.example","metrics":["visits"],"date_range":"day","filters":[["is","event:goal",["Nope"]]]} | The goal `Nope` is not configured
            session x event dim  | {"site_id":"a.example","metrics":["bounce_rate"],"date_range":"day","dimensions":["event:name"]}       | Session metric(s) `bounce_rate` cannot be queried along with event dimension(s) `event:name`
            event x exit page    | {"site_id":"a.example","metrics":["pageviews"],"date_range":"day","dimensions":["visit:exit_page"]}    | Event metric(s) `pageviews` cannot be queried along with session dimension(s) `visit:exit_page`
            views per visit page | {"site_id":"a.example","metrics":["views_per_visit"],"date_range":"day","filters":[["is","event:page",["/"]]]} | Metric `views_per_visit` cannot be queried with a filter on `event:page`.
            conversion no goal   | {"site_id":"a.example","metrics":["conversion_rate"],"date_range":"day"}                               | Metric `conversion_rate` can only be queried with event:goal filters or dimensions.
            scroll depth no page | {"site_id":"a.example","metrics":["scroll_depth"],"date_range":"day"}                                  | Metric `scroll_depth` can only be queried with event:page filters or dimensions.
            order not queried    | {"site_id":"a.example","metrics":["visits"],"date_range":"day","order_by":[["pageviews","desc"]]}      | Entry is not a queried metric or dimension.
            labels without time  | {"site_id":"a.example","metrics":["visits"],"date_range":"day","include":{"time_labels":true}}          | Invalid include.time_labels: requires a time dimension.
            unknown include      | {"site_id":"a.example","metrics":["visits"],"date_range":"day","include":{"everything":true}}           | Invalid include
            bad comparison       | {"site_id":"a.example","metrics":["visits"],"date_range":"day","include":{"comparison":"last_week"}}    | include.comparison
            limit too large      | {"site_id":"a.example","metrics":["visits"],"date_range":"day","pagination":{"limit":10001}}          | #/pagination/limit
            negative offset      | {"site_id":"a.example","metrics":["visits"],"date_range":"day","pagination":{"offset":-1}}            | #/pagination/offset
            not json             | {"site_id":                                                                                              | body
            """)
    void badQueriesAre400sNamingThePart(String name, String body, String message) {
        HttpResponse<String> res = query(TestServer.ADMIN_KEY, body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(res.body()).as(name).contains(message.replace("\"", "\\\""));
    }

    @Test
    void keysSeeOnlyTheirSites() throws Exception {
        String body = "{\"site_id\":\"%s\",\"metrics\":[\"visitors\",\"pageviews\"],\"date_range\":\"day\"}";
        assertThat(query(null, body.formatted("a.example")).statusCode()).isEqualTo(401);
        assertThat(query("wrong-key", body.formatted("a.example")).statusCode()).isEqualTo(401);

        HttpResponse<String> own = query(SITE_KEY, body.formatted("a.example"));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(own.body()).at("/results/0/metrics").toString()).isEqualTo("[2,3]");

        HttpResponse<String> other = query(SITE_KEY, body.formatted("b.example"));
        HttpResponse<String> missing = query(SITE_KEY, body.formatted("nowhere.example"));
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(other.body()).isEqualTo(missing.body()).doesNotContain("secret");

        // The admin sees b's one visitor; a's numbers never include b's traffic.
        assertThat(ok(body.formatted("b.example")).at("/results/0/metrics").toString()).isEqualTo("[1,1]");
    }
}
