package dev.footfall.query;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How each metric is written out: Plausible rounds rates and averages, and compares periods per metric. */
public final class MetricValues {
    private MetricValues() {}

    /** The API value of an exact metric value: integers for counts, seconds and percentages, decimals where Plausible keeps them. */
    public static Number round(Metric metric, Number exact) {
        if (exact == null) return null;
        return switch (metric) {
            case VISITORS, VISITS, PAGEVIEWS, EVENTS -> exact.longValue();
            case BOUNCE_RATE, VISIT_DURATION, SCROLL_DEPTH, TIME_ON_PAGE -> Math.round(exact.doubleValue());
            case VIEWS_PER_VISIT, CONVERSION_RATE, GROUP_CONVERSION_RATE -> decimals(exact.doubleValue(), 2);
            case PERCENTAGE -> decimals(exact.doubleValue(), 1);
        };
    }

    private static double decimals(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }

    /** A metric's value when there is no data (a comparison bucket with no row). */
    public static Number empty(Metric metric) {
        return switch (metric) {
            case VISITORS, VISITS, PAGEVIEWS, EVENTS -> 0L;
            case VISIT_DURATION, SCROLL_DEPTH, TIME_ON_PAGE, PERCENTAGE -> null;
            default -> 0.0;
        };
    }

    /**
     * Plausible's change between periods: points for bounce rate and conversion rate, else a
     * whole percentage (100 when growing from zero); null when either side has no value.
     */
    public static Number change(Metric metric, Number now, Number before) {
        if (now == null || before == null) return null;
        double n = now.doubleValue(), b = before.doubleValue();
        return switch (metric) {
            case BOUNCE_RATE -> b > 0 ? Math.round(n - b) : null;
            case CONVERSION_RATE, GROUP_CONVERSION_RATE -> decimals(n - b, 1);
            default -> b == 0 ? (n > 0 ? 100L : 0L) : Math.round((n - b) / b * 100);
        };
    }
}
