package dev.footfall.cli;

import dev.footfall.Storage;
import dev.footfall.imported.SiteImport;
import dev.footfall.site.Domains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code footfall imports list|delete}: a site's imports of Plausible history, offline, on a data directory. */
@Command(name = "imports", mixinStandardHelpOptions = true, description = "List and delete a site's imports of Plausible history.",
        subcommands = {ImportsCommand.ListImports.class, ImportsCommand.Delete.class})
final class ImportsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a site's imports: id, first and last day, file, when.")
    static final class ListImports implements Callable<Integer> {
        @Mixin DataOptions data;
        @Option(names = "--site", required = true, paramLabel = "DOMAIN", description = "The site whose imports to list.") String site;

        @Override
        public Integer call() {
            String domain = Domains.normalise(site);
            try (Storage storage = data.open()) {
                storage.site(domain).orElseThrow(() -> new IllegalArgumentException("no site " + domain + " in " + data.dataDir));
                for (SiteImport i : storage.imports().list(domain)) {
                    System.out.println(i.id() + "\t" + i.startDate() + "\t" + i.endDate() + "\t" + i.sourceFile() + "\t" + i.importedAt());
                }
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an import and every row it brought.")
    static final class Delete implements Callable<Integer> {
        @Mixin DataOptions data;
        @Option(names = "--site", required = true, paramLabel = "DOMAIN", description = "The site the import belongs to.") String site;
        @Parameters(paramLabel = "ID", description = "The import's id, as `footfall imports list` shows it.") long id;

        @Override
        public Integer call() {
            String domain = Domains.normalise(site);
            try (Storage storage = data.open()) {
                if (!storage.imports().delete(domain, id)) throw new IllegalArgumentException("site " + domain + " has no import " + id);
            }
            System.out.println("deleted import " + id + " of " + domain);
            return 0;
        }
    }
}
