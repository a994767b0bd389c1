package dev.footfall.importer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an import did, line by line: every line read is counted exactly once, as already imported
 * (by an earlier run), imported, skipped for a {@link SkipReason}, or malformed. Filled in by the
 * import thread only.
 */
public final class ImportSummary {
    /** Enough examples to show what is wrong with a file without flooding the terminal. */
    static final int MALFORMED_EXAMPLES = 5;
    /** Example lines are cut here: one absurd line must not flood the terminal either. */
    private static final int EXAMPLE_CHARS = 160;

    /** One malformed line, for the summary. */
    public record Example(Path file, long lineNumber, String problem, String line) {}

    private long linesRead;
    private long alreadyImported;
    private long imported;
    private long malformed;
    private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    private final List<Example> examples = new ArrayList<>();
    private final List<Path> unterminated = new ArrayList<>();
    private long eventsBefore;
    private long eventsAfter;
    private Duration elapsed = Duration.ZERO;
    private Instant earliest;
    private Instant latest;

    void countRead() {
        linesRead++;
    }

    /** Notes the time of a pageview handed to the writer: the days it changes need their rollups rebuilt. */
    void countEventTime(Instant at) {
        if (earliest == null || at.isBefore(earliest)) earliest = at;
        if (latest == null || at.isAfter(latest)) latest = at;
    }

    /** The earliest and latest pageview imported by this run, if it imported any. */
    public Optional<Instant> earliestEvent() {
        return Optional.ofNullable(earliest);
    }

    public Optional<Instant> latestEvent() {
        return Optional.ofNullable(latest);
    }

    void countAlreadyImported() {
        alreadyImported++;
    }

    void countImported(long events) {
        imported += events;
    }

    void countSkipped(SkipReason reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    void countMalformed(Path file, long lineNumber, String problem, String line) {
        malformed++;
        if (examples.size() < MALFORMED_EXAMPLES) {
            examples.add(new Example(file, lineNumber, problem, line.length() > EXAMPLE_CHARS ? line.substring(0, EXAMPLE_CHARS) + "…" : line));
        }
    }

    void unterminatedTail(Path file) {
        unterminated.add(file);
    }

    void finished(long eventsBefore, long eventsAfter, Duration elapsed) {
        this.eventsBefore = eventsBefore;
        this.eventsAfter = eventsAfter;
        this.elapsed = elapsed;
    }

    public long linesRead() {
        return linesRead;
    }

    public long alreadyImported() {
        return alreadyImported;
    }

    public long imported() {
        return imported;
    }

    public long skipped(SkipReason reason) {
        return skipped.getOrDefault(reason, 0L);
    }

    public long malformed() {
        return malformed;
    }

    public List<Example> malformedExamples() {
        return Collections.unmodifiableList(examples);
    }

    public List<Path> unterminatedFiles() {
        return Collections.unmodifiableList(unterminated);
    }

    /** Lines read per second, over the whole run (reading, enriching and committing). */
    public long linesPerSecond() {
        return elapsed.isZero() ? 0 : Math.round(linesRead / (elapsed.toNanos() / 1e9));
    }

    /** New lines: those not imported by an earlier run. */
    public long newLines() {
        return linesRead - alreadyImported;
    }

    public void print(PrintWriter out, String site) {
        long skippedTotal = skipped.values().stream().mapToLong(Long::longValue).sum();
        out.printf("Imported %,d pageviews into %s in %.1f s (%,d lines/s)%n", imported, site, elapsed.toNanos() / 1e9, linesPerSecond());
        out.printf("  lines read        %,12d%n", linesRead);
        out.printf("  already imported  %,12d  (by an earlier run; not read again)%n", alreadyImported);
        out.printf("  imported          %,12d%n", imported);
        out.printf("  skipped           %,12d%n", skippedTotal);
        for (var entry : skipped.entrySet()) out.printf("    %-34s %,12d%n", entry.getKey().label(), entry.getValue());
        out.printf("  malformed         %,12d%n", malformed);
        for (Example e : examples) out.printf("    %s:%d: %s: %s%n", e.file(), e.lineNumber(), e.problem(), e.line());
        for (Path file : unterminated) out.printf("  %s ends in an unfinished line; the next import reads it%n", file);
        out.printf("  %s now has %,d events (%,d before)%n", site, eventsAfter, eventsBefore);
        out.flush();
    }
}
