package dev.footfall.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Orders log files by the time of their first request, so sessions are built in time order however
 * the files were named on the command line ({@code access.log*} expands newest-first).
 */
final class FileOrder {
    /** A file whose first lines are all malformed is probably not a log; don't read all of it here. */
    private static final int LINES_TO_PROBE = 100;

    private FileOrder() {}

    static List<Path> chronological(List<Path> files, LogParser parser) {
        record Dated(Path file, long firstSecond) {}
        return files.stream().map(f -> new Dated(f, firstSecond(f, parser)))
                .sorted(Comparator.comparingLong(Dated::firstSecond)) // stable: ties keep the command-line order
                .map(Dated::file).toList();
    }

    /** The first request's time, or Long.MAX_VALUE (last) when none of the first lines is one. */
    private static long firstSecond(Path file, LogParser parser) {
        try (LogReader reader = LogReader.open(file)) {
            String line;
            for (int i = 0; i < LINES_TO_PROBE && (line = reader.nextLine()) != null; i++) {
                if (parser.parse(line) instanceof ParsedLine.Request r) return r.epochSecond();
            }
            return Long.MAX_VALUE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
