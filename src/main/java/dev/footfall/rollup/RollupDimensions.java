package dev.footfall.rollup;

import dev.footfall.query.Attribute;
import dev.footfall.query.Subject;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dimensions rolled up for each subject. Each rollup row holds one bucket × one dimension
 * value (or the site's totals), so a rollup answers a query grouped by at most one of these plus
 * time. Event properties of a visit (pageviews by country) need each event joined to its visit,
 * and goals and custom properties change with their definitions: those are read raw.
 *
 * <p>Adding a dimension here needs nothing else: every bucket records the layout it was built with
 * (the store's fingerprint of these lists and of the SQL labelling their values), and buckets of
 * another layout are not listed in {@link Coverage}, so they read raw until the builder's next
 * catch-up has built them again (see {@link RollupStore#coverage}).
 */
public final class RollupDimensions {
    /**
     * Visit properties that are labels of another property's rows, not rolled up on their own: the
     * country's, region's and city's names are read from the rows of the code ({@link #of}).
     */
    static final Set<Attribute> LABELS = EnumSet.of(Attribute.COUNTRY_NAME, Attribute.REGION_NAME, Attribute.CITY_NAME);

    public static final List<Attribute> EVENTS = List.of(Attribute.PAGE, Attribute.HOSTNAME, Attribute.NAME);
    public static final List<Attribute> ENGAGEMENT = List.of(Attribute.PAGE);
    public static final List<Attribute> VISITS = Arrays.stream(Attribute.values())
            .filter(a -> a.scope == Attribute.Scope.VISIT && !LABELS.contains(a)).toList();

    private RollupDimensions() {}

    /** The rollup dimension that answers {@code attribute} for {@code subject}, if one does. */
    public static Optional<String> of(Subject subject, Attribute attribute) {
        return switch (subject) {
            case EVENTS -> EVENTS.contains(attribute) ? Optional.of(attribute.apiName) : Optional.empty();
            case ENGAGEMENT -> ENGAGEMENT.contains(attribute) ? Optional.of(attribute.apiName) : Optional.empty();
            // Visit metrics "of a page" ("of a host") are those of the visits that entered on it
            // (as raw answers); names are labels of the codes' rows (the city's name is what visit:city holds).
            case VISITS -> switch (attribute) {
                case PAGE, HOSTNAME -> attribute.entryOf().map(a -> a.apiName);
                case CITY_NAME -> Optional.of(Attribute.CITY.apiName);
                case COUNTRY_NAME -> Optional.of(Attribute.COUNTRY.apiName);
                case REGION_NAME -> Optional.of(Attribute.REGION.apiName);
                default -> VISITS.contains(attribute) ? Optional.of(attribute.apiName) : Optional.empty();
            };
        };
    }
}
