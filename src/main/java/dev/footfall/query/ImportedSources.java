package dev.footfall.query;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which imported table answers a query, after Plausible's rules (lib/plausible/stats/imported/base.ex):
 * every dimension and filter must live in one table; with none, the daily totals answer. Goals,
 * custom properties and filters Footfall cannot map are outside the imported data.
 */
final class ImportedSources {
    private ImportedSources() {}

    static final String VISITORS = "imported_visitors";
    private static final String NO_REFERRER = "Direct / None";
    private static final String NOT_SET = "(not set)";

    /** A dimension's home: its table and column. */
    record Home(String table, ImportedStats.Column column) {}

    /** The table and its columns for the query; empty when imported data cannot answer it. */
    record Source(String table, List<ImportedStats.Column> groups, Map<Dimension, ImportedStats.Column> filterColumns) {}

    static Optional<Home> home(Dimension dimension) {
        if (!(dimension instanceof Dimension.Of(Attribute attribute))) return Optional.empty();
        return Optional.ofNullable(switch (attribute) {
            case SOURCE -> home("imported_sources", "source", NO_REFERRER);
            case REFERRER -> home("imported_sources", "referrer", NO_REFERRER);
            case UTM_MEDIUM -> utm("utm_medium");
            case UTM_SOURCE -> utm("utm_source");
            case UTM_CAMPAIGN -> utm("utm_campaign");
            case UTM_CONTENT -> utm("utm_content");
            case UTM_TERM -> utm("utm_term");
            case ENTRY_PAGE -> home("imported_entry_pages", "entry_page", null);
            case EXIT_PAGE -> home("imported_exit_pages", "exit_page", null);
            case PAGE -> home("imported_pages", "page", null);
            case HOSTNAME -> home("imported_pages", "hostname", null);
            case NAME -> home("imported_custom_events", "name", null);
            case COUNTRY -> new Home("imported_locations", new ImportedStats.Column("country", null, List.of("", "ZZ")));
            case REGION -> new Home("imported_locations", new ImportedStats.Column("region", null, List.of("")));
            case CITY -> new Home("imported_locations", new ImportedStats.Column("city", null, List.of("0")));
            case DEVICE -> home("imported_devices", "device", NOT_SET);
            case BROWSER -> home("imported_browsers", "browser", NOT_SET);
            case BROWSER_VERSION -> home("imported_browsers", "browser_version", NOT_SET);
            case OS -> home("imported_operating_systems", "operating_system", NOT_SET);
            case OS_VERSION -> home("imported_operating_systems", "operating_system_version", NOT_SET);
            default -> null; // dimensions Plausible's imported tables do not carry
        });
    }

    private static Home home(String table, String column, String emptyLabel) {
        return new Home(table, new ImportedStats.Column(column, emptyLabel, List.of()));
    }

    /**
     * Visits without the tag group as "(not set)", as Footfall's own UTM breakdowns show them
     * (Plausible leaves them out of imported ones), so both sides of a merged row agree.
     */
    private static Home utm(String column) {
        return home("imported_sources", column, NOT_SET);
    }

    static Optional<Source> of(StatsQuery query) {
        Set<Dimension> used = new LinkedHashSet<>();
        if (query.filter().isPresent() && !conditions(query.filter().get(), used)) return Optional.empty();
        Set<String> tables = new LinkedHashSet<>();
        for (Dimension d : concat(query.dimensions(), used)) {
            if (d instanceof Dimension.Time) continue;
            Optional<Home> home = home(d);
            if (home.isEmpty()) return Optional.empty();
            tables.add(home.get().table());
        }
        if (tables.size() > 1) return Optional.empty();
        String table = tables.isEmpty() ? VISITORS : tables.iterator().next();
        List<ImportedStats.Column> groups = query.dimensions().stream().filter(d -> !(d instanceof Dimension.Time))
                .map(d -> home(d).orElseThrow().column()).toList();
        Map<Dimension, ImportedStats.Column> filterColumns = new java.util.HashMap<>();
        for (Dimension d : used) filterColumns.put(d, home(d).orElseThrow().column());
        return Optional.of(new Source(table, groups, filterColumns));
    }

    private static List<Dimension> concat(List<Dimension> a, Set<Dimension> b) {
        List<Dimension> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Collects the dimensions the filter names; false when it holds something imported data cannot be filtered by. */
    private static boolean conditions(Filter filter, Set<Dimension> into) {
        return switch (filter) {
            case Filter.And and -> and.filters().stream().allMatch(f -> conditions(f, into));
            case Filter.Or or -> or.filters().stream().allMatch(f -> conditions(f, into));
            case Filter.Not not -> conditions(not.filter(), into);
            case Filter.Condition c -> {
                into.add(c.dimension());
                yield true;
            }
            default -> false; // filters on behaviour cannot be answered from daily aggregates
        };
    }

    /** The column each sum reads in the table (lib/plausible/stats/imported/sql/expression.ex). */
    static ImportedStats.SumColumns sums(String table) {
        return switch (table) {
            case "imported_entry_pages" -> new ImportedStats.SumColumns("visitors", "entrances", "pageviews", "pageviews", "bounces",
                    "visit_duration", "entrances");
            case "imported_exit_pages" -> new ImportedStats.SumColumns("visitors", "exits", "pageviews", "pageviews", "bounces",
                    "visit_duration", "exits");
            // Pages carry no bounces or durations: visit metrics of a page are the native visits' alone.
            case "imported_pages" -> new ImportedStats.SumColumns("visitors", "visits", "pageviews", "pageviews", "0", "0", "0");
            case "imported_custom_events" -> new ImportedStats.SumColumns("visitors", "0", "0", "events", "0", "0", "0");
            default -> new ImportedStats.SumColumns("visitors", "visits", "pageviews", "pageviews", "bounces", "visit_duration", "visits");
        };
    }
}
