package dev.footfall.enrich;

import dev.footfall.site.Site;

import java.util.Optional;
import java.util.function.Function;

/** Finds the site the event's domain names; events for unknown domains are dropped. */
public final class SiteLookup implements Step {
    private final Function<String, Optional<Site>> sites;

    public SiteLookup(Function<String, Optional<Site>> sites) {
        this.sites = sites;
    }

    @Override
    public String name() {
        return "site_lookup";
    }

    @Override
    public void apply(EventDraft draft) {
        sites.apply(draft.domain).ifPresentOrElse(site -> draft.site = site, () -> draft.drop(DropReason.UNKNOWN_SITE));
    }
}
