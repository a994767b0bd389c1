package dev.footfall.account;

import dev.footfall.site.Access;

/** A visitor of a shared link: that one site's dashboard, read-only. */
public record SharedAccess(SharedLink link) implements Access {
    @Override
    public boolean canSee(String domain) {
        return link.domain().equals(domain);
    }

    @Override
    public boolean canReadEvents(String domain) {
        return false;
    }

    @Override
    public boolean canAdmin(String domain) {
        return false;
    }

    @Override
    public boolean canAddSites() {
        return false;
    }
}
