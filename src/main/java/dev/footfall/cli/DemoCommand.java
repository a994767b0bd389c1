package dev.footfall.cli;

import dev.footfall.account.Tokens;
import dev.footfall.server.FatalErrors;
import dev.footfall.server.FootfallServer;
import dev.footfall.server.ServerConfig;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import dev.footfall.site.Goal;
import dev.footfall.site.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the server with a demo site filled with generated traffic.")
public final class DemoCommand implements Callable<Integer> {
    public static final String DEMO_SITE = "demo.footfall.local";
    public static final String DEMO_OWNER = "demo@footfall.local";

    @Option(names = "--port", defaultValue = "${env:FOOTFALL_PORT:-" + ServerConfig.DEFAULT_PORT + "}", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:FOOTFALL_DEMO_DATA:-demo-data}",
            description = "Data directory for the demo (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    /* 90 days: the first screen ("Last 30 days") is compared with 30 days that have traffic too, so it
       reads like an ordinary site, not "+100 %" or "new" everywhere. */
    @Option(names = "--days", defaultValue = "90", description = "Days of history to generate (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--visitors-per-day", defaultValue = "400", description = "Average visitors per day (default: ${DEFAULT-VALUE}).")
    int visitorsPerDay;

    @Option(names = "--geoip", paramLabel = "FILE", defaultValue = "${env:FOOTFALL_GEOIP}", description = "MaxMind-format database.")
    Path geoip;

    @Override
    public Integer call() throws Exception {
        if (days < 0 || visitorsPerDay < 0) throw new IllegalArgumentException("--days and --visitors-per-day must not be negative");
        ServerConfig config = new ServerConfig(dataDir, port, "0.0.0.0", Optional.empty(), Optional.ofNullable(geoip),
                ServerConfig.DEFAULT_TRUSTED_PROXIES, ServerConfig.DEFAULT_MEMORY_LIMIT, ServerConfig.DEFAULT_QUEUE_CAPACITY);
        FatalErrors.install();
        FootfallServer server = FootfallServer.start(config);
        DemoTraffic traffic = new DemoTraffic(server.ingestion(), DEMO_SITE, new Random());
        if (server.sites().add(new Site(DEMO_SITE, ZoneId.of("Europe/Berlin"), List.of()))) {
            // The demo traffic's conversions, so the Goals panel has something to show.
            server.sites().putGoal(new Goal(0, DEMO_SITE, Goal.Type.EVENT, "Signup", null, "Signup"));
            server.sites().putGoal(new Goal(0, DEMO_SITE, Goal.Type.PAGE, null, "/pricing", "Visit /pricing"));
            System.out.println("Generating " + days + " days of demo traffic for " + DEMO_SITE + " ...");
            int events = traffic.history(days, visitorsPerDay, Instant.now());
            System.out.println("  " + events + " events sent through the ingest pipeline");
        }
        /* The demo's owner account: a fixed address, a fresh password each start (printed below). */
        String password = null;
        if (server.accounts().setupRequired()) {
            password = Tokens.newToken().substring(0, 16);
            server.accounts().setup(DEMO_OWNER, password);
        }
        String secret = ApiKeys.newSecret();
        server.storage().addApiKey(ApiKeys.hash(secret), new ApiKey(ApiKeys.prefix(secret), "demo", Optional.empty()));
        String base = "http://localhost:" + server.port();
        System.out.println();
        System.out.println("Footfall demo is running: " + base);
        System.out.println("  Dashboard:        " + base + "/sites/" + DEMO_SITE);
        if (password != null) System.out.println("  Log in as:        " + DEMO_OWNER + " / " + password);
        else System.out.println("  Log in as:        the account made at the first start (the password was printed then)");
        System.out.println("  API key (admin):  " + secret);
        System.out.println("  Sites:            curl -H 'Authorization: Bearer " + secret + "' " + base + "/api/v1/sites");
        System.out.println("  Health, metrics:  " + base + "/api/health  " + base + "/metrics");
        System.out.println("  Tracker:          <script defer data-domain=\"" + DEMO_SITE + "\" src=\"" + base + "/js/script.js\"></script>");
        System.out.println("Press Ctrl+C to stop.");
        Thread.ofVirtual().name("demo-live-traffic").start(() -> {
            Random random = new Random();
            while (true) {
                try {
                    Thread.sleep(1000 + random.nextInt(4000));
                    traffic.live();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the demo keeps going; a refused event is just one fewer
                }
            }
        });
        ServeCommand.runUntilStopped(server);
        return 0;
    }
}
