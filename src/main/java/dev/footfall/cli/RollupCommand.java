package dev.footfall.cli;

import dev.footfall.Storage;
import dev.footfall.rollup.RollupBuilder;
import dev.footfall.site.Domains;
import dev.footfall.site.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/** {@code footfall rollup}: the warm tier by hand. */
@Command(name = "rollup", mixinStandardHelpOptions = true, subcommands = RollupCommand.Rebuild.class,
        description = "Manage rollups (the server builds them by itself as days close).")
final class RollupCommand {

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = {"Build again the rollups of a site's local days FROM through TO and of the months holding them, "
                    + "from the raw data: after an import, a fix, or a new dimension.",
                    "Days not closed yet (today, or yesterday within half an hour of midnight) are left to the server. "
                            + "The server must not be running on the same data directory."})
    static final class Rebuild implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Option(names = "--site", required = true, paramLabel = "DOMAIN", description = "The site; it must exist.")
        String site;

        @Option(names = "--from", paramLabel = "DATE", description = "First local day, YYYY-MM-DD (default: the site's first event).")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "Last local day, YYYY-MM-DD (default: the last closed day).")
        String to;

        @Override
        public Integer call() {
            String domain = Domains.normalise(site);
            LocalDate first = day("--from", from);
            LocalDate last = day("--to", to);
            if (first != null && last != null && last.isBefore(first)) {
                throw new IllegalArgumentException("--to " + last + " is before --from " + first);
            }
            PrintStream out = System.out;
            Clock clock = Clock.systemUTC();
            try (Storage storage = data.open()) {
                Site target = storage.site(domain).orElseThrow(() -> new IllegalArgumentException("no site " + domain + " in " + data.dataDir));
                LocalDate open = RollupBuilder.openFrom(target, clock.instant());
                if (first == null) {
                    first = storage.stats().firstEvent(domain).map(t -> t.atZone(target.timezone()).toLocalDate()).orElse(null);
                    if (first == null) {
                        out.println(domain + " has no events: nothing to roll up");
                        return 0;
                    }
                }
                if (last == null) last = open.minusDays(1);
                long start = System.nanoTime();
                int days = new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, clock, d -> {}).rebuild(target, first, last);
                out.printf("rebuilt the rollups of %s: %d days from %s in %.1f s%s%n", domain, days, first,
                        (System.nanoTime() - start) / 1e9, last.isBefore(open) ? "" : "; days from " + open + " on are still open and read raw");
                return 0;
            }
        }

        private static LocalDate day(String flag, String text) {
            if (text == null) return null;
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(flag + " '" + text + "' is not a date like 2026-01-31");
            }
        }
    }
}
