package dev.footfall.query;

import java.util.Arrays;
import java.util.Optional;

/**
 * A property of an event or of a visit that queries can group by and filter on. Visit
 * properties are fixed when the visit starts (exit page aside: it is the visit's last page).
 */
public enum Attribute {
    NAME("event:name", Scope.EVENT),
    PAGE("event:page", Scope.EVENT),
    HOSTNAME("event:hostname", Scope.EVENT),
    ENTRY_PAGE("visit:entry_page", Scope.VISIT),
    EXIT_PAGE("visit:exit_page", Scope.VISIT),
    SOURCE("visit:source", Scope.VISIT),
    REFERRER("visit:referrer", Scope.VISIT),
    UTM_MEDIUM("visit:utm_medium", Scope.VISIT),
    UTM_SOURCE("visit:utm_source", Scope.VISIT),
    UTM_CAMPAIGN("visit:utm_campaign", Scope.VISIT),
    UTM_CONTENT("visit:utm_content", Scope.VISIT),
    UTM_TERM("visit:utm_term", Scope.VISIT),
    DEVICE("visit:device", Scope.VISIT),
    BROWSER("visit:browser", Scope.VISIT),
    BROWSER_VERSION("visit:browser_version", Scope.VISIT),
    OS("visit:os", Scope.VISIT),
    OS_VERSION("visit:os_version", Scope.VISIT),
    COUNTRY("visit:country", Scope.VISIT),
    REGION("visit:region", Scope.VISIT),
    CITY("visit:city", Scope.VISIT),
    /** The country's English name, from its ISO code. */
    COUNTRY_NAME("visit:country_name", Scope.VISIT),
    /** The region's name, from its ISO 3166-2 code (Debian's iso-codes names; the code where it has none). */
    REGION_NAME("visit:region_name", Scope.VISIT),
    /** The city's English name: what visit:city holds already (the GeoIP database's name, not a GeoNames id). */
    CITY_NAME("visit:city_name", Scope.VISIT),
    /** The host of the visit's first page. */
    ENTRY_PAGE_HOSTNAME("visit:entry_page_hostname", Scope.VISIT),
    /** The host of the visit's last page, as the exit page. */
    EXIT_PAGE_HOSTNAME("visit:exit_page_hostname", Scope.VISIT),
    /** Plausible's acquisition channel ("Organic Search", "Paid Social", "Direct"...), from the source and UTM tags. */
    CHANNEL("visit:channel", Scope.VISIT);

    public enum Scope { EVENT, VISIT }

    public final String apiName;
    public final Scope scope;

    Attribute(String apiName, Scope scope) {
        this.apiName = apiName;
        this.scope = scope;
    }

    /**
     * The visit property that stands for this event property when visit metrics are grouped by it
     * (Plausible's rule): a visit's page is its entry page, its host its entry page's host.
     */
    public Optional<Attribute> entryOf() {
        return switch (this) {
            case PAGE -> Optional.of(ENTRY_PAGE);
            case HOSTNAME -> Optional.of(ENTRY_PAGE_HOSTNAME);
            default -> Optional.empty();
        };
    }

    public static Optional<Attribute> byName(String name) {
        return Arrays.stream(values()).filter(a -> a.apiName.equals(name)).findFirst();
    }
}
