package dev.footfall.store.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where the cold tier's files live: {@code <data>/archive/<domain>/<yyyy-MM>.parquet} for a UTC
 * month's events and {@code <yyyy-MM>.sessions.parquet} for the visits that started in it (the
 * Stats SQL reads both tables). A file is written under a temporary name in the same directory,
 * forced to disk and renamed over its final name, so a final name only ever holds a whole file.
 */
final class ArchiveFiles {
    static final String DIRECTORY = "archive";
    private static final String EVENTS_SUFFIX = ".parquet";
    private static final String SESSIONS_SUFFIX = ".sessions.parquet";
    /** A file being written; left over only by a crash, and then written again or swept. */
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path root;

    ArchiveFiles(Path dataDir) {
        this.root = dataDir.resolve(DIRECTORY);
    }

    /**
     * A site's directory. Domains are host names, optionally with a path prefix as Plausible
     * allows ("example.com/blog"); the slash becomes %2F, which no domain holds, so the
     * directory name is one path segment and maps back to one domain.
     */
    Path siteDir(String site) {
        return root.resolve(site.replace("/", "%2F"));
    }

    Path events(String site, YearMonth month) {
        return siteDir(site).resolve(month + EVENTS_SUFFIX);
    }

    Path sessions(String site, YearMonth month) {
        return siteDir(site).resolve(month + SESSIONS_SUFFIX);
    }

    /** The name a file is written under before {@link #publish} gives it its final name. */
    static Path temp(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    }

    Path createSiteDir(String site) {
        try {
            return Files.createDirectories(siteDir(site));
        } catch (IOException e) {
            throw new UncheckedIOException("creating the archive directory of " + site, e);
        }
    }

    /** Forces the written file to disk, renames it over {@code target} atomically, and forces the rename. */
    static void publish(Path written, Path target) {
        try {
            try (FileChannel f = FileChannel.open(written, StandardOpenOption.WRITE)) {
                f.force(true);
            }
            try {
                Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the archive's file system cannot rename atomically", e);
            }
            forceDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("publishing " + target, e);
        }
    }

    /** A directory's entries are durable once the directory itself is forced (POSIX); not every platform allows it. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; its renames are durable once done.
        }
    }

    /** The months with a file (events or sessions) in the site's directory, whether archived or left by a crash. */
    List<YearMonth> listed(String site) {
        TreeSet<YearMonth> months = new TreeSet<>();
        for (Path file : files(site)) month(file).ifPresent(months::add);
        return List.copyOf(months);
    }

    /** Deletes the month's files, and any temporary file of it. */
    void delete(String site, YearMonth month) {
        for (Path file : List.of(events(site, month), sessions(site, month))) {
            deleteIfExists(file);
            deleteIfExists(temp(file));
        }
    }

    /** Deletes a site's whole archive (the site itself is deleted). */
    void deleteSite(String site) {
        Path dir = siteDir(site);
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(ArchiveFiles::deleteIfExists);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the archive of " + site, e);
        }
    }

    /** Deletes temporary files left by a crash while writing. */
    void sweepTemporary(String site) {
        for (Path file : files(site)) if (file.getFileName().toString().endsWith(TEMP_SUFFIX)) deleteIfExists(file);
    }

    private List<Path> files(String site) {
        Path dir = siteDir(site);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing the archive of " + site, e);
        }
    }

    private static Optional<YearMonth> month(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(EVENTS_SUFFIX) && !name.endsWith(SESSIONS_SUFFIX)) return Optional.empty();
        try {
            return Optional.of(YearMonth.parse(name.substring(0, name.indexOf('.'))));
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return Optional.empty(); // not one of ours: left alone
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + file, e);
        }
    }

    /** A path as a SQL string literal. */
    static String literal(Path file) {
        return DuckDbDialect.DUCKDB.literal(file.toAbsolutePath().toString());
    }
}
