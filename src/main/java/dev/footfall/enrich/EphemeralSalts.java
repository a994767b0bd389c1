package dev.footfall.enrich;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Salts for an import of past traffic: random per day, held in memory for the import only and
 * never stored, so imported visitors cannot be linked across days either.
 */
public final class EphemeralSalts implements Salts {
    private final SecureRandom random = new SecureRandom();
    private final Map<LocalDate, byte[]> salts = new HashMap<>();

    @Override
    public synchronized byte[] saltFor(LocalDate day) {
        return salts.computeIfAbsent(day, d -> {
            byte[] salt = new byte[32];
            random.nextBytes(salt);
            return salt;
        });
    }

    @Override
    public synchronized byte[] previousSaltFor(LocalDate day) {
        return salts.get(day.minusDays(1));
    }
}
