package dev.footfall.account;

import java.time.Instant;

/**
 * A logged-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of
 * the database logs nobody in. The CSRF token is the second secret every state change must echo.
 */
public record LoginSession(String tokenHash, User user, String csrfToken, Instant expires) {}
