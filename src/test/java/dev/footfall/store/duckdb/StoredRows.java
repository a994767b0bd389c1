package dev.footfall.store.duckdb;

import dev.footfall.Storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the hot tier holds, with plain SQL, so tests check stored rows and not only status codes. */
public final class StoredRows {
    private StoredRows() {}

    public static List<Map<String, Object>> query(Storage storage, String sql) {
        try (Connection c = ((DuckDbStorage) storage).reader(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static long count(Storage storage, String sql) {
        return ((Number) query(storage, sql).getFirst().values().iterator().next()).longValue();
    }
}
