package dev.footfall.enrich;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The visitor id: HMAC-SHA256 keyed by the day's random salt over (site, IP, user agent),
 * truncated to 64 bits. Without the salt (deleted after two days) the id cannot be reversed or
 * linked across days. The id under yesterday's salt is computed too, so a visit crossing midnight
 * keeps its session.
 */
public final class VisitorIdStep implements Step {
    private final Salts salts;

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
        draft.visitorId = visitorId(salts.saltFor(day), draft.site.domain(), draft.ip, draft.userAgent);
        byte[] previous = salts.previousSaltFor(day);
        draft.previousVisitorId = previous == null ? 0 : visitorId(previous, draft.site.domain(), draft.ip, draft.userAgent);
    }

    static long visitorId(byte[] salt, String site, String ip, String userAgent) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            mac.update(site.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(String.valueOf(ip).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] digest = mac.doFinal(userAgent.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE; // positive, so ids sort and print plainly
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
