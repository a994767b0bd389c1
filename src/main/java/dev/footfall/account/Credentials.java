package dev.footfall.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules an e-mail address and a password must follow. */
public final class Credentials {
    /**
     * NIST SP 800-63B asks for at least 8 characters and no composition rules; Plausible asks for
     * 12. Ten keeps the dashboard's owner off the top of any guessing list without a rules dance.
     */
    public static final int MIN_PASSWORD = 10;
    /** Argon2 hashes any length in the same time, but a megabyte "password" is an attack, not a secret. */
    private static final int MAX_PASSWORD = 200;
    /** RFC 5321's limit on a forward path. */
    private static final int MAX_EMAIL = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Credentials() {}

    /** The form an address is stored and looked up in: trimmed, lower case ("" for none). */
    public static String normalised(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }

    /** The address {@link #normalised}, once it is known to be one. */
    public static String email(String text) {
        String email = normalised(text);
        if (email.isEmpty()) throw new InvalidInputException("email", "is required");
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            throw new InvalidInputException("email", "'" + text.strip() + "' is not an e-mail address");
        }
        return email;
    }

    public static String newPassword(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new InvalidInputException(field, "must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) throw new InvalidInputException(field, "must be at most " + MAX_PASSWORD + " characters");
        return password;
    }
}
