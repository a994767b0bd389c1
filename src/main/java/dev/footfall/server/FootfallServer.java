package dev.footfall.server;

import dev.footfall.Storage;
import dev.footfall.account.Accounts;
import dev.footfall.account.Invitations;
import dev.footfall.account.LoginThrottle;
import dev.footfall.account.PasswordHasher;
import dev.footfall.account.SharedLinks;
import dev.footfall.api.AccountsApi;
import dev.footfall.api.Auth;
import dev.footfall.api.ClientAddress;
import dev.footfall.api.DashboardApi;
import dev.footfall.api.EventHandler;
import dev.footfall.api.EventsExportApi;
import dev.footfall.api.PasswordGuard;
import dev.footfall.api.Routes;
import dev.footfall.api.SegmentsApi;
import dev.footfall.api.ShareApi;
import dev.footfall.api.SiteAccessApi;
import dev.footfall.api.SitesApi;
import dev.footfall.api.StatsApi;
import dev.footfall.api.StatsV1Api;
import dev.footfall.cache.ResultCache;
import dev.footfall.enrich.DailySalts;
import dev.footfall.enrich.Enricher;
import dev.footfall.enrich.GeoDatabase;
import dev.footfall.enrich.Pipeline;
import dev.footfall.enrich.UserAgents;
import dev.footfall.ingest.Ingestion;
import dev.footfall.journal.Journal;
import dev.footfall.loader.Loader;
import dev.footfall.metrics.FootfallMetrics;
import dev.footfall.plan.PlannedStats;
import dev.footfall.plan.Planner;
import dev.footfall.query.Aggregator;
import dev.footfall.query.StatsService;
import dev.footfall.read.ReadGate;
import dev.footfall.retention.CoverageGate;
import dev.footfall.retention.MonthGate;
import dev.footfall.retention.RetentionJob;
import dev.footfall.retention.RetentionReport;
import dev.footfall.rollup.RollupBuilder;
import dev.footfall.segment.Segments;
import dev.footfall.session.SessionTracker;
import dev.footfall.site.ApiKey;
import dev.footfall.site.ApiKeys;
import dev.footfall.site.SiteRegistry;
import dev.footfall.store.duckdb.DuckDbStorage;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** A running Footfall: storage, the ingest pipeline, and the HTTP server, wired together. */
public final class FootfallServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FootfallServer.class.getName());
    public static final String VERSION = Optional.ofNullable(FootfallServer.class.getPackage().getImplementationVersion()).orElse("dev");
    /** The Events API body limit: a real event is under 2 KB; 1 MB leaves room and still bounds memory. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /**
     * Time from a request line to the end of its headers. A real client sends its whole head in
     * one packet; ten seconds leave room for a lossy mobile link's retransmissions, and a client
     * trickling header lines to hold connections open is cut off after it.
     */
    public static final Duration HEADER_DEADLINE = Duration.ofSeconds(10);
    /** How often late heads are looked for: a slow one is closed at most this long after its deadline. */
    private static final Duration HEADER_CHECK = Duration.ofSeconds(1);
    /**
     * A connection that sends nothing for this long is closed: between requests (keep-alive) and
     * while waiting for a request line, which bounds a trickled request line too. Browsers reopen
     * in milliseconds; Helidon's default of 5 minutes let idle sockets pile up.
     */
    public static final Duration IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
    /** How often idle connections are looked for (Helidon's default is every 2 minutes). */
    private static final Duration IDLE_CONNECTION_CHECK = Duration.ofSeconds(5);
    /** Lets the server answer its first requests before the first catch-up competes for the cores. */
    private static final Duration ROLLUP_START_DELAY = Duration.ofSeconds(10);
    /** Days close once a day; checking every few minutes rolls one up soon after it closes, at the cost of one coverage lookup per site. */
    private static final Duration ROLLUP_INTERVAL = Duration.ofMinutes(5);
    /**
     * Retention runs daily this long after UTC midnight: after the salts rotate and after the
     * rollups of the day just closed in UTC are built (35 minutes' close delay, then a catch-up
     * within 5), at an hour when European and American sites are quiet. Months whose last local
     * day closes later (sites west of UTC) wait for the next day's run.
     */
    private static final Duration RETENTION_OFFSET = Duration.ofHours(1);
    /** The journal's folder in the data directory (docs/journal.md). */
    public static final String JOURNAL_DIR = "journal";
    /**
     * Reads waiting for a read thread before more are refused: a dashboard asks about ten at once,
     * so several dashboards opening together wait rather than fail; a longer queue would only
     * hold reads until their deadline passed.
     */
    static final int READS_WAITING = 64;

    /**
     * How long a domain change waits for events journaled under the old name to be stored: they
     * normally are within a batch interval; this covers a loader catching up after a burst, and
     * the request still answers within a client's usual timeout.
     */
    static final Duration RENAME_DRAIN = Duration.ofSeconds(30);

    private final Storage storage;
    private final SiteRegistry sites;
    private final Journal journal;
    private final Loader loader;
    private final Ingestion ingestion;
    private final Optional<GeoDatabase> geo;
    private final ScheduledExecutorService housekeeping;
    private final ScheduledExecutorService rollupSchedule;
    private final RollupBuilder rollups;
    private final RetentionJob retention;
    private Optional<ResultCache> resultCache = Optional.empty();
    private final EventsExportApi eventsExportApi;
    private final ReadGate reads;
    private final Accounts accounts;
    private final HeaderDeadline headerDeadline;
    private final WebServer web;

    private FootfallServer(ServerConfig config, Clock clock) {
        UserAgents.loadRulesInBackground(); // while the data directory opens
        this.storage = DuckDbStorage.open(config.dataDir(), config.memoryLimit(), Runtime.getRuntime().availableProcessors());
        config.bootstrapKey().ifPresent(secret -> storage.addApiKey(ApiKeys.hash(secret),
                new ApiKey(ApiKeys.prefix(secret), "bootstrap", Optional.empty())));
        this.sites = new SiteRegistry(storage, clock);
        this.geo = config.geoip().map(GeoDatabase::new);
        FootfallMetrics metrics = new FootfallMetrics();
        DailySalts salts = new DailySalts(storage, clock);
        Enricher enricher = Pipeline.enricher(sites::forIngest, geo, salts, metrics);
        this.journal = Journal.open(config.dataDir().resolve(JOURNAL_DIR), storage.journalPosition(), config.journal(), metrics.journalListener());
        metrics.queueDepth(journal::queueDepth);
        SessionTracker visits = new SessionTracker(new SecureRandom());
        metrics.openVisits(visits::openSessions, visits::closedEarly);
        this.loader = new Loader(storage, journal, visits, metrics, clock);
        metrics.loaderLag(journal::lagBytes, () -> journal.lagNanos() / 1e9,
                () -> Math.max(0, journal.entriesAppended() - loader.entriesLoaded()), journal::bytesOnDisk);
        this.ingestion = new Ingestion(enricher, journal, metrics, clock);

        this.housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("footfall-housekeeping").daemon().factory());
        housekeeping.scheduleAtFixedRate(salts::rotate, untilNextUtcMidnight(clock.instant()).toMillis(),
                Duration.ofDays(1).toMillis(), TimeUnit.MILLISECONDS);

        ClientAddress clientAddress = new ClientAddress(config.trustedProxies());
        EventHandler events = new EventHandler(ingestion, clientAddress, metrics);
        PasswordHasher hasher = new PasswordHasher();
        this.accounts = new Accounts(storage.accounts(), hasher, clock);
        housekeeping.scheduleAtFixedRate(accounts::deleteExpired, 0, 1, TimeUnit.DAYS);
        SharedLinks sharedLinks = new SharedLinks(storage.accounts(), hasher, clock);
        Auth auth = new Auth(storage, accounts, sharedLinks, clientAddress);
        // A deleted site's keys and its members' roles must stop at once, not when the caches
        // expire: a domain added again within that minute would be readable by them.
        sites.onDeleted(domain -> {
            auth.forgetKeys();
            accounts.forgetSessions();
        });
        // A renamed site's keys and roles name the new domain now, and the visits open in memory
        // the old one: reload both from the store.
        sites.onRenamed((from, to) -> {
            auth.forgetKeys();
            accounts.forgetSessions();
            loader.resyncSessions();
        });
        PasswordGuard guard = new PasswordGuard(new LoginThrottle(clock), auth);
        // Refused site additions have their own counts: probing domains must not block anyone's login.
        this.rollups = new RollupBuilder(storage, storage.rollups(), storage.stats()::firstEvent, clock, domain -> resultCache.ifPresent(c -> c.invalidate(domain)));
        Aggregator planned = new PlannedStats(new Planner(rollups::coverage, config.rollups()), storage.stats());
        this.resultCache = config.resultCacheEntries() > 0
                ? Optional.of(new ResultCache(planned, clock, config.resultCacheEntries())) : Optional.empty();
        sites.onChange(rollups::forget);
        // Visits still open in memory must not continue ones whose rows were just deleted.
        sites.onDataDeleted(domain -> loader.resyncSessions());
        // Without rollups every query reads raw anyway: nothing to wait for before a month goes.
        MonthGate gate = config.rollups() ? new CoverageGate(rollups::coverage, storage.stats()::firstEvent) : MonthGate.ALWAYS;
        this.retention = new RetentionJob(storage, storage.archive(), clock, gate, rollups::dropBefore);
        Invitations invitations = new Invitations(accounts, clock);
        // A domain change moves the rows rollup builds and retention runs write: it waits for
        // them (in their own lock order, retention before rollups) and they wait for it.
        SitesApi sitesApi = new SitesApi(sites, storage, auth, accounts, new PasswordGuard(new LoginThrottle(clock), auth),
                invitations, sharedLinks, (from, to) -> retention.exclusively(() -> rollups.exclusively(
                        () -> sites.rename(from, to, () -> awaitLoaded(RENAME_DRAIN)))));
        housekeeping.scheduleAtFixedRate(this::applyRetention, untilNextUtcMidnight(clock.instant()).plus(RETENTION_OFFSET).toMillis(),
                Duration.ofDays(1).toMillis(), TimeUnit.MILLISECONDS);
        // One read thread per core: the engine parallelises each query over the cores itself, so
        // more threads would only share them, and the request threads stay free (see ReadGate).
        this.reads = ReadGate.bounded(Runtime.getRuntime().availableProcessors(), READS_WAITING, config.queryTimeout());
        StatsService statsService = new StatsService(resultCache.<Aggregator>map(c -> c).orElse(planned), reads, storage.importedStats());
        this.rollupSchedule = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("footfall-rollups").daemon().factory());
        if (config.rollups()) {
            rollupSchedule.scheduleWithFixedDelay(rollups::catchUp, ROLLUP_START_DELAY.toMillis(), ROLLUP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        StatsApi statsApi = new StatsApi(sites, storage, statsService, auth, clock);
        StatsV1Api statsV1Api = new StatsV1Api(sites, storage, statsService, auth, clock);
        this.eventsExportApi = new EventsExportApi(sites, storage, auth, config.dataDir().resolve("tmp"), clock, reads, config.exportStallTimeout(),
                this::awaitLoaded);
        Routes.Dashboard dashboard = new Routes.Dashboard(
                new AccountsApi(accounts, invitations, guard, auth),
                new DashboardApi(sites, storage, statsService, auth, clock, reads, metrics, config.dataDir().resolve("tmp")),
                new SiteAccessApi(sites, storage, accounts, invitations, sharedLinks, auth),
                new ShareApi(sharedLinks, sites, auth, guard),
                new SegmentsApi(new Segments(storage.segments(), sites, clock), sites, storage, auth, clock));
        this.headerDeadline = new HeaderDeadline(HEADER_DEADLINE, HEADER_CHECK);
        this.web = WebServer.builder()
                .host(config.bind())
                .port(config.port())
                .maxPayloadSize(MAX_BODY_BYTES)
                .addProtocol(Http1Config.builder().addReceiveListener(headerDeadline).build())
                .idleConnectionTimeout(IDLE_CONNECTION_TIMEOUT)
                .idleConnectionPeriod(IDLE_CONNECTION_CHECK)
                // Without TCP_NODELAY, a response written in several pieces (anything over the 4 KB
                // write buffer, e.g. a year's daily series) waited ~40 ms for the client's delayed ACK.
                .connectionOptions(o -> o.tcpNoDelay(true))
                .shutdownHook(false)
                .routing(r -> Routes.register(r, VERSION, events, sitesApi, statsApi, statsV1Api, eventsExportApi, dashboard, this::health, metrics))
                .build()
                .start();
        LOG.info(() -> "Footfall " + VERSION + " listening on http://" + config.bind() + ":" + web.port()
                + " with data in " + config.dataDir() + geo.map(g -> ", GeoIP " + g.file()).orElse(", no GeoIP database"));
    }

    /** One daily run; a failure is logged and the schedule goes on (a scheduled task that throws is never run again). */
    private void applyRetention() {
        try {
            RetentionReport report = retention.run();
            for (RetentionReport.SiteReport site : report.sites()) {
                if (site.rowsMoved() > 0 || site.rowsDeleted() > 0 || site.failure().isPresent()) LOG.info(site::summary);
            }
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.WARNING, "retention failed; it runs again tomorrow", e);
        }
    }

    public static FootfallServer start(ServerConfig config) {
        return new FootfallServer(config, Clock.systemUTC());
    }

    public static FootfallServer start(ServerConfig config, Clock clock) {
        return new FootfallServer(config, clock);
    }

    static Duration untilNextUtcMidnight(Instant now) {
        Instant midnight = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.between(now, midnight);
    }

    public int port() {
        return web.port();
    }

    public Storage storage() {
        return storage;
    }

    public SiteRegistry sites() {
        return sites;
    }

    public RollupBuilder rollups() {
        return rollups;
    }

    /** The retention job the server runs daily, with the server's clock and rollups. */
    public RetentionJob retention() {
        return retention;
    }

    public Optional<ResultCache> resultCache() {
        return resultCache;
    }

    /** Dashboard users and their logins. */
    public Accounts accounts() {
        return accounts;
    }

    public Ingestion ingestion() {
        return ingestion;
    }

    /** Where the API's reads of the engine run, with their deadline. */
    public ReadGate reads() {
        return reads;
    }

    /**
     * Waits until everything journaled so far is in the store (tests, and commands that read right
     * after writing); true if it is within {@code timeout}.
     */
    public boolean awaitLoaded(Duration timeout) {
        try {
            return loader.awaitLoaded(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * What /api/health reports: "degraded" while the journal refuses writes (a full disk) or the
     * loader's batches fail (events are then acknowledged but not yet visible), with the reason.
     */
    private Map<String, Object> health() {
        Map<String, Object> ingest = new LinkedHashMap<>();
        ingest.put("journal", journal.failure().map(f -> "refusing events: " + f).orElse("ok"));
        ingest.put("loader", loader.state().map(f -> "retrying: " + f).orElse("ok"));
        ingest.put("lag_bytes", journal.lagBytes());
        ingest.put("lag_seconds", Math.round(journal.lagNanos() / 1e7) / 100.0);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", journal.failure().isPresent() || loader.state().isPresent() ? "degraded" : "ok");
        h.put("ingest", ingest);
        try {
            h.put("storage", storage.health());
        } catch (RuntimeException e) {
            h.put("status", "degraded");
            h.put("storage", Map.of("engine", "unavailable"));
        }
        return h;
    }

    /** Stops taking requests, stores everything acknowledged, and closes storage. */
    @Override
    public void close() {
        web.stop();
        headerDeadline.close();
        reads.close();
        eventsExportApi.close();
        journal.close();
        loader.close();
        housekeeping.shutdownNow();
        rollupSchedule.shutdownNow();
        try {
            rollupSchedule.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        geo.ifPresent(GeoDatabase::close);
        storage.close();
    }
}
