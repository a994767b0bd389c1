package dev.footfall.enrich;

import dev.footfall.metrics.FootfallMetrics;
import dev.footfall.site.Site;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one list of enrichment steps, in order, shared by the live server and every import, so an
 * imported event can never be enriched differently from a live one. Callers differ only in what
 * they pass in: where sites come from, the GeoIP database, and the salts (stored for live traffic,
 * ephemeral for imports).
 */
public final class Pipeline {
    private Pipeline() {}

    public static Enricher enricher(Function<String, Optional<Site>> sites, Optional<GeoDatabase> geo, Salts salts,
                                    FootfallMetrics metrics) {
        return new Enricher(List.of(
                new SiteLookup(sites),
                new PageUrl(),
                new ReferrerSource(ReferrerSources.bundled()),
                new UserAgentStep(new UserAgents()),
                new GeoStep(geo),
                new VisitorIdStep(salts)), metrics);
    }
}
