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

    /**
     * The properties a one-click dashboard filter most often names, rolled up in pairs with the
     * panels' dimensions: a day's rows per (filter value, panel value), so that a dashboard filtered
     * by one of them reads rollups too. All are constant within a visit and carried by its events
     * (derived from the IP address and user agent), so an event's value is its visit's. Each pair
     * multiplies a day's rows by the filter's values that occur: four low-cardinality properties,
     * and the high-cardinality cap per pair and value, keep that bounded.
     */
    public static final List<Attribute> FILTERS = List.of(Attribute.DEVICE, Attribute.BROWSER, Attribute.OS, Attribute.COUNTRY);
    /** The panels paired with each filter, per subject: the dashboard's breakdowns. */
    public static final List<Attribute> PAIRED_EVENTS = List.of(Attribute.PAGE, Attribute.NAME);
    public static final List<Attribute> PAIRED_VISITS = List.of(Attribute.SOURCE, Attribute.CHANNEL, Attribute.ENTRY_PAGE,
            Attribute.EXIT_PAGE, Attribute.COUNTRY, Attribute.DEVICE, Attribute.BROWSER, Attribute.OS);

    /** One filter property paired with one rolled-up dimension of a subject. */
    public record Pair(Attribute filter, Attribute dimension) {
        /**
         * The rollup dimension of the pair's rows for one filter value, e.g.
         * "visit:device=Mobile>event:page": each filter value is a dimension of its own, with its
         * own high-cardinality cap and skipped mark. The builder writes the same text in SQL.
         */
        public String name(String filterValue) {
            return prefix() + filterValue + suffix();
        }

        public String prefix() {
            return filter.apiName + "=";
        }

        public String suffix() {
            return ">" + dimension.apiName;
        }
    }

    /** The pairs rolled up for a subject, in a fixed order (the build's grouping sets and the layout read it). */
    public static List<Pair> pairs(Subject subject) {
        List<Attribute> paired = switch (subject) {
            case EVENTS -> PAIRED_EVENTS;
            case VISITS -> PAIRED_VISITS;
            case ENGAGEMENT -> List.of();
        };
        List<Pair> pairs = new java.util.ArrayList<>();
        for (Attribute f : FILTERS) for (Attribute d : paired) if (d != f) pairs.add(new Pair(f, d));
        return pairs;
    }

    /**
     * The rollup dimension answering {@code attribute} for {@code subject} under a filter of
     * {@code filter} to one value, if a pair rolls them up.
     */
    public static Optional<String> of(Subject subject, Attribute filter, String value, Attribute attribute) {
        return of(subject, attribute).flatMap(Attribute::byName).flatMap(rolled -> pairs(subject).stream()
                .filter(p -> p.filter() == filter && p.dimension() == rolled).findFirst())
                .map(p -> p.name(value));
    }

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
