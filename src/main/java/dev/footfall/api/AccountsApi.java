package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.account.Accounts;
import dev.footfall.account.Credentials;
import dev.footfall.account.Invitation;
import dev.footfall.account.Invitations;
import dev.footfall.account.InvalidInputException;
import dev.footfall.account.User;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The dashboard's account endpoints: first-run setup, login, logout, password change, invitations. */
public final class AccountsApi implements HttpService {
    private final Accounts accounts;
    private final Invitations invitations;
    private final PasswordGuard guard;
    private final Auth auth;

    public AccountsApi(Accounts accounts, Invitations invitations, PasswordGuard guard, Auth auth) {
        this.accounts = accounts;
        this.invitations = invitations;
        this.guard = guard;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/api/ui/state", this::state)
                .post("/api/ui/setup", this::setup)
                .post("/api/ui/login", this::login)
                .post("/api/ui/logout", this::logout)
                .post("/api/ui/password", this::password)
                .get("/api/ui/invitations/{token}", this::invitation)
                .post("/api/ui/invitations/{token}/accept", this::accept);
    }

    private void state(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, state(auth.signedIn(req).map(s -> new Accounts.Opened(null, s.session()))));
    }

    private Map<String, Object> state(Optional<Accounts.Opened> login) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("setup_required", login.isEmpty() && accounts.setupRequired());
        state.put("user", login.map(l -> user(l.session().user())).orElse(null));
        state.put("csrf", login.map(l -> l.session().csrfToken()).orElse(null));
        return state;
    }

    private static Map<String, Object> user(User user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", user.id());
        m.put("email", user.email());
        m.put("owner", user.owner());
        return m;
    }

    private void setup(ServerRequest req, ServerResponse res) {
        auth.sameOrigin(req);
        JsonNode body = Json.body(req);
        Accounts.Opened opened;
        try {
            opened = accounts.setup(Json.text(body, "email"), Json.text(body, "password"));
        } catch (InvalidInputException e) {
            throw ApiException.badRequest(e.field(), e.problem());
        } catch (IllegalStateException e) {
            throw ApiException.of(Status.CONFLICT_409, e.getMessage());
        }
        loggedIn(req, res, opened);
    }

    private void login(ServerRequest req, ServerResponse res) {
        auth.sameOrigin(req);
        JsonNode body = Json.body(req);
        String email = Credentials.normalised(Json.text(body, "email"));
        guard.attempt(req, res, email, "failed logins");
        Optional<User> user = accounts.authenticate(email, Json.text(body, "password"));
        if (user.isEmpty()) throw ApiException.of(Status.UNAUTHORIZED_401, "wrong email or password");
        guard.succeeded(req, email);
        loggedIn(req, res, accounts.open(user.get()));
    }

    private void loggedIn(ServerRequest req, ServerResponse res, Accounts.Opened opened) {
        auth.setSession(req, res, opened);
        Json.send(res, Status.OK_200, state(Optional.of(opened)));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        auth.signedIn(req); // checks the CSRF token of a live session
        auth.cookie(req, Auth.SESSION_COOKIE).ifPresent(accounts::logout);
        auth.clearSession(req, res);
        Json.send(res, Status.OK_200, Map.of());
    }

    /**
     * A password change checks the current password, so it is throttled as a login is, in the
     * same count: a stolen session must not become unlimited guesses at the password it would
     * need to lock the owner out. A new password that breaks the rules is refused first and is
     * no guess.
     */
    private void password(ServerRequest req, ServerResponse res) {
        Accounts.Signed signed = auth.user(req);
        JsonNode body = Json.body(req);
        String email = signed.session().user().email();
        try {
            Credentials.newPassword("new_password", Json.text(body, "new_password"));
            guard.attempt(req, res, email, "wrong passwords");
            accounts.changePassword(signed.session(), Json.text(body, "current_password"), Json.text(body, "new_password"));
        } catch (InvalidInputException e) {
            throw ApiException.badRequest(e.field(), e.problem());
        }
        guard.succeeded(req, email);
        Json.send(res, Status.OK_200, Map.of());
    }

    private Invitation pending(ServerRequest req) {
        return invitations.find(req.path().pathParameters().get("token"))
                .orElseThrow(() -> ApiException.of(Status.NOT_FOUND_404, "this invitation does not exist or has expired"));
    }

    private void invitation(ServerRequest req, ServerResponse res) {
        Invitation invitation = pending(req);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domain", invitation.domain());
        m.put("email", invitation.email());
        m.put("role", invitation.role().apiName());
        m.put("account_exists", invitations.accountExists(invitation));
        Json.send(res, Status.OK_200, m);
    }

    private void accept(ServerRequest req, ServerResponse res) {
        auth.sameOrigin(req);
        Invitation invitation = pending(req);
        String password = Json.text(Json.body(req), "password");
        Accounts.Opened opened;
        try {
            // A new account's password that breaks the rules is no guess at anyone's password.
            if (!invitations.accountExists(invitation)) Credentials.newPassword("password", password);
            guard.attempt(req, res, invitation.email(), "failed logins");
            opened = invitations.accept(invitation, password);
        } catch (InvalidInputException e) {
            throw ApiException.badRequest(e.field(), e.problem());
        }
        guard.succeeded(req, invitation.email());
        loggedIn(req, res, opened);
    }
}
