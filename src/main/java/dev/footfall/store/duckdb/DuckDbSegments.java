package dev.footfall.store.duckdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.segment.Segment;
import dev.footfall.segment.SegmentStore;
import dev.footfall.store.StorageException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Saved segments in the embedded database's {@code segments} table, their data as JSON text. */
final class DuckDbSegments implements SegmentStore {
    private static final String COLUMNS = "id, site_domain, name, type, segment_data, owner_id, created_at, updated_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DuckDbStorage db;

    DuckDbSegments(DuckDbStorage db) {
        this.db = db;
    }

    @Override
    public List<Segment> segments(String domain) {
        return db.query("SELECT " + COLUMNS + " FROM segments WHERE site_domain = ? ORDER BY updated_at DESC, id DESC",
                ps -> ps.setString(1, domain), DuckDbSegments::segment);
    }

    @Override
    public Optional<Segment> segment(String domain, long id) {
        return db.query("SELECT " + COLUMNS + " FROM segments WHERE site_domain = ? AND id = ?", ps -> {
            ps.setString(1, domain);
            ps.setLong(2, id);
        }, DuckDbSegments::segment).stream().findFirst();
    }

    @Override
    public int count(String domain) {
        return db.query("SELECT count(*) FROM segments WHERE site_domain = ?", ps -> ps.setString(1, domain), rs -> rs.getInt(1)).getFirst();
    }

    @Override
    public Segment add(String domain, String name, Segment.Type type, JsonNode data, long ownerId) {
        return db.query("INSERT INTO segments (site_domain, name, type, segment_data, owner_id, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, now(), now()) RETURNING " + COLUMNS, ps -> {
            ps.setString(1, domain);
            ps.setString(2, name);
            ps.setString(3, type.apiName());
            ps.setString(4, text(data));
            ps.setLong(5, ownerId);
        }, DuckDbSegments::segment).getFirst();
    }

    @Override
    public Optional<Segment> update(String domain, long id, String name, Segment.Type type, JsonNode data, long ownerId) {
        return db.query("UPDATE segments SET name = ?, type = ?, segment_data = ?, owner_id = ?, updated_at = now() "
                + "WHERE site_domain = ? AND id = ? RETURNING " + COLUMNS, ps -> {
            ps.setString(1, name);
            ps.setString(2, type.apiName());
            ps.setString(3, text(data));
            ps.setLong(4, ownerId);
            ps.setString(5, domain);
            ps.setLong(6, id);
        }, DuckDbSegments::segment).stream().findFirst();
    }

    @Override
    public boolean delete(String domain, long id) {
        return db.update("DELETE FROM segments WHERE site_domain = ? AND id = ?", ps -> {
            ps.setString(1, domain);
            ps.setLong(2, id);
        }) > 0;
    }

    private static String text(JsonNode data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new StorageException("writing a segment's data as JSON", e);
        }
    }

    private static Segment segment(ResultSet rs) throws SQLException {
        JsonNode data;
        try {
            data = JSON.readTree(rs.getString(5));
        } catch (JsonProcessingException e) {
            throw new SQLException("segment " + rs.getLong(1) + " holds data that is not JSON", e);
        }
        return new Segment(rs.getLong(1), rs.getString(2), rs.getString(3), Segment.Type.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)),
                data, rs.getLong(6), rs.getTimestamp(7).toLocalDateTime().toInstant(ZoneOffset.UTC),
                rs.getTimestamp(8).toLocalDateTime().toInstant(ZoneOffset.UTC));
    }
}
