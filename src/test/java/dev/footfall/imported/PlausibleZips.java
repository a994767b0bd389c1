package dev.footfall.imported;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** ZIPs built in tests, as Plausible's "Export data" lays them out: one CSVWithNames file per imported table. */
public final class PlausibleZips {
    private PlausibleZips() {}

    /** Writes the entries (name to CSV text) in the order given. */
    public static Path zip(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    /** Two days of history in every table (the numbers {@link PlausibleCsvImportTest} checks): 15 visitors in January 2024. */
    public static Map<String, String> sample() {
        return PlausibleCsvImportTest.export();
    }
}
