package dev.footfall.account;

/**
 * A person who logs in to the dashboard.
 *
 * @param owner the instance owner, created at setup: sees and administers every site
 */
public record User(long id, String email, boolean owner) {}
