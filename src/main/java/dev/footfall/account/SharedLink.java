package dev.footfall.account;

import java.util.Optional;

/**
 * A secret, read-only link to one site's dashboard. The slug is the secret: long and random, and
 * deleting the row revokes it.
 *
 * @param passwordHash when present, visitors must also give the password
 */
public record SharedLink(String slug, String domain, String name, Optional<String> passwordHash) {}
