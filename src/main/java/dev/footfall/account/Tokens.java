package dev.footfall.account;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets for cookies, CSRF, invitations and shared links. */
public final class Tokens {
    /** 32 random bytes (256 bits): unguessable, so a plain SHA-256 is enough to store them. */
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    /** URL- and cookie-safe. */
    public static String newToken() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
