package dev.footfall.account;

import java.util.Optional;

/**
 * A secret, read-only link to one site's dashboard. The slug in the link is the secret: long and
 * random, stored only as its SHA-256 and shown once, at creation ({@link SharedLinks.Created});
 * deleting the row revokes it.
 *
 * @param slugHash     SHA-256 (hex) of the slug
 * @param prefix       the slug's first characters, to tell links apart in lists and to revoke one
 * @param passwordHash when present, visitors must also give the password
 */
public record SharedLink(String slugHash, String prefix, String domain, String name, Optional<String> passwordHash) {}
