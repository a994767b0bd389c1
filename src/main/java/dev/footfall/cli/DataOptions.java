package dev.footfall.cli;

import dev.footfall.server.ServerConfig;
import dev.footfall.store.duckdb.DuckDbStorage;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --data DIR}, shared by every command that opens a data directory. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:FOOTFALL_DATA:-data}",
            description = "Data directory (env FOOTFALL_DATA; default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--memory-limit", paramLabel = "SIZE", defaultValue = "${env:FOOTFALL_MEMORY_LIMIT:-" + ServerConfig.DEFAULT_MEMORY_LIMIT + "}",
            description = "Storage engine memory limit, e.g. 256MB or 1GB (env FOOTFALL_MEMORY_LIMIT; default: ${DEFAULT-VALUE}).")
    String memoryLimit;

    DuckDbStorage open() {
        return DuckDbStorage.open(dataDir, memoryLimit, Runtime.getRuntime().availableProcessors());
    }
}
