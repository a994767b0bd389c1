package dev.footfall.query;

import dev.footfall.site.Goal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What merging imported history into answers needs from storage: sums over one imported table. */
public interface ImportedStats {

    /** The last day any of the site's imports covers; empty when it has none. */
    Optional<LocalDate> latestEnd(String domain);

    /**
     * One table's rows of the site's imports on days [from, to], filtered, grouped by the fields
     * (and by date when {@code byDate}), with each metric's column summed.
     *
     * @param filterFields the field of each dimension the filter names
     */
    List<Sums> sums(String domain, String table, LocalDate from, LocalDate to, List<Field> groups, boolean byDate,
                    Optional<Filter> filter, Map<Dimension, Field> filterFields, SumColumns metrics);

    /** What a dimension reads in an imported table. */
    sealed interface Field permits Column, GoalsReached {}

    /**
     * A table column as a dimension shows it.
     *
     * @param emptyLabel the label of an empty value (e.g. "Direct / None"), or null to show it as is
     * @param skipped    values left out of groups, as Plausible leaves them out (unknown countries, empty UTM tags)
     * @param naming     what the code in the column is shown as, as visit:country_name and visit:region_name show it
     */
    record Column(String name, String emptyLabel, List<String> skipped, Naming naming) implements Field {
        public Column(String name, String emptyLabel, List<String> skipped) {
            this(name, emptyLabel, skipped, Naming.CODE);
        }
    }

    /** A code as it is, or the name of the country or region it stands for. */
    enum Naming { CODE, COUNTRY_NAME, REGION_NAME }

    /**
     * event:goal: the site's goals a row reaches, labelled by display name. A custom event row
     * reaches the event goals of its name; a page row the page goals whose wildcard path matches
     * its page, every one of them (it counts under each); rows of other tables reach none.
     */
    record GoalsReached(List<Goal> goals) implements Field {
        public GoalsReached {
            goals = List.copyOf(goals);
        }
    }

    /** The column (or "0") each sum reads in a table: Plausible's tables name visits differently. */
    record SumColumns(String visitors, String visits, String pageviews, String events, String bounces, String visitDuration,
                      String sessionVisits) {}

    /** One group's sums; {@code date} is null unless grouped by date. */
    record Sums(List<String> groups, LocalDate date, long visitors, long visits, long pageviews, long events, long bounces,
                long visitDuration, long sessionVisits) {}
}
