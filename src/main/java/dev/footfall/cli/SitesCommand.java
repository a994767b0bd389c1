package dev.footfall.cli;

import dev.footfall.site.Domains;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import dev.footfall.store.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code footfall sites add|list|delete}: the Sites API, offline, on a data directory. */
@Command(name = "sites", mixinStandardHelpOptions = true, description = "Add, list and delete sites.",
        subcommands = {SitesCommand.Add.class, SitesCommand.ListSites.class, SitesCommand.Delete.class})
final class SitesCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a site.")
    static final class Add implements Callable<Integer> {
        @Mixin DataOptions data;
        @Parameters(paramLabel = "DOMAIN", description = "The site's domain, e.g. example.com.") String domain;
        @Option(names = "--timezone", defaultValue = "Etc/UTC", description = "IANA time zone for reports (default: ${DEFAULT-VALUE}).")
        String timezone;

        @Override
        public Integer call() {
            Site site = new Site(Domains.normalise(domain), Domains.timezone(timezone), List.of());
            try (Storage storage = data.open()) {
                if (!new SiteRegistry(storage).add(site)) {
                    System.err.println("footfall: site " + site.domain() + " already exists");
                    return 1;
                }
            }
            System.out.println("added " + site.domain() + " (" + site.timezone() + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sites.")
    static final class ListSites implements Callable<Integer> {
        @Mixin DataOptions data;

        @Override
        public Integer call() {
            try (Storage storage = data.open()) {
                for (Site s : storage.sites()) System.out.println(s.domain() + "\t" + s.timezone() + "\t" + storage.countEvents(s.domain()) + " events");
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a site and all its data.")
    static final class Delete implements Callable<Integer> {
        @Mixin DataOptions data;
        @Parameters(paramLabel = "DOMAIN") String domain;

        @Override
        public Integer call() {
            try (Storage storage = data.open()) {
                if (storage.site(domain).isEmpty() || !new SiteRegistry(storage).delete(domain)) {
                    System.err.println("footfall: no site " + domain);
                    return 1;
                }
            }
            System.out.println("deleted " + domain + " and all its data");
            return 0;
        }
    }
}
