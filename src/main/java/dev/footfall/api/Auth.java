package dev.footfall.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.footfall.Storage;
import dev.footfall.account.Accounts;
import dev.footfall.account.SharedAccess;
import dev.footfall.account.SharedLink;
import dev.footfall.account.SharedLinks;
import dev.footfall.site.Access;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * Who sent a request: a Bearer API key, a shared link's visitor ({@code X-Footfall-Share}), or a
 * logged-in user (session cookie). 401 without any of them. A cookie is sent by the browser on
 * its own, so every state change made with one must also echo the session's CSRF token.
 */
public final class Auth {
    public static final String SESSION_COOKIE = "footfall_session";
    public static final HeaderName CSRF_HEADER = HeaderNames.create("X-CSRF-Token");
    public static final HeaderName SHARE_HEADER = HeaderNames.create("X-Footfall-Share");
    private static final HeaderName FORWARDED_PROTO = HeaderNames.create("X-Forwarded-Proto");
    private static final HeaderName FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");
    /**
     * How long a valid key is believed without asking the database again. Every API request
     * checks its key and a lookup costs about a millisecond, as much as a cached Stats answer.
     * Revoking a key or deleting its site in this process forgets it at once; the minute bounds
     * only other paths.
     */
    private static final Duration KEY_TTL = Duration.ofMinutes(1);
    /** Distinct keys remembered; far more than the keys of any installation. */
    private static final int KEYS_CACHED = 10_000;

    private final Storage storage;
    private final Accounts accounts;
    private final SharedLinks sharedLinks;
    private final ClientAddress clientAddress;
    /** Valid keys by secret hash. Invalid secrets are not cached: guessing must not fill memory. */
    private final Cache<String, ApiKey> valid = Caffeine.newBuilder().expireAfterWrite(KEY_TTL).maximumSize(KEYS_CACHED).build();

    public Auth(Storage storage, Accounts accounts, SharedLinks sharedLinks, ClientAddress clientAddress) {
        this.storage = storage;
        this.accounts = accounts;
        this.sharedLinks = sharedLinks;
        this.clientAddress = clientAddress;
    }

    /** Whoever sent the request; 401 when nobody is recognised. */
    public Access access(ServerRequest req) {
        if (req.headers().contains(HeaderNames.AUTHORIZATION)) return key(req);
        Optional<String> slug = req.headers().first(SHARE_HEADER);
        if (slug.isPresent()) return shared(req, slug.get());
        return signedIn(req).<Access>map(Accounts.Signed::access).orElseThrow(() -> ApiException.of(Status.UNAUTHORIZED_401,
                "missing API key: send Authorization: Bearer <key>, or log in"));
    }

    public ApiKey key(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw ApiException.of(Status.UNAUTHORIZED_401, "missing API key: send Authorization: Bearer <key>");
        }
        String hash = ApiKeys.hash(header.substring(7).strip());
        ApiKey key = valid.getIfPresent(hash);
        if (key == null) {
            key = storage.apiKey(hash).orElseThrow(() -> ApiException.of(Status.UNAUTHORIZED_401, "invalid API key"));
            valid.put(hash, key);
        }
        return key;
    }

    /** A shared link's visitor: 404 for an unknown or revoked link, 401 for a locked one without its password cookie. */
    private Access shared(ServerRequest req, String slug) {
        SharedLink link = sharedLinks.find(slug).orElseThrow(() -> ApiException.of(Status.NOT_FOUND_404, "shared link not found"));
        if (!sharedLinks.open(link, cookie(req, SharedLinks.cookieName(link)))) {
            throw ApiException.of(Status.UNAUTHORIZED_401, "this shared link needs its password");
        }
        return new SharedAccess(link);
    }

    /** The logged-in user, if any; a state change without the session's CSRF token is refused (403). */
    public Optional<Accounts.Signed> signedIn(ServerRequest req) {
        Optional<Accounts.Signed> signed = cookie(req, SESSION_COOKIE).flatMap(accounts::session);
        signed.ifPresent(s -> {
            if (changesState(req)) {
                String sent = req.headers().first(CSRF_HEADER).orElse("");
                if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), s.session().csrfToken().getBytes(StandardCharsets.UTF_8))) {
                    throw ApiException.of(Status.FORBIDDEN_403, "missing or wrong CSRF token: send the X-CSRF-Token header given by /api/ui/state");
                }
            }
        });
        return signed;
    }

    /** The logged-in user; 401 otherwise. */
    public Accounts.Signed user(ServerRequest req) {
        return signedIn(req).orElseThrow(() -> ApiException.of(Status.UNAUTHORIZED_401, "not logged in"));
    }

    /**
     * Refuses a state change that another site's page made the browser send. Used where no session
     * exists yet (setup, login, accepting an invitation): a session's requests carry the CSRF token.
     */
    public void sameOrigin(ServerRequest req) {
        String site = req.headers().first(FETCH_SITE).orElse("same-origin");
        if (!site.equals("same-origin") && !site.equals("none")) {
            throw ApiException.of(Status.FORBIDDEN_403, "cross-site request refused");
        }
    }

    /** Sets the session cookie: HttpOnly, SameSite=Lax, and Secure whenever the browser reached us over TLS. */
    public void setSession(ServerRequest req, ServerResponse res, Accounts.Opened opened) {
        res.headers().addCookie(cookie(req, SESSION_COOKIE, opened.token(), Accounts.SESSION_TTL));
    }

    public void clearSession(ServerRequest req, ServerResponse res) {
        res.headers().addCookie(cookie(req, SESSION_COOKIE, "", Duration.ZERO));
    }

    public SetCookie cookie(ServerRequest req, String name, String value, Duration maxAge) {
        return SetCookie.builder(name, value).path("/").httpOnly(true).sameSite(SetCookie.SameSite.LAX)
                .secure(overTls(req)).maxAge(maxAge).build();
    }

    /** Revoked keys, and the keys of a deleted site, stop working at once in this process. */
    public void forgetKeys() {
        valid.invalidateAll();
    }

    public Optional<String> cookie(ServerRequest req, String name) {
        return req.headers().cookies().first(name).asOptional().filter(v -> !v.isEmpty());
    }

    /** The client's address (behind trusted proxies, the one they name), for throttling; never stored. */
    public String client(ServerRequest req) {
        return clientAddress.resolve(req.remotePeer().address(), req.headers().first(HeaderNames.X_FORWARDED_FOR));
    }

    /** How the browser reached us, for links and snippets: {@code https://footfall.example.com}. */
    public String origin(ServerRequest req) {
        String host = req.headers().first(HeaderNames.HOST).orElse("localhost");
        return (overTls(req) ? "https://" : "http://") + host;
    }

    /** TLS here, or at a trusted proxy that says so. */
    private boolean overTls(ServerRequest req) {
        if (req.isSecure()) return true;
        return clientAddress.trustedProxy(req.remotePeer().address())
                && req.headers().first(FORWARDED_PROTO).map(p -> p.equalsIgnoreCase("https")).orElse(false);
    }

    private static boolean changesState(ServerRequest req) {
        Method m = req.prologue().method();
        return !(m == Method.GET || m == Method.HEAD || m == Method.OPTIONS);
    }
}
