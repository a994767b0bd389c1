package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.Storage;
import dev.footfall.account.Accounts;
import dev.footfall.account.Role;
import dev.footfall.account.User;
import dev.footfall.account.UserAccess;
import dev.footfall.site.Access;
import dev.footfall.site.ApiKey;
import dev.footfall.site.Domains;
import dev.footfall.site.Goal;
import dev.footfall.site.Retention;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plausible's Sites API: create, list and delete sites, and manage goals. Admin API keys, and
 * logged-in users with the admin role on the site (the dashboard's settings use it too).
 */
public final class SitesApi implements io.helidon.webserver.http.HttpService {
    private final SiteRegistry sites;
    private final Storage storage;
    private final Auth auth;
    private final Accounts accounts;
    private final PasswordGuard guard;

    public SitesApi(SiteRegistry sites, Storage storage, Auth auth, Accounts accounts, PasswordGuard guard) {
        this.sites = sites;
        this.storage = storage;
        this.auth = auth;
        this.accounts = accounts;
        this.guard = guard;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/api/v1/sites", this::create)
                .get("/api/v1/sites", this::list)
                .put("/api/v1/sites/goals", this::putGoal)
                .get("/api/v1/sites/goals", this::listGoals)
                .delete("/api/v1/sites/goals/{id}", this::deleteGoal)
                .get("/api/v1/sites/{domain}", this::get)
                .put("/api/v1/sites/{domain}", this::update)
                .delete("/api/v1/sites/{domain}", this::delete);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Access access = auth.access(req);
        if (!access.canAddSites()) throw ApiException.of(Status.FORBIDDEN_403, ADMIN_KEY_NEEDED);
        JsonNode body = Json.body(req);
        String domain;
        Site site;
        try {
            domain = Domains.normalise(Json.text(body, "domain"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("domain", e.getMessage().replaceFirst("^domain ", ""));
        }
        try {
            site = new Site(domain, Domains.timezone(Json.text(body, "timezone")), List.of());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("timezone", e.getMessage().replaceFirst("^timezone ", ""));
        }
        // A user who adds a site administers it (the owner already administers every site).
        Optional<User> member = access instanceof UserAccess(User person, var roles) && !person.owner() ? Optional.of(person) : Optional.empty();
        // Such users may add sites, so a refused add would tell them which domains exist: its
        // answer names no reason, and such refusals are throttled like wrong passwords, so a
        // list of domains cannot be tried through.
        Optional<String> prober = member.map(u -> "site-add:" + u.id());
        prober.ifPresent(account -> guard.attempt(req, res, account, "refused site additions"));
        boolean added = sites.add(site);
        if (!added && !access.canSee(domain)) throw ApiException.badRequest("domain", unavailable(domain));
        prober.ifPresent(account -> guard.refund(req, account));
        if (!added) throw ApiException.badRequest("domain", "'" + domain + "' already exists");
        member.ifPresent(u -> accounts.grant(u.id(), domain, Role.ADMIN));
        Json.send(res, Status.OK_200, json(site));
    }

    /**
     * Why a domain someone cannot see was not added. The same for every such refusal, and it does
     * not say whether the site exists; someone who may see the site is told it exists instead.
     */
    static String unavailable(String domain) {
        return "'" + domain + "' cannot be added by this account: ask the server's owner to add it or to give you access";
    }

    private void list(ServerRequest req, ServerResponse res) {
        var key = auth.access(req);
        List<Map<String, Object>> list = storage.sites().stream().filter(s -> key.canSee(s.domain())).map(SitesApi::json).toList();
        Json.send(res, Status.OK_200, Map.of("sites", list, "meta", Map.of("limit", list.size())));
    }

    private void get(ServerRequest req, ServerResponse res) {
        var key = auth.access(req);
        String domain = req.path().pathParameters().get("domain");
        Site site = sites.find(domain).filter(s -> key.canSee(s.domain()))
                .orElseThrow(() -> ApiException.of(Status.NOT_FOUND_404, "site '" + domain + "' not found"));
        Json.send(res, Status.OK_200, json(site));
    }

    /**
     * Changes a site's settings: only the fields present change, and {@code null} clears a
     * retention limit. Every value is checked before anything changes, so a bad one changes nothing.
     */
    private void update(ServerRequest req, ServerResponse res) {
        Site site = administered(auth.access(req), sites, req.path().pathParameters().get("domain"));
        JsonNode body = Json.body(req);
        body.fieldNames().forEachRemaining(field -> {
            if (!UPDATABLE.contains(field)) throw ApiException.badRequest(field, "cannot be changed; the fields are " + String.join(", ", UPDATABLE));
        });
        Site updated = site;
        if (body.has("timezone")) {
            String zone = Json.text(body, "timezone");
            if (zone == null || zone.isBlank()) throw ApiException.badRequest("timezone", "must be an IANA time zone, not empty");
            try {
                updated = updated.withTimezone(Domains.timezone(zone));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("timezone", e.getMessage().replaceFirst("^timezone ", ""));
            }
        }
        if (body.has("allowed_hostnames")) updated = updated.withAllowedHostnames(hostnames(body.get("allowed_hostnames")));
        Retention retention = updated.retention();
        try {
            if (body.has("raw_retention_days")) retention = retention.withRawRetentionDays(days(body, "raw_retention_days"));
            if (body.has("retention_days")) retention = retention.withRetentionDays(days(body, "retention_days"));
        } catch (Retention.InvalidRetentionException e) {
            throw ApiException.badRequest(e.field(), e.problem());
        }
        updated = updated.withRetention(retention);
        if (!updated.equals(site)) sites.update(updated);
        Json.send(res, Status.OK_200, json(updated));
    }

    /** The settings PUT may change (the domain is the site's identity: delete and add to rename). */
    private static final List<String> UPDATABLE = List.of("timezone", "allowed_hostnames", "raw_retention_days", "retention_days");

    private static Optional<Integer> days(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value.isNull()) return Optional.empty();
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.badRequest(field, "must be a whole number of days, or null for no limit");
        }
        return Optional.of(value.intValue());
    }

    private static List<String> hostnames(JsonNode value) {
        if (value.isNull()) return List.of();
        if (!value.isArray()) throw ApiException.badRequest("allowed_hostnames", "must be a list of host names");
        List<String> hosts = new ArrayList<>();
        for (JsonNode host : value) {
            if (!host.isTextual()) throw ApiException.badRequest("allowed_hostnames", "must be a list of host names");
            String text = host.asText().strip().toLowerCase(Locale.ROOT);
            boolean wildcard = text.startsWith("*.");
            try {
                String name = Domains.normalise(wildcard ? text.substring(2) : text);
                if (name.contains("/")) throw new IllegalArgumentException("'" + host.asText() + "' is not a host name");
                hosts.add(wildcard ? "*." + name : name);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("allowed_hostnames", "'" + host.asText() + "' is not a host name");
            }
        }
        return hosts;
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String domain = req.path().pathParameters().get("domain");
        requireAdmin(auth.access(req), domain);
        if (sites.find(domain).isEmpty() || !sites.delete(domain)) {
            throw ApiException.of(Status.NOT_FOUND_404, "site '" + domain + "' not found");
        }
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    private void putGoal(ServerRequest req, ServerResponse res) {
        Access access = auth.access(req);
        JsonNode body = Json.body(req);
        String domain = Json.text(body, "site_id");
        if (domain != null) requireAdmin(access, domain);
        if (domain == null || sites.find(domain).isEmpty()) throw ApiException.badRequest("site_id", "names no site");
        String type = Json.text(body, "goal_type");
        // Plausible's display_name: the goal's name in the dashboard and in event:goal filters.
        String displayName = Json.text(body, "display_name");
        if (displayName != null && (displayName.isBlank() || displayName.length() > 120)) {
            throw ApiException.badRequest("display_name", "must be 1 to 120 characters when given");
        }
        Goal goal = switch (type == null ? "" : type) {
            case "event" -> {
                String name = Json.text(body, "event_name");
                if (name == null || name.isBlank()) throw ApiException.badRequest("event_name", "is required for an event goal");
                yield new Goal(0, domain, Goal.Type.EVENT, name, null, displayName != null ? displayName.strip() : name);
            }
            case "page" -> {
                String path = Json.text(body, "page_path");
                if (path == null || !path.startsWith("/")) throw ApiException.badRequest("page_path", "is required and must start with /");
                yield new Goal(0, domain, Goal.Type.PAGE, null, path, displayName != null ? displayName.strip() : "Visit " + path);
            }
            default -> throw ApiException.badRequest("goal_type", "must be 'event' or 'page'");
        };
        Json.send(res, Status.OK_200, json(sites.putGoal(goal)));
    }

    private void listGoals(ServerRequest req, ServerResponse res) {
        var key = auth.access(req);
        String domain = req.query().first("site_id").orElseThrow(() -> ApiException.badRequest("site_id", "is required"));
        if (sites.find(domain).isEmpty() || !key.canSee(domain)) throw ApiException.of(Status.NOT_FOUND_404, "site '" + domain + "' not found");
        Json.send(res, Status.OK_200, Map.of("goals", sites.goals(domain).stream().map(SitesApi::json).toList()));
    }

    private void deleteGoal(ServerRequest req, ServerResponse res) {
        Access access = auth.access(req);
        String domain = req.query().first("site_id").orElseThrow(() -> ApiException.badRequest("site_id", "is required"));
        requireAdmin(access, domain);
        long id;
        try {
            id = Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("goal_id", "must be a number");
        }
        if (!sites.deleteGoal(domain, id)) throw ApiException.of(Status.NOT_FOUND_404, "goal " + id + " not found");
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    private static final String ADMIN_KEY_NEEDED = "this endpoint needs an admin API key";

    /**
     * Changes need an admin key or the admin role. A site key gets 403 as on Plausible; a user gets
     * 403 on a site they can see and 404 on one they cannot, so nobody learns which domains exist.
     */
    /** The site, once {@link #requireAdmin} lets the sender change it; 404 when it does not exist. */
    static Site administered(Access access, SiteRegistry sites, String domain) {
        requireAdmin(access, domain);
        return sites.find(domain).orElseThrow(() -> ApiException.of(Status.NOT_FOUND_404, "site '" + domain + "' not found"));
    }

    static void requireAdmin(Access access, String domain) {
        if (access.canAdmin(domain)) return;
        if (access instanceof ApiKey) throw ApiException.of(Status.FORBIDDEN_403, ADMIN_KEY_NEEDED);
        if (access.canSee(domain)) throw ApiException.of(Status.FORBIDDEN_403, "changing site '" + domain + "' needs the admin role");
        throw ApiException.of(Status.NOT_FOUND_404, "site '" + domain + "' not found");
    }

    static Map<String, Object> json(Site site) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", site.domain());
        m.put("timezone", site.timezone().getId());
        m.put("allowed_hostnames", site.allowedHostnames());
        m.put("raw_retention_days", site.retention().rawRetentionDays().orElse(null));
        m.put("retention_days", site.retention().retentionDays().orElse(null));
        return m;
    }

    static Map<String, Object> json(Goal goal) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", goal.id());
        m.put("goal_type", goal.type().name().toLowerCase());
        m.put("event_name", goal.eventName());
        m.put("page_path", goal.pagePath());
        m.put("display_name", goal.displayName());
        return m;
    }
}
