package dev.footfall.store.duckdb;

import dev.footfall.site.Retention;
import dev.footfall.site.Site;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Millions of raw events for one site, made by the engine itself in one INSERT … SELECT before a
 * server starts on the directory: the Events API stores thousands per second, this millions, so
 * tests can give queries and exports real work. The rows are plain pageviews, spread evenly over
 * the days, with many distinct paths and visitors (what makes a breakdown expensive); no sessions.
 */
public final class GeneratedEvents {
    private GeneratedEvents() {}

    /** Adds the site (UTC) and {@code events} pageviews over {@code days} days from {@code firstDay}, ids from 1. */
    public static void write(Path dataDir, String domain, long events, LocalDate firstDay, int days) {
        try (DuckDbStorage storage = DuckDbStorage.open(dataDir, "256MB", Runtime.getRuntime().availableProcessors())) {
            storage.addSite(new Site(domain, ZoneOffset.UTC, List.of(), Retention.FOREVER));
            String sql = """
                    INSERT INTO events
                    SELECT ?, CAST(? AS TIMESTAMP) + to_seconds(CAST(i * ? // ? AS BIGINT)), 'pageview',
                           CAST(hash(i // 3) >> 1 AS BIGINT), CAST(hash(i // 2) >> 1 AS BIGINT), ?,
                           '/articles/' || (i % 200003) || '/part-' || (i // 7),
                           '', 'Direct / None', '', '', '', '', '', 'DE', '', '', 'Desktop', 'Chrome', '131', 'Linux', '',
                           MAP {}, true, NULL, NULL, i + 1
                    FROM range(?) t(i)""";
            try (Connection c = storage.reader(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, domain);
                ps.setObject(2, firstDay.atStartOfDay());
                ps.setLong(3, days * 86_400L);
                ps.setLong(4, events);
                ps.setString(5, domain);
                ps.setLong(6, events);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("generating events for " + domain, e);
        }
    }
}
