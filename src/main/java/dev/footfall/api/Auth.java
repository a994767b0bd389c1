package dev.footfall.api;

import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import dev.footfall.store.Storage;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

/** Bearer API keys: 401 without a valid one; 403 when an admin key is needed and a site key came. */
public final class Auth {
    private final Storage storage;

    public Auth(Storage storage) {
        this.storage = storage;
    }

    public ApiKey key(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw ApiException.of(Status.UNAUTHORIZED_401, "missing API key: send Authorization: Bearer <key>");
        }
        return storage.apiKey(ApiKeys.hash(header.substring(7).strip()))
                .orElseThrow(() -> ApiException.of(Status.UNAUTHORIZED_401, "invalid API key"));
    }

    public ApiKey admin(ServerRequest req) {
        ApiKey key = key(req);
        if (!key.isAdmin()) throw ApiException.of(Status.FORBIDDEN_403, "this endpoint needs an admin API key");
        return key;
    }
}
