package dev.footfall.imported;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the ZIP of Plausible's "Export data": one CSV with a header line per {@link ImportedTable}.
 * Every bound is checked and every value parsed before a row reaches the sink, so a caller can read
 * once to validate and once to store. Columns are taken by their header names; columns a table has
 * and the file lacks (older exports) are empty text or zero.
 */
public final class PlausibleCsvArchive {
    /** Years of daily rows of a large site's export are tens of MB zipped; a GiB is beyond any export. */
    public static final long MAX_ZIP_BYTES = 1L << 30;
    /** The ten tables, with room for directory entries and a stray file or two that is then refused by name. */
    static final int MAX_ENTRIES = 32;
    /** Against ZIP bombs: CSV compresses about tenfold, so 8 GiB covers what the largest accepted ZIP honestly holds. */
    static final long MAX_UNCOMPRESSED_BYTES = 8L << 30;
    /** A row is a date, a few labels and counts; page paths and referrers are at most a few KB each. */
    static final int MAX_LINE_CHARS = 64 * 1024;
    /** Labels longer than this are not a page, source or browser; Footfall's own ingest keeps URLs shorter. */
    static final int MAX_TEXT_CHARS = 4096;

    private PlausibleCsvArchive() {}

    /** What the archive holds: rows per table and the days they span. */
    public record Summary(Map<ImportedTable, Long> rows, LocalDate firstDate, LocalDate lastDate) {
        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Reads every row of {@code zip} into {@code sink}, in table order.
     *
     * @throws InvalidArchiveException naming the first problem found (no row after it reaches the sink)
     */
    public static Summary read(Path zip, ImportStore.RowSink sink) {
        long size;
        try {
            size = Files.size(zip);
        } catch (IOException e) {
            throw new InvalidArchiveException("cannot read " + zip.getFileName() + ": " + e.getMessage());
        }
        if (size > MAX_ZIP_BYTES) {
            throw new InvalidArchiveException("the ZIP is " + size + " bytes; at most " + MAX_ZIP_BYTES + " are accepted");
        }
        try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            Map<ImportedTable, ZipEntry> tables = tables(file);
            Map<ImportedTable, Long> rows = new EnumMap<>(ImportedTable.class);
            LocalDate[] range = new LocalDate[2];
            long[] budget = {MAX_UNCOMPRESSED_BYTES};
            for (Map.Entry<ImportedTable, ZipEntry> e : tables.entrySet()) {
                try (InputStream in = new Bounded(file.getInputStream(e.getValue()), budget)) {
                    rows.put(e.getKey(), readTable(e.getKey(), e.getValue().getName(), in, sink, range));
                }
            }
            if (range[0] == null) throw new InvalidArchiveException("the ZIP's CSV files have no rows");
            return new Summary(Collections.unmodifiableMap(rows), range[0], range[1]);
        } catch (ZipException e) {
            throw new InvalidArchiveException("not a ZIP file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InvalidArchiveException("cannot read the ZIP: " + e.getMessage());
        }
    }

    private static Map<ImportedTable, ZipEntry> tables(ZipFile file) {
        if (file.size() > MAX_ENTRIES) {
            throw new InvalidArchiveException("the ZIP has " + file.size() + " entries; a Plausible export has ten CSV files (at most "
                    + MAX_ENTRIES + " entries are accepted)");
        }
        Map<ImportedTable, ZipEntry> tables = new EnumMap<>(ImportedTable.class);
        for (ZipEntry entry : Collections.list(file.entries())) {
            if (entry.isDirectory()) continue;
            String name = entry.getName();
            ImportedTable table = ImportedTable.ofEntry(name).orElseThrow(() -> new InvalidArchiveException(
                    "unknown file " + shortened(name) + " in the ZIP: a Plausible export holds only imported_*.csv files"));
            if (tables.put(table, entry) != null) {
                throw new InvalidArchiveException("the ZIP has two " + table.fileName + " files");
            }
        }
        if (tables.isEmpty()) throw new InvalidArchiveException("the ZIP has no imported_*.csv file: is it a Plausible export?");
        return tables;
    }

