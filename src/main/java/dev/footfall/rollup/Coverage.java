package dev.footfall.rollup;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;

/**
 * Which local days and months of one site are rolled up (in the site's current timezone), each
 * with the dimensions left out because they had too many distinct values in that bucket.
 */
public record Coverage(Map<LocalDate, Set<String>> days, Map<YearMonth, Set<String>> months) {
    public static final Coverage NONE = new Coverage(Map.of(), Map.of());

    public Coverage {
        days = Map.copyOf(days);
        months = Map.copyOf(months);
    }

    /** Whether the day is rolled up for every one of {@code dimensions}. */
    public boolean serves(LocalDate day, Set<String> dimensions) {
        Set<String> skipped = days.get(day);
        return skipped != null && dimensions.stream().noneMatch(skipped::contains);
    }

    public boolean serves(YearMonth month, Set<String> dimensions) {
        Set<String> skipped = months.get(month);
        return skipped != null && dimensions.stream().noneMatch(skipped::contains);
    }
}
