package dev.footfall.account;

/** A user's role on one site. */
public record Membership(long userId, String email, String domain, Role role) {}
