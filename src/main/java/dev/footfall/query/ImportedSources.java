package dev.footfall.query;

import dev.footfall.site.Goal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which imported tables answer a query, after Plausible's rules (lib/plausible/stats/imported/base.ex):
 * every dimension and filter must live in one table; with none, the daily totals answer. Goals
 * live in two: event goals in the custom events, page goals in the pages, so a breakdown by goal
 * alone reads both. The two custom properties Plausible imports (url and path) answer only under
 * a filter on the system goals that send them. Anything else is outside the imported data.
 */
final class ImportedSources {
    private ImportedSources() {}

    static final String VISITORS = "imported_visitors";
    private static final String PAGES = "imported_pages";
    private static final String CUSTOM_EVENTS = "imported_custom_events";
    private static final String NO_REFERRER = "Direct / None";
    private static final String NOT_SET = "(not set)";
    private static final Dimension NAME = new Dimension.Of(Attribute.NAME);
    private static final Dimension PAGE = new Dimension.Of(Attribute.PAGE);

    /**
     * The custom properties in Plausible's imported custom events, each with its column and the system
     * goals that send it (Plausible.Goals.SystemGoals): the only events whose property was imported.
     */
    private record ImportedProp(String column, Set<String> goals) {}

    private static final Map<String, ImportedProp> IMPORTED_PROPS = Map.of(
            "url", new ImportedProp("link_url", Set.of("Outbound Link: Click", "Cloaked Link: Click", "File Download")),
            "path", new ImportedProp("path", Set.of("404", "WP Form Completions", "Form: Submission")));

    /** A dimension's home: its table and column. */
    record Home(String table, ImportedStats.Column column) {}

    /** One table's share of the answer: the fields it groups by and the field of each filtered dimension. */
    record Part(String table, List<ImportedStats.Field> groups, Map<Dimension, ImportedStats.Field> filterFields) {}

