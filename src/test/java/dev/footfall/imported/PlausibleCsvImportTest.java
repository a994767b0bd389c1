package dev.footfall.imported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.cli.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code footfall import --format plausible-csv}: a ZIP built to the column layout of Plausible's
 * export (lib/plausible/exports.ex) imports, and the Stats API answers with it where Plausible would.
 */
class PlausibleCsvImportTest {
    private static final String SITE = "history.test";
    private static final String JANUARY = "[\"2024-01-01\", \"2024-01-31\"]";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void site() {
        data = dir.resolve("data");
        assertThat(CliRun.of("sites", "add", "--data", data.toString(), SITE).exit()).isZero();
    }

    /** Two days of history, each file with the header Plausible's export writes. */
    static Map<String, String> export() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("imported_visitors_20240110_20240111.csv", """
                date,visitors,pageviews,bounces,visits,visit_duration
                2024-01-10,10,30,4,12,600
                2024-01-11,5,8,1,6,120
                """);
        files.put("imported_sources_20240110_20240111.csv", """
                date,source,referrer,utm_source,utm_medium,utm_campaign,utm_content,utm_term,pageviews,visitors,visits,visit_duration,bounces
                2024-01-10,"Google","https://google.com","","","","","",20,7,8,400,2
                2024-01-10,"","","","","","","",10,3,4,200,2
                2024-01-11,"Google","","newsletter","email","","","",8,5,6,120,1
                """);
        files.put("imported_pages_20240110_20240111.csv", """
                date,hostname,page,visits,visitors,pageviews,total_scroll_depth,total_scroll_depth_visits,total_time_on_page,total_time_on_page_visits
                2024-01-10,"history.test","/",9,8,20,400,8,300,8
                2024-01-10,"history.test","/pricing, \"\"annual\"\"",3,3,10,90,3,60,3
                2024-01-11,"history.test","/",5,5,8,250,5,100,5
                """);
        files.put("imported_entry_pages_20240110_20240111.csv", """
                date,entry_page,visitors,entrances,visit_duration,bounces,pageviews
                2024-01-10,"/",9,11,590,3,28
                2024-01-10,"/pricing, \"\"annual\"\"",1,1,10,1,2
                2024-01-11,"/",5,6,120,1,8
                """);
        files.put("imported_exit_pages_20240110_20240111.csv", """
                date,exit_page,visitors,visit_duration,exits,bounces,pageviews
                2024-01-10,"/",6,300,8,3,14
                2024-01-10,"/pricing, \"\"annual\"\"",4,300,4,1,16
                2024-01-11,"/",5,120,6,1,8
                """);
        files.put("imported_custom_events_20240110_20240111.csv", """
                date,name,link_url,path,visitors,events
                2024-01-10,"Signup","","",2,2
                2024-01-11,"Outbound Link: Click","https://elsewhere.test/","",1,3
                """);
        files.put("imported_locations_20240110_20240111.csv", """
                date,country,region,city,visitors,visits,visit_duration,bounces,pageviews
                2024-01-10,"EE","EE-37",588409,6,7,300,2,18
                2024-01-10,"ZZ","",0,4,5,300,2,12
                2024-01-11,"DE","",0,5,6,120,1,8
                """);
        files.put("imported_devices_20240110_20240111.csv", """
                date,device,visitors,visits,visit_duration,bounces,pageviews
                2024-01-10,"Desktop",7,8,400,2,20
                2024-01-10,"Mobile",3,4,200,2,10
                2024-01-11,"Desktop",5,6,120,1,8
                """);
        files.put("imported_browsers_20240110_20240111.csv", """
                date,browser,browser_version,visitors,visits,visit_duration,bounces,pageviews
                2024-01-10,"Chrome","120.0",8,9,500,3,25
                2024-01-10,"Firefox","121.0",2,3,100,1,5
                2024-01-11,"Chrome","119.0",5,6,120,1,8
                """);
        files.put("imported_operating_systems_20240110_20240111.csv", """
                date,operating_system,operating_system_version,visitors,visits,visit_duration,bounces,pageviews
                2024-01-10,"Mac","14.2",10,12,600,4,30
                2024-01-11,"GNU/Linux","",5,6,120,1,8
                """);
        return files;
    }

    private JsonNode query(TestServer server, String body) throws Exception {
        HttpResponse<String> res = server.admin("POST", "/api/v2/query", body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private static String q(String metrics, String dimensions, String extra) {
        return "{\"site_id\":\"" + SITE + "\",\"metrics\":" + metrics + ",\"date_range\":" + JANUARY + ",\"dimensions\":" + dimensions
                + extra + "}";
    }

    private static final String WITH_IMPORTS = ",\"include\":{\"imports\":true}";

    @Test
    void importedHistoryAnswersWherePlausibleWouldIncludeIt() throws Exception {
        Path zip = PlausibleZips.zip(dir.resolve("history_test_20240201.zip"), export());
        CliRun imported = CliRun.of("import", "--data", data.toString(), "--site", SITE, "--format", "plausible-csv", zip.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).as(imported.err()).contains("Imported 27 rows of 10 tables").contains("2024-01-10 to 2024-01-11");

        try (TestServer server = TestServer.start(data)) {
            String totals = "[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"visit_duration\",\"views_per_visit\"]";
            JsonNode without = query(server, q(totals, "[]", ""));
            assertThat(ResultRows.of(without)).containsExactly("=0,0,0,0,0,0.0");
            assertThat(without.get("meta").has("imports_included")).isFalse();

            // 15 visitors, 18 visits, 38 pageviews, 5 bounces (28 %), 720 s over 18 visits (40), 38 / 18 views per visit.
            JsonNode all = query(server, q(totals, "[]", WITH_IMPORTS));
            assertThat(ResultRows.of(all)).containsExactly("=15,18,38,28,40,2.11");
            assertThat(all.get("meta").get("imports_included").asBoolean()).isTrue();
            assertThat(all.get("query").get("include").get("imports").asBoolean()).isTrue();

            assertThat(ResultRows.of(query(server, q("[\"visitors\",\"pageviews\"]", "[\"time:day\"]", WITH_IMPORTS))))
                    .contains("2024-01-10=10,30", "2024-01-11=5,8");
            assertThat(ResultRows.of(query(server, q("[\"visitors\",\"visits\",\"bounce_rate\"]", "[\"visit:source\"]", WITH_IMPORTS))))
                    .containsExactly("Google=12,14,21", "Direct / None=3,4,50");
            assertThat(ResultRows.of(query(server, q("[\"visitors\",\"pageviews\"]", "[\"event:page\"]", WITH_IMPORTS))))
                    .containsExactly("/=13,28", "/pricing, \"annual\"=3,10");
            assertThat(ResultRows.of(query(server, q("[\"visitors\",\"visits\"]", "[\"visit:entry_page\"]", WITH_IMPORTS))))
                    .containsExactly("/=14,17", "/pricing, \"annual\"=1,1");
            assertThat(ResultRows.of(query(server, q("[\"visitors\"]", "[\"visit:country\"]", WITH_IMPORTS)))).containsExactly("EE=6", "DE=5");
            // Names are the labels of the imported codes as of the native ones (EE-37 is Debian's iso-codes' "Harjumaa").
            assertThat(ResultRows.of(query(server, q("[\"visitors\"]", "[\"visit:country_name\"]", WITH_IMPORTS))))
                    .containsExactly("Estonia=6", "Germany=5");
            assertThat(ResultRows.of(query(server, q("[\"visitors\"]", "[\"visit:region_name\"]", WITH_IMPORTS)))).contains("Harjumaa=6");
            assertThat(ResultRows.of(query(server, q("[\"visitors\"]", "[\"visit:device\"]", WITH_IMPORTS)))).containsExactly("Desktop=12", "Mobile=3");
            assertThat(ResultRows.of(query(server, q("[\"visitors\"]", "[\"visit:browser\"]", WITH_IMPORTS)))).containsExactly("Chrome=13", "Firefox=2");
            assertThat(ResultRows.of(query(server, q("[\"visitors\"]", "[\"visit:os\"]", WITH_IMPORTS)))).containsExactly("Mac=10", "GNU/Linux=5");
            assertThat(ResultRows.of(query(server, q("[\"visitors\"]", "[\"visit:utm_source\"]", WITH_IMPORTS)))).containsExactly("(not set)=10", "newsletter=5");
            assertThat(ResultRows.of(query(server, q("[\"visitors\",\"events\"]", "[\"event:name\"]", WITH_IMPORTS))))
                    .containsExactly("Signup=2,2", "Outbound Link: Click=1,3");

            // A filter on the same table as the dimensions: Google's visits only.
            assertThat(ResultRows.of(query(server, q("[\"visitors\",\"visits\",\"visit_duration\"]", "[]",
                    ",\"filters\":[[\"is\",\"visit:source\",[\"Google\"]]]" + WITH_IMPORTS)))).containsExactly("=12,14,37");
            assertThat(ResultRows.of(query(server, q("[\"visitors\"]", "[]",
                    ",\"filters\":[[\"contains\",\"event:page\",[\"pric\"]]]" + WITH_IMPORTS)))).containsExactly("=3");

            // Where Plausible leaves imports out, Footfall does too, saying why.
            JsonNode hourly = query(server, q("[\"visitors\"]", "[\"time:hour\"]", WITH_IMPORTS).replace(JANUARY, "[\"2024-01-10\", \"2024-01-10\"]"));
            assertThat(hourly.get("meta").get("imports_included").asBoolean()).isFalse();
            assertThat(hourly.get("meta").get("imports_skip_reason").asText()).isEqualTo("unsupported_interval");
            assertThat(hourly.get("meta").get("imports_warning").asText())
                    .isEqualTo("Imported stats are not included because the time dimension (i.e. the interval) is too short.");
            JsonNode mixed = query(server, q("[\"visitors\"]", "[\"event:page\"]", ",\"filters\":[[\"is\",\"visit:source\",[\"Google\"]]]" + WITH_IMPORTS));
            assertThat(ResultRows.of(mixed)).isEmpty();
            assertThat(mixed.get("meta").get("imports_skip_reason").asText()).isEqualTo("unsupported_query");
            assertThat(mixed.get("meta").get("imports_warning").asText()).startsWith("Imported stats are not included in the results because query parameters are not supported.");
            JsonNode later = query(server, q("[\"visitors\"]", "[]", WITH_IMPORTS).replace(JANUARY, "[\"2024-02-01\", \"2024-02-29\"]"));
            assertThat(later.get("meta").get("imports_skip_reason").asText()).isEqualTo("out_of_range");
            assertThat(later.get("meta").has("imports_warning")).isFalse();
        }

        CliRun list = CliRun.of("imports", "list", "--data", data.toString(), "--site", SITE);
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out().strip().lines()).hasSize(1);
        String id = list.out().strip().split("\t")[0];
        assertThat(list.out()).contains("2024-01-10\t2024-01-11\thistory_test_20240201.zip");
        assertThat(CliRun.of("imports", "delete", "--data", data.toString(), "--site", SITE, id).exit()).isZero();
        CliRun again = CliRun.of("imports", "delete", "--data", data.toString(), "--site", SITE, id);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("site history.test has no import " + id);
        try (TestServer server = TestServer.start(data)) {
            JsonNode gone = query(server, q("[\"visitors\"]", "[]", WITH_IMPORTS));
            assertThat(ResultRows.of(gone)).containsExactly("=0");
            assertThat(gone.get("meta").get("imports_skip_reason").asText()).isEqualTo("no_imported_data");
        }
    }

    @Test
    void aBadZipIsRefusedInOneLineAndChangesNothing() throws Exception {
        Map<String, String> badCount = new LinkedHashMap<>(export());
        badCount.put("imported_visitors_20240110_20240111.csv", "date,visitors,pageviews,bounces,visits,visit_duration\n2024-01-10,ten,30,4,12,600\n");
        Map<String, String> stray = new LinkedHashMap<>(export());
        stray.put("notes.txt", "hello");
        Map<String, String> unknownColumn = new LinkedHashMap<>(export());
        unknownColumn.put("imported_devices_20240110_20240111.csv", "date,device,visitors,colour\n2024-01-10,Desktop,1,blue\n");
        Map<String, String> badDate = Map.of("imported_visitors.csv", "date,visitors\n10/01/2024,3\n");
        Map<String, String> ragged = Map.of("imported_visitors.csv", "date,visitors\n2024-01-10,3,4\n");
        Map<String, String> crowded = new LinkedHashMap<>();
        for (int i = 0; i <= PlausibleCsvArchive.MAX_ENTRIES; i++) crowded.put("dir" + i + "/", "");
        Map<String, String> longLine = Map.of("imported_pages.csv",
                "date,hostname,page,visitors\n2024-01-10,a.test,/" + "x".repeat(PlausibleCsvArchive.MAX_LINE_CHARS) + ",1\n");
        Map<String, String> longLabel = Map.of("imported_pages.csv",
                "date,hostname,page,visitors\n2024-01-10,a.test,/" + "x".repeat(PlausibleCsvArchive.MAX_TEXT_CHARS) + ",1\n");
        Path notZip = Files.writeString(dir.resolve("export.zip"), "date,visitors\n2024-01-10,3\n");
        Map<Path, String> cases = new LinkedHashMap<>();
        cases.put(notZip, "not a ZIP file");
        cases.put(PlausibleZips.zip(dir.resolve("count.zip"), badCount), "imported_visitors_20240110_20240111.csv line 2: visitors is not a count: 'ten'");
        cases.put(PlausibleZips.zip(dir.resolve("stray.zip"), stray), "unknown file notes.txt in the ZIP");
        cases.put(PlausibleZips.zip(dir.resolve("column.zip"), unknownColumn), "imported_devices_20240110_20240111.csv: unknown column 'colour'");
        cases.put(PlausibleZips.zip(dir.resolve("date.zip"), badDate), "line 2: date is not YYYY-MM-DD: '10/01/2024'");
        cases.put(PlausibleZips.zip(dir.resolve("ragged.zip"), ragged), "line 2: 3 fields where the header has 2");
        cases.put(PlausibleZips.zip(dir.resolve("empty.zip"), Map.of()), "no imported_*.csv file");
        cases.put(PlausibleZips.zip(dir.resolve("crowded.zip"), crowded), "the ZIP has 33 entries");
        cases.put(PlausibleZips.zip(dir.resolve("line.zip"), longLine), "imported_pages.csv line 2: longer than 65536 characters");
        cases.put(PlausibleZips.zip(dir.resolve("label.zip"), longLabel), "imported_pages.csv line 2: page is longer than 4096 characters");
        for (Map.Entry<Path, String> c : cases.entrySet()) {
            CliRun run = CliRun.of("import", "--data", data.toString(), "--site", SITE, "--format", "plausible-csv", c.getKey().toString());
            assertThat(run.exit()).as(c.getValue() + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).startsWith("footfall: ").contains(c.getValue()).doesNotContain("Exception");
            assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        }
        CliRun list = CliRun.of("imports", "list", "--data", data.toString(), "--site", SITE);
        assertThat(list.out()).isBlank();
        try (TestServer server = TestServer.start(data)) {
            assertThat(ResultRows.of(query(server, q("[\"visitors\"]", "[]", WITH_IMPORTS)))).containsExactly("=0");
        }
    }
}
