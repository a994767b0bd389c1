package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.Storage;
import dev.footfall.account.UserAccess;
import dev.footfall.segment.Requester;
import dev.footfall.segment.Segment;
import dev.footfall.segment.SegmentException;
import dev.footfall.segment.Segments;
import dev.footfall.site.Access;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A site's saved segments for the dashboard (Plausible's internal segments API): list, create,
 * change and delete. Who may do what is {@link Segments}'s; this class only speaks HTTP.
 */
public final class SegmentsApi implements HttpService {
    private static final Set<String> FIELDS = Set.of("name", "type", "segment_data");

    private final Segments segments;
    private final StatsSites sites;
    private final Auth auth;

    public SegmentsApi(Segments segments, SiteRegistry sites, Storage storage, Auth auth, Clock clock) {
        this.segments = segments;
        this.sites = new StatsSites(sites, storage, clock);
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/api/ui/sites/{domain}/segments", this::list)
                .post("/api/ui/sites/{domain}/segments", this::create)
                .patch("/api/ui/sites/{domain}/segments/{id}", this::update)
                .delete("/api/ui/sites/{domain}/segments/{id}", this::delete);
    }

    /** Who asks, once they are known to see the site (the same 404 as for a site that does not exist otherwise). */
    private record Asker(Site site, Requester requester) {}

    private Asker asker(ServerRequest req) {
        Access access = auth.access(req);
        Site site = sites.visible(access, req.path().pathParameters().get("domain"));
        Requester requester = access instanceof UserAccess user
                ? new Requester.Member(user.person().id(), user.canAdmin(site.domain())) : new Requester.Guest();
        return new Asker(site, requester);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Asker asker = asker(req);
        boolean member = asker.requester() instanceof Requester.Member;
        Json.send(res, Status.OK_200, Map.of("segments", segments.visible(asker.site(), asker.requester()).stream().map(s -> json(s, member)).toList()));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Asker asker = asker(req);
        JsonNode body = fields(req);
        Segment created = run(() -> segments.create(asker.site(), asker.requester(), Json.text(body, "name"), Json.text(body, "type"), body.get("segment_data")));
        Json.send(res, Status.OK_200, Map.of("segment", json(created, true)));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Asker asker = asker(req);
        long id = id(req);
        JsonNode body = fields(req);
        Segment updated = run(() -> segments.update(asker.site(), asker.requester(), id, Json.text(body, "name"), Json.text(body, "type"),
                body.get("segment_data")));
        Json.send(res, Status.OK_200, Map.of("segment", json(updated, true)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Asker asker = asker(req);
        long id = id(req);
        run(() -> {
            segments.delete(asker.site(), asker.requester(), id);
            return null;
        });
        Json.send(res, Status.OK_200, Map.of("deleted", true));
    }

    private static JsonNode fields(ServerRequest req) {
        JsonNode body = Json.body(req);
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) throw ApiException.badRequest(field, "is not a segment field; the fields are name, type and segment_data");
        });
        return body;
    }

    /** A path id that is no number names no segment: the same 404 as an unknown one. */
    private static long id(ServerRequest req) {
        String text = req.path().pathParameters().get("id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.of(Status.NOT_FOUND_404, "segment not found");
        }
    }

    /** Runs a segment action, its refusal turned into the HTTP status its reason stands for. */
    private static <T> T run(Supplier<T> action) {
        try {
            return action.get();
        } catch (SegmentException e) {
            throw switch (e.reason()) {
                case INVALID -> ApiException.badRequest(e.field(), e.getMessage());
                case NOT_FOUND -> ApiException.of(Status.NOT_FOUND_404, e.getMessage());
                case FORBIDDEN -> ApiException.of(Status.FORBIDDEN_403, e.getMessage());
            };
        }
    }

    /** Plausible's fields; the owner only for members (Plausible leaves it out for a shared link). */
    private static Map<String, Object> json(Segment s, boolean withOwner) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("type", s.type().apiName());
        m.put("segment_data", s.data());
        if (withOwner) m.put("owner_id", s.ownerId());
        m.put("inserted_at", s.createdAt().toString());
        m.put("updated_at", s.updatedAt().toString());
        return m;
    }
}
