package dev.footfall.cli;

import dev.footfall.Storage;
import dev.footfall.site.Domains;
import dev.footfall.site.Retention;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code footfall sites add|list|update|delete}: the Sites API, offline, on a data directory. */
@Command(name = "sites", mixinStandardHelpOptions = true, description = "Add, list, update and delete sites.",
        subcommands = {SitesCommand.Add.class, SitesCommand.ListSites.class, SitesCommand.Update.class, SitesCommand.Delete.class})
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

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Change a site's timezone or retention; options not given stay as they are.",
                    "Raw events older than --raw-retention-days move to Parquet files under DIR/archive (still queried); "
                            + "data older than --retention-days is deleted. Both apply at the next `footfall archive` "
                            + "or the server's daily run."})
    static final class Update implements Callable<Integer> {
        @Mixin DataOptions data;
        @Parameters(paramLabel = "DOMAIN") String domain;
        @Option(names = "--timezone", paramLabel = "ZONE", description = "IANA time zone for reports.") String timezone;
        @Option(names = "--raw-retention-days", paramLabel = "N|none",
                description = "Days raw events stay in the hot tables before they are archived; none: forever.") String rawDays;
        @Option(names = "--retention-days", paramLabel = "N|none",
                description = "Days any data is kept before it is deleted; none: forever.") String totalDays;

        @Override
        public Integer call() {
            // Every value is checked before the data directory is opened: a bad one changes nothing.
            Optional<ZoneId> zone = Optional.ofNullable(timezone).map(Domains::timezone);
            Optional<Optional<Integer>> raw = Optional.ofNullable(rawDays).map(v -> days("--raw-retention-days", v));
            Optional<Optional<Integer>> total = Optional.ofNullable(totalDays).map(v -> days("--retention-days", v));
            if (zone.isEmpty() && raw.isEmpty() && total.isEmpty()) {
                throw new IllegalArgumentException("nothing to change: give --timezone, --raw-retention-days or --retention-days");
            }
            try (Storage storage = data.open()) {
                Optional<Site> found = storage.site(domain);
                if (found.isEmpty()) {
                    System.err.println("footfall: no site " + domain);
                    return 1;
                }
                Site site = found.get();
                Retention retention = site.retention();
                try {
                    if (raw.isPresent()) retention = retention.withRawRetentionDays(raw.get());
                    if (total.isPresent()) retention = retention.withRetentionDays(total.get());
                } catch (Retention.InvalidRetentionException e) {
                    throw new IllegalArgumentException("--" + e.field().replace('_', '-') + " " + e.problem());
                }
                Site updated = site.withTimezone(zone.orElse(site.timezone())).withRetention(retention);
                new SiteRegistry(storage).update(updated);
                System.out.println("updated " + updated.domain() + " (" + updated.timezone() + "; raw kept "
                        + describe(retention.rawRetentionDays()) + ", all data kept " + describe(retention.retentionDays()) + ")");
                return 0;
            }
        }

        private static Optional<Integer> days(String flag, String value) {
            if (value.equalsIgnoreCase("none")) return Optional.empty();
            try {
                return Optional.of(Integer.parseInt(value.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " '" + value + "' is not a number of days or 'none'");
            }
        }

        private static String describe(Optional<Integer> days) {
            return days.map(d -> d + " days").orElse("forever");
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
