package dev.footfall.events;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The file formats events are exported in, each written by the storage engine itself. */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=utf-8"),
    /** One JSON object per line, each as GET /api/v1/events shows an event. */
    NDJSON("ndjson", "application/x-ndjson"),
    PARQUET("parquet", "application/vnd.apache.parquet");

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The name users type, which is also the file extension. */
    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format a user named, or an exception whose message says which names there are. */
    public static ExportFormat named(String name) {
        return Arrays.stream(values()).filter(f -> f.extension.equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("must be csv, ndjson or parquet, not '" + name + "'"));
    }

    /** The format a file name's extension implies (.jsonl counts as NDJSON), if any. */
    public static Optional<ExportFormat> ofFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl")) return Optional.of(NDJSON);
        return Arrays.stream(values()).filter(f -> name.endsWith("." + f.extension)).findFirst();
    }
}
