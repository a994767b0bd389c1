package dev.footfall.api;

import dev.footfall.account.SharedLink;
import dev.footfall.account.SharedLinks;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A shared link's landing: which site it shows, and unlocking a password-protected one. */
public final class ShareApi implements HttpService {
    private final SharedLinks links;
    private final SiteRegistry sites;
    private final Auth auth;
    private final PasswordGuard guard;

    public ShareApi(SharedLinks links, SiteRegistry sites, Auth auth, PasswordGuard guard) {
        this.links = links;
        this.sites = sites;
        this.auth = auth;
        this.guard = guard;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/api/ui/share/{slug}", this::describe)
                .post("/api/ui/share/{slug}/auth", this::unlock);
    }

    private SharedLink link(ServerRequest req) {
        return links.find(req.path().pathParameters().get("slug"))
                .orElseThrow(() -> ApiException.of(Status.NOT_FOUND_404, "this shared link does not exist or was revoked"));
    }

    private void describe(ServerRequest req, ServerResponse res) {
        SharedLink link = link(req);
        Site site = sites.find(link.domain()).orElseThrow(() -> ApiException.of(Status.NOT_FOUND_404, "this shared link's site is gone"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", site.domain());
        m.put("timezone", site.timezone().getId());
        m.put("password_required", link.passwordHash().isPresent());
        m.put("authorized", links.open(link, auth.cookie(req, SharedLinks.cookieName(link))));
        Json.send(res, Status.OK_200, m);
    }

    private void unlock(ServerRequest req, ServerResponse res) {
        auth.sameOrigin(req);
        SharedLink link = link(req);
        // A link's password is guessed like a login's: the same limits, counted per link.
        String account = "share:" + link.slugHash();
        guard.attempt(req, res, account, "wrong passwords");
        Optional<String> unlocked = links.unlock(link, Json.text(Json.body(req), "password"));
        if (unlocked.isEmpty()) throw ApiException.of(Status.UNAUTHORIZED_401, "wrong password");
        guard.succeeded(req, account);
        String proof = unlocked.get();
        if (!proof.isEmpty()) res.headers().addCookie(auth.cookie(req, SharedLinks.cookieName(link), proof, SharedLinks.UNLOCKED));
        Json.send(res, Status.OK_200, Map.of());
    }
}
