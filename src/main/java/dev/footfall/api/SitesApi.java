package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.Storage;
import dev.footfall.account.Accounts;
import dev.footfall.account.Invitation;
import dev.footfall.account.Invitations;
import dev.footfall.account.InvalidInputException;
import dev.footfall.account.Membership;
import dev.footfall.account.Role;
import dev.footfall.account.SharedLink;
import dev.footfall.account.SharedLinks;
import dev.footfall.account.User;
import dev.footfall.account.UserAccess;
import dev.footfall.site.Access;
import dev.footfall.site.ApiKey;
import dev.footfall.site.DomainChange;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Plausible's Sites API: create, list, change (domain included) and delete sites, and manage their
 * goals, allowed custom properties, guests and shared links. Changes need an admin API key or the
 * admin role on the site (the dashboard's settings use it too); reads need a key or role that
 * sees the site. Lists are cursor-paginated as Plausible's ({@link CursorPage}).
 */
public final class SitesApi implements io.helidon.webserver.http.HttpService {
    private final SiteRegistry sites;
    private final Storage storage;
    private final Auth auth;
    private final Accounts accounts;
    private final PasswordGuard guard;
    private final Invitations invitations;
    private final SharedLinks sharedLinks;
    private final BiPredicate<String, String> rename;

    /**
     * @param rename moves a site from the first domain to the second with all its data
     *               ({@link SiteRegistry#rename}, apart from rollup builds and retention runs);
     *               false, with nothing changed, when the events already received under the old
     *               name could not be stored in time
     */
    public SitesApi(SiteRegistry sites, Storage storage, Auth auth, Accounts accounts, PasswordGuard guard,
                    Invitations invitations, SharedLinks sharedLinks, BiPredicate<String, String> rename) {
        this.sites = sites;
        this.storage = storage;
        this.auth = auth;
        this.accounts = accounts;
        this.guard = guard;
        this.invitations = invitations;
        this.sharedLinks = sharedLinks;
        this.rename = rename;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/api/v1/sites", this::create)
                .get("/api/v1/sites", this::list)
                .put("/api/v1/sites/goals", this::putGoal)
                .get("/api/v1/sites/goals", this::listGoals)
                .delete("/api/v1/sites/goals/{id}", this::deleteGoal)
                .get("/api/v1/sites/custom-props", this::listCustomProps)
                .put("/api/v1/sites/custom-props", this::putCustomProp)
                // Property names may hold slashes, as on Plausible: the rest of the path is the name.
                .delete("/api/v1/sites/custom-props/{+property}", this::deleteCustomProp)
                .put("/api/v1/sites/shared-links", this::putSharedLink)
                .get("/api/v1/sites/guests", this::listGuests)
                .put("/api/v1/sites/guests", this::putGuest)
                .delete("/api/v1/sites/guests/{email}", this::deleteGuest)
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
        Optional<DomainChange> former = sites.formerDomain(domain);
        boolean added = former.isEmpty() && sites.add(site);
        if (!added && !access.canSee(former.map(DomainChange::newDomain).orElse(domain))) throw ApiException.badRequest("domain", unavailable(domain));
        prober.ifPresent(account -> guard.refund(req, account));
        if (former.isPresent()) throw ApiException.badRequest("domain", inTransition(domain));
        if (!added) throw ApiException.badRequest("domain", "'" + domain + "' already exists");
        member.ifPresent(u -> accounts.grant(u.id(), domain, Role.ADMIN));
        Json.send(res, Status.OK_200, json(site));
    }

    /**
     * Why a domain another site had until lately cannot be taken yet: its old snippets still send
     * events there, which must not start counting for someone else's site (as on Plausible).
     */
    static String inTransition(String domain) {
        return "'" + domain + "' was another site's domain until lately, and its events still count there for "
                + DomainChange.TRANSITION.toHours() + " hours after the change; try again later";
    }

    /**
     * Why a domain someone cannot see was not added. The same for every such refusal, and it does
     * not say whether the site exists; someone who may see the site is told it exists instead.
     */
    static String unavailable(String domain) {
        return "'" + domain + "' cannot be added by this account: ask the server's owner to add it or to give you access";
    }

    /** The sites the sender sees, by domain, a page at a time. */
    private void list(ServerRequest req, ServerResponse res) {
        var key = auth.access(req);
        List<Site> visible = storage.sites().stream().filter(s -> key.canSee(s.domain())).sorted(Comparator.comparing(Site::domain)).toList();
        CursorPage<Site> page = CursorPage.of(visible, Site::domain, req);
        Json.send(res, Status.OK_200, Map.of("sites", page.entries().stream().map(SitesApi::json).toList(), "meta", page.meta()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Site site = visible(auth.access(req), req.path().pathParameters().get("domain"));
        Map<String, Object> json = json(site);
        json.put("custom_properties", sites.customProps(site.domain()));
        Json.send(res, Status.OK_200, json);
    }

    /** The site, if the sender may see it; 404 otherwise, so nobody learns which domains exist. */
    private Site visible(Access access, String domain) {
        return sites.find(domain).filter(s -> access.canSee(s.domain()))
                .orElseThrow(() -> ApiException.of(Status.NOT_FOUND_404, "site '" + domain + "' not found"));
    }

    /**
     * Changes a site's settings: only the fields present change, and {@code null} clears a
     * retention limit. Every value is checked before anything changes, so a bad one changes nothing.
     */
    private void update(ServerRequest req, ServerResponse res) {
        Access access = auth.access(req);
        Site site = administered(access, sites, req.path().pathParameters().get("domain"));
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
        Optional<String> newDomain = newDomain(body, site, access);
        if (newDomain.isPresent()) {
            boolean renamed;
            try {
                renamed = rename.test(site.domain(), newDomain.get());
            } catch (IllegalArgumentException e) { // added by someone else since the check above
                throw ApiException.badRequest("domain", e.getMessage());
            }
            if (!renamed) {
                throw ApiException.of(Status.SERVICE_UNAVAILABLE_503, "events sent to " + site.domain()
                        + " are still being stored; nothing was changed, try again in a minute");
            }
            updated = updated.withDomain(newDomain.get());
        }
        if (!updated.equals(sites.find(updated.domain()).orElseThrow())) sites.update(updated);
        Json.send(res, Status.OK_200, json(updated));
    }

    /**
     * The domain a PUT moves the site to, if it names another one. Checked before anything
     * changes; a taken domain the sender cannot see gets the same answer as on creation.
     */
    private Optional<String> newDomain(JsonNode body, Site site, Access access) {
        if (!body.has("domain")) return Optional.empty();
        String domain;
        try {
            domain = Domains.normalise(Json.text(body, "domain"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("domain", e.getMessage().replaceFirst("^domain ", ""));
        }
        if (domain.equals(site.domain())) return Optional.empty();
        if (sites.find(domain).isPresent()) {
            throw ApiException.badRequest("domain", access.canSee(domain) ? "'" + domain + "' already exists" : unavailable(domain));
        }
        Optional<DomainChange> former = sites.formerDomain(domain).filter(c -> !c.newDomain().equals(site.domain()));
        if (former.isPresent()) {
            throw ApiException.badRequest("domain", access.canSee(former.get().newDomain()) ? inTransition(domain) : unavailable(domain));
        }
        return Optional.of(domain);
    }

    /** The settings PUT may change; a new domain moves the site with all its data (Plausible's domain change). */
    private static final List<String> UPDATABLE = List.of("domain", "timezone", "allowed_hostnames", "raw_retention_days", "retention_days");

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
        // The display name is how event:goal names the goal: two goals under one name would merge.
        for (Goal existing : sites.goals(domain)) {
            boolean same = existing.type() == goal.type() && java.util.Objects.equals(existing.eventName(), goal.eventName())
                    && java.util.Objects.equals(existing.pagePath(), goal.pagePath());
            if (!same && existing.displayName().equals(goal.displayName())) {
                throw ApiException.badRequest("display_name", "'" + goal.displayName() + "' already names another goal of this site");
            }
        }
        Json.send(res, Status.OK_200, json(sites.putGoal(goal)));
    }

    private void listGoals(ServerRequest req, ServerResponse res) {
        var key = auth.access(req);
        String domain = req.query().first("site_id").orElseThrow(() -> ApiException.badRequest("site_id", "is required"));
        if (sites.find(domain).isEmpty() || !key.canSee(domain)) throw ApiException.of(Status.NOT_FOUND_404, "site '" + domain + "' not found");
        CursorPage<Goal> page = CursorPage.of(sites.goals(domain), SitesApi::goalKey, req);
        Json.send(res, Status.OK_200, Map.of("goals", page.entries().stream().map(SitesApi::json).toList(), "meta", page.meta()));
    }

    /** Goals page by id; zero-padded so the text order is the numeric one. */
    private static String goalKey(Goal goal) {
        return String.format(Locale.ROOT, "%019d", goal.id());
    }

    /** Plausible's DELETE takes site_id in the JSON body; Footfall's dashboard sends it in the query. */
    private void deleteGoal(ServerRequest req, ServerResponse res) {
        Access access = auth.access(req);
        String domain = siteId(req);
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

    // --- custom properties ------------------------------------------------------------------------

    /** Plausible's longest property name. */
    static final int MAX_PROPERTY = 300;
    /** A bound on one site's list, far above what a dashboard's property report can show. */
    static final int MAX_CUSTOM_PROPS = 300;

    private void listCustomProps(ServerRequest req, ServerResponse res) {
        Site site = visible(auth.access(req), siteIdFromQuery(req));
        List<Map<String, Object>> props = sites.customProps(site.domain()).stream().<Map<String, Object>>map(p -> Map.of("property", p)).toList();
        Json.send(res, Status.OK_200, Map.of("custom_properties", props));
    }

    private void putCustomProp(ServerRequest req, ServerResponse res) {
        JsonNode body = Json.body(req);
        Site site = administered(auth.access(req), sites, required(body, "site_id"));
        String property = required(body, "property").strip();
        if (property.isEmpty() || property.length() > MAX_PROPERTY) {
            throw ApiException.badRequest("property", "must be 1 to " + MAX_PROPERTY + " characters");
        }
        List<String> existing = sites.customProps(site.domain());
        if (!existing.contains(property) && existing.size() >= MAX_CUSTOM_PROPS) {
            throw ApiException.badRequest("property", "cannot be added: a site allows at most " + MAX_CUSTOM_PROPS + " custom properties");
        }
        sites.addCustomProp(site.domain(), property);
        Json.send(res, Status.OK_200, Map.of("created", true));
    }

    private void deleteCustomProp(ServerRequest req, ServerResponse res) {
        Site site = administered(auth.access(req), sites, siteId(req));
        String property = req.path().pathParameters().get("property");
        if (property.length() > MAX_PROPERTY) throw ApiException.badRequest("property", "must be 1 to " + MAX_PROPERTY + " characters");
        sites.deleteCustomProp(site.domain(), property);
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    // --- shared links -----------------------------------------------------------------------------

    /**
     * Plausible's find-or-create by name. A link's secret is stored only as its hash, so the URL
     * is in the answer that creates the link; finding an existing one answers its name and prefix
     * with {@code url} null (revoke it and PUT again for a new URL).
     */
    private void putSharedLink(ServerRequest req, ServerResponse res) {
        JsonNode body = Json.body(req);
        Site site = administered(auth.access(req), sites, required(body, "site_id"));
        String name = required(body, "name").strip();
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<SharedLink> existing = sharedLinks.of(site.domain()).stream().filter(l -> l.name().equals(name)).findFirst();
        if (existing.isPresent()) {
            out.put("name", existing.get().name());
            out.put("url", null);
            out.put("prefix", existing.get().prefix());
        } else {
            try {
                SharedLinks.Created created = sharedLinks.create(site.domain(), name.isEmpty() ? null : name, Optional.empty());
                out.put("name", created.link().name());
                out.put("url", auth.origin(req) + "/share/" + created.slug());
                out.put("prefix", created.link().prefix());
            } catch (InvalidInputException e) {
                throw ApiException.badRequest(e.field(), e.problem());
            }
        }
        Json.send(res, Status.OK_200, out);
    }

    // --- guests -----------------------------------------------------------------------------------

    /**
     * A site's guests are its members (status "accepted") and pending invitations ("invited"),
     * in Plausible's roles: Footfall's admin is Plausible's editor. Listing them needs the admin
     * role or key, as their e-mail addresses are account data, not statistics.
     */
    private void listGuests(ServerRequest req, ServerResponse res) {
        Site site = administered(auth.access(req), sites, siteIdFromQuery(req));
        CursorPage<Map<String, Object>> page = CursorPage.of(guests(site.domain()), g -> (String) g.get("email"), req);
        Json.send(res, Status.OK_200, Map.of("guests", page.entries(), "meta", page.meta()));
    }

    /** Members first, then invitations of people who are not members yet, by e-mail address. */
    private List<Map<String, Object>> guests(String domain) {
        Map<String, Map<String, Object>> byEmail = new java.util.TreeMap<>();
        for (Invitation i : invitations.pending(domain)) byEmail.put(i.email(), guest(i.email(), i.role(), "invited"));
        for (Membership m : storage.accounts().members(domain)) byEmail.put(m.email(), guest(m.email(), m.role(), "accepted"));
        return List.copyOf(byEmail.values());
    }

    private static Map<String, Object> guest(String email, Role role, String status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("email", email);
        out.put("role", plausibleRole(role));
        out.put("status", status);
        return out;
    }

    private static String plausibleRole(Role role) {
        return switch (role) {
            case VIEWER -> "viewer";
            case ADMIN -> "editor";
        };
    }

    /** Plausible's guest roles, and Footfall's own name for its editor. */
    private static Role guestRole(String text) {
        return switch (text == null ? "" : text) {
            case "viewer" -> Role.VIEWER;
            case "editor", "admin" -> Role.ADMIN;
            default -> throw ApiException.badRequest("role", "is required: 'viewer' or 'editor'");
        };
    }

    /**
     * Finds the guest by e-mail address, or invites them. Footfall sends no e-mail: a new
     * invitation's answer carries its link ({@code invitation_url}), shown this once.
     */
    private void putGuest(ServerRequest req, ServerResponse res) {
        JsonNode body = Json.body(req);
        Site site = administered(auth.access(req), sites, required(body, "site_id"));
        String emailText = required(body, "email");
        Role role = guestRole(Json.text(body, "role"));
        String email;
        try {
            email = dev.footfall.account.Credentials.email(emailText);
        } catch (InvalidInputException e) {
            throw ApiException.badRequest("email", e.problem());
        }
        Optional<Map<String, Object>> existing = guests(site.domain()).stream().filter(g -> g.get("email").equals(email)).findFirst();
        if (existing.isPresent()) {
            Json.send(res, Status.OK_200, existing.get());
            return;
        }
        Invitations.Issued issued = invitations.invite(site.domain(), email, role);
        Map<String, Object> out = guest(issued.invitation().email(), issued.invitation().role(), "invited");
        out.put("invitation_url", auth.origin(req) + "/invite/" + issued.token());
        Json.send(res, Status.OK_200, out);
    }

    /** Removes the member, or withdraws the invitations, of that address; deleted either way, as Plausible. */
    private void deleteGuest(ServerRequest req, ServerResponse res) {
        Site site = administered(auth.access(req), sites, siteId(req));
        String email = req.path().pathParameters().get("email").strip().toLowerCase(Locale.ROOT);
        for (Membership m : storage.accounts().members(site.domain())) {
            if (m.email().equals(email)) accounts.revoke(m.userId(), site.domain());
        }
        for (Invitation i : invitations.pending(site.domain())) {
            if (i.email().equals(email)) storage.accounts().deleteInvitation(site.domain(), i.id());
        }
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    // --- parameters -------------------------------------------------------------------------------

    /** A required text field of the body: 400 naming it when missing, as Plausible's "Parameter `x` is required". */
    private static String required(JsonNode body, String field) {
        String value = Json.text(body, field);
        if (value == null) throw ApiException.badRequest(field, "is required");
        return value;
    }

    /** {@code site_id} from the JSON body (Plausible's DELETE sends it there) or else the query. */
    private static String siteId(ServerRequest req) {
        byte[] bytes = Json.bytes(req);
        if (!Json.blank(bytes)) {
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(bytes);
            } catch (java.io.IOException e) {
                throw ApiException.badRequest("body", "is not valid JSON");
            }
            if (body == null || !body.isObject()) throw ApiException.badRequest("body", "must be a JSON object");
            String domain = Json.text(body, "site_id");
            if (domain != null) return domain;
        }
        return siteIdFromQuery(req);
    }

    private static String siteIdFromQuery(ServerRequest req) {
        return req.query().first("site_id").asOptional().filter(s -> !s.isEmpty())
                .orElseThrow(() -> ApiException.badRequest("site_id", "is required"));
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
