package dev.footfall.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import dev.footfall.store.Storage;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

import java.time.Duration;

/** Bearer API keys: 401 without a valid one; 403 when an admin key is needed and a site key came. */
public final class Auth {
    /**
     * How long a valid key is believed without asking the database again. Every API request
     * checks its key and a lookup costs about a millisecond, as much as a cached Stats answer;
     * keys are only ever revoked by deleting them offline (a restart) for now, and a minute is
     * how long a revoked key may keep working once revocation happens in a running server.
     */
    private static final Duration KEY_TTL = Duration.ofMinutes(1);
    /** Distinct keys remembered; far more than the keys of any installation. */
    private static final int KEYS_CACHED = 10_000;

    private final Storage storage;
    /** Valid keys by secret hash. Invalid secrets are not cached: guessing must not fill memory. */
    private final Cache<String, ApiKey> valid = Caffeine.newBuilder().expireAfterWrite(KEY_TTL).maximumSize(KEYS_CACHED).build();

    public Auth(Storage storage) {
        this.storage = storage;
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

    public ApiKey admin(ServerRequest req) {
        ApiKey key = key(req);
        if (!key.isAdmin()) throw ApiException.of(Status.FORBIDDEN_403, "this endpoint needs an admin API key");
        return key;
    }
}
