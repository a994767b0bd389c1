package dev.footfall.store.duckdb;

import dev.footfall.store.sql.RegionNames;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Fills the store's region names table from what {@link RegionNames} read, replacing what an earlier start left. */
final class DuckDbRegionNames {
    private DuckDbRegionNames() {}

    static void refresh(DuckDBConnection conn, Map<String, String> names) throws SQLException {
        // Without the names file, keep what an earlier start stored: names that were right stay right.
        if (names.isEmpty()) return;
        boolean autoCommit = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM " + RegionNames.TABLE);
            try (DuckDBAppender appender = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, RegionNames.TABLE)) {
                for (Map.Entry<String, String> e : names.entrySet()) {
                    appender.beginRow();
                    appender.append(e.getKey());
                    appender.append(e.getValue());
                    appender.endRow();
                }
            }
            conn.commit();
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(autoCommit);
        }
    }
}
