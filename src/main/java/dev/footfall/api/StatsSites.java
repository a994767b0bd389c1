package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.footfall.Storage;
import dev.footfall.query.QueryParser;
import dev.footfall.query.SegmentFilters;
import dev.footfall.query.StatsQuery;
import dev.footfall.segment.Segment;
import dev.footfall.site.Access;
import dev.footfall.site.Goal;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import io.helidon.http.Status;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the v2 and v1 Stats APIs share: which site a key may query, the site's clock, and
 * the parse of a v2 query body for it (v1 requests are translated into such bodies), saved
 * segments resolved.
 */
final class StatsSites {
    /** One body for "no such site" and "not your site", so a key cannot probe which domains exist. */
    static final String SITE_NOT_FOUND = "Site could not be found";

    private final SiteRegistry sites;
    private final Storage storage;
    private final Clock clock;

    StatsSites(SiteRegistry sites, Storage storage, Clock clock) {
        this.sites = sites;
        this.storage = storage;
        this.clock = clock;
    }

    /** The site, if the key may see it; otherwise the same 404 whether or not it exists. */
    Site visible(Access key, String domain) {
        if (!key.canSee(domain)) throw ApiException.of(Status.NOT_FOUND_404, SITE_NOT_FOUND);
        return sites.find(domain).orElseThrow(() -> ApiException.of(Status.NOT_FOUND_404, SITE_NOT_FOUND));
    }

    Instant now() {
        return clock.instant();
    }

    LocalDate today(Site site) {
        return LocalDate.now(clock.withZone(site.timezone()));
    }

    List<Goal> goals(Site site) {
        return sites.goals(site.domain());
    }

    /**
     * The query, its segment filters first put in place (the one step before the parser that
     * needs storage). Any segment of the site resolves, personal ones too, as on Plausible:
     * whoever may query the site could send the same filters themselves.
     */
    StatsQuery parse(JsonNode body, Site site) {
        JsonNode resolved = SegmentFilters.expand(body, id -> storage.segments().segment(site.domain(), id).map(Segment::filters));
        return QueryParser.parse(resolved, site, goals(site), today(site),
                () -> storage.stats().firstEvent(site.domain()).map(t -> t.atZone(site.timezone()).toLocalDate()));
    }
}
