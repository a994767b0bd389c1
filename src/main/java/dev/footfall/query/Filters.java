package dev.footfall.query;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Rewrites of filter trees. */
public final class Filters {
    private Filters() {}

    /** Whether any condition anywhere in the tree satisfies the test. */
    public static boolean anyCondition(Filter filter, Predicate<Filter.Condition> test) {
        return switch (filter) {
            case Filter.And(List<Filter> all) -> all.stream().anyMatch(f -> anyCondition(f, test));
            case Filter.Or(List<Filter> any) -> any.stream().anyMatch(f -> anyCondition(f, test));
            case Filter.Not(Filter inner) -> anyCondition(inner, test);
            case Filter.Condition c -> test.test(c);
        };
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
