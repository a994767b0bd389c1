package dev.footfall.enrich;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The visitor id: HMAC-SHA256 keyed by the day's random salt over (site, IP, user agent),
 * truncated to 64 bits. Without the salt (deleted after two days) the id cannot be reversed or
 * linked across days. The id under yesterday's salt is computed too, so a visit crossing midnight
 * keeps its session.
 *
 * <p>Looking up and keying a Mac costs more than the hash itself, so one keyed Mac per salt is kept
 * as a prototype and cloned per event (a clone carries the key schedule; Mac instances are not
 * thread-safe, so the prototype itself is never used).
 */
public final class VisitorIdStep implements Step {
    private final Salts salts;
    /** Keyed by the salt array itself (identity): each day's salt is one array for as long as it lives. Holds
     * only the salts of the latest event's day and the day before, so a rotated-out salt does not live on here. */
    private final Map<byte[], Mac> keyedMacs = new ConcurrentHashMap<>();

    public VisitorIdStep(Salts salts) {
        this.salts = salts;
    }

    @Override
    public String name() {
        return "visitor_id";
    }

    @Override
    public void apply(EventDraft draft) {
        LocalDate day = LocalDate.ofInstant(draft.timestamp, ZoneOffset.UTC);
        byte[] current = salts.saltFor(day);
        byte[] previous = salts.previousSaltFor(day);
        draft.visitorId = visitorId(macFor(current, current, previous), draft.site.domain(), draft.ip, draft.userAgent);
        draft.previousVisitorId = previous == null ? 0
                : visitorId(macFor(previous, current, previous), draft.site.domain(), draft.ip, draft.userAgent);
    }

    /** A fresh Mac keyed with {@code salt}, for this caller alone; on a new salt, forgets all but {@code current} and {@code previous}. */
    private Mac macFor(byte[] salt, byte[] current, byte[] previous) {
        Mac prototype = keyedMacs.get(salt);
        if (prototype == null) {
            keyedMacs.keySet().removeIf(s -> s != current && s != previous);
            prototype = keyed(salt);
            keyedMacs.put(salt, prototype);
        }
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return keyed(salt); // a provider without clone support: key a new one, as before
        }
    }

    private static Mac keyed(byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    static long visitorId(Mac mac, String site, String ip, String userAgent) {
        mac.update(site.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(String.valueOf(ip).getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] digest = mac.doFinal(userAgent.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE; // positive, so ids sort and print plainly
    }
}
