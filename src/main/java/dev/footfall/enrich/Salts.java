package dev.footfall.enrich;

import java.time.LocalDate;

/** The secret salt of each UTC day, which keys that day's visitor ids. */
public interface Salts {
    /** The salt for {@code day}, created if needed. */
    byte[] saltFor(LocalDate day);

    /** The salt of the day before {@code day}, or null when it no longer exists. */
    byte[] previousSaltFor(LocalDate day);
}
