package dev.footfall.imported;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** What imports of Plausible history need from storage: the imported tables and the list of imports. */
public interface ImportStore {

    /** Starts an import for the site; what is written shows only once committed, and nothing stays if it is closed before. */
    Writer begin(String domain, String sourceFile);

    /** The site's imports, oldest first. */
    List<SiteImport> list(String domain);

    /** Deletes the import and its rows; false when the site has no import of that id. */
    boolean delete(String domain, long id);

    /**
     * The site's own events and visits aggregated per local day into one table's columns, as
     * Plausible's export queries aggregate theirs, in date order.
     */
    void exportRows(String domain, ZoneId zone, ImportedTable table, RowSink rows);

    /** Receives rows: {@code values} follow {@link ImportedTable#columns}, a String for text and a Long for counts. */
    @FunctionalInterface
    interface RowSink {
        void row(ImportedTable table, LocalDate date, Object[] values);
    }

    interface Writer extends RowSink, AutoCloseable {
        /** Makes the rows written part of the site's data, as one import of these days. */
        SiteImport commit(LocalDate startDate, LocalDate endDate);

        /** Without a commit, removes whatever was written. */
        @Override
        void close();
    }
}
