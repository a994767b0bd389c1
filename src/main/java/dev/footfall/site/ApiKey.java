package dev.footfall.site;

import java.util.Optional;

/**
 * An API key's grant: an admin key sees every site; a site key sees one. The secret is never
 * stored, only its SHA-256 ({@link ApiKeys#hash}) and a short prefix to tell keys apart in lists.
 */
public record ApiKey(String prefix, String name, Optional<String> siteDomain) {
    public boolean isAdmin() {
        return siteDomain.isEmpty();
    }

    public boolean canSee(String domain) {
        return siteDomain.map(domain::equals).orElse(true);
    }
}
