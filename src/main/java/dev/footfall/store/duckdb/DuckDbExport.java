package dev.footfall.store.duckdb;

import dev.footfall.events.EventRange;
import dev.footfall.events.EventReader.ExportProgress;
import dev.footfall.events.ExportFormat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One export of a site's events with the engine's COPY, a time slice at a time. Sorting a whole
 * range at once does not fit the engine's memory limit beyond a few million events (a CSV of 30
 * million ran out at 256MB), so the range is cut at hour, minute or second boundaries into slices
 * of at most {@code sliceRows} events, each sorted and written alone, and the pieces are joined in
 * order: CSV and NDJSON by appending the files, Parquet by the engine reading the pieces back, in
 * order, into one file. Slices follow time, so (timestamp, id) order holds across them.
 */
final class DuckDbExport {
    /** Events sorted at once: well within 256MB whatever they hold, and few enough COPYs to cost little. */
    static final long SLICE_ROWS = 250_000;
    /**
     * Events per piece of an export sent while it is made, which is what each download holds on
     * disk: about 15 MB of CSV, while a COPY per fifty thousand events still costs little beside
     * sending them.
     */
    static final long STREAM_SLICE_ROWS = 50_000;
    /** Finer and finer cuts for a slice with too many events; a second is never cut, whatever it holds. */
    private static final List<String> UNITS = List.of("hour", "minute", "second");
    private static final List<Duration> UNIT_LENGTHS = List.of(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(1));
    /** Export pieces in the temporary directory start so, as the server's own export files do: a restart deletes leftovers. */
    private static final String PIECE_PREFIX = "export-";

    /** Part of a range, [from, to), with the events it holds. */
    record Slice(Instant from, Instant to, long rows) {}

    private final Connection conn;
    private final RawTables raw;
    private final Path tmpDir;
    private final long sliceRows;

    /** @param raw the site's raw tables as {@code conn}'s transaction sees them: exports include archived months */
    DuckDbExport(Connection conn, RawTables raw, Path tmpDir, long sliceRows) {
        this.conn = conn;
        this.raw = raw;
        this.tmpDir = tmpDir;
        this.sliceRows = sliceRows;
    }

    long run(EventRange range, ExportFormat format, Path file, ExportProgress progress) throws SQLException, IOException {
        return run(range, slices(range), format, file, progress);
    }

