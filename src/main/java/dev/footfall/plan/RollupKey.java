package dev.footfall.plan;

import java.util.Optional;

/**
 * Which rollup rows answer one subject of a query: those of one rollup dimension ("" for the
 * site's totals, else an attribute's API name such as "visit:source"), optionally only the row
 * whose value equals a filter's single value.
 */
public record RollupKey(String dimension, Optional<String> value) {
    public static final String TOTALS = "";
}
