package dev.footfall.account;

import java.time.Instant;

/**
 * An offer to join a site: whoever opens the link sets a password (or logs in) and becomes a
 * member. The link's secret is not part of it: only its hash is stored, and the secret is shown
 * once, when the invitation is made ({@link Invitations.Issued}).
 */
public record Invitation(long id, String domain, String email, Role role, Instant expires) {}
