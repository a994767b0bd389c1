package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.Storage;
import dev.footfall.account.Accounts;
import dev.footfall.account.InvalidInputException;
import dev.footfall.account.Invitation;
import dev.footfall.account.Invitations;
import dev.footfall.account.Membership;
import dev.footfall.account.Role;
import dev.footfall.account.SharedLink;
import dev.footfall.account.SharedLinks;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import dev.footfall.site.SiteRegistry;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Who may see a site, managed by its admins: members and invitations, API keys, shared links. */
public final class SiteAccessApi implements HttpService {
    /** Key names are labels in a list. */
    private static final int MAX_KEY_NAME = 100;

    private final SiteRegistry sites;
    private final Storage storage;
    private final Accounts accounts;
    private final Invitations invitations;
    private final SharedLinks sharedLinks;
    private final Auth auth;

    public SiteAccessApi(SiteRegistry sites, Storage storage, Accounts accounts, Invitations invitations, SharedLinks sharedLinks, Auth auth) {
        this.sites = sites;
        this.storage = storage;
        this.accounts = accounts;
        this.invitations = invitations;
        this.sharedLinks = sharedLinks;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/api/ui/sites/{domain}/members", this::members)
                .post("/api/ui/sites/{domain}/members", this::invite)
                .delete("/api/ui/sites/{domain}/members/{user}", this::removeMember)
                .delete("/api/ui/sites/{domain}/invitations/{id}", this::revokeInvitation)
                .get("/api/ui/sites/{domain}/keys", this::keys)
                .post("/api/ui/sites/{domain}/keys", this::createKey)
                .delete("/api/ui/sites/{domain}/keys/{prefix}", this::revokeKey)
                .get("/api/ui/sites/{domain}/shared-links", this::links)
                .post("/api/ui/sites/{domain}/shared-links", this::createLink)
                .delete("/api/ui/sites/{domain}/shared-links/{prefix}", this::revokeLink);
    }

    /** The site's domain once the sender is known to administer it (403/404 otherwise). */
    private String administered(ServerRequest req) {
        return SitesApi.administered(auth.access(req), sites, req.path().pathParameters().get("domain")).domain();
    }

    // --- members --------------------------------------------------------------------------------

    private void members(ServerRequest req, ServerResponse res) {
        String domain = administered(req);
        List<Map<String, Object>> members = storage.accounts().members(domain).stream().map(SiteAccessApi::json).toList();
        List<Map<String, Object>> pending = invitations.pending(domain).stream().map(SiteAccessApi::json).toList();
        Json.send(res, Status.OK_200, Map.of("members", members, "invitations", pending));
    }

    private void invite(ServerRequest req, ServerResponse res) {
        String domain = administered(req);
        JsonNode body = Json.body(req);
        Role role;
        try {
            role = Role.parse(Optional.ofNullable(Json.text(body, "role")).orElse(""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("role", e.getMessage());
        }
        try {
            Invitations.Issued issued = invitations.invite(domain, Json.text(body, "email"), role);
            Map<String, Object> invitation = json(issued.invitation());
            // The only time the link exists outside the invited person's hands: only its hash is stored.
            invitation.put("link", auth.origin(req) + "/invite/" + issued.token());
            Json.send(res, Status.OK_200, Map.of("invitation", invitation));
        } catch (InvalidInputException e) {
            throw ApiException.badRequest(e.field(), e.problem());
        }
    }

    private void removeMember(ServerRequest req, ServerResponse res) {
        String domain = administered(req);
        long user = number(req, "user");
        if (!accounts.revoke(user, domain)) throw ApiException.of(Status.NOT_FOUND_404, "no such member of " + domain);
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    private void revokeInvitation(ServerRequest req, ServerResponse res) {
        String domain = administered(req);
        if (!storage.accounts().deleteInvitation(domain, number(req, "id"))) throw ApiException.of(Status.NOT_FOUND_404, "no such invitation");
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    private static Map<String, Object> json(Membership m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", m.userId());
        out.put("email", m.email());
        out.put("role", m.role().apiName());
        return out;
    }

    private static Map<String, Object> json(Invitation i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id());
        out.put("email", i.email());
        out.put("role", i.role().apiName());
        out.put("expires", i.expires().toString());
        return out;
    }

    // --- API keys -------------------------------------------------------------------------------

    private void keys(ServerRequest req, ServerResponse res) {
        String domain = administered(req);
        List<Map<String, Object>> keys = storage.apiKeys().stream().filter(k -> k.siteDomain().filter(domain::equals).isPresent())
                .map(k -> Map.<String, Object>of("prefix", k.prefix(), "name", k.name())).toList();
        Json.send(res, Status.OK_200, Map.of("keys", keys));
    }

    private void createKey(ServerRequest req, ServerResponse res) {
        String domain = administered(req);
        String name = Optional.ofNullable(Json.text(Json.body(req), "name")).map(String::strip).filter(n -> !n.isEmpty()).orElse("API key");
        if (name.length() > MAX_KEY_NAME) throw ApiException.badRequest("name", "must be at most " + MAX_KEY_NAME + " characters");
        String secret = ApiKeys.newSecret();
        ApiKey key = new ApiKey(ApiKeys.prefix(secret), name, Optional.of(domain));
        storage.addApiKey(ApiKeys.hash(secret), key);
        Json.send(res, Status.OK_200, Map.of("key", Map.of("prefix", key.prefix(), "name", key.name()), "secret", secret));
    }

    private void revokeKey(ServerRequest req, ServerResponse res) {
        String domain = administered(req);
        if (!storage.deleteApiKey(domain, req.path().pathParameters().get("prefix"))) {
            throw ApiException.of(Status.NOT_FOUND_404, "no such API key for " + domain);
        }
        auth.forgetKeys();
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    // --- shared links ---------------------------------------------------------------------------

    private void links(ServerRequest req, ServerResponse res) {
        String domain = administered(req);
        Json.send(res, Status.OK_200, Map.of("links", sharedLinks.of(domain).stream().map(SiteAccessApi::json).toList()));
    }

    private void createLink(ServerRequest req, ServerResponse res) {
        String domain = administered(req);
        JsonNode body = Json.body(req);
        try {
            SharedLinks.Created created = sharedLinks.create(domain, Json.text(body, "name"), Optional.ofNullable(Json.text(body, "password")));
            // The only time the slug is shown: only its hash is stored.
            Map<String, Object> link = json(created.link());
            String url = auth.origin(req) + "/share/" + created.slug();
            link.put("slug", created.slug());
            link.put("url", url);
            link.put("embed_url", url + "?embed=true");
            Json.send(res, Status.OK_200, link);
        } catch (InvalidInputException e) {
            throw ApiException.badRequest(e.field(), e.problem());
        }
    }

    private void revokeLink(ServerRequest req, ServerResponse res) {
        String domain = administered(req);
        String prefix = req.path().pathParameters().get("prefix");
        if (!sharedLinks.revoke(domain, prefix)) throw ApiException.of(Status.NOT_FOUND_404, "no shared link of " + domain + " starts with '" + prefix + "'");
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    private static Map<String, Object> json(SharedLink link) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prefix", link.prefix());
        out.put("name", link.name());
        out.put("password_protected", link.passwordHash().isPresent());
        return out;
    }

    private static long number(ServerRequest req, String name) {
        try {
            return Long.parseLong(req.path().pathParameters().get(name));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "must be a number");
        }
    }
}
