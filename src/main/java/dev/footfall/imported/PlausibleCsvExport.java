package dev.footfall.imported;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a site's data as the ZIP Plausible's "Export data" makes: one CSV with a header line per
 * {@link ImportedTable}, named {@code imported_<table>_<first>_<last>.csv}, that Plausible's CSV
 * import (and Footfall's) takes back.
 */
public final class PlausibleCsvExport {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;

    private PlausibleCsvExport() {}

    /** Writes every table of the site's data between {@code first} and {@code last} to {@code out}; the rows written. */
    public static long write(ImportStore store, String domain, ZoneId zone, LocalDate first, LocalDate last, OutputStream out) {
        String suffix = "_" + first.format(COMPACT) + "_" + last.format(COMPACT) + ".csv";
        long rows = 0;
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            Writer csv = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8));
            for (ImportedTable table : ImportedTable.values()) {
                zip.putNextEntry(new ZipEntry(table.fileName + suffix));
                line(csv, table.header());
                long[] written = {0};
                store.exportRows(domain, zone, table, (t, date, values) -> {
                    if (date.isBefore(first) || date.isAfter(last)) return;
                    try {
                        csv.write(date.toString());
                        for (Object v : values) {
                            csv.write(',');
                            csv.write(v instanceof String s ? quoted(s) : String.valueOf(v));
                        }
                        csv.write('\n');
                        written[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                csv.flush();
                zip.closeEntry();
                rows += written[0];
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static void line(Writer csv, List<String> fields) throws IOException {
        csv.write(String.join(",", fields));
        csv.write('\n');
    }

    /** Text always in quotes, as ClickHouse's CSV writes strings, with quotes inside doubled. */
    private static String quoted(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
