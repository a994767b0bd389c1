package dev.footfall.site;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A website whose traffic Footfall counts, known by its domain (Plausible's {@code site_id}).
 *
 * @param allowedHostnames hostnames whose events count; empty means any (Plausible's default)
 * @param retention        how long its raw and its other data are kept
 */
public record Site(String domain, ZoneId timezone, List<String> allowedHostnames, Retention retention) {
    public Site {
        allowedHostnames = List.copyOf(allowedHostnames);
        Objects.requireNonNull(retention, "retention");
    }

    /** A site that keeps everything forever. */
    public Site(String domain, ZoneId timezone, List<String> allowedHostnames) {
        this(domain, timezone, allowedHostnames, Retention.FOREVER);
    }

    /** The same site under another domain (a domain change keeps everything else). */
    public Site withDomain(String newDomain) {
        return new Site(newDomain, timezone, allowedHostnames, retention);
    }

    public Site withTimezone(ZoneId zone) {
        return new Site(domain, zone, allowedHostnames, retention);
    }

    public Site withAllowedHostnames(List<String> hostnames) {
        return new Site(domain, timezone, hostnames, retention);
    }

    public Site withRetention(Retention r) {
        return new Site(domain, timezone, allowedHostnames, r);
    }

    /** Whether an event from {@code hostname} (already without "www.") belongs to this site. */
    public boolean allowsHostname(String hostname) {
        if (allowedHostnames.isEmpty()) return true;
        for (String allowed : allowedHostnames) {
            if (allowed.startsWith("*.") ? hostname.endsWith(allowed.substring(1)) || hostname.equals(allowed.substring(2))
                    : hostname.equals(allowed)) return true;
        }
        return false;
    }
}
