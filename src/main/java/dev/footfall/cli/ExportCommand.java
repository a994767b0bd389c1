package dev.footfall.cli;

import dev.footfall.Storage;
import dev.footfall.events.EventRange;
import dev.footfall.events.ExportFormat;
import dev.footfall.imported.PlausibleCsvExport;
import dev.footfall.server.ServerConfig;
import dev.footfall.site.Domains;
import dev.footfall.site.Site;
import dev.footfall.site.TimeBound;
import dev.footfall.store.DataDirectoryInUseException;
import dev.footfall.store.StorageException;
import dev.footfall.store.duckdb.DuckDbStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code footfall export}: a site's events to a CSV, NDJSON or Parquet file, of any size in constant
 * memory. Offline it has the storage engine write the file; when a server holds the data directory
 * it asks that server to. Either way the file appears under its name only once complete.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a site's events to a CSV, NDJSON or Parquet file, in time order.",
                "Reads the data directory itself; while a server holds it, asks that server (--server, --api-key). "
                        + "Columns: id, timestamp (UTC), name, visitor and session ids, page, referrer, UTM, location, "
                        + "device, browser, OS, props, engagement. No IP address or user agent (none is stored)."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--site", required = true, paramLabel = "DOMAIN", description = "The site whose events to export.")
    String site;

    @Option(names = "--from", paramLabel = "WHEN",
            description = "First day (YYYY-MM-DD, in the site's time zone) or moment (2024-03-01T12:00:00Z) (default: the first event).")
    String from;

    @Option(names = "--to", paramLabel = "WHEN",
            description = "Last day, included whole, or moment, excluded (default: now).")
    String to;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv, ndjson or parquet (default: from the --out file's extension), "
            + "or plausible-csv: the ZIP of Plausible's \"Export data\", daily aggregates that Plausible and Footfall import.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write; replaced if it exists.")
    Path out;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:FOOTFALL_SERVER:-http://127.0.0.1:" + ServerConfig.DEFAULT_PORT + "}",
            description = "The server to export through when it holds the data directory (env FOOTFALL_SERVER; default: ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:FOOTFALL_API_KEY}",
            description = "An API key that may see the site, for exporting through the server (env FOOTFALL_API_KEY).")
    String apiKey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (format != null && format.strip().equalsIgnoreCase(ImportCommand.PLAUSIBLE_CSV)) return exportPlausibleCsv();
        ExportFormat exportFormat = exportFormat();
        Optional<TimeBound> fromBound = bound("--from", from);
        Optional<TimeBound> toBound = bound("--to", to);
        String domain = Domains.normalise(site);
        if (!Files.exists(data.dataDir.resolve(DuckDbStorage.FILE_NAME))) {
            throw new IllegalArgumentException("no Footfall data in " + data.dataDir + " (no " + DuckDbStorage.FILE_NAME + "); pass --data DIR");
        }
        Path target = out.toAbsolutePath().normalize();
        Path partial = partialFile(target);
        long started = System.nanoTime();
        try {
            long rows;
            Optional<Storage> storage = openUnlessServed();
            if (storage.isPresent()) {
                try (Storage s = storage.get(); TerminalProgress progress = TerminalProgress.forTerminal("Exporting", " events", 1)) {
                    rows = s.exportEvents(range(s, domain, fromBound, toBound), exportFormat, partial, progress::update);
                }
            } else {
                try (TerminalProgress progress = TerminalProgress.forTerminal("Exporting", " MiB", TerminalProgress.MIB)) {
                    rows = new ServerExport(server, apiKey).download(domain, from, to, exportFormat, partial, progress);
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            spec.commandLine().getOut().printf("Exported %,d events of %s to %s (%s, %s) in %.1f s%n", rows, domain, target,
                    bytes(Files.size(target)), exportFormat.extension(), took.toMillis() / 1000.0);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("--out: cannot write " + target + ": " + e.getMessage(), e);
        } catch (StorageException e) { // the engine's messages go on with advice over several lines; the first says what failed
            throw new IllegalStateException(e.getMessage().lines().findFirst().orElse("the export failed"), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                spec.commandLine().getErr().println("footfall: cannot delete the unfinished " + partial + ": " + e.getMessage());
            }
        }
    }

    /**
     * The ZIP of daily aggregates, offline only: it reads the data directory in a handful of
     * statements, each small, so there is no stream to hand through a server.
     */
    private int exportPlausibleCsv() {
        Optional<TimeBound> fromBound = bound("--from", from);
        Optional<TimeBound> toBound = bound("--to", to);
        String domain = Domains.normalise(site);
        if (!Files.exists(data.dataDir.resolve(DuckDbStorage.FILE_NAME))) {
            throw new IllegalArgumentException("no Footfall data in " + data.dataDir + " (no " + DuckDbStorage.FILE_NAME + "); pass --data DIR");
        }
        Path target = out.toAbsolutePath().normalize();
        Path partial = partialFile(target);
        try (Storage storage = data.open()) {
            Site s = storage.site(domain).orElseThrow(() -> new IllegalArgumentException("no site " + domain + " in " + data.dataDir));
            ZoneId zone = s.timezone();
            LocalDate first = fromBound.map(b -> b.asFrom(zone)).or(() -> storage.stats().firstEvent(domain))
                    .map(t -> t.atZone(zone).toLocalDate()).orElseGet(() -> LocalDate.now(zone));
            LocalDate last = toBound.map(b -> b.asTo(zone).minusSeconds(1)).orElseGet(Instant::now).atZone(zone).toLocalDate();
            if (last.isBefore(first)) throw new IllegalArgumentException("--from must be before --to (they give " + first + " to " + last + ")");
            long rows;
            try (OutputStream zip = Files.newOutputStream(partial)) {
                rows = PlausibleCsvExport.write(storage.imports(), domain, zone, first, last, zip);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getOut().printf("Exported %,d daily rows of %s (%s to %s) to %s as Plausible's CSV export%n",
                    rows, domain, first, last, target);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (DataDirectoryInUseException e) {
            throw new IllegalArgumentException("a server holds " + data.dataDir + "; stop it to export " + ImportCommand.PLAUSIBLE_CSV);
        } catch (IOException e) {
            throw new UncheckedIOException("--out: cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                spec.commandLine().getErr().println("footfall: cannot delete the unfinished " + partial + ": " + e.getMessage());
            }
        }
    }

    private ExportFormat exportFormat() {
        if (format != null) {
            try {
                return ExportFormat.named(format);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--format " + e.getMessage());
            }
        }
        return ExportFormat.ofFile(out).orElseThrow(() -> new IllegalArgumentException(
                "--format is needed: " + out.getFileName() + " does not end in .csv, .ndjson or .parquet"));
    }

    private static Optional<TimeBound> bound(String flag, String text) {
        if (text == null) return Optional.empty();
        try {
            return Optional.of(TimeBound.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + e.getMessage());
        }
    }

    /**
     * Where the export is written until complete: beside the target, so the final move is an atomic
     * rename, and created now, so an unwritable --out fails before any work. It is removed again for
     * the writer to create, with the permissions any new file of the user's gets.
     */
    private static Path partialFile(Path target) {
        if (Files.isDirectory(target)) throw new IllegalArgumentException("--out " + target + " is a directory; name a file");
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IllegalArgumentException("--out: no directory " + dir);
        try {
            Path partial = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            Files.delete(partial);
            return partial;
        } catch (IOException e) {
            throw new IllegalArgumentException("--out: cannot write in " + dir + ": " + e.getMessage());
        }
    }

    /** The data directory, or empty when a server holds it and the export should go through it. */
    private Optional<Storage> openUnlessServed() {
        try {
            return Optional.of(data.open());
        } catch (DataDirectoryInUseException e) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("a server holds " + data.dataDir + "; pass --api-key KEY (or set FOOTFALL_API_KEY) "
                        + "to export through it at " + server + ", or stop it to export offline");
            }
            return Optional.empty();
        }
    }

    private EventRange range(Storage storage, String domain, Optional<TimeBound> fromBound, Optional<TimeBound> toBound) {
        Site target = storage.site(domain).orElseThrow(() -> new IllegalArgumentException("no site " + domain + " in " + data.dataDir));
        Instant start = fromBound.map(b -> b.asFrom(target.timezone())).orElse(EventRange.BEGINNING);
        Instant end = toBound.map(b -> b.asTo(target.timezone())).orElseGet(Instant::now);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("--from must be before --to (they give " + start + " to " + end + ", which is empty)");
        }
        return new EventRange(domain, start, end);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
