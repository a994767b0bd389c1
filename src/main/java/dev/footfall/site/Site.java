package dev.footfall.site;

import java.time.ZoneId;
import java.util.List;

/**
 * A website whose traffic Footfall counts, known by its domain (Plausible's {@code site_id}).
 *
 * @param allowedHostnames hostnames whose events count; empty means any (Plausible's default)
 */
public record Site(String domain, ZoneId timezone, List<String> allowedHostnames) {
    public Site {
        allowedHostnames = List.copyOf(allowedHostnames);
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