    private long run(EventRange range, List<Slice> slices, ExportFormat format, Path file, ExportProgress progress) throws SQLException, IOException {
        long total = slices.stream().mapToLong(Slice::rows).sum();
        progress.eventsWritten(0, total);
        if (slices.size() <= 1) { // one COPY does it all, even for no events (a CSV header, an empty Parquet file)
            long rows = copy(range.site(), new Slice(range.from(), range.to(), total), format, true, file);
            progress.eventsWritten(rows, total);
            return rows;
        }
        List<Path> pieces = new ArrayList<>();
        String run = UUID.randomUUID().toString();
        try {
            long written = 0;
            if (format == ExportFormat.PARQUET) {
                for (Slice slice : slices) {
                    Path piece = tmpDir.resolve(PIECE_PREFIX + run + "-" + pieces.size() + ".parquet");
                    pieces.add(piece);
                    written += copy(range.site(), slice, format, true, piece);
                    progress.eventsWritten(written, total);
                }
                joinParquet(pieces, file);
            } else {
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    for (Slice slice : slices) {
                        Path piece = tmpDir.resolve(PIECE_PREFIX + run + "-" + pieces.size() + "." + format.extension());
                        pieces.add(piece);
                        written += copy(range.site(), slice, format, pieces.size() == 1, piece);
                        append(piece, out);
                        Files.delete(piece);
                        progress.eventsWritten(written, total);
                    }
                }
            }
            return written;
        } finally {
            for (Path piece : pieces) Files.deleteIfExists(piece);
        }
    }

    /**
     * The export as pieces made one at a time, each COPYed when asked for: CSV and NDJSON one per
     * slice (joined, they are the file {@link #run} writes), Parquet the whole file at once.
     * The slices are counted here, so the number of events is known before the first piece.
     */
    Pieces pieces(EventRange range, ExportFormat format) throws SQLException {
        return new Pieces(range, format, slices(range));
    }

    final class Pieces {
        private final EventRange range;
        private final ExportFormat format;
        private final List<Slice> slices;
        private final String run = UUID.randomUUID().toString();
        private int made;

        private Pieces(EventRange range, ExportFormat format, List<Slice> slices) {
            this.range = range;
            this.format = format;
            this.slices = slices;
        }

        long rows() {
            return slices.stream().mapToLong(Slice::rows).sum();
        }

        /** The next piece, written to a new file in the temporary directory; empty after the last. */
        Optional<Path> next() throws SQLException, IOException {
            boolean whole = format == ExportFormat.PARQUET || slices.size() <= 1;
            if (made >= (whole ? 1 : slices.size())) return Optional.empty();
            Path piece = tmpDir.resolve(PIECE_PREFIX + run + "-" + made + "." + format.extension());
            try {
                if (whole) run(range, slices, format, piece, ExportProgress.NONE);
                else copy(range.site(), slices.get(made), format, made == 0, piece);
            } catch (SQLException | IOException | RuntimeException e) {
                Files.deleteIfExists(piece);
                throw e;
            }
            made++;
            return Optional.of(piece);
        }
    }

    /**
     * The range cut into slices of at most {@code sliceRows} events (save a single second that holds
     * more). Counts come per hour, and per minute or second only inside a crowded hour or minute,
     * so the counts held are few: one per hour with events.
     */
    List<Slice> slices(EventRange range) throws SQLException {
        List<Slice> slices = new ArrayList<>();
        Slice open = null;
        for (Slice piece : counts(range.site(), range.from(), range.to(), 0)) {
            if (open != null && open.rows() + piece.rows() <= sliceRows) {
                open = new Slice(open.from(), piece.to(), open.rows() + piece.rows());
            } else {
                if (open != null) slices.add(open);
                open = piece;
            }
        }
        if (open != null) slices.add(open);
        return slices;
    }

    private List<Slice> counts(String site, Instant from, Instant to, int unit) throws SQLException {
        List<Slice> counts = new ArrayList<>();
        String sql = "SELECT date_trunc('" + UNITS.get(unit) + "', ts) AS t, count(*) FROM " + raw.events(from, to)
                + " WHERE site = ? AND ts >= ? AND ts < ? GROUP BY t ORDER BY t";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, site);
            ps.setObject(2, DuckDbStorage.utc(from));
            ps.setObject(3, DuckDbStorage.utc(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant start = rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                    Instant end = start.plus(UNIT_LENGTHS.get(unit));
                    counts.add(new Slice(start.isBefore(from) ? from : start, end.isAfter(to) ? to : end, rs.getLong(2)));
                }
            }
        }
        List<Slice> refined = new ArrayList<>();
        for (Slice count : counts) {
            if (count.rows() > sliceRows && unit + 1 < UNITS.size()) refined.addAll(counts(site, count.from(), count.to(), unit + 1));
            else refined.add(count);
        }
        return refined;
    }

    /**
     * COPYs one slice, sorted, to {@code target}. CSV and NDJSON show times and props as the API does
     * (ISO-8601 UTC text, a JSON object); Parquet has types for both (a UTC timestamp, a map).
     * NDJSON lines are made by to_json and written by the CSV writer, unquoted: the engine's own JSON
     * writer held sorted input in memory. The formatting follows the sort, so the sort moves the
     * stored columns rather than wide text.
     */
    private long copy(String site, Slice slice, ExportFormat format, boolean header, Path target) throws SQLException {
        String columns = switch (format) {
            case CSV -> DuckDbStorage.eventColumns(c -> switch (c) {
                case "timestamp" -> DuckDbStorage.ISO_TIMESTAMP + " AS timestamp";
                case "props" -> "to_json(props) AS props";
                default -> null;
            });
            case NDJSON -> "to_json({" + DuckDbStorage.EVENT_COLUMNS.stream()
                    .map(c -> "'" + c + "': " + (c.equals("timestamp") ? DuckDbStorage.ISO_TIMESTAMP : c))
                    .collect(Collectors.joining(", ")) + "}) AS line";
            case PARQUET -> DuckDbStorage.eventColumns(c -> c.equals("timestamp") ? "ts::TIMESTAMPTZ AS timestamp" : null);
        };
        String options = switch (format) {
            case CSV -> "FORMAT csv, HEADER " + header;
            case NDJSON -> "FORMAT csv, HEADER false, QUOTE '', ESCAPE ''";
            case PARQUET -> "FORMAT parquet";
        };
        String sorted = "SELECT " + DuckDbStorage.eventColumns(c -> c.equals("timestamp") ? "ts" : null)
                + " FROM " + raw.events(slice.from(), slice.to()) + " WHERE site = ? AND ts >= ? AND ts < ? ORDER BY ts, id";
        String sql = "COPY (SELECT " + columns + " FROM (" + sorted + ")) TO " + literal(target) + " (" + options + ")";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, site);
            ps.setObject(2, DuckDbStorage.utc(slice.from()));
            ps.setObject(3, DuckDbStorage.utc(slice.to()));
            return ps.executeLargeUpdate();
        }
    }

    /** One Parquet file from the pieces, read in the order given (the engine keeps insertion order). */
    private void joinParquet(List<Path> pieces, Path file) throws SQLException {
        String list = pieces.stream().map(DuckDbExport::literal).collect(Collectors.joining(", ", "[", "]"));
        try (PreparedStatement ps = conn.prepareStatement("COPY (SELECT * FROM read_parquet(" + list + ")) TO " + literal(file) + " (FORMAT parquet)")) {
            ps.executeLargeUpdate();
        }
    }

    private static void append(Path piece, FileChannel out) throws IOException {
        try (FileChannel in = FileChannel.open(piece, StandardOpenOption.READ)) {
            for (long position = 0, size = in.size(); position < size; ) position += in.transferTo(position, size - position, out);
        }
    }

    private static String literal(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
