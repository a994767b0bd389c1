package dev.footfall.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Rewrites of filter trees. */
public final class Filters {
    private Filters() {}

    /**
     * Whether any condition anywhere in the tree satisfies the test, behavioural filters aside:
     * their conditions select visits by what they did, they are not conditions on the rows read.
     */
    public static boolean anyCondition(Filter filter, Predicate<Filter.Condition> test) {
        return switch (filter) {
            case Filter.And(List<Filter> all) -> all.stream().anyMatch(f -> anyCondition(f, test));
            case Filter.Or(List<Filter> any) -> any.stream().anyMatch(f -> anyCondition(f, test));
            case Filter.Not(Filter inner) -> anyCondition(inner, test);
            case Filter.Behavioural b -> false;
            case Filter.Condition c -> test.test(c);
        };
    }

    /**
     * Plausible's rule that keeps hostname filters sane for visit properties: a top-level
     * event:hostname condition also holds for the entry page's host when the query groups by how
     * visits arrived (source, referrer, UTM tags, entry page), and for the exit page's host when it
     * groups by exit page, so a breakdown of sources filtered to one host shows no visits that
     * arrived on another.
     */
    public static Optional<Filter> withVisitHostnames(Optional<Filter> filter, List<Dimension> dimensions) {
        if (filter.isEmpty()) return filter;
        List<Filter> top = filter.get() instanceof Filter.And(List<Filter> all) ? all : List.of(filter.get());
        List<Filter.Condition> hostnames = top.stream().filter(f -> f instanceof Filter.Condition c
                && c.dimension().equals(new Dimension.Of(Attribute.HOSTNAME))).map(f -> (Filter.Condition) f).toList();
        Set<Attribute> visitHosts = new LinkedHashSet<>();
        for (Dimension d : dimensions) {
            if (!(d instanceof Dimension.Of(Attribute a))) continue;
            switch (a) {
                case SOURCE, REFERRER, ENTRY_PAGE, UTM_MEDIUM, UTM_SOURCE, UTM_CAMPAIGN, UTM_CONTENT, UTM_TERM ->
                        visitHosts.add(Attribute.ENTRY_PAGE_HOSTNAME);
                case EXIT_PAGE -> visitHosts.add(Attribute.EXIT_PAGE_HOSTNAME);
                default -> { }
            }
        }
        if (hostnames.isEmpty() || visitHosts.isEmpty()) return filter;
        List<Filter> extended = new ArrayList<>(top);
        for (Attribute host : visitHosts) {
            for (Filter.Condition c : hostnames) extended.add(new Filter.Condition(c.op(), new Dimension.Of(host), c.values(), c.caseSensitive()));
        }
        return Optional.of(new Filter.And(extended));
    }

    /**
     * The first condition on {@code dimension} at the top level (alone or directly under the
     * outermost and), as Plausible picks the event:page condition a bounce rate applies to the
     * entry page.
     */
    public static Optional<Filter.Condition> firstTopLevel(Optional<Filter> filter, Dimension dimension) {
        if (filter.isEmpty()) return Optional.empty();
        List<Filter> top = filter.get() instanceof Filter.And(List<Filter> all) ? all : List.of(filter.get());
        return top.stream().filter(f -> f instanceof Filter.Condition c && c.dimension().equals(dimension))
                .map(f -> (Filter.Condition) f).findFirst();
    }

    /**
     * The filter without its top-level conditions on the given dimensions: the population a
     * conversion rate divides by is everyone the other filters select.
     */
    public static Optional<Filter> withoutTopLevel(Optional<Filter> filter, Predicate<Dimension> dropped) {
        if (filter.isEmpty()) return filter;
        return switch (filter.get()) {
            case Filter.Condition c when dropped.test(c.dimension()) -> Optional.empty();
            case Filter.And(List<Filter> all) -> {
                List<Filter> kept = all.stream().filter(f -> !(f instanceof Filter.Condition c && dropped.test(c.dimension()))).toList();
                yield kept.isEmpty() ? Optional.empty() : Optional.of(kept.size() == 1 ? kept.getFirst() : new Filter.And(kept));
            }
            default -> filter;
        };
    }
}
