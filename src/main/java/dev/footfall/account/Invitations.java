package dev.footfall.account;

import dev.footfall.site.ApiKeys;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Members join a site through a link an admin passes on (Footfall sends no e-mail): opening it,
 * a new person sets a password; someone with an account gives theirs.
 */
public final class Invitations {
    /** A week, as Plausible's invitations: long enough for a holiday, short enough that stale links die. */
    static final Duration TTL = Duration.ofDays(7);

    private final Accounts accounts;
    private final AccountStore store;
    private final Clock clock;

    public Invitations(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.store = accounts.store();
        this.clock = clock;
    }

    /** A new invitation and the secret of its link: shown this once, since only its hash is stored. */
    public record Issued(Invitation invitation, String token) {}

    public Issued invite(String domain, String emailText, Role role) {
        String email = Credentials.email(emailText);
        String token = Tokens.newToken();
        return new Issued(store.addInvitation(ApiKeys.hash(token), domain, email, role, clock.instant().plus(TTL)), token);
    }

    public Optional<Invitation> find(String token) {
        return token == null || token.isEmpty() ? Optional.empty() : store.invitation(ApiKeys.hash(token), clock.instant());
    }

    public List<Invitation> pending(String domain) {
        return store.invitations(domain, clock.instant());
    }

    public boolean accountExists(Invitation invitation) {
        return store.userByEmail(invitation.email()).isPresent();
    }

    /**
     * Makes the invited person a member and logs them in. A new account gets {@code password};
     * an existing one must give its own ({@link InvalidInputException} otherwise).
     */
    public synchronized Accounts.Opened accept(Invitation invitation, String password) {
        User user;
        if (accountExists(invitation)) {
            user = accounts.authenticate(invitation.email(), password)
                    .orElseThrow(() -> new InvalidInputException("password", "is not the password of " + invitation.email()));
        } else {
            user = accounts.register(invitation.email(), password).orElseThrow();
        }
        if (!user.owner()) accounts.grant(user.id(), invitation.domain(), invitation.role());
        store.deleteInvitation(invitation.domain(), invitation.id());
        return accounts.open(user);
    }
}
