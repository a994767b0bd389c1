package dev.footfall.store.duckdb;

import dev.footfall.events.EventRange;
import dev.footfall.events.EventReader;
import dev.footfall.events.ExportFormat;
import dev.footfall.loader.EventStore;
import dev.footfall.site.Site;
import dev.footfall.store.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Sliced exports against one whole sort, and event ids in a data directory from before they existed. */
class DuckDbExportTest {
    private static final String SITE = "slices.test";
    /** Tiny slices, so a few dozen events cross hour, minute and second cuts. */
    private static final long SLICE_ROWS = 5;

    @TempDir
    Path dir;
    DuckDbStorage storage;
    int appended;

    @BeforeEach
    void open() {
        storage = DuckDbStorage.open(dir.resolve("data"), "128MB", 2);
        storage.addSite(new Site(SITE, ZoneId.of("Etc/UTC"), List.of()));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static Event event(Instant at, String path) {
        return new Event(SITE, at, "pageview", 7, 8, SITE, path, "", "", Event.Utm.NONE, Event.Location.UNKNOWN,
                Event.Client.UNKNOWN, Map.of("note", "a, \"quoted\"\nvalue"), true, null, null);
    }

    private void append(List<Instant> times) {
        try (EventStore.EventWriter writer = storage.openWriter()) {
            for (Instant at : times) writer.append(event(at, "/" + appended++));
            writer.commit();
        }
    }

    /** Quiet hours, a crowded hour, a crowded minute and one second with more events than a slice. */
    private void fill() {
        Instant base = Instant.parse("2024-04-01T00:00:00Z");
        List<Instant> times = new ArrayList<>();
        for (int h = 0; h < 6; h++) times.add(base.plusSeconds(h * 3600L + 17));
        for (int m = 0; m < 9; m++) times.add(base.plusSeconds(7 * 3600L + m * 60L + m));
        for (int s = 0; s < 8; s++) times.add(base.plusSeconds(9 * 3600L + 120 + s));
        for (int i = 0; i < 11; i++) times.add(base.plusSeconds(10 * 3600L));
        List<Instant> shuffled = new ArrayList<>(times);
        java.util.Collections.shuffle(shuffled, new java.util.Random(1)); // ids out of time order, as imports make them
        append(shuffled);
    }

    private EventRange all() {
        return new EventRange(SITE, EventRange.BEGINNING, Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void slicesCoverTheRangeInOrderAndStaySmallSaveASingleSecond() throws Exception {
        fill();
        List<DuckDbExport.Slice> slices;
        try (Connection c = storage.reader()) {
            slices = new DuckDbExport(c, storage.rawTables(c, SITE), dir, SLICE_ROWS).slices(all());
        }
        assertThat(slices.stream().mapToLong(DuckDbExport.Slice::rows).sum()).isEqualTo(appended);
        for (int i = 0; i < slices.size(); i++) {
            DuckDbExport.Slice s = slices.get(i);
            if (i > 0) assertThat(s.from()).isAfterOrEqualTo(slices.get(i - 1).to());
            if (s.rows() > SLICE_ROWS) assertThat(s.to()).as("only a single second may exceed a slice").isEqualTo(s.from().plusSeconds(1));
        }
        assertThat(slices).hasSizeGreaterThan(5);
    }

    @Test
    void slicedExportsEqualOneWholeSort() throws Exception {
        fill();
        for (ExportFormat format : ExportFormat.values()) {
            Path whole = dir.resolve("whole." + format.extension());
            Path sliced = dir.resolve("sliced." + format.extension());
            assertThat(storage.exportEvents(all(), format, whole, EventReader.ExportProgress.NONE)).isEqualTo(appended);
            List<long[]> progress = new ArrayList<>();
            try (Connection c = storage.reader()) {
                long rows = new DuckDbExport(c, storage.rawTables(c, SITE), dir.resolve("data/tmp"), SLICE_ROWS).run(all(), format, sliced,
                        (written, total) -> progress.add(new long[]{written, total}));
                assertThat(rows).isEqualTo(appended);
            }
            assertThat(progress.getLast()).containsExactly(appended, appended);
            if (format == ExportFormat.PARQUET) {
                assertThat(parquetIds(sliced)).isEqualTo(parquetIds(whole)).hasSize(appended);
            } else {
                assertThat(Files.readString(sliced)).as(format.name()).isEqualTo(Files.readString(whole));
            }
        }
        try (Stream<Path> left = Files.list(dir.resolve("data/tmp"))) {
            assertThat(left).as("no pieces left").noneMatch(p -> p.getFileName().toString().startsWith("export-"));
        }
        List<String> lines = Files.readAllLines(dir.resolve("whole.ndjson"));
        assertThat(lines).hasSize(appended);
        assertThat(lines.getFirst()).startsWith("{\"id\":").contains("\"timestamp\":\"2024-04-01T00:00:17Z\"")
                .contains("\"props\":{\"note\":\"a, \\\"quoted\\\"\\nvalue\"}");
    }

    /** ids in (timestamp, id) order as the file holds them, checking that order on the way. */
    private static List<Long> parquetIds(Path file) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, timestamp FROM read_parquet('" + file + "', file_row_number = true) ORDER BY file_row_number")) {
            Instant previous = Instant.MIN;
            while (rs.next()) {
                Instant at = rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
                assertThat(at).isAfterOrEqualTo(previous);
                previous = at;
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    @Test
    void aDataDirectoryFromBeforeEventIdsGetsThemOnceAndTheWriterCountsOn() throws Exception {
        append(List.of(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:01Z")));
        try (Connection c = storage.reader(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE events DROP COLUMN id"); // as an older Footfall left it
        }
        storage.close();

        storage = DuckDbStorage.open(dir.resolve("data"), "128MB", 2);
        assertThat(ids()).containsExactly(1L, 2L);
        storage.close();
        storage = DuckDbStorage.open(dir.resolve("data"), "128MB", 2); // the migration runs again: nothing changes
        assertThat(ids()).containsExactly(1L, 2L);
        append(List.of(Instant.parse("2024-01-01T00:00:02Z")));
        assertThat(ids()).containsExactly(1L, 2L, 3L);
        assertThat(storage.events(all(), Optional.empty(), 10)).extracting(e -> e.id()).containsExactly(1L, 2L, 3L);
    }

    private List<Long> ids() {
        return StoredRows.query(storage, "SELECT id FROM events ORDER BY id").stream().map(r -> (Long) r.get("id")).toList();
    }
}
