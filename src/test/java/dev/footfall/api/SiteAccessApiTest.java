package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Members by invitation, what each role may do, site API keys, shared links and the danger zone. */
class SiteAccessApiTest {
    static final String PASSWORD = "correct horse battery";
    static final String QUERY = "{\"site_id\":\"%s\",\"metrics\":[\"pageviews\"],\"date_range\":\"day\"}";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static WebSession owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        owner = new WebSession(server).login("/api/ui/setup", "owner@example.com", PASSWORD);
        for (String domain : new String[] {"mine.test", "shared.test", "doomed.test"}) {
            assertThat(owner.post("/api/v1/sites", "{\"domain\":\"" + domain + "\",\"timezone\":\"UTC\"}").statusCode()).isEqualTo(200);
            server.event("{\"n\":\"pageview\",\"u\":\"https://" + domain + "/\",\"d\":\"" + domain + "\"}", "203.0.113.9");
        }
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
        JsonNode invitation = WebSession.json(person.get("/api/ui/invitations/" + token));
        assertThat(invitation.get("domain").asText()).isEqualTo(domain);
        assertThat(person.post("/api/ui/invitations/" + token + "/accept", "{\"password\":\"" + PASSWORD + "\"}").statusCode()).isEqualTo(200);
        assertThat(person.get("/api/ui/invitations/" + token).statusCode()).as("an invitation is used once").isEqualTo(404);
        return person;
    }

    @Test
    void aViewerSeesOnlyTheirSiteAndChangesNothing() {
        WebSession viewer = member("shared.test", "viewer@example.com", "viewer");
        JsonNode sites = WebSession.json(viewer.get("/api/ui/sites")).get("sites");
        assertThat(sites).hasSize(1);
        assertThat(sites.get(0).get("domain").asText()).isEqualTo("shared.test");
        assertThat(sites.get(0).get("role").asText()).isEqualTo("viewer");
        assertThat(viewer.post("/api/v2/query", QUERY.formatted("shared.test")).statusCode()).isEqualTo(200);

        // Another site: the same 404 by URL and by API as for a site that does not exist.
        assertThat(viewer.get("/api/ui/sites/mine.test").statusCode()).isEqualTo(404);
        assertThat(viewer.post("/api/v2/query", QUERY.formatted("mine.test")).statusCode()).isEqualTo(404);
        assertThat(viewer.get("/api/v1/stats/aggregate?site_id=mine.test").statusCode()).isEqualTo(404);
        assertThat(viewer.get("/api/v1/events?site_id=mine.test").statusCode()).isEqualTo(404);
        assertThat(viewer.send("PUT", "/api/v1/sites/mine.test", "{\"timezone\":\"Europe/Paris\"}").statusCode()).isEqualTo(404);

        // Its own site, read-only.
        HttpResponse<String> change = viewer.send("PUT", "/api/v1/sites/shared.test", "{\"timezone\":\"Europe/Paris\"}");
        assertThat(change.statusCode()).isEqualTo(403);
        assertThat(viewer.get("/api/ui/sites/shared.test/members").statusCode()).isEqualTo(403);
        assertThat(viewer.post("/api/ui/sites/shared.test/keys", "{\"name\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(WebSession.json(owner.get("/api/ui/sites/shared.test")).get("site").get("timezone").asText()).isEqualTo("UTC");
    }

    @Test
    void rawEventsAreForTheSitesAdminsAndKeysNotItsViewers() {
        WebSession viewer = member("shared.test", "no-raw@example.com", "viewer");
        for (String path : List.of("/api/v1/events?site_id=shared.test", "/api/v1/events/export?site_id=shared.test&format=csv")) {
            HttpResponse<String> refused = viewer.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.body()).contains("raw events of 'shared.test' are for the site's admins and API keys");
            assertThat(viewer.get(path.replace("shared.test", "mine.test")).statusCode()).as("a site they cannot see").isEqualTo(404);
        }
        WebSession admin = member("shared.test", "raw-admin@example.com", "admin");
        HttpResponse<String> page = admin.get("/api/v1/events?site_id=shared.test");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("visitor_id");
        assertThat(admin.get("/api/v1/events/export?site_id=shared.test&format=csv").statusCode()).isEqualTo(200);
        assertThat(owner.get("/api/v1/events?site_id=shared.test").statusCode()).isEqualTo(200);
        String siteKey = WebSession.json(owner.post("/api/ui/sites/shared.test/keys", "{\"name\":\"raw\"}")).get("secret").asText();
        assertThat(bearer(siteKey, "/api/v1/events?site_id=shared.test").statusCode()).as("a site key keeps its site's events").isEqualTo(200);
    }

    @Test
    void anAdminMemberManagesTheSiteAndRemovingAMemberTakesEffectAtOnce() {
        WebSession admin = member("mine.test", "admin@example.com", "admin");
        assertThat(admin.send("PUT", "/api/v1/sites/mine.test", "{\"allowed_hostnames\":[\"mine.test\"]}").statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/ui/sites/mine.test/members").body()).contains("admin@example.com");
        assertThat(admin.get("/api/ui/sites/shared.test").statusCode()).isEqualTo(404);

        long id = WebSession.json(owner.get("/api/ui/sites/mine.test/members")).get("members").get(0).get("user_id").asLong();
        assertThat(owner.send("DELETE", "/api/ui/sites/mine.test/members/" + id, null).statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/ui/sites/mine.test").statusCode()).isEqualTo(404);
    }

    @Test
    void anyAccountMayAddSitesAndAdministersThem() {
        WebSession viewer = member("shared.test", "adder@example.com", "viewer");
        assertThat(viewer.post("/api/v1/sites", "{\"domain\":\"own.test\",\"timezone\":\"UTC\"}").statusCode()).isEqualTo(200);
        assertThat(WebSession.json(viewer.get("/api/ui/sites/own.test")).get("role").asText()).isEqualTo("admin");
    }

    @Test
    void addingADomainOneCannotSeeDoesNotTellWhetherItExists() {
        WebSession viewer = member("shared.test", "prober@example.com", "viewer");
        HttpResponse<String> taken = viewer.post("/api/v1/sites", "{\"domain\":\"mine.test\",\"timezone\":\"UTC\"}");
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(taken.body()).contains("cannot be added by this account").doesNotContain("exists");
        assertThat(server.admin("GET", "/api/v1/sites/mine.test", null).body()).as("the site is untouched").contains("\"timezone\":\"UTC\"");
        // Someone who may see the site is told what is wrong.
        assertThat(viewer.post("/api/v1/sites", "{\"domain\":\"shared.test\",\"timezone\":\"UTC\"}").body()).contains("'shared.test' already exists");
        assertThat(owner.post("/api/v1/sites", "{\"domain\":\"mine.test\",\"timezone\":\"UTC\"}").body()).contains("'mine.test' already exists");
        assertThat(server.admin("POST", "/api/v1/sites", "{\"domain\":\"mine.test\",\"timezone\":\"UTC\"}").body()).contains("'mine.test' already exists");
    }

    @Test
    void refusedSiteAdditionsAreThrottledSoDomainsCannotBeProbedInBulk() {
        WebSession viewer = member("shared.test", "bulk-prober@example.com", "viewer");
        for (int i = 1; i < dev.footfall.account.LoginThrottle.PER_ACCOUNT_AND_CLIENT; i++) {
            assertThat(viewer.post("/api/v1/sites", "{\"domain\":\"mine.test\",\"timezone\":\"UTC\"}").statusCode()).isEqualTo(400);
        }
        // Adding a new site or one's own again is no probe and is not counted.
        assertThat(viewer.post("/api/v1/sites", "{\"domain\":\"fresh.test\",\"timezone\":\"UTC\"}").statusCode()).isEqualTo(200);
        assertThat(viewer.post("/api/v1/sites", "{\"domain\":\"fresh.test\",\"timezone\":\"UTC\"}").statusCode()).isEqualTo(400);
        assertThat(viewer.post("/api/v1/sites", "{\"domain\":\"mine.test\",\"timezone\":\"UTC\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> blocked = viewer.post("/api/v1/sites", "{\"domain\":\"other.test\",\"timezone\":\"UTC\"}");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.body()).contains("too many refused site additions");
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(server.admin("GET", "/api/v1/sites/other.test", null).statusCode()).isEqualTo(404);
        // Logins from the same address are not affected.
        new WebSession(server).login("/api/ui/login", "bulk-prober@example.com", PASSWORD);
    }

    @Test
    void siteKeysMadeInTheUiReadOnlyTheirSiteAndStopWhenRevoked() {
        JsonNode created = WebSession.json(owner.post("/api/ui/sites/shared.test/keys", "{\"name\":\"reporting\"}"));
        String secret = created.get("secret").asText();
        String prefix = created.get("key").get("prefix").asText();
        assertThat(owner.get("/api/ui/sites/shared.test/keys").body()).contains(prefix).contains("reporting").doesNotContain(secret);
        assertThat(bearer(secret, "/api/v1/stats/aggregate?site_id=shared.test").statusCode()).isEqualTo(200);
        assertThat(bearer(secret, "/api/v1/stats/aggregate?site_id=mine.test").statusCode()).isEqualTo(404);
        assertThat(owner.send("DELETE", "/api/ui/sites/shared.test/keys/" + prefix, null).statusCode()).isEqualTo(200);
        assertThat(bearer(secret, "/api/v1/stats/aggregate?site_id=shared.test").statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> bearer(String secret, String path) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + secret).GET());
    }

    @Test
    void aSharedLinkShowsOneSiteReadOnlyUntilRevoked() {
        JsonNode link = WebSession.json(owner.post("/api/ui/sites/shared.test/shared-links", "{\"name\":\"Public\"}"));
        String slug = link.get("slug").asText();
        String prefix = link.get("prefix").asText();
        assertThat(link.get("url").asText()).endsWith("/share/" + slug);
        assertThat(link.get("embed_url").asText()).endsWith("/share/" + slug + "?embed=true");
        assertThat(slug).startsWith(prefix);

        WebSession stranger = new WebSession(server);
        JsonNode about = WebSession.json(stranger.get("/api/ui/share/" + slug));
        assertThat(about.get("domain").asText()).isEqualTo("shared.test");
        assertThat(about.get("authorized").asBoolean()).isTrue();
        assertThat(shared(stranger, slug, QUERY.formatted("shared.test")).statusCode()).isEqualTo(200);
        assertThat(shared(stranger, slug, QUERY.formatted("mine.test")).statusCode()).isEqualTo(404);
        assertThat(stranger.raw(HttpRequest.newBuilder(server.uri("/api/v1/events?site_id=shared.test")).header("X-Footfall-Share", slug).GET())
                .statusCode()).as("raw events are not part of a dashboard").isEqualTo(403);
        assertThat(stranger.raw(HttpRequest.newBuilder(server.uri("/api/v1/sites/shared.test")).header("X-Footfall-Share", slug)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"timezone\":\"Europe/Paris\"}"))).statusCode()).isEqualTo(403);

        HttpResponse<String> wrongSite = owner.send("DELETE", "/api/ui/sites/mine.test/shared-links/" + prefix, null);
        assertThat(wrongSite.statusCode()).isEqualTo(404);
        assertThat(wrongSite.body()).contains("no shared link of mine.test starts with '" + prefix + "'");
        assertThat(owner.send("DELETE", "/api/ui/sites/shared.test/shared-links/" + prefix, null).statusCode()).isEqualTo(200);
        assertThat(stranger.get("/api/ui/share/" + slug).statusCode()).isEqualTo(404);
        assertThat(shared(stranger, slug, QUERY.formatted("shared.test")).statusCode()).isEqualTo(404);
    }

    @Test
    void invitationLinksAndSharedLinksAreShownOnceAndStoredOnlyAsHashes() throws Exception {
        HttpResponse<String> invited = owner.post("/api/ui/sites/mine.test/members", "{\"email\":\"later@example.com\",\"role\":\"viewer\"}");
        String inviteLink = WebSession.json(invited).get("invitation").get("link").asText();
        String token = inviteLink.substring(inviteLink.lastIndexOf('/') + 1);
        JsonNode created = WebSession.json(owner.post("/api/ui/sites/mine.test/shared-links", "{\"name\":\"Once\"}"));
        String slug = created.get("slug").asText();

        // Lists name them without the secret.
        String members = owner.get("/api/ui/sites/mine.test/members").body();
        assertThat(members).contains("later@example.com").doesNotContain(token).doesNotContain("/invite/");
        JsonNode links = WebSession.json(owner.get("/api/ui/sites/mine.test/shared-links")).get("links");
        JsonNode listed = null;
        for (JsonNode l : links) if (l.get("name").asText().equals("Once")) listed = l;
        assertThat(listed).isNotNull();
        assertThat(listed.get("prefix").asText()).isEqualTo(slug.substring(0, 8));
        assertThat(links.toString()).doesNotContain(slug).doesNotContain("/share/");

        // The stored rows hold SHA-256 hashes; no file of the data directory holds the secrets.
        var storage = server.server.storage();
        assertThat(dev.footfall.store.duckdb.StoredRows.count(storage, "SELECT count(*) FROM invitations WHERE token_hash = sha256('" + token + "')")).isEqualTo(1);
        assertThat(dev.footfall.store.duckdb.StoredRows.count(storage, "SELECT count(*) FROM shared_links WHERE slug_hash = sha256('" + slug + "')")).isEqualTo(1);
        try (var files = java.nio.file.Files.walk(dataDir)) {
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String content = new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(token).doesNotContain(slug);
            }
        }
        // And both still work.
        assertThat(WebSession.json(new WebSession(server).get("/api/ui/invitations/" + token)).get("email").asText()).isEqualTo("later@example.com");
        assertThat(WebSession.json(new WebSession(server).get("/api/ui/share/" + slug)).get("domain").asText()).isEqualTo("mine.test");
    }

    @Test
    void aPasswordProtectedLinkNeedsItsPasswordOnce() {
        String slug = WebSession.json(owner.post("/api/ui/sites/shared.test/shared-links", "{\"name\":\"Board\",\"password\":\"board secret\"}"))
                .get("slug").asText();
        WebSession stranger = new WebSession(server);
        assertThat(WebSession.json(stranger.get("/api/ui/share/" + slug)).get("authorized").asBoolean()).isFalse();
        assertThat(shared(stranger, slug, QUERY.formatted("shared.test")).statusCode()).isEqualTo(401);
        assertThat(stranger.post("/api/ui/share/" + slug + "/auth", "{\"password\":\"wrong\"}").statusCode()).isEqualTo(401);
        assertThat(stranger.post("/api/ui/share/" + slug + "/auth", "{\"password\":\"board secret\"}").statusCode()).isEqualTo(200);
        assertThat(shared(stranger, slug, QUERY.formatted("shared.test")).statusCode()).isEqualTo(200);
        assertThat(shared(new WebSession(server), slug, QUERY.formatted("shared.test")).statusCode()).as("another browser").isEqualTo(401);
    }

    @Test
    void guessingALinksPasswordIsThrottledPerClientAsLoginsAre() {
        String slug = WebSession.json(owner.post("/api/ui/sites/shared.test/shared-links", "{\"name\":\"Guarded\",\"password\":\"board secret\"}"))
                .get("slug").asText();
        WebSession guesser = new WebSession(server);
        for (int i = 0; i < dev.footfall.account.LoginThrottle.PER_ACCOUNT_AND_CLIENT; i++) {
            assertThat(unlock(guesser, slug, "guess " + i, "198.51.100.30").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = unlock(guesser, slug, "board secret", "198.51.100.30");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.body()).contains("too many wrong passwords");
        assertThat(unlock(new WebSession(server), slug, "board secret", "198.51.100.31").statusCode()).as("another client").isEqualTo(200);
    }

    private static HttpResponse<String> unlock(WebSession browser, String slug, String password, String client) {
        return browser.raw(HttpRequest.newBuilder(server.uri("/api/ui/share/" + slug + "/auth")).header("X-Forwarded-For", client)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}")));
    }

    private static HttpResponse<String> shared(WebSession browser, String slug, String query) {
        return browser.raw(HttpRequest.newBuilder(server.uri("/api/v2/query")).header("X-Footfall-Share", slug)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(query)));
    }

    @Test
    void theDangerZoneNeedsTheDomainTypedOut() {
        assertThat(server.server.storage().countEvents("doomed.test")).isEqualTo(1);
        HttpResponse<String> sloppy = owner.post("/api/ui/sites/doomed.test/reset", "{\"confirm\":\"doomed\"}");
        assertThat(sloppy.statusCode()).isEqualTo(400);
        assertThat(sloppy.body()).contains("confirm");
        assertThat(server.server.storage().countEvents("doomed.test")).isEqualTo(1);

        assertThat(owner.post("/api/ui/sites/doomed.test/reset", "{\"confirm\":\"doomed.test\"}").statusCode()).isEqualTo(200);
        assertThat(server.server.storage().countEvents("doomed.test")).isZero();
        assertThat(WebSession.json(owner.post("/api/v2/query", QUERY.formatted("doomed.test"))).get("results").get(0).get("metrics").get(0).asInt())
                .isZero();
        assertThat(owner.get("/api/ui/sites/doomed.test").statusCode()).as("reset keeps the site").isEqualTo(200);
        // The visitor from before the reset comes back within the visit's 30 minutes: one new visit, counted whole.
        server.event("{\"n\":\"pageview\",\"u\":\"https://doomed.test/again\",\"d\":\"doomed.test\"}", "203.0.113.9");
        JsonNode after = WebSession.json(owner.post("/api/v2/query",
                "{\"site_id\":\"doomed.test\",\"metrics\":[\"visitors\",\"visits\",\"pageviews\",\"bounce_rate\"],\"date_range\":\"day\"}"));
        assertThat(after.get("results").get(0).get("metrics").toString()).isEqualTo("[1,1,1,100]");

        assertThat(owner.post("/api/ui/sites/doomed.test/delete", "{\"confirm\":\"mine.test\"}").statusCode()).isEqualTo(400);
        assertThat(owner.post("/api/ui/sites/doomed.test/delete", "{\"confirm\":\"doomed.test\"}").statusCode()).isEqualTo(200);
        assertThat(owner.get("/api/ui/sites/doomed.test").statusCode()).isEqualTo(404);
    }

    @Test
    void deletingASiteStopsItsKeysAndMembersAtOnceSoADomainAddedAgainIsNotTheirs() {
        assertThat(owner.post("/api/v1/sites", "{\"domain\":\"again.test\",\"timezone\":\"UTC\"}").statusCode()).isEqualTo(200);
        String secret = WebSession.json(owner.post("/api/ui/sites/again.test/keys", "{\"name\":\"old\"}")).get("secret").asText();
        WebSession viewer = member("again.test", "former@example.com", "viewer");
        // Both are now in the server's caches.
        assertThat(bearer(secret, "/api/v1/stats/aggregate?site_id=again.test").statusCode()).isEqualTo(200);
        assertThat(viewer.get("/api/ui/sites/again.test").statusCode()).isEqualTo(200);

        assertThat(owner.post("/api/ui/sites/again.test/delete", "{\"confirm\":\"again.test\"}").statusCode()).isEqualTo(200);
        assertThat(owner.post("/api/v1/sites", "{\"domain\":\"again.test\",\"timezone\":\"UTC\"}").statusCode()).isEqualTo(200);
        assertThat(bearer(secret, "/api/v1/stats/aggregate?site_id=again.test").statusCode()).isEqualTo(401);
        assertThat(viewer.get("/api/ui/sites/again.test").statusCode()).isEqualTo(404);
        assertThat(viewer.post("/api/v2/query", QUERY.formatted("again.test")).statusCode()).isEqualTo(404);
    }

    @Test
    void explainIsOnlyForTheSitesAdminsAndAdminKeys() {
        String explained = "{\"site_id\":\"shared.test\",\"metrics\":[\"pageviews\"],\"date_range\":\"day\",\"include\":{\"explain\":true}}";
        JsonNode forOwner = WebSession.json(owner.post("/api/v2/query", explained));
        assertThat(forOwner.get("meta").get("explain").toString()).contains("\"sql\"");
        assertThat(WebSession.json(server.admin("POST", "/api/v2/query", explained)).get("meta").has("explain")).as("admin key").isTrue();
        WebSession admin = member("shared.test", "explaining-admin@example.com", "admin");
        assertThat(WebSession.json(admin.post("/api/v2/query", explained)).get("meta").has("explain")).as("site admin").isTrue();

        WebSession viewer = member("shared.test", "curious@example.com", "viewer");
        String siteKey = WebSession.json(owner.post("/api/ui/sites/shared.test/keys", "{\"name\":\"explain\"}")).get("secret").asText();
        String slug = WebSession.json(owner.post("/api/ui/sites/shared.test/shared-links", "{\"name\":\"Explain\"}")).get("slug").asText();
        List<HttpResponse<String>> others = List.of(viewer.post("/api/v2/query", explained),
                server.send(HttpRequest.newBuilder(server.uri("/api/v2/query")).header("Authorization", "Bearer " + siteKey)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(explained))),
                shared(new WebSession(server), slug, explained));
        for (HttpResponse<String> res : others) {
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            JsonNode body = WebSession.json(res);
            assertThat(body.get("meta").has("explain")).as("explain is ignored: " + res.body()).isFalse();
            assertThat(body.get("query").get("include").has("explain")).as("and the echo says so").isFalse();
            assertThat(res.body()).doesNotContain("SELECT").doesNotContain(dataDir.toString());
        }
    }

    @Test
    void theSitesListCountsTheLastDayWithAnHourlySparkline() {
        JsonNode mine = null;
        for (JsonNode site : WebSession.json(owner.get("/api/ui/sites")).get("sites")) if (site.get("domain").asText().equals("mine.test")) mine = site;
        assertThat(mine).isNotNull();
        assertThat(mine.get("visitors_24h").asInt()).isEqualTo(1);
        assertThat(mine.get("role").asText()).isEqualTo("owner");
        assertThat(mine.get("sparkline").size()).isBetween(24, 25);
        int sum = 0;
        for (JsonNode v : mine.get("sparkline")) sum += v.asInt();
        assertThat(sum).isEqualTo(1);
    }
}
