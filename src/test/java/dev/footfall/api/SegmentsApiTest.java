package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.footfall.TestServer;
import dev.footfall.segment.Segments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved segments over HTTP on a real server: the dashboard API's create, list, change and delete,
 * who may do which, the bounds, and the Stats API's {@code ["is", "segment", [id]]}, whose answers
 * must equal those of sending the segment's filters directly.
 */
class SegmentsApiTest {
    static final String PASSWORD = "correct horse battery";
    static final String SITE = "segs.test";
    static final String OTHER = "other.test";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static WebSession owner;
    static WebSession viewer;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        owner = new WebSession(server).login("/api/ui/setup", "owner@example.com", PASSWORD);
        for (String domain : List.of(SITE, OTHER, "full.test")) {
            assertThat(owner.post("/api/v1/sites", "{\"domain\":\"" + domain + "\",\"timezone\":\"UTC\"}").statusCode()).isEqualTo(200);
        }
        assertThat(server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"" + SITE + "\",\"goal_type\":\"event\",\"event_name\":\"Signup\"}")
                .statusCode()).isEqualTo(200);
        String[] pages = {"/", "/blog/one", "/blog/two", "/pricing", "/docs/start"};
        String[] referrers = {"", "https://www.google.com/search", "https://news.ycombinator.com/", "https://twitter.com/x"};
        Random random = new Random(17);
        for (int visitor = 0; visitor < 40; visitor++) {
            String ip = "198.51.100." + (visitor + 1);
            String referrer = referrers[random.nextInt(referrers.length)];
            int views = 1 + random.nextInt(3);
            for (int v = 0; v < views; v++) {
                String page = pages[random.nextInt(pages.length)];
                server.event("{\"n\":\"pageview\",\"u\":\"https://" + SITE + page + "\",\"d\":\"" + SITE + "\",\"r\":\"" + (v == 0 ? referrer : "") + "\"}", ip);
            }
            if (random.nextInt(3) == 0) {
                server.event("{\"n\":\"Signup\",\"u\":\"https://" + SITE + "/pricing\",\"d\":\"" + SITE + "\",\"p\":{\"plan\":\""
                        + (random.nextBoolean() ? "pro" : "free") + "\"}}", ip);
            }
        }
        server.event("{\"n\":\"pageview\",\"u\":\"https://" + OTHER + "/\",\"d\":\"" + OTHER + "\"}", "203.0.113.9");
        viewer = member(SITE, "viewer@example.com", "viewer");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Invites {@code email} to {@code domain} and accepts as that person, who is then logged in. */
    private static WebSession member(String domain, String email, String role) {
        HttpResponse<String> invited = owner.post("/api/ui/sites/" + domain + "/members", "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(200);
        String link = WebSession.json(invited).get("invitation").get("link").asText();
        String token = link.substring(link.lastIndexOf('/') + 1);
        WebSession person = new WebSession(server);
        assertThat(person.post("/api/ui/invitations/" + token + "/accept", "{\"password\":\"" + PASSWORD + "\"}").statusCode()).isEqualTo(200);
        return person;
    }

    private static String segment(String name, String type, String filters) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"segment_data\":{\"filters\":" + filters + "}}";
    }

    private static long create(WebSession who, String domain, String body) {
        HttpResponse<String> res = who.post("/api/ui/sites/" + domain + "/segments", body);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return WebSession.json(res).get("segment").get("id").asLong();
    }

    private static List<String> names(HttpResponse<String> list) {
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        WebSession.json(list).get("segments").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    private static HttpResponse<String> query(String domain, String metrics, String dimensions, String filters) {
        return server.admin("POST", "/api/v2/query", "{\"site_id\":\"" + domain + "\",\"metrics\":" + metrics + ",\"date_range\":\"all\",\"dimensions\":"
                + dimensions + ",\"filters\":" + filters + "}");
    }

    private static JsonNode results(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return WebSession.json(res).get("results");
    }

    /** The same status, and the same rows or the same refusal (a hostname condition may not be negated, with or without a segment). */
    private static void sameAnswer(HttpResponse<String> viaSegment, HttpResponse<String> direct) {
        assertThat(viaSegment.statusCode()).as(viaSegment.body()).isEqualTo(direct.statusCode());
        if (direct.statusCode() == 200) assertThat(results(viaSegment)).isEqualTo(results(direct));
        else assertThat(viaSegment.body()).isEqualTo(direct.body());
    }

    // --- the Stats API gives the same answers as the filters sent directly ------------------------

    static final String VISIT_METRICS = "[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\",\"visit_duration\"]";
    static final List<String> CONDITIONS = List.of(
            "[\"contains\",\"event:page\",[\"/blog\"]]",
            "[\"is\",\"visit:source\",[\"Google\",\"Hacker News\"]]",
            "[\"is_not\",\"visit:entry_page\",[\"/\"]]",
            "[\"matches\",\"event:page\",[\"^/(pricing|docs)\"]]",
            "[\"contains_not\",\"visit:exit_page\",[\"two\"]]",
            "[\"is\",\"event:hostname\",[\"" + SITE + "\"]]",
            "[\"contains\",\"visit:referrer\",[\"google\"],{\"case_sensitive\":false}]");

    @Test
    void aSegmentAnswersExactlyWhatItsFiltersDo() {
        Random random = new Random(5);
        for (int round = 0; round < 12; round++) {
            List<String> picked = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            while (picked.size() < n) {
                String c = CONDITIONS.get(random.nextInt(CONDITIONS.size()));
                if (!picked.contains(c)) picked.add(c);
            }
            String filters = "[" + String.join(",", picked) + "]";
            long id = create(owner, SITE, segment("round " + round, "site", filters));
            for (String dims : List.of("[]", "[\"visit:source\"]", "[\"event:page\"]", "[\"time:day\"]")) {
                String metrics = dims.contains("event:page") ? "[\"visitors\",\"pageviews\",\"bounce_rate\"]" : VISIT_METRICS;
                JsonNode direct = results(query(SITE, metrics, dims, filters));
                assertThat(results(query(SITE, metrics, dims, "[[\"is\",\"segment\",[" + id + "]]]")))
                        .as("segment %s by %s", filters, dims).isEqualTo(direct);
                // Beside another condition, and negated: as ["and", filters] would be.
                String extra = "[\"is_not\",\"event:page\",[\"/pricing\"]]";
                assertThat(results(query(SITE, metrics, dims, "[[\"is\",\"segment\",[" + id + "]]," + extra + "]")))
                        .isEqualTo(results(query(SITE, metrics, dims, "[" + String.join(",", picked) + "," + extra + "]")));
                sameAnswer(query(SITE, metrics, dims, "[[\"not\",[\"is\",\"segment\",[" + id + "]]]]"),
                        query(SITE, metrics, dims, "[[\"not\",[\"and\"," + filters + "]]]"));
            }
        }
        // The comparison means something: a segment narrows the site's numbers.
        long blog = create(owner, SITE, segment("Blog", "site", "[" + CONDITIONS.get(0) + "]"));
        long all = results(query(SITE, "[\"visitors\"]", "[]", "[]")).get(0).get("metrics").get(0).asLong();
        long inBlog = results(query(SITE, "[\"visitors\"]", "[]", "[[\"is\",\"segment\",[" + blog + "]]]")).get(0).get("metrics").get(0).asLong();
        assertThat(inBlog).isPositive().isLessThan(all);
    }

    @Test
    void severalIdsAreAlternativesAndGoalsStayTopLevel() {
        long google = create(owner, SITE, segment("Google", "site", "[[\"is\",\"visit:source\",[\"Google\"]]]"));
        long pricing = create(owner, SITE, segment("Pricing", "site", "[[\"is\",\"visit:entry_page\",[\"/pricing\"]]]"));
        String either = "[[\"or\",[[\"and\",[[\"is\",\"visit:source\",[\"Google\"]]]],[\"and\",[[\"is\",\"visit:entry_page\",[\"/pricing\"]]]]]]]";
        assertThat(results(query(SITE, VISIT_METRICS, "[\"visit:source\"]", "[[\"is\",\"segment\",[" + google + "," + pricing + "]]]")))
                .isEqualTo(results(query(SITE, VISIT_METRICS, "[\"visit:source\"]", either)));

        // A goal filter may only be top-level: a segment of one keeps it there.
        long signups = create(owner, SITE, segment("Signed up", "site", "[[\"is\",\"event:goal\",[\"Signup\"]],[\"is\",\"event:props:plan\",[\"pro\"]]]"));
        JsonNode direct = results(query(SITE, "[\"visitors\",\"events\"]", "[\"visit:source\"]",
                "[[\"is\",\"event:goal\",[\"Signup\"]],[\"is\",\"event:props:plan\",[\"pro\"]]]"));
        assertThat(direct).isNotEmpty();
        assertThat(results(query(SITE, "[\"visitors\",\"events\"]", "[\"visit:source\"]", "[[\"is\",\"segment\",[" + signups + "]]]"))).isEqualTo(direct);

        // The answer echoes the query as sent, segment and all.
        HttpResponse<String> res = query(SITE, "[\"visitors\"]", "[]", "[[\"is\",\"segment\",[" + google + "]]]");
        assertThat(WebSession.json(res).get("query").get("filters").toString()).isEqualTo("[[\"is\",\"segment\",[" + google + "]]]");
    }

    @Test
    void theStatsApiRefusesSegmentsItCannotResolve() {
        long elsewhere = create(owner, OTHER, segment("Elsewhere", "site", "[[\"is\",\"event:page\",[\"/\"]]]"));
        HttpResponse<String> foreign = query(SITE, "[\"visitors\"]", "[]", "[[\"is\",\"segment\",[" + elsewhere + "]]]");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("Segment " + elsewhere + " does not exist on this site").contains("#/filters/0");
        assertThat(query(SITE, "[\"visitors\"]", "[]", "[[\"is\",\"segment\",[987654]]]").body()).contains("Segment 987654");
        long mine = create(owner, SITE, segment("Mine", "site", "[[\"is\",\"event:page\",[\"/\"]]]"));
        for (String bad : List.of("[[\"is_not\",\"segment\",[" + mine + "]]]", "[[\"is\",\"segment\",[\"" + mine + "\"]]]",
                "[[\"is\",\"segment\",[]]]", "[[\"is\",\"segment\",[1,2,3,4,5,6]],[\"is\",\"segment\",[1,2,3,4,5,6]]]")) {
            HttpResponse<String> res = query(SITE, "[\"visitors\"]", "[]", bad);
            assertThat(res.statusCode()).as(bad).isEqualTo(400);
            assertThat(res.body()).as(bad).contains("egment");
        }
    }

    // --- the dashboard API ------------------------------------------------------------------------

    @Test
    void membersMakeChangeAndDeleteSegmentsAsTheirRoleAllows() {
        String base = "/api/ui/sites/" + SITE + "/segments";
        long personal = create(viewer, SITE, segment("My blog", "personal", "[[\"contains\",\"event:page\",[\"/blog\"]]]"));
        long ownersOwn = create(owner, SITE, segment("Owner only", "personal", "[[\"is\",\"event:page\",[\"/\"]]]"));
        long shared = create(owner, SITE, segment("Everyone's", "site", "[[\"is\",\"visit:source\",[\"Google\"]]]"));

        // Each sees the site's segments and their own personal ones.
        assertThat(names(viewer.get(base))).contains("My blog", "Everyone's").doesNotContain("Owner only");
        assertThat(names(owner.get(base))).contains("Owner only", "Everyone's").doesNotContain("My blog");

        // A viewer makes personal segments only, and changes no site segment.
        assertThat(viewer.post(base, segment("Try", "site", "[[\"is\",\"event:page\",[\"/\"]]]")).statusCode()).isEqualTo(403);
        assertThat(viewer.send("PATCH", base + "/" + personal, "{\"type\":\"site\"}").statusCode()).isEqualTo(403);
        assertThat(viewer.send("PATCH", base + "/" + shared, "{\"name\":\"Mine now\"}").statusCode()).isEqualTo(403);
        assertThat(viewer.send("DELETE", base + "/" + shared, null).statusCode()).isEqualTo(403);
        // Someone else's personal segment is not there for them at all.
        assertThat(viewer.send("PATCH", base + "/" + ownersOwn, "{\"name\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(viewer.send("DELETE", base + "/" + ownersOwn, null).statusCode()).isEqualTo(404);

        // Renaming and refiltering their own.
        HttpResponse<String> renamed = viewer.send("PATCH", base + "/" + personal,
                "{\"name\":\"Blog readers\",\"segment_data\":{\"filters\":[[\"contains\",\"event:page\",[\"/blog/\"]]],\"labels\":{}}}");
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        JsonNode segment = WebSession.json(renamed).get("segment");
        assertThat(segment.get("name").asText()).isEqualTo("Blog readers");
        assertThat(segment.get("type").asText()).isEqualTo("personal");
        assertThat(segment.get("segment_data").get("filters").toString()).isEqualTo("[[\"contains\",\"event:page\",[\"/blog/\"]]]");
        assertThat(names(viewer.get(base)).getFirst()).as("the last changed first").isEqualTo("Blog readers");

        // An admin turns a personal segment into a site one, and deletes site segments.
        assertThat(owner.send("PATCH", base + "/" + ownersOwn, "{\"type\":\"site\"}").statusCode()).isEqualTo(200);
        assertThat(names(viewer.get(base))).contains("Owner only");
        assertThat(owner.send("DELETE", base + "/" + shared, null).statusCode()).isEqualTo(200);
        assertThat(viewer.send("DELETE", base + "/" + personal, null).statusCode()).isEqualTo(200);
        assertThat(names(viewer.get(base))).doesNotContain("Everyone's", "Blog readers");
        assertThat(viewer.send("DELETE", base + "/" + personal, null).statusCode()).isEqualTo(404);
        assertThat(viewer.send("DELETE", base + "/not-a-number", null).statusCode()).isEqualTo(404);

        // Without the CSRF token nothing changes.
        WebSession forged = member(SITE, "forged@example.com", "admin");
        long kept = create(forged, SITE, segment("Kept", "personal", "[[\"is\",\"event:page\",[\"/\"]]]"));
        forged.dropCsrf();
        assertThat(forged.send("DELETE", base + "/" + kept, null).statusCode()).isEqualTo(403);
        assertThat(names(forged.get(base))).contains("Kept");
    }

    @Test
    void aMemberWhoLeavesTakesTheirPersonalSegmentsAlong() {
        WebSession leaving = member(SITE, "leaving@example.com", "admin");
        create(leaving, SITE, segment("Leaving's own", "personal", "[[\"is\",\"event:page\",[\"/\"]]]"));
        create(leaving, SITE, segment("Leaving's for all", "site", "[[\"is\",\"event:page\",[\"/\"]]]"));
        long userId = -1;
        for (JsonNode m : WebSession.json(owner.get("/api/ui/sites/" + SITE + "/members")).get("members")) {
            if (m.get("email").asText().equals("leaving@example.com")) userId = m.get("user_id").asLong();
        }
        assertThat(owner.send("DELETE", "/api/ui/sites/" + SITE + "/members/" + userId, null).statusCode()).isEqualTo(200);
        long owned = userId;
        assertThat(server.server.storage().segments().segments(SITE)).noneMatch(s -> s.ownerId() == owned && s.type().apiName().equals("personal"));
        assertThat(names(owner.get("/api/ui/sites/" + SITE + "/segments"))).contains("Leaving's for all");
    }

    @Test
    void strangersSharedLinksAndKeysSeeWhatPlausibleShows() {
        String base = "/api/ui/sites/" + SITE + "/segments";
        long hidden = create(owner, SITE, segment("Hidden", "personal", "[[\"is\",\"event:page\",[\"/\"]]]"));
        long visible = create(owner, SITE, segment("Public board", "site", "[[\"is\",\"event:page\",[\"/pricing\"]]]"));

        // A member of another site, and nobody at all.
        WebSession outsider = member(OTHER, "outsider@example.com", "admin");
        assertThat(outsider.get(base).statusCode()).isEqualTo(404);
        assertThat(outsider.post(base, segment("x", "personal", "[[\"is\",\"event:page\",[\"/\"]]]")).statusCode()).isEqualTo(404);
        assertThat(new WebSession(server).get(base).statusCode()).isEqualTo(401);

        // A shared link lists the site segments, without owners, applies them, and changes nothing.
        String slug = WebSession.json(owner.post("/api/ui/sites/" + SITE + "/shared-links", "{\"name\":\"Board\"}")).get("slug").asText();
        WebSession visitor = new WebSession(server);
        HttpResponse<String> listed = visitor.raw(HttpRequest.newBuilder(server.uri(base)).header("X-Footfall-Share", slug).GET());
        assertThat(names(listed)).contains("Public board").doesNotContain("Hidden");
        assertThat(WebSession.json(listed).get("segments").get(0).has("owner_id")).isFalse();
        HttpResponse<String> applied = visitor.raw(HttpRequest.newBuilder(server.uri("/api/v2/query")).header("X-Footfall-Share", slug)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"site_id\":\"" + SITE
                        + "\",\"metrics\":[\"pageviews\"],\"date_range\":\"all\",\"filters\":[[\"is\",\"segment\",[" + visible + "]]]}")));
        assertThat(results(applied)).isEqualTo(results(query(SITE, "[\"pageviews\"]", "[]", "[[\"is\",\"event:page\",[\"/pricing\"]]]")));
        HttpResponse<String> made = visitor.raw(HttpRequest.newBuilder(server.uri(base)).header("X-Footfall-Share", slug)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(segment("x", "personal", "[[\"is\",\"event:page\",[\"/\"]]]"))));
        assertThat(made.statusCode()).isEqualTo(403);

        // An API key, too, sees the site segments only and makes none.
        assertThat(names(server.admin("GET", base, null))).contains("Public board").doesNotContain("Hidden");
        assertThat(server.admin("DELETE", base + "/" + visible, null).statusCode()).isEqualTo(403);
        assertThat(server.admin("DELETE", base + "/" + hidden, null).statusCode()).isEqualTo(403);
        assertThat(names(owner.get(base))).contains("Hidden", "Public board");
    }

    @Test
    void boundsAndBadSegmentsAreRefusedNamingTheField() {
        String base = "/api/ui/sites/" + SITE + "/segments";
        int before = names(owner.get(base)).size();
        String page = "[[\"is\",\"event:page\",[\"/\"]]]";
        ObjectNode huge = Json.MAPPER.createObjectNode();
        huge.put("name", "Huge");
        huge.put("type", "personal");
        ArrayNode values = huge.putObject("segment_data").putArray("filters").addArray().add("is").add("event:page").addArray();
        for (int i = 0; i < 300; i++) values.add("/a/rather/long/path/" + i);
        record Bad(String body, String field, String says) {}
        for (Bad bad : List.of(
                new Bad(segment("", "personal", page), "name", "must not be empty"),
                new Bad(segment("x".repeat(Segments.MAX_NAME_BYTES + 1), "personal", page), "name", "at most 255 bytes"),
                new Bad(segment("é".repeat(128), "personal", page), "name", "at most 255 bytes"),
                new Bad(segment("ok", "team", page), "type", "\"personal\" or \"site\""),
                new Bad(segment("ok", "personal", "[]"), "segment_data", "at least one member"),
                new Bad(segment("ok", "personal", "[[\"is\",\"visit:planet\",[\"Mars\"]]]"), "segment_data", "unknown dimension 'visit:planet'"),
                new Bad(segment("ok", "personal", "[[\"matches\",\"event:page\",[\"(\"]]]"), "segment_data", "not a valid regular expression"),
                new Bad(segment("ok", "personal", "[[\"is\",\"segment\",[1]]]"), "segment_data", "cannot contain a segment"),
                new Bad(segment("ok", "personal", "[[\"and\",[[\"is\",\"event:page\",[\"/\"]]]]]"), "segment_data", "Deep filters are not supported"),
                new Bad("{\"name\":\"ok\",\"type\":\"personal\",\"segment_data\":{\"filters\":" + page + ",\"extra\":1}}", "segment_data", "\"filters\" and \"labels\""),
                new Bad("{\"name\":\"ok\",\"type\":\"personal\",\"segment_data\":[1]}", "segment_data", "must be an object"),
                new Bad("{\"name\":\"ok\",\"type\":\"personal\",\"owner_id\":1,\"segment_data\":{\"filters\":" + page + "}}", "owner_id", "not a segment field"),
                new Bad(huge.toString(), "segment_data", "at most 5120 bytes"))) {
            HttpResponse<String> res = owner.post(base, bad.body());
            assertThat(res.statusCode()).as(bad.body()).isEqualTo(400);
            assertThat(WebSession.json(res).get("errors").get(bad.field()).asText()).as(bad.body()).contains(bad.says());
        }
        assertThat(names(owner.get(base))).as("nothing was stored").hasSize(before);
        long id = create(owner, SITE, segment("Fine", "personal", page));
        assertThat(owner.send("PATCH", base + "/" + id, "{\"name\":\"  \"}").statusCode()).isEqualTo(400);
        assertThat(owner.send("PATCH", base + "/" + id, "{\"segment_data\":{\"filters\":[[\"is\",\"segment\",[" + id + "]]]}}").statusCode()).isEqualTo(400);
        assertThat(WebSession.json(owner.get(base)).get("segments").get(0).get("name").asText()).isEqualTo("Fine");
    }

    @Test
    void aSiteHoldsAtMostItsBoundOfSegments() {
        String base = "/api/ui/sites/full.test/segments";
        for (int i = 0; i < Segments.MAX_PER_SITE; i++) create(owner, "full.test", segment("s" + i, i % 2 == 0 ? "site" : "personal", "[[\"is\",\"event:page\",[\"/" + i + "\"]]]"));
        HttpResponse<String> over = owner.post(base, segment("one more", "personal", "[[\"is\",\"event:page\",[\"/\"]]]"));
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(over.body()).contains("500 segments");
        // Deleting the site deletes its segments with it.
        assertThat(owner.post("/api/ui/sites/full.test/delete", "{\"confirm\":\"full.test\"}").statusCode()).isEqualTo(200);
        assertThat(server.server.storage().segments().count("full.test")).isZero();
    }
}
