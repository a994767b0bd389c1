package dev.footfall.store.duckdb;

import dev.footfall.account.AccountStore;
import dev.footfall.account.Invitation;
import dev.footfall.account.LoginSession;
import dev.footfall.account.Membership;
import dev.footfall.account.Role;
import dev.footfall.account.SharedLink;
import dev.footfall.account.SharedLinks;
import dev.footfall.account.User;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Accounts in the embedded database's small tables. */
final class DuckDbAccounts implements AccountStore {
    private final DuckDbStorage db;

    DuckDbAccounts(DuckDbStorage db) {
        this.db = db;
    }

    @Override
    public long countUsers() {
        return db.query("SELECT count(*) FROM users", ps -> {}, rs -> rs.getLong(1)).getFirst();
    }

    @Override
    public synchronized Optional<User> addUser(String email, String passwordHash, boolean owner) {
        return db.query("INSERT INTO users (email, password_hash, owner, created_at) VALUES (?, ?, ?, now()) "
                + "ON CONFLICT DO NOTHING RETURNING id, email, owner", ps -> {
            ps.setString(1, email);
            ps.setString(2, passwordHash);
            ps.setBoolean(3, owner);
        }, DuckDbAccounts::user).stream().findFirst();
    }

    @Override
    public Optional<User> user(long id) {
        return db.query("SELECT id, email, owner FROM users WHERE id = ?", ps -> ps.setLong(1, id), DuckDbAccounts::user).stream().findFirst();
    }

