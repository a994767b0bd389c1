package dev.footfall.rollup;

import dev.footfall.query.Attribute;
import dev.footfall.query.Subject;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The dimensions rolled up for each subject. Each rollup row holds one bucket × one dimension
 * value (or the site's totals), so a rollup answers a query grouped by at most one of these plus
 * time. Event properties of a visit (pageviews by country) need each event joined to its visit,
 * and goals and custom properties change with their definitions: those are read raw.
 */
public final class RollupDimensions {
    public static final List<Attribute> EVENTS = List.of(Attribute.PAGE, Attribute.HOSTNAME, Attribute.NAME);
    public static final List<Attribute> ENGAGEMENT = List.of(Attribute.PAGE);
    public static final List<Attribute> VISITS = Arrays.stream(Attribute.values()).filter(a -> a.scope == Attribute.Scope.VISIT).toList();

    private RollupDimensions() {}

    /** The rollup dimension that answers {@code attribute} for {@code subject}, if one does. */
    public static Optional<String> of(Subject subject, Attribute attribute) {
        return switch (subject) {
            case EVENTS -> EVENTS.contains(attribute) ? Optional.of(attribute.apiName) : Optional.empty();
            case ENGAGEMENT -> ENGAGEMENT.contains(attribute) ? Optional.of(attribute.apiName) : Optional.empty();
            // Visit metrics "of a page" are those of the visits that entered on it (as raw answers).
            case VISITS -> attribute == Attribute.PAGE ? Optional.of(Attribute.ENTRY_PAGE.apiName)
                    : VISITS.contains(attribute) ? Optional.of(attribute.apiName) : Optional.empty();
        };
    }
}
