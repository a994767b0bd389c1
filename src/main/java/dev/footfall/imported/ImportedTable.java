package dev.footfall.imported;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ten CSV files of Plausible's "Export data" ZIP, each the daily aggregate of one report, with
 * their columns in the order Plausible's export writes them (lib/plausible/exports.ex). Footfall
 * keeps them as tables of the same names and columns, so an export reads back unchanged.
 */
public enum ImportedTable {
    VISITORS("imported_visitors", Set.of(),
            count("visitors"), count("pageviews"), count("bounces"), count("visits"), count("visit_duration")),
    SOURCES("imported_sources", Set.of(),
            text("source"), text("referrer"), text("utm_source"), text("utm_medium"), text("utm_campaign"), text("utm_content"),
            text("utm_term"), count("pageviews"), count("visitors"), count("visits"), count("visit_duration"), count("bounces")),
    /** Older exports also carried exits, time_on_page, scroll_depth and pageleave_visitors, which Plausible has since dropped. */
    PAGES("imported_pages", Set.of("exits", "time_on_page", "scroll_depth", "pageleave_visitors"),
            text("hostname"), text("page"), count("visits"), count("visitors"), count("pageviews"), count("total_scroll_depth"),
            count("total_scroll_depth_visits"), count("total_time_on_page"), count("total_time_on_page_visits")),
    ENTRY_PAGES("imported_entry_pages", Set.of(),
            text("entry_page"), count("visitors"), count("entrances"), count("visit_duration"), count("bounces"), count("pageviews")),
    EXIT_PAGES("imported_exit_pages", Set.of(),
            text("exit_page"), count("visitors"), count("visit_duration"), count("exits"), count("bounces"), count("pageviews")),
    CUSTOM_EVENTS("imported_custom_events", Set.of(),
            text("name"), text("link_url"), text("path"), count("visitors"), count("events")),
    /** city is a GeoNames id, 0 when unknown. */
    LOCATIONS("imported_locations", Set.of(),
            text("country"), text("region"), count("city"), count("visitors"), count("visits"), count("visit_duration"),
            count("bounces"), count("pageviews")),
    DEVICES("imported_devices", Set.of(),
            text("device"), count("visitors"), count("visits"), count("visit_duration"), count("bounces"), count("pageviews")),
    BROWSERS("imported_browsers", Set.of(),
            text("browser"), text("browser_version"), count("visitors"), count("visits"), count("visit_duration"), count("bounces"),
            count("pageviews")),
    OPERATING_SYSTEMS("imported_operating_systems", Set.of(),
            text("operating_system"), text("operating_system_version"), count("visitors"), count("visits"), count("visit_duration"),
            count("bounces"), count("pageviews"));

    /** A column's kind: text, or a non-negative count (Plausible's UInt64). Every table starts with {@code date}. */
    public enum Kind { TEXT, COUNT }

    public record Column(String name, Kind kind) {}

    public final String fileName;
    /** The columns after {@code date}, in export order. */
    public final List<Column> columns;
    /** Columns of older exports that are accepted and not kept. */
    public final Set<String> legacyColumns;

    ImportedTable(String fileName, Set<String> legacyColumns, Column... columns) {
        this.fileName = fileName;
        this.legacyColumns = legacyColumns;
        this.columns = List.of(columns);
    }

    private static Column text(String name) {
        return new Column(name, Kind.TEXT);
    }

    private static Column count(String name) {
        return new Column(name, Kind.COUNT);
    }

    /** Every column name, {@code date} first: the CSV header Footfall writes. */
    public List<String> header() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("date"), columns.stream().map(Column::name)).toList();
    }

    /**
     * The table a ZIP entry holds, by Plausible's file names: {@code imported_pages.csv}, or with the
     * export's date range, {@code imported_pages_20240101_20241231.csv}.
     */
    public static Optional<ImportedTable> ofEntry(String entryName) {
        String name = entryName.substring(entryName.lastIndexOf('/') + 1);
        if (!name.endsWith(".csv")) return Optional.empty();
        String stem = name.substring(0, name.length() - ".csv".length()).replaceFirst("_\\d{8}_\\d{8}$", "");
        for (ImportedTable t : values()) if (t.fileName.equals(stem)) return Optional.of(t);
        return Optional.empty();
    }
}
