package dev.footfall.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.footfall.site.ApiKeys;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Users and their login sessions: first-run setup, login, logout, password change. */
public final class Accounts {
    /** A login lasts a month, as on Plausible: analytics is checked weekly, not typed into daily. */
    public static final Duration SESSION_TTL = Duration.ofDays(30);
    /**
     * How long a resolved session is believed without the database: a dashboard fires a dozen
     * requests at once and each lookup costs about a millisecond. Logout, password and membership
     * changes and site deletions in this process clear it at once, so the minute only bounds
     * expiry precision.
     */
    private static final Duration SESSION_CACHE_TTL = Duration.ofMinutes(1);
    private static final int SESSIONS_CACHED = 10_000;

    private final AccountStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Cache<String, Signed> sessions = Caffeine.newBuilder().expireAfterWrite(SESSION_CACHE_TTL).maximumSize(SESSIONS_CACHED).build();
    /** Checked against when the e-mail is unknown, so a login takes as long whether or not the account exists. */
    private final String decoyHash;

    public Accounts(AccountStore store, PasswordHasher hasher, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.decoyHash = hasher.hash(Tokens.newToken());
    }

    /** A new login: the cookie's token (only its hash is stored) and the session. */
    public record Opened(String token, LoginSession session) {}

    /** A resolved login and what it may do. */
    public record Signed(LoginSession session, UserAccess access) {}

    public boolean setupRequired() {
        return store.countUsers() == 0;
    }

    /** Creates the owner and logs them in; {@link IllegalStateException} once anyone exists. */
    public synchronized Opened setup(String emailText, String password) {
        String email = Credentials.email(emailText);
        Credentials.newPassword("password", password);
        if (!setupRequired()) throw new IllegalStateException("Footfall is already set up: log in instead");
        return open(store.addUser(email, hasher.hash(password), true).orElseThrow());
    }

    /** Creates a (non-owner) account; empty when the address is taken. */
    public Optional<User> register(String emailText, String password) {
        String email = Credentials.email(emailText);
        Credentials.newPassword("password", password);
        return store.addUser(email, hasher.hash(password), false);
    }

    /** The user, if the password is theirs. Takes as long for an unknown address as for a wrong password. */
    public Optional<User> authenticate(String emailText, String password) {
        if (password == null) password = "";
        Optional<User> user = store.userByEmail(Credentials.normalised(emailText));
        String hash = user.flatMap(u -> store.passwordHash(u.id())).orElse(decoyHash);
        boolean matches = hasher.matches(password, hash);
        return matches ? user : Optional.empty();
    }

    public Opened open(User user) {
        String token = Tokens.newToken();
        LoginSession session = new LoginSession(ApiKeys.hash(token), user, Tokens.newToken(), clock.instant().plus(SESSION_TTL));
        store.addSession(session.tokenHash(), user.id(), session.csrfToken(), session.expires());
        return new Opened(token, session);
    }

    /** The login behind a cookie token, if it is valid now. */
    public Optional<Signed> session(String token) {
        String hash = ApiKeys.hash(token);
        Signed cached = sessions.getIfPresent(hash);
        if (cached != null && cached.session().expires().isAfter(clock.instant())) return Optional.of(cached);
        Optional<Signed> signed = store.session(hash, clock.instant()).map(s -> new Signed(s, access(s.user())));
        signed.ifPresent(s -> sessions.put(hash, s));
        return signed;
    }

    private UserAccess access(User user) {
        Map<String, Role> roles = new HashMap<>();
        for (Membership m : store.memberships(user.id())) roles.put(m.domain(), m.role());
        return new UserAccess(user, roles);
    }

    public void logout(String token) {
        String hash = ApiKeys.hash(token);
        store.deleteSession(hash);
        sessions.invalidate(hash);
    }

    /** Changes the password after checking the current one, and logs out every other browser. */
    public void changePassword(LoginSession session, String current, String next) {
        Credentials.newPassword("new_password", next);
        String hash = store.passwordHash(session.user().id()).orElseThrow();
        if (!hasher.matches(current == null ? "" : current, hash)) throw new InvalidInputException("current_password", "is not your password");
        store.setPasswordHash(session.user().id(), hasher.hash(next));
        store.deleteSessionsExcept(session.user().id(), session.tokenHash());
        sessions.invalidateAll();
    }

    /** Gives a user a role on a site (or changes it); their sessions see it on their next request. */
    public void grant(long userId, String domain, Role role) {
        store.putMembership(userId, domain, role);
        sessions.invalidateAll();
    }

    /** Takes a user's role on a site away, at once; false when they had none. */
    public boolean revoke(long userId, String domain) {
        boolean revoked = store.deleteMembership(userId, domain);
        sessions.invalidateAll();
        return revoked;
    }

    /** Forgets every resolved session, so the next request of each reads its roles again (after a site is deleted). */
    public void forgetSessions() {
        sessions.invalidateAll();
    }

    public void deleteExpired() {
        store.deleteExpiredSessions(clock.instant());
    }

    public AccountStore store() {
        return store;
    }

    public PasswordHasher hasher() {
        return hasher;
    }
}