    private static long readTable(ImportedTable table, String entry, InputStream in, ImportStore.RowSink sink, LocalDate[] range)
            throws IOException {
        CsvRecords records = new CsvRecords(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), entry);
        List<String> header = records.next().orElseThrow(() -> new InvalidArchiveException(entry + ": empty file, no header line"));
        int[] positions = positions(table, entry, header);
        long count = 0;
        for (Optional<List<String>> next = records.next(); next.isPresent(); next = records.next()) {
            List<String> fields = next.get();
            String where = entry + " line " + records.line();
            if (fields.size() != header.size()) {
                throw new InvalidArchiveException(where + ": " + fields.size() + " fields where the header has " + header.size());
            }
            LocalDate date;
            try {
                date = LocalDate.parse(fields.get(positions[0]));
            } catch (DateTimeParseException e) {
                throw new InvalidArchiveException(where + ": date is not YYYY-MM-DD: '" + shortened(fields.get(positions[0])) + "'");
            }
            Object[] values = new Object[table.columns.size()];
            for (int i = 0; i < values.length; i++) {
                ImportedTable.Column column = table.columns.get(i);
                String raw = positions[i + 1] < 0 ? "" : fields.get(positions[i + 1]);
                values[i] = switch (column.kind()) {
                    case TEXT -> {
                        if (raw.length() > MAX_TEXT_CHARS) {
                            throw new InvalidArchiveException(where + ": " + column.name() + " is longer than " + MAX_TEXT_CHARS + " characters");
                        }
                        yield raw;
                    }
                    case COUNT -> count(raw, column.name(), where);
                };
            }
            if (range[0] == null || date.isBefore(range[0])) range[0] = date;
            if (range[1] == null || date.isAfter(range[1])) range[1] = date;
            sink.row(table, date, values);
            count++;
        }
        return count;
    }

    /** Where each column is in the file: [0] is date, then the table's columns in order, -1 for those it lacks. */
    private static int[] positions(ImportedTable table, String entry, List<String> header) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            boolean known = name.equals("date") || table.legacyColumns.contains(name)
                    || table.columns.stream().anyMatch(c -> c.name().equals(name));
            if (!known) throw new InvalidArchiveException(entry + ": unknown column '" + shortened(name) + "' for " + table.fileName);
            if (at.put(name, i) != null) throw new InvalidArchiveException(entry + ": column " + name + " appears twice");
        }
        for (String required : List.of("date", "visitors")) {
            if (!at.containsKey(required)) throw new InvalidArchiveException(entry + ": no " + required + " column in the header line");
        }
        int[] positions = new int[table.columns.size() + 1];
        positions[0] = at.get("date");
        for (int i = 0; i < table.columns.size(); i++) positions[i + 1] = at.getOrDefault(table.columns.get(i).name(), -1);
        return positions;
    }

    /** A UInt64 as ClickHouse writes it; empty and \N (a NULL of older exports' nullable columns) are zero. */
    private static long count(String raw, String column, String where) {
        if (raw.isEmpty() || raw.equals("\\N")) return 0;
        try {
            long n = Long.parseLong(raw);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidArchiveException(where + ": " + column + " is not a count: '" + shortened(raw) + "'");
        }
    }

    static String shortened(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    /**
     * CSV records as ClickHouse's CSVWithNames writes them: comma-separated, fields in double quotes
     * when needed, a quote inside doubled; a quoted field may hold line breaks. Each record is bounded.
     */
    private static final class CsvRecords {
        private final BufferedReader in;
        private final String entry;
        private long line;
        private long recordLine;

        CsvRecords(BufferedReader in, String entry) {
            this.in = in;
            this.entry = entry;
        }

        long line() {
            return recordLine;
        }

        Optional<List<String>> next() throws IOException {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false, wasQuoted = false;
            int length = 0;
            int c = in.read();
            if (c < 0) return Optional.empty();
            line++;
            recordLine = line;
            while (true) {
                if (++length > MAX_LINE_CHARS) {
                    throw new InvalidArchiveException(entry + " line " + recordLine + ": longer than " + MAX_LINE_CHARS + " characters");
                }
                if (quoted) {
                    if (c < 0) throw new InvalidArchiveException(entry + " line " + recordLine + ": a quoted field is not closed");
                    if (c == '"') {
                        in.mark(1);
                        int d = in.read();
                        if (d == '"') field.append('"');
                        else {
                            quoted = false;
                            if (d >= 0) in.reset();
                        }
                    } else {
                        if (c == '\n') line++;
                        field.append((char) c);
                    }
                } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c < 0) {
                    int end = field.length();
                    if (!wasQuoted && end > 0 && field.charAt(end - 1) == '\r') field.setLength(end - 1);
                    fields.add(field.toString());
                    return Optional.of(fields);
                } else if (c == '\r' && wasQuoted) {
                    // the CR of a CRLF after a closing quote
                } else {
                    field.append((char) c);
                }
                c = in.read();
            }
        }
    }

    /** Counts the bytes inflated from all entries together against one budget. */
    private static final class Bounded extends FilterInputStream {
        private final long[] budget;

        Bounded(InputStream in, long[] budget) {
            super(in);
            this.budget = budget;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) take(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) take(n);
            return n;
        }

        private void take(long n) {
            budget[0] -= n;
            if (budget[0] < 0) {
                throw new InvalidArchiveException("the ZIP inflates to more than " + MAX_UNCOMPRESSED_BYTES + " bytes");
            }
        }
    }
}
