package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import dev.footfall.account.Role;
import dev.footfall.account.User;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of Plausible's Sites API beyond sites and goals, over real HTTP with real keys: goal
 * deletion with site_id in the body, goal display names, allowed custom properties, shared links,
 * guests and cursor pagination. Each endpoint is checked for who may call it and for bad input.
 */
class SitesApiParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> as(String key, String method, String path, String json) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String siteKey(String domain) {
        String secret = ApiKeys.newSecret();
        server.server.storage().addApiKey(ApiKeys.hash(secret), new ApiKey(ApiKeys.prefix(secret), "test", Optional.of(domain)));
        return secret;
    }

    private static JsonNode json(HttpResponse<String> res) {
        try {
            return JSON.readTree(res.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + res.body(), e);
        }
    }

    private static void assertBadRequestNaming(HttpResponse<String> res, String field) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(res.body()).contains(field);
    }

    @Test
    void goalsAreDeletedWithSiteIdInTheBodyAsOnPlausible() {
        server.addSite("delete-goal.test");
        long id = json(server.admin("PUT", "/api/v1/sites/goals",
                "{\"site_id\":\"delete-goal.test\",\"goal_type\":\"event\",\"event_name\":\"Signup\"}")).get("id").asLong();
        String key = siteKey("delete-goal.test");

        assertThat(as(key, "DELETE", "/api/v1/sites/goals/" + id, "{\"site_id\":\"delete-goal.test\"}").statusCode())
                .as("a site key reads, it does not change").isEqualTo(403);
        assertBadRequestNaming(server.admin("DELETE", "/api/v1/sites/goals/" + id, "{}"), "site_id");
        assertBadRequestNaming(server.admin("DELETE", "/api/v1/sites/goals/x", "{\"site_id\":\"delete-goal.test\"}"), "goal_id");
        assertThat(server.server.storage().goals("delete-goal.test")).hasSize(1);

        HttpResponse<String> deleted = server.admin("DELETE", "/api/v1/sites/goals/" + id, "{\"site_id\":\"delete-goal.test\"}");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{\"deleted\":true}");
        assertThat(server.server.storage().goals("delete-goal.test")).isEmpty();
        assertThat(server.admin("DELETE", "/api/v1/sites/goals/" + id, "{\"site_id\":\"delete-goal.test\"}").statusCode()).isEqualTo(404);

        // The dashboard's form: site_id in the query still works.
        long again = json(server.admin("PUT", "/api/v1/sites/goals",
                "{\"site_id\":\"delete-goal.test\",\"goal_type\":\"page\",\"page_path\":\"/pricing\"}")).get("id").asLong();
        assertThat(server.admin("DELETE", "/api/v1/sites/goals/" + again + "?site_id=delete-goal.test", null).statusCode()).isEqualTo(200);
    }

    @Test
    void goalDisplayNamesAreStoredReturnedAndNameTheGoalInQueries() {
        server.addSite("display.test");
        HttpResponse<String> put = server.admin("PUT", "/api/v1/sites/goals",
                "{\"site_id\":\"display.test\",\"goal_type\":\"event\",\"event_name\":\"signup_v2\",\"display_name\":\"Signed up\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).get("display_name").asText()).isEqualTo("Signed up");
        JsonNode listed = json(server.admin("GET", "/api/v1/sites/goals?site_id=display.test", null));
        assertThat(listed.get("goals").get(0).get("display_name").asText()).isEqualTo("Signed up");
        assertThat(listed.get("meta").get("limit").asInt()).isEqualTo(100);
        // Without one, Plausible's defaults: the event name, or "Visit " and the path.
        assertThat(json(server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"display.test\",\"goal_type\":\"page\",\"page_path\":\"/pricing\"}"))
                .get("display_name").asText()).isEqualTo("Visit /pricing");

        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/goals",
                "{\"site_id\":\"display.test\",\"goal_type\":\"event\",\"event_name\":\"other\",\"display_name\":\"Signed up\"}"), "display_name");
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/goals",
                "{\"site_id\":\"display.test\",\"goal_type\":\"event\",\"event_name\":\"other\",\"display_name\":\"" + "x".repeat(121) + "\"}"), "display_name");
        assertThat(server.server.storage().goals("display.test")).hasSize(2);

        server.event("{\"n\":\"signup_v2\",\"u\":\"https://display.test/\",\"d\":\"display.test\"}", "192.0.2.60");
        HttpResponse<String> goals = server.admin("POST", "/api/v2/query", "{\"site_id\":\"display.test\",\"metrics\":[\"visitors\"],"
                + "\"date_range\":\"all\",\"dimensions\":[\"event:goal\"]}");
        assertThat(goals.statusCode()).as(goals.body()).isEqualTo(200);
        assertThat(json(goals).get("results").get(0).get("dimensions").get(0).asText()).isEqualTo("Signed up");
        assertThat(json(goals).get("results").get(0).get("metrics").get(0).asInt()).isEqualTo(1);
    }

    @Test
    void customPropertiesAreListedAddedAndRemoved() {
        server.addSite("props.test");
        server.addSite("props-other.test");
        String key = siteKey("props.test");
        assertThat(as(key, "GET", "/api/v1/sites/custom-props?site_id=props.test", null).body()).isEqualTo("{\"custom_properties\":[]}");

        HttpResponse<String> added = server.admin("PUT", "/api/v1/sites/custom-props", "{\"site_id\":\"props.test\",\"property\":\"author\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(added.body()).isEqualTo("{\"created\":true}");
        assertThat(server.admin("PUT", "/api/v1/sites/custom-props", "{\"site_id\":\"props.test\",\"property\":\"author\"}").statusCode())
                .as("adding again is no error and no duplicate").isEqualTo(200);
        server.admin("PUT", "/api/v1/sites/custom-props", "{\"site_id\":\"props.test\",\"property\":\"path/with/slashes\"}");

        HttpResponse<String> listed = as(key, "GET", "/api/v1/sites/custom-props?site_id=props.test", null);
        assertThat(listed.body()).isEqualTo("{\"custom_properties\":[{\"property\":\"author\"},{\"property\":\"path/with/slashes\"}]}");
        assertThat(json(as(key, "GET", "/api/v1/sites/props.test", null)).get("custom_properties").toString())
                .isEqualTo("[\"author\",\"path/with/slashes\"]");

        // Who may: a site key reads its own site only, and changes nothing.
        assertThat(as(key, "GET", "/api/v1/sites/custom-props?site_id=props-other.test", null).statusCode()).isEqualTo(404);
        assertThat(as(key, "PUT", "/api/v1/sites/custom-props", "{\"site_id\":\"props.test\",\"property\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(as(key, "DELETE", "/api/v1/sites/custom-props/author", "{\"site_id\":\"props.test\"}").statusCode()).isEqualTo(403);
        // Bad input names its field and changes nothing.
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/custom-props", "{\"site_id\":\"props.test\"}"), "property");
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/custom-props", "{\"site_id\":\"props.test\",\"property\":\" \"}"), "property");
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/custom-props",
                "{\"site_id\":\"props.test\",\"property\":\"" + "p".repeat(301) + "\"}"), "property");
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/custom-props", "{\"site_id\":\"props.test\",\"property\":7}"), "property");
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/custom-props", "{\"property\":\"x\"}"), "site_id");
        assertBadRequestNaming(server.admin("GET", "/api/v1/sites/custom-props", null), "site_id");
        assertThat(server.server.storage().customProps("props.test")).containsExactly("author", "path/with/slashes");

        assertThat(server.admin("DELETE", "/api/v1/sites/custom-props/path/with/slashes", "{\"site_id\":\"props.test\"}").body())
                .isEqualTo("{\"deleted\":true}");
        assertThat(server.admin("DELETE", "/api/v1/sites/custom-props/author?site_id=props.test", null).statusCode()).isEqualTo(200);
        assertThat(server.server.storage().customProps("props.test")).isEmpty();

        // Deleting the site deletes its list.
        server.admin("PUT", "/api/v1/sites/custom-props", "{\"site_id\":\"props-other.test\",\"property\":\"kept\"}");
        server.admin("DELETE", "/api/v1/sites/props-other.test", null);
        assertThat(server.server.storage().customProps("props-other.test")).isEmpty();
    }

    @Test
    void sharedLinksAreFoundOrCreatedByName() {
        server.addSite("links.test");
        HttpResponse<String> created = server.admin("PUT", "/api/v1/sites/shared-links", "{\"site_id\":\"links.test\",\"name\":\"Wordpress\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode link = json(created);
        assertThat(link.get("name").asText()).isEqualTo("Wordpress");
        String url = link.get("url").asText();
        assertThat(url).startsWith(server.uri("/share/").toString());
        String slug = url.substring(url.lastIndexOf('/') + 1);
        // The link opens the site's dashboard data.
        HttpResponse<String> opened = server.send(HttpRequest.newBuilder(server.uri("/api/ui/share/" + slug)).GET());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(opened.body()).contains("links.test");

        // Found by name: the same link (its secret is stored hashed, so no URL this time).
        JsonNode found = json(server.admin("PUT", "/api/v1/sites/shared-links", "{\"site_id\":\"links.test\",\"name\":\"Wordpress\"}"));
        assertThat(found.get("prefix").asText()).isEqualTo(link.get("prefix").asText());
        assertThat(found.get("url").isNull()).isTrue();
        assertThat(server.server.storage().accounts().sharedLinks("links.test")).hasSize(1);

        assertThat(as(siteKey("links.test"), "PUT", "/api/v1/sites/shared-links", "{\"site_id\":\"links.test\",\"name\":\"x\"}").statusCode())
                .isEqualTo(403);
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/shared-links", "{\"site_id\":\"links.test\"}"), "name");
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/shared-links", "{\"name\":\"x\"}"), "site_id");
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/shared-links",
                "{\"site_id\":\"links.test\",\"name\":\"" + "n".repeat(101) + "\"}"), "name");
        assertThat(server.admin("PUT", "/api/v1/sites/shared-links", "{\"site_id\":\"nosuch.test\",\"name\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(server.server.storage().accounts().sharedLinks("links.test")).hasSize(1);
    }

    @Test
    void guestsAreMembersAndInvitationsInPlausiblesRoles() {
        server.addSite("guests.test");
        HttpResponse<String> invited = server.admin("PUT", "/api/v1/sites/guests",
                "{\"site_id\":\"guests.test\",\"email\":\"Viewer@Guests.test\",\"role\":\"viewer\"}");
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(200);
        JsonNode invitation = json(invited);
        assertThat(invitation.get("email").asText()).isEqualTo("viewer@guests.test");
        assertThat(invitation.get("role").asText()).isEqualTo("viewer");
        assertThat(invitation.get("status").asText()).isEqualTo("invited");
        assertThat(invitation.get("invitation_url").asText()).startsWith(server.uri("/invite/").toString());
        // Found again by address: the same pending invitation, no second one.
        JsonNode again = json(server.admin("PUT", "/api/v1/sites/guests", "{\"site_id\":\"guests.test\",\"email\":\"viewer@guests.test\",\"role\":\"editor\"}"));
        assertThat(again.get("status").asText()).isEqualTo("invited");
        assertThat(again.has("invitation_url")).isFalse();
        assertThat(server.server.storage().accounts().invitations("guests.test", java.time.Instant.now())).hasSize(1);

        // A member with Footfall's admin role is Plausible's editor, and has accepted.
        User editor = server.server.accounts().register("editor@guests.test", "a long enough password").orElseThrow();
        server.server.accounts().grant(editor.id(), "guests.test", Role.ADMIN);
        HttpResponse<String> listed = server.admin("GET", "/api/v1/sites/guests?site_id=guests.test", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(json(listed).get("guests").toString()).isEqualTo("[{\"email\":\"editor@guests.test\",\"role\":\"editor\",\"status\":\"accepted\"},"
                + "{\"email\":\"viewer@guests.test\",\"role\":\"viewer\",\"status\":\"invited\"}]");
        assertThat(json(listed).get("meta").toString()).isEqualTo("{\"after\":null,\"before\":null,\"limit\":100}");

        String key = siteKey("guests.test");
        assertThat(as(key, "GET", "/api/v1/sites/guests?site_id=guests.test", null).statusCode())
                .as("addresses are account data: a stats key does not list them").isEqualTo(403);
        assertThat(as(key, "PUT", "/api/v1/sites/guests", "{\"site_id\":\"guests.test\",\"email\":\"a@b.test\",\"role\":\"viewer\"}").statusCode())
                .isEqualTo(403);
        assertThat(as(key, "DELETE", "/api/v1/sites/guests/editor@guests.test?site_id=guests.test", null).statusCode()).isEqualTo(403);
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/guests", "{\"site_id\":\"guests.test\",\"email\":\"a@b.test\",\"role\":\"owner\"}"), "role");
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/guests", "{\"site_id\":\"guests.test\",\"email\":\"a@b.test\"}"), "role");
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/guests", "{\"site_id\":\"guests.test\",\"email\":\"not-an-address\",\"role\":\"viewer\"}"), "email");
        assertBadRequestNaming(server.admin("PUT", "/api/v1/sites/guests", "{\"site_id\":\"guests.test\",\"role\":\"viewer\"}"), "email");
        assertBadRequestNaming(server.admin("GET", "/api/v1/sites/guests", null), "site_id");
        assertThat(server.server.storage().accounts().invitations("guests.test", java.time.Instant.now())).hasSize(1);

        // Removing: the member loses the site, the invitation is withdrawn; unknown addresses are no error.
        assertThat(server.admin("DELETE", "/api/v1/sites/guests/editor@guests.test", "{\"site_id\":\"guests.test\"}").body()).isEqualTo("{\"deleted\":true}");
        assertThat(server.server.storage().accounts().members("guests.test")).isEmpty();
        assertThat(server.admin("DELETE", "/api/v1/sites/guests/viewer@guests.test?site_id=guests.test", null).statusCode()).isEqualTo(200);
        assertThat(server.server.storage().accounts().invitations("guests.test", java.time.Instant.now())).isEmpty();
        assertThat(server.admin("DELETE", "/api/v1/sites/guests/nobody@guests.test?site_id=guests.test", null).statusCode()).isEqualTo(200);
        assertThat(json(server.admin("GET", "/api/v1/sites/guests?site_id=guests.test", null)).get("guests").size()).isZero();
    }

    @Test
    void sitesAreListedInCursorPages() {
        for (String name : List.of("a", "b", "c", "d", "e")) server.addSite("page-" + name + ".test");
        JsonNode all = json(server.admin("GET", "/api/v1/sites?limit=1000", null));
        List<String> everything = domains(all);
        assertThat(everything).contains("page-a.test", "page-e.test").isSorted();
        assertThat(all.get("meta").toString()).isEqualTo("{\"after\":null,\"before\":null,\"limit\":1000}");

        // Forward in pages of two: together, the whole list once, in order.
        List<String> walked = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = json(server.admin("GET", "/api/v1/sites?limit=2" + (after == null ? "" : "&after=" + enc(after)), null));
            assertThat(page.get("sites").size()).isBetween(1, 2);
            assertThat(page.get("meta").get("limit").asInt()).isEqualTo(2);
            assertThat(page.get("meta").get("before").isNull()).isEqualTo(after == null);
            walked.addAll(domains(page));
            after = page.get("meta").get("after").isNull() ? null : page.get("meta").get("after").asText();
            if (after != null) cursors.add(after);
        } while (after != null);
        assertThat(walked).isEqualTo(everything);

        // Back from the second page's before cursor: the first page.
        JsonNode second = json(server.admin("GET", "/api/v1/sites?limit=2&after=" + enc(cursors.getFirst()), null));
        JsonNode back = json(server.admin("GET", "/api/v1/sites?limit=2&before=" + enc(second.get("meta").get("before").asText()), null));
        assertThat(domains(back)).isEqualTo(everything.subList(0, 2));
        assertThat(back.get("meta").get("before").isNull()).isTrue();

        // A site key's list is its one site.
        JsonNode own = json(as(siteKey("page-c.test"), "GET", "/api/v1/sites", null));
        assertThat(domains(own)).containsExactly("page-c.test");
        // Plausible lowers a limit over its maximum; nonsense is refused by name.
        assertThat(json(server.admin("GET", "/api/v1/sites?limit=5000", null)).get("meta").get("limit").asInt()).isEqualTo(1000);
        assertBadRequestNaming(server.admin("GET", "/api/v1/sites?limit=0", null), "limit");
        assertBadRequestNaming(server.admin("GET", "/api/v1/sites?limit=ten", null), "limit");
        assertBadRequestNaming(server.admin("GET", "/api/v1/sites?after=%25%25%25", null), "after");
        assertBadRequestNaming(server.admin("GET", "/api/v1/sites?before=" + "A".repeat(2000), null), "before");
        assertBadRequestNaming(server.admin("GET", "/api/v1/sites?after=" + enc(cursors.getFirst()) + "&before=" + enc(cursors.getFirst()), null), "before");
    }

    private static List<String> domains(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("sites").forEach(s -> out.add(s.get("domain").asText()));
        return out;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
