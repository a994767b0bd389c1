package dev.footfall.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Dashboard accounts: users, their login sessions, site memberships, invitations and shared links. */
public interface AccountStore {
    long countUsers();

    /** Adds a user; empty when the e-mail address is taken. */
    Optional<User> addUser(String email, String passwordHash, boolean owner);

    Optional<User> user(long id);

    Optional<User> userByEmail(String email);

    Optional<String> passwordHash(long userId);

    void setPasswordHash(long userId, String passwordHash);

    void addSession(String tokenHash, long userId, String csrfToken, Instant expires);

    /** The session, if it exists and has not expired at {@code now}. */
    Optional<LoginSession> session(String tokenHash, Instant now);

    void deleteSession(String tokenHash);

    /** Logs a user out everywhere but the session given (after a password change). */
    void deleteSessionsExcept(long userId, String keptTokenHash);

    void deleteExpiredSessions(Instant now);

    /** Adds or changes a membership. */
    void putMembership(long userId, String domain, Role role);

    /** Ends a membership, with the member's personal segments of the site. */
    boolean deleteMembership(long userId, String domain);

    List<Membership> memberships(long userId);

    List<Membership> members(String domain);

    /** @param tokenHash SHA-256 of the link's secret, which is not stored */
    Invitation addInvitation(String tokenHash, String domain, String email, Role role, Instant expires);

    /** The invitation whose secret hashes to {@code tokenHash}, if it has not expired at {@code now}. */
    Optional<Invitation> invitation(String tokenHash, Instant now);

    List<Invitation> invitations(String domain, Instant now);

    boolean deleteInvitation(String domain, long id);

    void addSharedLink(SharedLink link);

    /** The link whose slug hashes to {@code slugHash}. */
    Optional<SharedLink> sharedLink(String slugHash);

    List<SharedLink> sharedLinks(String domain);

    /** Deletes the site's link(s) whose slug starts with {@code prefix}. */
    boolean deleteSharedLink(String domain, String prefix);
}
