package dev.footfall.query;

/**
 * The query's {@code include} options.
 *
 * @param comparison a Footfall extension for the dashboard: also answer over another period
 * @param explain    a Footfall extension: report each statement run, rows read and milliseconds
 */
public record Include(boolean timeLabels, boolean totalRows, Comparison comparison, boolean explain) {
    public static final Include NONE = new Include(false, false, Comparison.NONE, false);

    public enum Comparison {
        NONE(null), PREVIOUS_PERIOD("previous_period"), YEAR_OVER_YEAR("year_over_year");

        public final String apiName;

        Comparison(String apiName) {
            this.apiName = apiName;
        }
    }
}
