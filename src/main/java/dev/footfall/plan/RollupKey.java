package dev.footfall.plan;

import java.util.Optional;

/**
 * Which rollup rows answer one subject of a query: those of one rollup dimension ("" for the
 * site's totals, else an attribute's API name such as "visit:source", or a pair's name such as
 * "visit:device=Mobile>event:page"), optionally only the row whose value equals a filter's single
 * value.
 *
 * @param pair whether the dimension is a pair of a filter value with a dimension: those rows are
 *             kept apart from the single dimensions' (the store's tables of pairs)
 */
public record RollupKey(String dimension, Optional<String> value, boolean pair) {
    public static final String TOTALS = "";

    /** The rows of a single dimension (or the totals), optionally only those of one value. */
    public RollupKey(String dimension, Optional<String> value) {
        this(dimension, value, false);
    }

    /** Every row of a pair's dimension. */
    public static RollupKey pair(String dimension) {
        return new RollupKey(dimension, Optional.empty(), true);
    }
}
