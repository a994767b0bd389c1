package dev.footfall.query;

import java.util.List;

/** A query's filter tree: conditions on dimensions combined with and / or / not. */
public sealed interface Filter {
    record And(List<Filter> filters) implements Filter {}

    record Or(List<Filter> filters) implements Filter {}

    record Not(Filter filter) implements Filter {}

    /**
     * {@code ["has_done", filter]} / {@code ["has_not_done", filter]}: true for the visits (and
     * their events) with (without) an event in the query's range that satisfies {@code events},
     * a filter of event conditions only.
     */
    record Behavioural(boolean done, Filter events) implements Filter {}

    /** {@code [op, dimension, values]}: true when the dimension's value satisfies op for any of the values. */
    record Condition(Operator op, Dimension dimension, List<String> values, boolean caseSensitive) implements Filter {}

    enum Operator {
        IS("is", false), IS_NOT("is_not", true), CONTAINS("contains", false), CONTAINS_NOT("contains_not", true),
        MATCHES("matches", false), MATCHES_NOT("matches_not", true);

        public final String apiName;
        /** A negated operator holds when the positive one does not: is_not [a, b] means neither a nor b. */
        public final boolean negated;

        Operator(String apiName, boolean negated) {
            this.apiName = apiName;
            this.negated = negated;
        }
    }
}
