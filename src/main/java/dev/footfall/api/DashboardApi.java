package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.footfall.Storage;
import dev.footfall.account.UserAccess;
import dev.footfall.query.StatsService;
import dev.footfall.read.ReadGate;
import dev.footfall.site.Access;
import dev.footfall.site.Site;
import dev.footfall.metrics.FootfallMetrics;
import dev.footfall.site.SiteRegistry;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the dashboard's pages need beyond the Stats API: the sites list, one site's facts, and the danger zone. */
public final class DashboardApi implements HttpService {
    /** The sites list's window: "how is it going today", as Plausible's. */
    private static final Duration RECENT = Duration.ofHours(24);
    /** How far back the props panel looks for property keys, and how many it offers. */
    private static final Duration PROPERTY_KEYS_SINCE = Duration.ofDays(90);
    private static final int PROPERTY_KEYS = 100;

    private final SiteRegistry sites;
    private final Storage storage;
    private final StatsSites statsSites;
    private final StatsService stats;
    private final Auth auth;
    private final Clock clock;
    private final ReadGate reads;
    private final FootfallMetrics metrics;
    private final ImportsApi imports;

    /**
     * @param reads   where this API's own engine reads run (the stats it asks for run in {@code stats}'s)
     * @param metrics where the events dropped per site and reason are counted
     * @param tmpDir  where uploads of Plausible exports wait until complete (see {@link ImportsApi})
     */
    public DashboardApi(SiteRegistry sites, Storage storage, StatsService stats, Auth auth, Clock clock, ReadGate reads, FootfallMetrics metrics,
                        java.nio.file.Path tmpDir) {
        this.metrics = metrics;
        this.imports = new ImportsApi(sites, storage.imports(), auth, tmpDir, clock);
        this.sites = sites;
        this.storage = storage;
        this.statsSites = new StatsSites(sites, storage, clock);
        this.stats = stats;
        this.auth = auth;
        this.clock = clock;
        this.reads = reads;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/api/ui/sites", this::list)
                .get("/api/ui/sites/{domain}", this::site)
                .get("/api/ui/sites/{domain}/property-keys", this::propertyKeys)
                .post("/api/ui/sites/{domain}/reset", this::reset)
                .post("/api/ui/sites/{domain}/delete", this::delete)
                .register(imports);
    }

    /**
     * Every site the user may see, with its last 24 hours. The sites are asked one after another
     * as one read (one read thread, one deadline): a user with many sites takes one place among
     * the reads, not one per site, and cannot fill the read queue alone. Each site's two queries
     * are small (a day, mostly from the result cache and rollups).
     */
    private void list(ServerRequest req, ServerResponse res) {
        Access access = auth.user(req).access();
        List<Map<String, Object>> out = reads.run(() -> {
            List<Site> visible = storage.sites().stream().filter(s -> access.canSee(s.domain())).toList();
            List<Map<String, Object>> listed = new ArrayList<>();
            for (Site site : visible) listed.add(listed(site, access));
            return listed;
        });
        Json.send(res, Status.OK_200, Map.of("sites", out));
    }

    private Map<String, Object> listed(Site site, Access access) {
        Instant now = clock.instant();
        OffsetDateTime from = now.minus(RECENT).atOffset(ZoneOffset.UTC), to = now.atOffset(ZoneOffset.UTC);
        ObjectNode total = query(site, from, to);
        ObjectNode hourly = query(site, from, to);
        hourly.putArray("dimensions").add("time:hour");
        hourly.putObject("include").put("time_labels", true);
        StatsService.Answer hours = stats.run(statsSites.parse(hourly, site));
        Map<String, Number> byHour = new LinkedHashMap<>();
        for (StatsService.Row row : hours.rows()) byHour.put(row.dimensions().getFirst(), row.metrics().getFirst());
        List<Number> sparkline = hours.timeLabels().stream().map(label -> byHour.getOrDefault(label, 0)).toList();
        List<StatsService.Row> totals = stats.run(statsSites.parse(total, site)).rows();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", site.domain());
        m.put("timezone", site.timezone().getId());
        m.put("role", role(access, site.domain()));
        m.put("visitors_24h", totals.isEmpty() ? 0 : totals.getFirst().metrics().getFirst());
        m.put("sparkline", sparkline);
        return m;
    }

    private static ObjectNode query(Site site, OffsetDateTime from, OffsetDateTime to) {
        ObjectNode q = Json.MAPPER.createObjectNode();
        q.put("site_id", site.domain());
        q.putArray("metrics").add("visitors");
        q.putArray("date_range").add(from.toString()).add(to.toString());
        return q;
    }

    private static String role(Access access, String domain) {
        return access instanceof UserAccess user ? user.roleName(domain) : access.canAdmin(domain) ? "admin" : "viewer";
    }

    private Site visible(Access access, ServerRequest req) {
        return statsSites.visible(access, req.path().pathParameters().get("domain"));
    }

    private void site(ServerRequest req, ServerResponse res) {
        Access access = auth.access(req);
        Site site = visible(access, req);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", SitesApi.json(site));
        m.put("role", role(access, site.domain()));
        m.put("events", reads.run(() -> storage.countEvents(site.domain())));
        m.put("snippet", "<script defer data-domain=\"" + site.domain() + "\" src=\"" + auth.origin(req) + "/js/script.js\"></script>");
        m.put("goals", sites.goals(site.domain()).stream().map(SitesApi::json).toList());
        // Events that arrived for this site and were dropped on purpose (since the server started),
        // so "waiting for the first event" can tell a bot filter or a hostname rule from silence.
        var drops = metrics.drops(site.domain());
        Map<String, Object> dropped = new LinkedHashMap<>();
        dropped.put("by_reason", drops.byReason());
        dropped.put("last", drops.last().map(Object::toString).orElse(null));
        m.put("dropped", dropped);
        Json.send(res, Status.OK_200, m);
    }

    private void propertyKeys(ServerRequest req, ServerResponse res) {
        Site site = visible(auth.access(req), req);
        List<String> keys = reads.run(() -> storage.propertyKeys(site.domain(), clock.instant().minus(PROPERTY_KEYS_SINCE), PROPERTY_KEYS));
        Json.send(res, Status.OK_200, Map.of("keys", keys));
    }

    private void reset(ServerRequest req, ServerResponse res) {
        sites.reset(confirmed(req));
        Json.send(res, Status.OK_200, Map.of("reset", true));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String domain = confirmed(req);
        sites.delete(domain);
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    /** The danger zone's guard: the admin role, and the domain typed out in {@code confirm}. */
    private String confirmed(ServerRequest req) {
        Site site = SitesApi.administered(auth.access(req), sites, req.path().pathParameters().get("domain"));
        JsonNode body = Json.body(req);
        if (!site.domain().equals(Json.text(body, "confirm"))) {
            throw ApiException.badRequest("confirm", "must be the site's domain, " + site.domain() + ", typed exactly");
        }
        return site.domain();
    }
}