    @Override
    public Optional<User> userByEmail(String email) {
        return db.query("SELECT id, email, owner FROM users WHERE email = ?", ps -> ps.setString(1, email), DuckDbAccounts::user).stream().findFirst();
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong(1), rs.getString(2), rs.getBoolean(3));
    }

    @Override
    public Optional<String> passwordHash(long userId) {
        return db.query("SELECT password_hash FROM users WHERE id = ?", ps -> ps.setLong(1, userId), rs -> rs.getString(1)).stream().findFirst();
    }

    @Override
    public void setPasswordHash(long userId, String passwordHash) {
        db.update("UPDATE users SET password_hash = ? WHERE id = ?", ps -> {
            ps.setString(1, passwordHash);
            ps.setLong(2, userId);
        });
    }

    @Override
    public void addSession(String tokenHash, long userId, String csrfToken, Instant expires) {
        db.update("INSERT INTO login_sessions VALUES (?, ?, ?, now(), ?)", ps -> {
            ps.setString(1, tokenHash);
            ps.setLong(2, userId);
            ps.setString(3, csrfToken);
            ps.setObject(4, DuckDbStorage.utc(expires));
        });
    }

    @Override
    public Optional<LoginSession> session(String tokenHash, Instant now) {
        return db.query("SELECT s.token_hash, u.id, u.email, u.owner, s.csrf_token, s.expires_at FROM login_sessions s "
                + "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?", ps -> {
            ps.setString(1, tokenHash);
            ps.setObject(2, DuckDbStorage.utc(now));
        }, rs -> new LoginSession(rs.getString(1), new User(rs.getLong(2), rs.getString(3), rs.getBoolean(4)), rs.getString(5),
                rs.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC))).stream().findFirst();
    }

    @Override
    public void deleteSession(String tokenHash) {
        db.update("DELETE FROM login_sessions WHERE token_hash = ?", ps -> ps.setString(1, tokenHash));
    }

    @Override
    public void deleteSessionsExcept(long userId, String keptTokenHash) {
        db.update("DELETE FROM login_sessions WHERE user_id = ? AND token_hash <> ?", ps -> {
            ps.setLong(1, userId);
            ps.setString(2, keptTokenHash);
        });
    }

    @Override
    public void deleteExpiredSessions(Instant now) {
        db.update("DELETE FROM login_sessions WHERE expires_at <= ?", ps -> ps.setObject(1, DuckDbStorage.utc(now)));
        db.update("DELETE FROM invitations WHERE expires_at <= ?", ps -> ps.setObject(1, DuckDbStorage.utc(now)));
    }

    @Override
    public void putMembership(long userId, String domain, Role role) {
        db.update("INSERT INTO memberships VALUES (?, ?, ?, now()) ON CONFLICT (user_id, site_domain) DO UPDATE SET role = excluded.role", ps -> {
            ps.setLong(1, userId);
            ps.setString(2, domain);
            ps.setString(3, role.apiName());
        });
    }

    @Override
    public boolean deleteMembership(long userId, String domain) {
        // Plausible's rule: a member who leaves takes their personal segments along; site ones stay.
        db.update("DELETE FROM segments WHERE owner_id = ? AND site_domain = ? AND type = 'personal'", ps -> {
            ps.setLong(1, userId);
            ps.setString(2, domain);
        });
        return db.update("DELETE FROM memberships WHERE user_id = ? AND site_domain = ?", ps -> {
            ps.setLong(1, userId);
            ps.setString(2, domain);
        }) > 0;
    }

    @Override
    public List<Membership> memberships(long userId) {
        return db.query(MEMBERSHIPS + " WHERE m.user_id = ? ORDER BY m.site_domain", ps -> ps.setLong(1, userId), DuckDbAccounts::membership);
    }

    @Override
    public List<Membership> members(String domain) {
        return db.query(MEMBERSHIPS + " WHERE m.site_domain = ? ORDER BY u.email", ps -> ps.setString(1, domain), DuckDbAccounts::membership);
    }

    private static final String MEMBERSHIPS = "SELECT m.user_id, u.email, m.site_domain, m.role FROM memberships m JOIN users u ON u.id = m.user_id";

    private static Membership membership(ResultSet rs) throws SQLException {
        return new Membership(rs.getLong(1), rs.getString(2), rs.getString(3), Role.parse(rs.getString(4)));
    }

    @Override
    public Invitation addInvitation(String tokenHash, String domain, String email, Role role, Instant expires) {
        long id = db.query("INSERT INTO invitations (token_hash, site_domain, email, role, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id", ps -> {
            ps.setString(1, tokenHash);
            ps.setString(2, domain);
            ps.setString(3, email);
            ps.setString(4, role.apiName());
            ps.setObject(5, DuckDbStorage.utc(expires));
        }, rs -> rs.getLong(1)).getFirst();
        return new Invitation(id, domain, email, role, expires);
    }

    @Override
    public Optional<Invitation> invitation(String tokenHash, Instant now) {
        return db.query(INVITATIONS + " WHERE token_hash = ? AND expires_at > ?", ps -> {
            ps.setString(1, tokenHash);
            ps.setObject(2, DuckDbStorage.utc(now));
        }, DuckDbAccounts::invitation).stream().findFirst();
    }

    @Override
    public List<Invitation> invitations(String domain, Instant now) {
        return db.query(INVITATIONS + " WHERE site_domain = ? AND expires_at > ? ORDER BY id", ps -> {
            ps.setString(1, domain);
            ps.setObject(2, DuckDbStorage.utc(now));
        }, DuckDbAccounts::invitation);
    }

    private static final String INVITATIONS = "SELECT id, site_domain, email, role, expires_at FROM invitations";

    private static Invitation invitation(ResultSet rs) throws SQLException {
        return new Invitation(rs.getLong(1), rs.getString(2), rs.getString(3), Role.parse(rs.getString(4)),
                rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC));
    }

    @Override
    public boolean deleteInvitation(String domain, long id) {
        return db.update("DELETE FROM invitations WHERE site_domain = ? AND id = ?", ps -> {
            ps.setString(1, domain);
            ps.setLong(2, id);
        }) > 0;
    }

    @Override
    public void addSharedLink(SharedLink link) {
        db.update("INSERT INTO shared_links (slug_hash, prefix, site_domain, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, now())", ps -> {
            ps.setString(1, link.slugHash());
            ps.setString(2, link.prefix());
            ps.setString(3, link.domain());
            ps.setString(4, link.name());
            ps.setString(5, link.passwordHash().orElse(null));
        });
    }

    @Override
    public Optional<SharedLink> sharedLink(String slugHash) {
        return db.query(SHARED_LINKS + " WHERE slug_hash = ?", ps -> ps.setString(1, slugHash), DuckDbAccounts::sharedLink).stream().findFirst();
    }

    @Override
    public List<SharedLink> sharedLinks(String domain) {
        return db.query(SHARED_LINKS + " WHERE site_domain = ? ORDER BY created_at", ps -> ps.setString(1, domain), DuckDbAccounts::sharedLink);
    }

    private static final String SHARED_LINKS = "SELECT slug_hash, prefix, site_domain, name, password_hash FROM shared_links";

    private static SharedLink sharedLink(ResultSet rs) throws SQLException {
        return new SharedLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Optional.ofNullable(rs.getString(5)));
    }

    @Override
    public boolean deleteSharedLink(String domain, String prefix) {
        return db.update("DELETE FROM shared_links WHERE site_domain = ? AND prefix = ?", ps -> {
            ps.setString(1, domain);
            ps.setString(2, prefix);
        }) > 0;
    }

    /**
     * Data directories from before invitations and shared links were stored hashed keep their
     * secrets in clear (columns {@code token} and {@code slug}): replaces each by its SHA-256, as
     * new ones are stored, so links already handed out keep working. Each table in one transaction;
     * a no-op once converted. Run at every start, after the schema.
     */
    static void hashSecrets(Statement st) throws SQLException {
        if (hasColumn(st, "invitations", "token")) {
            inTransaction(st, "UPDATE invitations SET token = sha256(token)",
                    "ALTER TABLE invitations RENAME COLUMN token TO token_hash");
        }
        if (hasColumn(st, "shared_links", "slug")) {
            inTransaction(st, "ALTER TABLE shared_links ADD COLUMN prefix VARCHAR",
                    "UPDATE shared_links SET prefix = left(slug, " + SharedLinks.PREFIX_LENGTH + "), slug = sha256(slug)",
                    "ALTER TABLE shared_links RENAME COLUMN slug TO slug_hash",
                    "ALTER TABLE shared_links ALTER COLUMN prefix SET NOT NULL");
        }
    }

    private static boolean hasColumn(Statement st, String table, String column) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = '" + table
                + "' AND column_name = '" + column + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static void inTransaction(Statement st, String... statements) throws SQLException {
        st.execute("BEGIN TRANSACTION");
        try {
            for (String sql : statements) st.execute(sql);
            st.execute("COMMIT");
        } catch (SQLException e) {
            st.execute("ROLLBACK");
            throw e;
        }
    }
}
