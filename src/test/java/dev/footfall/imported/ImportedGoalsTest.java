package dev.footfall.imported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.cli.CliRun;
import dev.footfall.enrich.EventRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Goals and the system goals' url and path over imported Plausible history, added to native
 * traffic, through the Stats API v2 ({@code include.imports}) and v1 ({@code with_imported}).
 *
 * <p>Imported ({@link PlausibleZips#sample()} with more custom events and pages), January 2024:
 * <pre>
 * custom events  Signup 2 visitors 2 events; Outbound Link: Click to elsewhere.test 1 / 3 and
 *                to other.test 2 / 2; 404 at /missing 1 / 1
 * pages          / 13 visitors 28 pageviews; /pricing, "annual" 3 / 10; /blog/a 2 / 3; /blog/b 1 / 1
 * visitors       15 in all
 * </pre>
 * Native, 2024-01-10: A views / and signs up; B views /blog/a and clicks out to elsewhere.test;
 * C views /blog/c and hits a 404 at /missing: 3 visitors, 3 pageviews.
 * Goals: Signup, Outbound Link: Click, 404 (events), Visit / and Visit /blog/* (pages).
 */
class ImportedGoalsTest {
    private static final String SITE = "goals-history.test";
    private static final String JANUARY = "[\"2024-01-01\", \"2024-01-31\"]";
    private static final String WITH_IMPORTS = ",\"include\":{\"imports\":true}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Map<String, String> export() {
        Map<String, String> files = new LinkedHashMap<>(PlausibleZips.sample());
        files.put("imported_custom_events_20240110_20240111.csv", """
                date,name,link_url,path,visitors,events
                2024-01-10,"Signup","","",2,2
                2024-01-11,"Outbound Link: Click","https://elsewhere.test/","",1,3
                2024-01-11,"Outbound Link: Click","https://other.test/","",2,2
                2024-01-10,"404","","/missing",1,1
                """);
        files.put("imported_pages_20240110_20240111.csv", """
                date,hostname,page,visits,visitors,pageviews,total_scroll_depth,total_scroll_depth_visits,total_time_on_page,total_time_on_page_visits
                2024-01-10,"goals-history.test","/",9,8,20,400,8,300,8
                2024-01-10,"goals-history.test","/pricing, \"\"annual\"\"",3,3,10,90,3,60,3
                2024-01-11,"goals-history.test","/",5,5,8,250,5,100,5
                2024-01-11,"goals-history.test","/blog/a",2,2,3,0,0,0,0
                2024-01-11,"goals-history.test","/blog/b",1,1,1,0,0,0,0
                """);
        return files;
    }

    private static void event(TestServer server, String ip, String name, String path, String props, String at) throws Exception {
        String json = "{\"n\":\"" + name + "\",\"u\":\"https://" + SITE + path + "\",\"d\":\"" + SITE + "\""
                + (props.isEmpty() ? "" : ",\"p\":" + props) + "}";
        server.server.ingestion().ingest(EventRequest.parse(json.getBytes(StandardCharsets.UTF_8)), ip, TestServer.BROWSER_UA,
                Instant.parse(at)).appended().durable().get();
    }

    private static void traffic(TestServer server) throws Exception {
        for (String goal : List.of("{\"goal_type\":\"event\",\"event_name\":\"Signup\"}",
                "{\"goal_type\":\"event\",\"event_name\":\"Outbound Link: Click\"}", "{\"goal_type\":\"event\",\"event_name\":\"404\"}",
                "{\"goal_type\":\"page\",\"page_path\":\"/\"}", "{\"goal_type\":\"page\",\"page_path\":\"/blog/*\"}")) {
            HttpResponse<String> res = server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"" + SITE + "\"," + goal.substring(1));
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        }
        event(server, "10.0.0.1", "pageview", "/", "", "2024-01-10T09:00:00Z");
        event(server, "10.0.0.1", "Signup", "/", "", "2024-01-10T09:01:00Z");
        event(server, "10.0.0.2", "pageview", "/blog/a", "", "2024-01-10T10:00:00Z");
        event(server, "10.0.0.2", "Outbound Link: Click", "/blog/a", "{\"url\":\"https://elsewhere.test/\"}", "2024-01-10T10:01:00Z");
        event(server, "10.0.0.3", "pageview", "/blog/c", "", "2024-01-10T11:00:00Z");
        event(server, "10.0.0.3", "404", "/blog/c", "{\"path\":\"/missing\"}", "2024-01-10T11:01:00Z");
        server.awaitLoaded();
    }

    private static JsonNode query(TestServer server, String metrics, String dimensions, String extra) throws Exception {
        String body = "{\"site_id\":\"" + SITE + "\",\"metrics\":" + metrics + ",\"date_range\":" + JANUARY + ",\"dimensions\":" + dimensions
                + extra + "}";
        HttpResponse<String> res = server.admin("POST", "/api/v2/query", body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private static JsonNode v1(TestServer server, String endpoint, String params) throws Exception {
        HttpResponse<String> res = server.admin("GET", "/api/v1/stats/" + endpoint + "?site_id=" + SITE
                + "&period=custom&date=2024-01-01,2024-01-31&" + params, null);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private static String skipReason(JsonNode answer) {
        assertThat(answer.get("meta").get("imports_included").asBoolean()).as(answer.toString()).isFalse();
        return answer.get("meta").get("imports_skip_reason").asText();
    }

    @Test
    void goalsAndSystemGoalPropertiesAddImportedHistoryToNativeTraffic() throws Exception {
        Path data = dir.resolve("data");
        assertThat(CliRun.of("sites", "add", "--data", data.toString(), SITE).exit()).isZero();
        CliRun imported = CliRun.of("import", "--data", data.toString(), "--site", SITE, "--format", "plausible-csv",
                PlausibleZips.zip(dir.resolve("goals.zip"), export()).toString());
        assertThat(imported.exit()).as(imported.err()).isZero();

        try (TestServer server = TestServer.start(data)) {
            traffic(server);
            String goalMetrics = "[\"visitors\",\"events\",\"conversion_rate\"]";
            String byVisitors = ",\"order_by\":[[\"visitors\",\"desc\"]]";

            // Natively: one visitor for each goal but Visit /blog/* (B and C), out of 3.
            assertThat(ResultRows.of(query(server, goalMetrics, "[\"event:goal\"]", byVisitors))).containsExactly(
                    "Visit /blog/*=2,2,66.67", "404=1,1,33.33", "Outbound Link: Click=1,1,33.33", "Signup=1,1,33.33", "Visit /=1,1,33.33");
            // With imports, out of 3 + 15 = 18 visitors: event goals add their custom events, page goals
            // their pages' visitors and pageviews (/blog/a and /blog/b for /blog/*).
            JsonNode goals = query(server, goalMetrics, "[\"event:goal\"]", byVisitors + WITH_IMPORTS);
            assertThat(goals.get("meta").get("imports_included").asBoolean()).isTrue();
            assertThat(ResultRows.of(goals)).containsExactly("Visit /=14,29,77.78", "Visit /blog/*=5,6,27.78", "Outbound Link: Click=4,6,22.22",
                    "Signup=3,3,16.67", "404=2,2,11.11");

            // By day too: each day's goals from both tables.
            assertThat(ResultRows.of(query(server, "[\"visitors\"]", "[\"time:day\",\"event:goal\"]",
                    ",\"order_by\":[[\"time:day\",\"asc\"],[\"event:goal\",\"asc\"]]" + WITH_IMPORTS))).containsExactly(
                    "2024-01-10|404=2", "2024-01-10|Outbound Link: Click=1", "2024-01-10|Signup=3", "2024-01-10|Visit /=9",
                    "2024-01-10|Visit /blog/*=2", "2024-01-11|Outbound Link: Click=3", "2024-01-11|Visit /=5", "2024-01-11|Visit /blog/*=3");

            // A goal filter reads the table of its goal's kind.
            assertThat(ResultRows.of(query(server, goalMetrics, "[]", ",\"filters\":[[\"is\",\"event:goal\",[\"Signup\"]]]" + WITH_IMPORTS)))
                    .containsExactly("=3,3,16.67");
            assertThat(ResultRows.of(query(server, "[\"visitors\"]", "[\"time:day\"]",
                    ",\"filters\":[[\"is\",\"event:goal\",[\"Visit /blog/*\"]]]" + WITH_IMPORTS)))
                    .containsExactly("2024-01-10=2", "2024-01-11=3");
            assertThat(ResultRows.of(query(server, "[\"visitors\",\"pageviews\"]", "[\"event:page\"]",
                    ",\"filters\":[[\"is\",\"event:goal\",[\"Visit /blog/*\"]]]" + byVisitors + WITH_IMPORTS)))
                    .containsExactly("/blog/a=3,4", "/blog/b=1,1", "/blog/c=1,1");
            assertThat(ResultRows.of(query(server, goalMetrics, "[\"event:goal\"]",
                    ",\"filters\":[[\"is\",\"event:goal\",[\"Outbound Link: Click\",\"404\"]]]" + byVisitors + WITH_IMPORTS)))
                    .containsExactly("Outbound Link: Click=4,6,22.22", "404=2,2,11.11");

            // url and path come from the custom events of the system goals that send them.
            assertThat(ResultRows.of(query(server, "[\"visitors\",\"events\"]", "[\"event:props:url\"]",
                    ",\"filters\":[[\"is\",\"event:goal\",[\"Outbound Link: Click\"]]]" + byVisitors + WITH_IMPORTS)))
                    .containsExactly("https://elsewhere.test/=2,4", "https://other.test/=2,2");
            assertThat(ResultRows.of(query(server, "[\"visitors\",\"events\"]", "[\"event:props:path\"]",
                    ",\"filters\":[[\"is\",\"event:name\",[\"404\"]]]" + WITH_IMPORTS))).containsExactly("/missing=2,2");
            assertThat(ResultRows.of(query(server, "[\"visitors\"]", "[]", ",\"filters\":[[\"is\",\"event:goal\",[\"Outbound Link: Click\"]],"
                    + "[\"is\",\"event:props:url\",[\"https://other.test/\"]]]" + WITH_IMPORTS))).containsExactly("=2");

            // Where Plausible leaves imports out: both kinds of goal at once, url without its goal,
            // path under a goal that does not send it. The answer is the native one.
            JsonNode mixed = query(server, "[\"visitors\"]", "[]", ",\"filters\":[[\"is\",\"event:goal\",[\"Signup\",\"Visit /\"]]]" + WITH_IMPORTS);
            assertThat(ResultRows.of(mixed)).containsExactly("=1");
            assertThat(skipReason(mixed)).isEqualTo("unsupported_query");
            JsonNode bare = query(server, "[\"visitors\"]", "[\"event:props:url\"]", WITH_IMPORTS);
            assertThat(skipReason(bare)).isEqualTo("unsupported_query");
            assertThat(skipReason(query(server, "[\"visitors\"]", "[\"event:props:path\"]",
                    ",\"filters\":[[\"is\",\"event:goal\",[\"Signup\"]]]" + WITH_IMPORTS))).isEqualTo("unsupported_query");
            // A skipped answer's conversion rate divides by native visitors only, as Plausible's does.
            JsonNode skipped = query(server, goalMetrics, "[\"visit:source\"]", ",\"filters\":[[\"is\",\"event:goal\",[\"Signup\"]]]" + WITH_IMPORTS);
            assertThat(skipReason(skipped)).isEqualTo("unsupported_query");
            assertThat(ResultRows.of(skipped)).containsExactly("Direct / None=1,1,33.33");

            // Stats API v1: with_imported=true answers as include.imports does.
            assertThat(v1(server, "aggregate", "metrics=visitors,pageviews").get("results").get("visitors").get("value").asLong()).isEqualTo(3);
            JsonNode total = v1(server, "aggregate", "metrics=visitors,pageviews&with_imported=true").get("results");
            assertThat(total.get("visitors").get("value").asLong()).isEqualTo(18);
            assertThat(total.get("pageviews").get("value").asLong()).isEqualTo(41);
            JsonNode signups = v1(server, "aggregate", "metrics=visitors,events,conversion_rate&filters=event:goal%3D%3DSignup&with_imported=true");
            assertThat(signups.get("results").get("visitors").get("value").asLong()).isEqualTo(3);
            assertThat(signups.get("results").get("conversion_rate").get("value").asDouble()).isEqualTo(16.67);
            JsonNode days = v1(server, "timeseries", "metrics=visitors&with_imported=true").get("results");
            assertThat(days).hasSize(31);
            assertThat(days.get(9).get("date").asText()).isEqualTo("2024-01-10");
            assertThat(days.get(9).get("visitors").asLong()).isEqualTo(3 + 10);
            assertThat(days.get(10).get("visitors").asLong()).isEqualTo(5);
            JsonNode byGoal = v1(server, "breakdown", "property=event:goal&metrics=visitors,events,conversion_rate&with_imported=true");
            List<String> goalRows = new ArrayList<>();
            for (JsonNode r : byGoal.get("results")) {
                goalRows.add(r.get("goal").asText() + "=" + r.get("visitors").asLong() + "," + r.get("events").asLong() + ","
                        + r.get("conversion_rate").asDouble());
            }
            assertThat(goalRows).containsExactly("Visit /=14,29,77.78", "Visit /blog/*=5,6,27.78", "Outbound Link: Click=4,6,22.22",
                    "Signup=3,3,16.67", "404=2,2,11.11");
            JsonNode urls = v1(server, "breakdown", "property=event:props:url&metrics=visitors&filters=event:goal%3D%3DOutbound%20Link%3A%20Click"
                    + "&with_imported=true");
            assertThat(urls.get("results").toString()).isEqualTo("[{\"url\":\"https://elsewhere.test/\",\"visitors\":2},"
                    + "{\"url\":\"https://other.test/\",\"visitors\":2}]");
            JsonNode unsupported = v1(server, "breakdown", "property=event:props:url&metrics=visitors&with_imported=true");
            assertThat(unsupported.get("warning").asText()).startsWith("Imported stats are not included in the results because query parameters are not supported.");

            HttpResponse<String> typo = server.admin("GET", "/api/v1/stats/aggregate?site_id=" + SITE + "&metrics=visitors&with_imported=yes", null);
            assertThat(typo.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(typo.body()).get("error").asText()).contains("with_imported");
        }
    }
}
