package dev.footfall.site;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of what users type as a site's domain and timezone. */
public final class Domains {
    /** A host name, optionally with a path prefix as Plausible allows ("example.com/blog"). */
    private static final Pattern DOMAIN = Pattern.compile(
            "^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(/[a-z0-9._~-]+)*$");

    private Domains() {}

    /** The normalised domain, or an exception whose message says what is wrong. */
    public static String normalise(String domain) {
        if (domain == null || domain.isBlank()) throw new IllegalArgumentException("domain is required");
        String d = domain.strip().toLowerCase(Locale.ROOT);
        if (d.startsWith("http://") || d.startsWith("https://")) throw new IllegalArgumentException("domain must not include http:// or https://");
        if (d.startsWith("www.")) d = d.substring(4);
        if (!DOMAIN.matcher(d).matches()) throw new IllegalArgumentException("domain '" + domain + "' is not a valid host name");
        return d;
    }

    public static ZoneId timezone(String timezone) {
        if (timezone == null || timezone.isBlank()) return ZoneId.of("Etc/UTC");
        try {
            ZoneId zone = ZoneId.of(timezone.strip());
            // Offsets ("Z", "+02:00") parse too, but they know no daylight saving and the storage
            // engine's time functions take region names only.
            if (!ZoneId.getAvailableZoneIds().contains(zone.getId())) throw new DateTimeException("not a region");
            return zone;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timezone '" + timezone + "' is not a known IANA time zone");
        }
    }
}
