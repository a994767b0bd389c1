package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.site.Domains;
import dev.footfall.site.Goal;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import dev.footfall.store.Storage;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plausible's Sites API: create, list and delete sites, and manage goals. Admin keys only. */
public final class SitesApi implements io.helidon.webserver.http.HttpService {
    private final SiteRegistry sites;
    private final Storage storage;
    private final Auth auth;

    public SitesApi(SiteRegistry sites, Storage storage, Auth auth) {
        this.sites = sites;
        this.storage = storage;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/api/v1/sites", this::create)
                .get("/api/v1/sites", this::list)
                .put("/api/v1/sites/goals", this::putGoal)
                .get("/api/v1/sites/goals", this::listGoals)
                .delete("/api/v1/sites/goals/{id}", this::deleteGoal)
                .get("/api/v1/sites/{domain}", this::get)
                .delete("/api/v1/sites/{domain}", this::delete);
    }

    private void create(ServerRequest req, ServerResponse res) {
        auth.admin(req);
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
        if (!sites.add(site)) throw ApiException.badRequest("domain", "'" + domain + "' already exists");
        Json.send(res, Status.OK_200, json(site));
    }

    private void list(ServerRequest req, ServerResponse res) {
        var key = auth.key(req);
        List<Map<String, Object>> list = storage.sites().stream().filter(s -> key.canSee(s.domain())).map(SitesApi::json).toList();
        Json.send(res, Status.OK_200, Map.of("sites", list, "meta", Map.of("limit", list.size())));
    }

    private void get(ServerRequest req, ServerResponse res) {
        var key = auth.key(req);
        String domain = req.path().pathParameters().get("domain");
        Site site = sites.find(domain).filter(s -> key.canSee(s.domain()))
                .orElseThrow(() -> ApiException.of(Status.NOT_FOUND_404, "site '" + domain + "' not found"));
        Json.send(res, Status.OK_200, json(site));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        auth.admin(req);
        String domain = req.path().pathParameters().get("domain");
        if (sites.find(domain).isEmpty() || !sites.delete(domain)) {
            throw ApiException.of(Status.NOT_FOUND_404, "site '" + domain + "' not found");
        }
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    private void putGoal(ServerRequest req, ServerResponse res) {
        auth.admin(req);
        JsonNode body = Json.body(req);
        String domain = Json.text(body, "site_id");
        if (domain == null || sites.find(domain).isEmpty()) throw ApiException.badRequest("site_id", "names no site");
        String type = Json.text(body, "goal_type");
        Goal goal = switch (type == null ? "" : type) {
            case "event" -> {
                String name = Json.text(body, "event_name");
                if (name == null || name.isBlank()) throw ApiException.badRequest("event_name", "is required for an event goal");
                yield new Goal(0, domain, Goal.Type.EVENT, name, null, name);
            }
            case "page" -> {
                String path = Json.text(body, "page_path");
                if (path == null || !path.startsWith("/")) throw ApiException.badRequest("page_path", "is required and must start with /");
                yield new Goal(0, domain, Goal.Type.PAGE, null, path, "Visit " + path);
            }
            default -> throw ApiException.badRequest("goal_type", "must be 'event' or 'page'");
        };
        Json.send(res, Status.OK_200, json(storage.putGoal(goal)));
    }

    private void listGoals(ServerRequest req, ServerResponse res) {
        var key = auth.key(req);
        String domain = req.query().first("site_id").orElseThrow(() -> ApiException.badRequest("site_id", "is required"));
        if (sites.find(domain).isEmpty() || !key.canSee(domain)) throw ApiException.of(Status.NOT_FOUND_404, "site '" + domain + "' not found");
        Json.send(res, Status.OK_200, Map.of("goals", storage.goals(domain).stream().map(SitesApi::json).toList()));
    }

    private void deleteGoal(ServerRequest req, ServerResponse res) {
        auth.admin(req);
        String domain = req.query().first("site_id").orElseThrow(() -> ApiException.badRequest("site_id", "is required"));
        long id;
        try {
            id = Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("goal_id", "must be a number");
        }
        if (!storage.deleteGoal(domain, id)) throw ApiException.of(Status.NOT_FOUND_404, "goal " + id + " not found");
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    static Map<String, Object> json(Site site) {
        return Map.of("domain", site.domain(), "timezone", site.timezone().getId());
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
