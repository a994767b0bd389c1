package dev.footfall.imported;

import java.nio.file.Path;

/**
 * Imports a Plausible export ZIP into a site: the whole ZIP is read and checked first, then read
 * again into the store in one transaction, so a bad ZIP changes nothing.
 */
public final class PlausibleImport {
    private PlausibleImport() {}

    public record Result(SiteImport siteImport, PlausibleCsvArchive.Summary summary) {}

    /**
     * @param sourceFile the name the import is listed under (the uploaded file's name)
     * @throws InvalidArchiveException when the ZIP is not an export Footfall can take
     */
    public static Result run(ImportStore store, String domain, Path zip, String sourceFile) {
        PlausibleCsvArchive.Summary summary = PlausibleCsvArchive.read(zip, (table, date, values) -> {});
        try (ImportStore.Writer writer = store.begin(domain, sourceFile)) {
            PlausibleCsvArchive.read(zip, writer);
            return new Result(writer.commit(summary.firstDate(), summary.lastDate()), summary);
        }
    }
}
