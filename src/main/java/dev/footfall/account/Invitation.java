package dev.footfall.account;

import java.time.Instant;

/** An offer to join a site: whoever opens the link sets a password (or logs in) and becomes a member. */
public record Invitation(long id, String token, String domain, String email, Role role, Instant expires) {}
