package dev.footfall.importer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The access-log formats {@code footfall import --format} understands. */
public enum LogFormat {
    /** nginx's default {@code combined} and Apache's {@code %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"}. */
    COMBINED;

    public LogParser parser() {
        return switch (this) {
            case COMBINED -> new CombinedLogParser();
        };
    }

    /** The name as typed on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LogFormat fromCliName(String name) {
        for (LogFormat format : values()) if (format.cliName().equals(name.strip().toLowerCase(Locale.ROOT))) return format;
        throw new IllegalArgumentException("unknown log format '" + name + "'; known: "
                + Arrays.stream(values()).map(LogFormat::cliName).collect(Collectors.joining(", ")));
    }
}
