package dev.footfall.store;

import java.nio.file.Path;

/** Another process (usually a running Footfall server) holds the data directory's database. */
public final class DataDirectoryInUseException extends RuntimeException {
    public DataDirectoryInUseException(Path dataDir, Throwable cause) {
        super("the data directory " + dataDir + " is in use by another process (is a Footfall server running on it?). "
                + "Stop that process, or use a different --data directory.", cause);
    }
}
