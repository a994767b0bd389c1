package dev.footfall.enrich;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The live server's salts: random, stored so a restart keeps today's visitor ids, rotated at 00:00
 * UTC. Only today's and yesterday's are kept; {@link #rotate()} deletes older ones everywhere.
 */
public final class DailySalts implements Salts {
    private static final int SALT_BYTES = 32;
    private final SaltStore storage;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<LocalDate, byte[]> salts = new ConcurrentHashMap<>();

    public DailySalts(SaltStore storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
        salts.putAll(storage.salts());
        rotate();
    }

    /** Makes sure today's salt exists and forgets every salt older than yesterday. */
    public synchronized void rotate() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        saltFor(today);
        salts.keySet().removeIf(day -> day.isBefore(today.minusDays(1)));
        storage.deleteSaltsBefore(today.minusDays(1));
    }

    @Override
    public byte[] saltFor(LocalDate day) {
        byte[] salt = salts.get(day);
        if (salt != null) return salt;
        synchronized (this) {
            return salts.computeIfAbsent(day, d -> {
                byte[] fresh = new byte[SALT_BYTES];
                random.nextBytes(fresh);
                storage.putSalt(d, fresh);
                return storage.salts().getOrDefault(d, fresh); // another process may have won the insert
            });
        }
    }

    @Override
    public byte[] previousSaltFor(LocalDate day) {
        return salts.get(day.minusDays(1));
    }
}
