package dev.footfall.cli;

import dev.footfall.journal.Journal;
import dev.footfall.loader.Loader;
import dev.footfall.metrics.FootfallMetrics;
import dev.footfall.server.FootfallServer;
import dev.footfall.server.ServerConfig;
import dev.footfall.session.SessionTracker;
import dev.footfall.store.duckdb.DuckDbStorage;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/** {@code --data DIR}, shared by every command that opens a data directory. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:FOOTFALL_DATA:-data}",
            description = "Data directory (env FOOTFALL_DATA; default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = "${env:FOOTFALL_MEMORY_LIMIT:-" + ServerConfig.DEFAULT_MEMORY_LIMIT + "}",
            description = "Storage engine memory limit, e.g. 256MB or 1GB (env FOOTFALL_MEMORY_LIMIT; default: ${DEFAULT-VALUE}).")
    String memoryLimit;

    /**
     * Opens the data directory for a command, after storing whatever the journal still holds (a
     * server killed before its loader caught up): a command sees every acknowledged event, and
     * never changes data under events that would be loaded later.
     */
    DuckDbStorage open() {
        DuckDbStorage storage = DuckDbStorage.open(dataDir, memoryLimit, Runtime.getRuntime().availableProcessors());
        try (Journal journal = openJournal(storage)) {
            new Loader(storage, journal, new SessionTracker(new SecureRandom()), new FootfallMetrics(), Clock.systemUTC()).close();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    /** The data directory's journal, for a command that writes events (import); a few requests in flight are plenty. */
    Journal openJournal(DuckDbStorage storage) {
        return Journal.open(dataDir.resolve(FootfallServer.JOURNAL_DIR), storage.journalPosition(),
                ServerConfig.journalLimits(ServerConfig.DEFAULT_JOURNAL_MAX_LAG_BYTES, ServerConfig.DEFAULT_JOURNAL_MAX_LAG_AGE, 4),
                Journal.Listener.NONE);
    }
}
