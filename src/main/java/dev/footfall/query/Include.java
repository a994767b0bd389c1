package dev.footfall.query;

/**
 * The query's {@code include} options.
 *
 * @param comparison a Footfall extension for the dashboard: also answer over another period
 * @param explain    a Footfall extension: report each statement run, rows read and milliseconds
 * @param imports    merge imported history where Plausible would (see {@link ImportedMerge})
 */
public record Include(boolean timeLabels, boolean totalRows, Comparison comparison, boolean explain,
                      java.util.Optional<Interval> customComparison, boolean imports) {
    public static final Include NONE = new Include(false, false, Comparison.NONE, false);

    public Include(boolean timeLabels, boolean totalRows, Comparison comparison, boolean explain) {
        this(timeLabels, totalRows, comparison, explain, java.util.Optional.empty(), false);
    }

    public Include(boolean timeLabels, boolean totalRows, Comparison comparison, boolean explain,
                   java.util.Optional<Interval> customComparison) {
        this(timeLabels, totalRows, comparison, explain, customComparison, false);
    }

    /** The same options without imported history. */
    public Include withoutImports() {
        return new Include(timeLabels, totalRows, comparison, explain, customComparison, false);
    }

    /**
     * CUSTOM compares with a range of the caller's choosing ({@code {"date_range": [...]}}): the
     * dashboard's custom comparisons, and a period in progress compared up to the same moment of
     * the one before, in the same request as the numbers themselves.
     */
    public enum Comparison {
        NONE(null), PREVIOUS_PERIOD("previous_period"), YEAR_OVER_YEAR("year_over_year"), CUSTOM("custom");

        public final String apiName;

        Comparison(String apiName) {
            this.apiName = apiName;
        }
    }
}
