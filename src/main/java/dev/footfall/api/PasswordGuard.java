package dev.footfall.api;

import dev.footfall.account.LoginThrottle;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The login throttle applied to a request that tries a password: logins, password changes,
 * invitations accepted by an existing account, shared-link passwords; and, with a throttle of
 * their own, refused site additions, which guess at domains as a login guesses at passwords.
 * While the account from this client,
 * or the client, is over its limit: 429 with {@code Retry-After}.
 *
 * <p>Use: {@link #attempt} before checking, then {@link #succeeded} (or {@link #refund}) when the
 * try turns out right; a try that is not given back counts as failed.
 */
public final class PasswordGuard {
    private final LoginThrottle throttle;
    private final Auth auth;

    public PasswordGuard(LoginThrottle throttle, Auth auth) {
        this.throttle = throttle;
        this.auth = auth;
    }

    /** Counts a try at {@code account} from this client, or refuses it (429) while over a limit; {@code what} names the failures. */
    void attempt(ServerRequest req, ServerResponse res, String account, String what) {
        throttle.attempt(account, auth.client(req)).ifPresent(wait -> {
            long seconds = Math.max(1, wait.toSeconds());
            res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
            throw ApiException.of(Status.TOO_MANY_REQUESTS_429, "too many " + what + ": try again in "
                    + (seconds < 60 ? seconds + " s" : (seconds + 59) / 60 + " min"));
        });
    }

    /** The password was right: the account's failures from this client are forgiven. */
    void succeeded(ServerRequest req, String account) {
        throttle.succeeded(account, auth.client(req));
    }

    /** The try was no failure after all: it is given back, nothing else is forgiven. */
    void refund(ServerRequest req, String account) {
        throttle.refund(account, auth.client(req));
    }
}
