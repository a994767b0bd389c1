package dev.footfall.cli;

import dev.footfall.Storage;
import dev.footfall.retention.CoverageGate;
import dev.footfall.retention.RetentionJob;
import dev.footfall.retention.RetentionReport;
import dev.footfall.rollup.RollupBuilder;
import dev.footfall.site.Domains;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code footfall archive}: the retention job the server runs daily, by hand. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = {"Apply the sites' retention now: delete data older than retention_days, and move raw months older "
                + "than raw_retention_days to Parquet files under DIR/archive/DOMAIN/ (queries still read them).",
                "A month moves only once its rollups are built (the server builds them; `footfall rollup rebuild` too). "
                        + "Safe to run again, or after a crash. The server does this daily and must not be running on the same data directory."})
final class ArchiveCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--site", paramLabel = "DOMAIN", description = "Only this site (default: every site).")
    String site;

    @Override
    public Integer call() {
        // A typo in --data must not create an empty data directory and report that nothing was archived.
        if (!Files.isRegularFile(data.dataDir.resolve(DuckDbStorage.FILE_NAME))) {
            throw new IllegalArgumentException("no Footfall data in " + data.dataDir + " (no " + DuckDbStorage.FILE_NAME + ")");
        }
        String domain = site == null ? null : Domains.normalise(site);
        // System.out, as the sites command: under surefire, @Spec's writer was not the one set on the command line.
        PrintStream out = System.out;
        Clock clock = Clock.systemUTC();
        try (Storage storage = data.open()) {
            List<Site> sites = domain == null ? storage.sites()
                    : List.of(storage.site(domain).orElseThrow(() -> new IllegalArgumentException("no site " + domain + " in " + data.dataDir)));
            RollupBuilder rollups = new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, clock, d -> {});
            RetentionJob job = new RetentionJob(storage, storage.archive(), clock, new CoverageGate(rollups::coverage, storage.stats()::firstEvent), rollups::dropBefore);
            RetentionReport report = job.run(sites);
            for (RetentionReport.SiteReport s : report.sites()) out.println(s.summary());
            if (sites.isEmpty()) out.println("no sites");
            out.printf("moved %d rows to the archive, deleted %d rows%n", report.rowsMoved(), report.rowsDeleted());
            return report.failed() ? 1 : 0;
        }
    }
}