    /** The tables whose sums add up to the imported side of the answer (two for a breakdown by goal alone). */
    record Source(List<Part> parts) {}

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
            case PAGE -> home(PAGES, "page", null);
            case HOSTNAME -> home(PAGES, "hostname", null);
            case NAME -> home(CUSTOM_EVENTS, "name", null);
            case COUNTRY -> new Home("imported_locations", new ImportedStats.Column("country", null, List.of("", "ZZ")));
            case REGION -> new Home("imported_locations", new ImportedStats.Column("region", null, List.of("")));
            // Names are labels of the codes the imported rows hold, as of the native rows.
            case COUNTRY_NAME -> new Home("imported_locations",
                    new ImportedStats.Column("country", null, List.of("", "ZZ"), ImportedStats.Naming.COUNTRY_NAME));
            case REGION_NAME -> new Home("imported_locations",
                    new ImportedStats.Column("region", null, List.of(""), ImportedStats.Naming.REGION_NAME));
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
        Set<Dimension> filtered = new LinkedHashSet<>();
        if (query.filter().isPresent() && !conditions(query.filter().get(), filtered)) return Optional.empty();
        List<Dimension> grouped = query.dimensions().stream().filter(d -> !(d instanceof Dimension.Time)).toList();
        Optional<List<Goal>> filterGoals = goalsOfTopLevelFilters(query);
        boolean customProp = Stream.concat(grouped.stream(), filtered.stream()).anyMatch(d -> d instanceof Dimension.Prop);
        List<String> tables = customProp ? customPropTable(query, filtered) : tables(grouped, filtered, filterGoals.orElse(List.of()));
        if (tables.isEmpty()) return Optional.empty();
        // A breakdown by goal shows the goals the filter names (all without one), as the native side does.
        List<Goal> shown = filterGoals.orElse(query.goals());
        List<Part> parts = new ArrayList<>();
        for (String table : tables) {
            Map<Dimension, ImportedStats.Field> filterFields = new HashMap<>();
            for (Dimension d : filtered) filterFields.put(d, field(d, query.goals()));
            parts.add(new Part(table, grouped.stream().map(d -> field(d, shown)).toList(), filterFields));
        }
        return Optional.of(new Source(parts));
    }

    /** Plausible's do_decide_tables: one table for every dimension and filter, goals by their kind. */
    private static List<String> tables(List<Dimension> grouped, Set<Dimension> filtered, List<Goal> filterGoals) {
        boolean eventGoals = filterGoals.stream().anyMatch(g -> g.type() == Goal.Type.EVENT);
        boolean pageGoals = filterGoals.stream().anyMatch(g -> g.type() == Goal.Type.PAGE);
        if (grouped.equals(List.of(new Dimension.Goal()))) {
            if (filtered.isEmpty()) return List.of(PAGES, CUSTOM_EVENTS);
            if (filtered.stream().anyMatch(d -> !(d.equals(PAGE) || d.equals(NAME) || d instanceof Dimension.Goal))) return List.of();
            boolean events = filtered.contains(NAME) || eventGoals;
            boolean pages = filtered.contains(PAGE) || pageGoals;
            if (events == pages) return List.of(); // both kinds, or neither, cannot come from one table
            return List.of(events ? CUSTOM_EVENTS : PAGES);
        }
        // Goals beside another dimension have no imported table that groups by both.
        if (grouped.contains(new Dimension.Goal())) return List.of();
        Set<String> tables = new LinkedHashSet<>();
        for (Dimension d : Stream.concat(grouped.stream(), filtered.stream()).toList()) {
            if (d instanceof Dimension.Goal) continue;
            Optional<Home> home = home(d);
            if (home.isEmpty()) return List.of();
            tables.add(home.get().table());
        }
        if (eventGoals) tables.add(CUSTOM_EVENTS);
        if (pageGoals) tables.add(PAGES);
        if (tables.size() > 1) return List.of();
        return List.of(tables.isEmpty() ? VISITORS : tables.iterator().next());
    }

    /**
     * Plausible's do_decide_custom_prop_table: url or path, grouped alone or filtered alone (then
     * with at most one goal, name or time dimension), under a top-level {@code is} filter on a system
     * goal that sends the property, with no filter on anything but the property, names and goals.
     */
    private static List<String> customPropTable(StatsQuery query, Set<Dimension> filtered) {
        List<Dimension> dimensions = query.dimensions();
        Dimension.Prop property;
        if (dimensions.size() == 1 && dimensions.getFirst() instanceof Dimension.Prop p) {
            property = p;
        } else if (dimensions.isEmpty() || dimensions.size() == 1 && (dimensions.getFirst() instanceof Dimension.Goal
                || dimensions.getFirst() instanceof Dimension.Time || dimensions.getFirst().equals(NAME))) {
            List<Dimension.Prop> props = filtered.stream().filter(d -> d instanceof Dimension.Prop).map(d -> (Dimension.Prop) d).toList();
            if (props.size() != 1) return List.of();
            property = props.getFirst();
        } else {
            return List.of();
        }
        ImportedProp imported = IMPORTED_PROPS.get(property.key());
        if (imported == null) return List.of();
        boolean underItsGoal = topLevel(query.filter()).stream().anyMatch(f -> f instanceof Filter.Condition c
                && c.op() == Filter.Operator.IS && (c.dimension().equals(NAME) || c.dimension() instanceof Dimension.Goal)
                && c.values().stream().anyMatch(imported.goals()::contains));
        boolean otherFilters = filtered.stream().anyMatch(d -> !(d.equals(property) || d.equals(NAME) || d instanceof Dimension.Goal));
        return underItsGoal && !otherFilters ? List.of(CUSTOM_EVENTS) : List.of();
    }

    /** What the dimension reads; only called for dimensions {@link #tables} or {@link #customPropTable} placed. */
    private static ImportedStats.Field field(Dimension d, List<Goal> goals) {
        return switch (d) {
            case Dimension.Goal g -> new ImportedStats.GoalsReached(goals);
            case Dimension.Prop p -> new ImportedStats.Column(IMPORTED_PROPS.get(p.key()).column(), Dimension.Prop.NONE, List.of());
            default -> home(d).orElseThrow().column();
        };
    }

    /** The site's goals every top-level goal filter names (Plausible's matching_toplevel_filters); empty without such a filter. */
    private static Optional<List<Goal>> goalsOfTopLevelFilters(StatsQuery query) {
        Optional<List<Goal>> goals = Optional.empty();
        for (Filter f : topLevel(query.filter())) {
            if (f instanceof Filter.Condition c && c.dimension() instanceof Dimension.Goal) {
                List<Goal> named = Goals.matching(query.goals(), c);
                goals = Optional.of(goals.orElse(query.goals()).stream().filter(named::contains).toList());
            }
        }
        return goals;
    }

    private static List<Filter> topLevel(Optional<Filter> filter) {
        if (filter.isEmpty()) return List.of();
        return filter.get() instanceof Filter.And(List<Filter> all) ? all : List.of(filter.get());
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
