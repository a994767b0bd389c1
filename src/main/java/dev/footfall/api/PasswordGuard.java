package dev.footfall.api;

import dev.footfall.account.LoginThrottle;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The login throttle applied to a request that tries a password: logins, invitations accepted by
 * an existing account, shared-link passwords. While the account or the client is over its limit,
 * 429 with {@code Retry-After}.
 */
public final class PasswordGuard {
    private final LoginThrottle throttle;
    private final Auth auth;

    public PasswordGuard(LoginThrottle throttle, Auth auth) {
        this.throttle = throttle;
        this.auth = auth;
    }

    /** Refuses the attempt (429) while {@code account} or this client has failed too often; {@code what} names the failures. */
    void check(ServerRequest req, ServerResponse res, String account, String what) {
        throttle.blocked(account, auth.client(req)).ifPresent(wait -> {
            long seconds = Math.max(1, wait.toSeconds());
            res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
            throw ApiException.of(Status.TOO_MANY_REQUESTS_429, "too many " + what + ": try again in "
                    + (seconds < 60 ? seconds + " s" : (seconds + 59) / 60 + " min"));
        });
    }

    void failed(ServerRequest req, String account) {
        throttle.failed(account, auth.client(req));
    }

    void succeeded(String account) {
        throttle.succeeded(account);
    }
}
