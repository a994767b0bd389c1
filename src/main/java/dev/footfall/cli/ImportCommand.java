package dev.footfall.cli;

import dev.footfall.enrich.GeoDatabase;
import dev.footfall.imported.PlausibleImport;
import dev.footfall.imported.SiteImport;
import dev.footfall.importer.AccessLogImporter;
import dev.footfall.importer.ImportSummary;
import dev.footfall.importer.LogFormat;
import dev.footfall.importer.Progress;
import dev.footfall.journal.Journal;
import dev.footfall.site.Domains;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code footfall import}: pageviews from web server access logs, resumable and never counted twice. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import pageviews from nginx/Apache access logs (plain or gzip), or the history in a Plausible export ZIP.",
                "Lines are enriched like live events; bots, static assets, non-GET requests and non-2xx/3xx "
                        + "responses are skipped. Running it again on the same (or a grown, or a rotated) log imports "
                        + "only the lines not imported yet. The server must not be running on the same data directory.",
                "--format plausible-csv takes the ZIP of Plausible's \"Export data\" (its imported_*.csv files) as one import "
                        + "of daily aggregates, which Stats queries add with include.imports; list and delete imports with `footfall imports`."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--site", required = true, paramLabel = "DOMAIN", description = "The site the traffic belongs to; it must exist.")
    String site;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "combined",
            description = "combined (nginx's default, Apache's combined), or " + PLAUSIBLE_CSV + " for a Plausible export ZIP (default: ${DEFAULT-VALUE}).")
    String format;

    /** The --format of Plausible's CSV export. */
    static final String PLAUSIBLE_CSV = "plausible-csv";

    @Option(names = "--geoip", paramLabel = "FILE", defaultValue = "${env:FOOTFALL_GEOIP}",
            description = "MaxMind-format database for locations, as for serve (env FOOTFALL_GEOIP).")
    Path geoip;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Access log files, in any order (they are imported oldest first).")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        for (Path file : files) requireReadable(file);
        if (format.strip().equalsIgnoreCase(PLAUSIBLE_CSV)) return importPlausibleExport();
        LogFormat logFormat = logFormat();
        if (geoip != null && !Files.isReadable(geoip)) throw new IllegalArgumentException("--geoip: cannot read " + geoip);
        String domain = Domains.normalise(site);
        PrintWriter out = spec.commandLine().getOut();
        Optional<GeoDatabase> geo = Optional.ofNullable(geoip).map(GeoDatabase::new);
        try (DuckDbStorage storage = data.open(); Journal journal = data.openJournal(storage)) {
            Site target = storage.site(domain).orElseThrow(() -> new IllegalArgumentException(
                    "no site " + domain + " in " + data.dataDir + "; add it first with: footfall sites add " + domain));
            AccessLogImporter importer = new AccessLogImporter(storage, journal, target, geo, logFormat);
            ImportSummary summary;
            try (Progress progress = Progress.forTerminal(totalBytes())) {
                summary = importer.run(files, progress);
            }
            summary.print(out, domain);
            // Imported days changed: their rollups go, and the server builds them again from the
            // raw rows (which answer those days meanwhile).
            if (summary.earliestEvent().isPresent()) {
                storage.rollups().drop(domain, summary.earliestEvent().get().atZone(target.timezone()).toLocalDate(),
                        summary.latestEvent().get().atZone(target.timezone()).toLocalDate());
            }
            if (summary.newLines() > 0 && summary.malformed() == summary.newLines()) {
                spec.commandLine().getErr().println("footfall: none of the " + summary.newLines()
                        + " new lines is in the " + logFormat.cliName() + " format; nothing was imported");
                return 1;
            }
            return 0;
        } finally {
            geo.ifPresent(GeoDatabase::close);
        }
    }

    private LogFormat logFormat() {
        try {
            return LogFormat.fromCliName(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", " + PLAUSIBLE_CSV);
        }
    }

    private int importPlausibleExport() {
        if (files.size() != 1) throw new IllegalArgumentException("--format " + PLAUSIBLE_CSV + " takes one ZIP file, not " + files.size());
        Path zip = files.getFirst();
        String domain = Domains.normalise(site);
        try (DuckDbStorage storage = data.open()) {
            storage.site(domain).orElseThrow(() -> new IllegalArgumentException(
                    "no site " + domain + " in " + data.dataDir + "; add it first with: footfall sites add " + domain));
            PlausibleImport.Result result = PlausibleImport.run(storage.imports(), domain, zip, zip.getFileName().toString());
            SiteImport imported = result.siteImport();
            System.out.printf("Imported %,d rows of %d tables from %s into %s as import %d (%s to %s)%n", result.summary().totalRows(),
                    result.summary().rows().size(), zip.getFileName(), domain, imported.id(), imported.startDate(), imported.endDate());
            return 0;
        }
    }

    private static void requireReadable(Path file) {
        if (!Files.exists(file)) throw new IllegalArgumentException("cannot read " + file + ": no such file");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("cannot read " + file + ": not a regular file");
        if (!Files.isReadable(file)) throw new IllegalArgumentException("cannot read " + file + ": permission denied");
    }

    private long totalBytes() {
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return total;
    }
}
