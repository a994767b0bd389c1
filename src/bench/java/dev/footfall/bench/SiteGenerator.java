package dev.footfall.bench;

import dev.footfall.Storage;
import dev.footfall.enrich.ReferrerSources;
import dev.footfall.enrich.UserAgents;
import dev.footfall.loader.EventStore;
import dev.footfall.session.SessionTracker;
import dev.footfall.site.Site;
import dev.footfall.store.Event;
import dev.footfall.store.SessionRow;
import dev.footfall.store.duckdb.DuckDbStorage;
import dev.footfall.cli.SampleTraffic;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Days of realistic traffic for one site, written straight through {@link Storage#openWriter()}
 * (one transaction per day), for benchmarks that need tens of millions of events: the Events API
 * stores a few thousand per second, this a few tens of thousands.
 *
 * <p>The rows are those the live pipeline would store for such traffic: events of a day are
 * registered with a {@link SessionTracker} in time order, so every visit has its +1 row and then
 * a −1/+1 pair per later event, and a visit that runs past midnight continues under the visitor id
 * it started with. The shape: daily volume with weekly seasonality, a slow trend, noise and the
 * odd spike; a day curve in the site's timezone; about 1.9 pageviews per visit (geometric, so
 * about half the visits bounce); Zipf page popularity over 2,000 paths; search, social, referral
 * and UTM-tagged sources; about 60 countries; the browsers of {@link SampleTraffic} at several
 * versions; a few custom events with properties; engagement events after about a third of the
 * pageviews, with scroll depth and engaged time.
 *
 * <p>A finished run leaves a marker row in the imports table (fingerprint {@link #MARKER}) naming
 * what was generated, so a later benchmark can reuse the site and tell an interrupted run from a
 * finished one.
 */
public final class SiteGenerator {
    /** The imports-table fingerprint of a finished generation. */
    public static final String MARKER = "footfall-bench-stats";

    /** Geometric: P(1 pageview) = 1 / 1.9, mean 1.9. */
    static final double PAGEVIEWS_PER_VISIT = 1.9;
    static final int MAX_PAGEVIEWS = 40;
    static final double ENGAGEMENT_PER_PAGEVIEW = 0.35;
    static final double CUSTOM_EVENT_PER_VISIT = 0.06;
    /** Events per visit, to size a day's pool of visitors: 1.9 pageviews, ~0.67 engagements, ~0.06 custom events. */
    private static final double EVENTS_PER_VISIT = PAGEVIEWS_PER_VISIT * (1 + ENGAGEMENT_PER_PAGEVIEW) + CUSTOM_EVENT_PER_VISIT;
    /** Returning visitors within a day share the day's visitor id (the salt rotates daily). */
    static final double VISITS_PER_VISITOR = 1.25;
    /** Mean seconds between two pageviews of a visit; gaps stay below the 30-minute visit timeout. */
    static final double MEAN_PAGE_SECONDS = 75;
    static final long MAX_GAP_SECONDS = 25 * 60;
    private static final int PATHS = 2_000;
    private static final double PAGE_ZIPF_EXPONENT = 1.05;
    /** Visits by local hour of day: quiet at night, a working-day plateau, a smaller evening peak. */
    static final double[] HOURS = {1.2, 0.8, 0.6, 0.5, 0.5, 0.7, 1.2, 2.0, 3.2, 4.2, 4.6, 4.7,
            4.4, 4.6, 4.7, 4.6, 4.3, 3.8, 3.4, 3.3, 3.4, 3.1, 2.4, 1.7};

    /**
     * What to generate: {@code events} (about: whole visits are generated) over the {@code days}
     * local days ending with {@code lastDay}.
     */
    public record Spec(long events, int days, LocalDate lastDay, long seed) {
        private static final Pattern FORM = Pattern.compile("events=(\\d+) days=(\\d+) last_day=(\\S+) seed=(-?\\d+)");

        public Spec {
            if (events < 1 || days < 1) throw new IllegalArgumentException("--events and --days must be positive");
        }

        public LocalDate firstDay() {
            return lastDay.minusDays(days - 1);
        }

        public String describe() {
            return "events=" + events + " days=" + days + " last_day=" + lastDay + " seed=" + seed;
        }

        static Optional<Spec> parse(String described) {
            Matcher m = FORM.matcher(described == null ? "" : described);
            if (!m.matches()) return Optional.empty();
            return Optional.of(new Spec(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), LocalDate.parse(m.group(3)),
                    Long.parseLong(m.group(4))));
        }
    }

    /**
     * A generated site found in a data directory.
     *
     * @param spec   what was asked for, if the generation finished (empty: interrupted)
     * @param events events of the site in storage
     */
    public record Stored(Optional<Spec> spec, long events, long sessionRows) {}

    /** What a generation wrote. */
    public record Result(long events, long visits, long sessionRows, long pageviews, long engagements, long customEvents) {}

    private final Site site;
    private final Spec spec;
    private final SplittableRandom random;
    private final Weighted<String> pages;
    private final Weighted<Referral> referrals;
    private final Weighted<Event.Location> locations;
    private final Weighted<Event.Client> clients;
    private final Weighted<Custom> customs;
    private final Weighted<Integer> hours;

    /** Classifies the sample user agents with the live pipeline's analyser, which takes a few seconds to load. */
    public SiteGenerator(Site site, Spec spec) {
        this.site = site;
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
        this.pages = pages(spec.seed());
        this.referrals = referrals(ReferrerSources.bundled());
        this.locations = locations();
        this.clients = clients(new UserAgents());
        this.customs = customs(site.domain());
        Weighted.Builder<Integer> byHour = Weighted.builder();
        for (int h = 0; h < HOURS.length; h++) byHour.add(HOURS[h], h);
        this.hours = byHour.build();
    }

    /** Generates and writes everything; {@code progress} gets the number of events written so far after each day. */
    public Result writeTo(Storage storage, LongConsumer progress) {
        ZoneId zone = site.timezone();
        double[] weights = dayWeights();
        double weightSum = 0;
        for (double w : weights) weightSum += w;
        SessionTracker sessions = new SessionTracker(random.split());
        List<Event> carried = new ArrayList<>();
        long events = 0, visits = 0, sessionRows = 0, pageviews = 0, engagements = 0, custom = 0;
        double cumulative = 0;
        long plannedBefore = 0;
        try (EventStore.EventWriter writer = storage.openWriter()) {
            for (int d = 0; d < spec.days(); d++) {
                LocalDate day = spec.firstDay().plusDays(d);
                cumulative += weights[d];
                long planned = Math.round(spec.events() * cumulative / weightSum);
                long target = planned - plannedBefore;
                plannedBefore = planned;

                List<Event> today = new ArrayList<>(carried);
                carried.clear();
                int visitorsToday = (int) Math.max(1, target / EVENTS_PER_VISIT / VISITS_PER_VISITOR);
                long produced = 0;
                while (produced < target) produced += visit(day, visitorsToday, today);
                today.sort(Comparator.comparing(Event::timestamp));

                Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
                boolean last = d == spec.days() - 1;
                for (Event e : today) {
                    if (!e.timestamp().isBefore(end)) {
                        if (!last) carried.add(e); // the rest of a visit that runs past midnight; past the last day: dropped
                        continue;
                    }
                    SessionTracker.Registered registered = sessions.register(e, 0);
                    if (registered == null) continue; // an engagement without a visit: cannot happen here, as in the pipeline it would be dropped
                    writer.append(registered.event());
                    for (SessionRow row : registered.rows()) writer.append(row);
                    sessionRows += registered.rows().size();
                    if (registered.rows().size() == 1) visits++;
                    events++;
                    if (e.isPageview()) pageviews++;
                    else if (e.isEngagement()) engagements++;
                    else custom++;
                }
                if (last) writer.recordImport(MARKER, site.domain(), spec.describe(), events);
                writer.commit();
                sessions.expire(end);
                progress.accept(events);
            }
        }
        return new Result(events, visits, sessionRows, pageviews, engagements, custom);
    }

    /** Adds one visit's events to {@code out}; returns how many. */
    private int visit(LocalDate day, int visitorsToday, List<Event> out) {
        int hour = hours.pick(random);
        Instant at = day.atStartOfDay().plusHours(hour).plusSeconds(random.nextInt(3600)).atZone(site.timezone()).toInstant();
        long visitorId = visitorId(day, random.nextInt(visitorsToday));
        Referral referral = referrals.pick(random);
        Event.Location location = locations.pick(random);
        Event.Client client = clients.pick(random);
        int views = Math.min(MAX_PAGEVIEWS, 1 + (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - 1 / PAGEVIEWS_PER_VISIT)));
        int customAt = random.nextDouble() < CUSTOM_EVENT_PER_VISIT ? random.nextInt(views) : -1;
        int added = 0;
        for (int i = 0; i < views; i++) {
            String path = pages.pick(random);
            // The landing page's events carry the visit's referrer and campaign; later pages are internal navigation.
            String referrer = i == 0 ? referral.referrer : "";
            String source = i == 0 ? referral.source : "";
            Event.Utm utm = i == 0 ? referral.utm : Event.Utm.NONE;
            out.add(event(at, Event.PAGEVIEW, visitorId, path, referrer, source, utm, location, client, Map.of(), true, null, null));
            added++;
            long stay = Math.min(MAX_GAP_SECONDS, 5 + (long) (-Math.log(1 - random.nextDouble()) * MEAN_PAGE_SECONDS));
            if (i == customAt) {
                Custom c = customs.pick(random);
                out.add(event(at.plusSeconds(1 + random.nextLong(stay)), c.name, visitorId, path, referrer, source, utm, location,
                        client, c.props.get(random.nextInt(c.props.size())), true, null, null));
                added++;
            }
            if (random.nextDouble() < ENGAGEMENT_PER_PAGEVIEW) {
                int engagedMs = (int) (stay * 1000 * (0.2 + 0.8 * random.nextDouble()));
                int depth = Math.min(100, (int) (random.nextDouble() * random.nextDouble() * 140) + (random.nextInt(5) == 0 ? 100 : 0));
                out.add(event(at.plusSeconds(stay), Event.ENGAGEMENT, visitorId, path, referrer, source, utm, location, client,
                        Map.of(), false, depth, engagedMs));
                added++;
            }
            at = at.plusSeconds(stay + 1);
        }
        return added;
    }

    private Event event(Instant at, String name, long visitorId, String path, String referrer, String source, Event.Utm utm,
                        Event.Location location, Event.Client client, Map<String, String> props, boolean interactive,
                        Integer scrollDepth, Integer engagementMs) {
        return new Event(site.domain(), at, name, visitorId, 0, site.domain(), path, referrer, source, utm, location, client,
                props, interactive, scrollDepth, engagementMs);
    }

    /** Stands in for the daily-salted hash of IP and user agent: stable within a day, new the next day. */
    private long visitorId(LocalDate day, int person) {
        long x = spec.seed() * 0x9E3779B97F4A7C15L + day.toEpochDay() * 0xBF58476D1CE4E5B9L + person;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return (x ^ (x >>> 31)) & Long.MAX_VALUE;
    }

    private double[] dayWeights() {
        return dayWeights(spec.firstDay(), spec.days(), spec.seed());
    }

    /** Relative volume per day: weekdays over weekends, growth over the period, a winter high, noise, and a few spikes. */
    static double[] dayWeights(LocalDate firstDay, int days, long seed) {
        SplittableRandom r = new SplittableRandom(seed + 2);
        double[] weights = new double[days];
        for (int d = 0; d < weights.length; d++) {
            LocalDate day = firstDay.plusDays(d);
            double weekly = switch (day.getDayOfWeek()) {
                case MONDAY, THURSDAY -> 1.05;
                case TUESDAY, WEDNESDAY -> 1.1;
                case FRIDAY -> 0.95;
                case SATURDAY, SUNDAY -> 0.7;
            };
            double trend = 0.75 + 0.5 * d / Math.max(1, weights.length - 1);
            double season = 1 + 0.1 * Math.cos(2 * Math.PI * day.getDayOfYear() / 365.25);
            double noise = 0.85 + 0.3 * r.nextDouble();
            double spike = r.nextInt(45) == 0 ? 2 + 3 * r.nextDouble() : 1; // a post on the front page of Hacker News
            weights[d] = weekly * trend * season * noise * spike;
        }
        return weights;
    }

    // --- the site's vocabulary ------------------------------------------------------------------

    /** The site's paths with their Zipf popularity. */
    static Weighted<String> pages(long seed) {
        return Weighted.zipf(paths(new SplittableRandom(seed + 1)), PAGE_ZIPF_EXPONENT);
    }

    /** 2,000 paths in popularity order: the home page and the main sections first, then docs, blog posts and the rest. */
    private static List<String> paths(SplittableRandom r) {
        Set<String> paths = new LinkedHashSet<>(List.of("/", "/pricing", "/docs", "/blog", "/features", "/docs/getting-started",
                "/signup", "/login", "/about", "/integrations", "/changelog", "/contact", "/docs/api", "/self-hosting",
                "/careers", "/privacy", "/terms", "/security", "/status", "/compare"));
        String[] words = {"analytics", "privacy", "cookies", "dashboard", "funnels", "goals", "events", "rollups", "duckdb",
                "clickhouse", "gdpr", "tracking", "scripts", "performance", "sessions", "bounce-rate", "utm", "campaigns",
                "referrers", "open-source", "self-hosted", "kubernetes", "docker", "nginx", "wordpress", "nextjs", "react",
                "shopify", "migration", "pricing", "retention", "growth", "seo", "metrics", "realtime", "exports", "imports",
                "api", "webhooks", "teams"};
        String[] sections = {"getting-started", "api", "sdk", "guides", "self-hosting", "reference", "integrations", "faq"};
        List<String> candidates = new ArrayList<>();
        for (String section : sections) for (String w : words) candidates.add("/docs/" + section + "/" + w);
        for (int i = 0; i < words.length; i++) {
            for (int j = 0; j < words.length; j++) if (i != j) candidates.add("/blog/" + words[i] + "-and-" + words[j]);
        }
        for (String w : words) candidates.add("/integrations/" + w);
        for (int y = 2022; y <= 2026; y++) for (int m = 1; m <= 12; m++) candidates.add(String.format(Locale.ROOT, "/changelog/%d-%02d", y, m));
        for (int i = 0; i < 300; i++) candidates.add("/help/article-" + i);
        while (paths.size() < PATHS) paths.add(candidates.remove(r.nextInt(candidates.size())));
        return List.copyOf(paths);
    }

    /** Where visits come from, with the referrer source computed as the pipeline's {@code ReferrerSource} step does. */
    record Referral(String referrer, String source, Event.Utm utm) {}

    static Weighted<Referral> referrals(ReferrerSources sources) {
        Weighted.Builder<Referral> b = Weighted.builder();
        b.add(36, referral(sources, "", Event.Utm.NONE));
        b.add(24, referral(sources, "https://www.google.com/", Event.Utm.NONE));
        for (String tld : List.of("de", "co.uk", "fr", "es", "it", "nl", "ca", "com.au", "co.in", "pl")) {
            b.add(0.6, referral(sources, "https://www.google." + tld + "/", Event.Utm.NONE));
        }
        b.add(2.5, referral(sources, "https://www.bing.com/", Event.Utm.NONE));
        b.add(2.5, referral(sources, "https://duckduckgo.com/", Event.Utm.NONE));
        b.add(0.5, referral(sources, "https://www.qwant.com/", Event.Utm.NONE));
        b.add(2.0, referral(sources, "https://news.ycombinator.com/", Event.Utm.NONE));
        b.add(2.0, referral(sources, "https://www.reddit.com/r/selfhosted/", Event.Utm.NONE));
        b.add(0.8, referral(sources, "https://old.reddit.com/r/analytics/", Event.Utm.NONE));
        b.add(2.0, referral(sources, "https://t.co/abc", Event.Utm.NONE));
        b.add(3.0, referral(sources, "https://github.com/footfall", Event.Utm.NONE));
        b.add(1.5, referral(sources, "https://www.linkedin.com/", Event.Utm.NONE));
        b.add(1.0, referral(sources, "https://www.facebook.com/", Event.Utm.NONE));
        b.add(0.5, referral(sources, "https://www.producthunt.com/posts/footfall", Event.Utm.NONE));
        b.add(1.0, referral(sources, "https://chatgpt.com/", Event.Utm.NONE));
        b.add(0.3, referral(sources, "https://mail.google.com/", Event.Utm.NONE));
        for (int i = 1; i <= 300; i++) { // the long tail of blogs and forums linking to the site
            String host = "blog" + i + ".example." + List.of("org", "net", "dev").get(i % 3);
            b.add(8.0 / i / 6.28, referral(sources, "https://" + host + "/posts/" + (i * 7 % 97), Event.Utm.NONE));
        }
        b.add(3.0, referral(sources, "", new Event.Utm("email", "newsletter", "monthly-update", "", "")));
        b.add(1.0, referral(sources, "", new Event.Utm("email", "newsletter", "launch", "button", "")));
        b.add(1.0, referral(sources, "https://t.co/xyz", new Event.Utm("social", "twitter", "launch", "", "")));
        for (String term : List.of("web analytics", "privacy analytics", "google analytics alternative", "plausible alternative",
                "cookieless analytics", "self hosted analytics")) {
            b.add(0.4, referral(sources, "https://www.google.com/", new Event.Utm("cpc", "google", "search-" + term.split(" ")[0], "", term)));
        }
        b.add(0.5, referral(sources, "", new Event.Utm("referral", "partner-portal", "", "", "")));
        return b.build();
    }

    private static Referral referral(ReferrerSources sources, String referrer, Event.Utm utm) {
        String source = "";
        if (!referrer.isEmpty()) {
            String host = URI.create(referrer).getHost().toLowerCase(Locale.ROOT);
            if (host.startsWith("www.")) host = host.substring(4);
            source = sources.sourceOf(host).orElse(host);
        }
        if (!utm.source().isBlank()) source = sources.sourceOf(utm.source().toLowerCase(Locale.ROOT)).orElse(utm.source());
        return new Referral(referrer, source, utm);
    }

    /** About 60 countries (ISO codes, as the country-level GeoIP database gives them) and a few unlocated visitors. */
    static Weighted<Event.Location> locations() {
        Object[] shares = {"US", 22.0, "DE", 10.0, "GB", 6.0, "IN", 6.0, "FR", 4.5, "CA", 3.5, "NL", 3.0, "BR", 3.0, "ES", 2.5,
                "IT", 2.5, "PL", 2.0, "SE", 1.8, "AU", 1.8, "JP", 1.7, "CH", 1.5, "AT", 1.4, "RU", 1.2, "UA", 1.0, "TR", 1.0,
                "MX", 1.0, "BE", 1.0, "DK", 0.9, "NO", 0.8, "FI", 0.8, "CZ", 0.8, "PT", 0.7, "IE", 0.7, "RO", 0.7, "IL", 0.6,
                "SG", 0.6, "KR", 0.6, "CN", 0.6, "ID", 0.6, "VN", 0.5, "AR", 0.5, "CO", 0.5, "ZA", 0.5, "NZ", 0.5, "GR", 0.4,
                "HU", 0.4, "TW", 0.4, "HK", 0.4, "PH", 0.4, "MY", 0.4, "TH", 0.4, "CL", 0.4, "PK", 0.4, "BD", 0.3, "EG", 0.3,
                "NG", 0.3, "SK", 0.3, "BG", 0.3, "KE", 0.2, "HR", 0.2, "RS", 0.2, "SI", 0.2, "LT", 0.2, "LV", 0.2, "EE", 0.2,
                "IS", 0.1, "", 0.5};
        Weighted.Builder<Event.Location> b = Weighted.builder();
        for (int i = 0; i < shares.length; i += 2) b.add((Double) shares[i + 1], new Event.Location((String) shares[i], "", ""));
        return b.build();
    }

    private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)(\\.\\d+)?");

    /** The sample browsers as the pipeline classifies them, each also at its three previous major versions. */
    static Weighted<Event.Client> clients(UserAgents userAgents) {
        double[] shares = {30, 10, 22, 20, 5, 8, 5}; // Chrome/Windows, Safari/macOS, iPhone, Android, Firefox/Linux, Edge, iPad
        List<String> agents = SampleTraffic.USER_AGENTS;
        Weighted.Builder<Event.Client> b = Weighted.builder();
        double[] versionShares = {0.6, 0.25, 0.1, 0.05};
        for (int i = 0; i < agents.size(); i++) {
            Event.Client c = userAgents.classify(agents.get(i));
            if (c == null) throw new IllegalStateException("a sample user agent was classified as a robot: " + agents.get(i));
            double share = i < shares.length ? shares[i] : 1;
            for (int older = 0; older < versionShares.length; older++) {
                String version = c.browserVersion();
                if (older > 0) {
                    // Plausible's versions are major.minor ("131.0"): an older release has an older major.
                    Matcher m = MAJOR_MINOR.matcher(version);
                    if (!m.matches()) break;
                    version = (Integer.parseInt(m.group(1)) - older) + (m.group(2) == null ? "" : m.group(2));
                }
                b.add(share * versionShares[older], new Event.Client(c.device(), c.browser(), version, c.os(), c.osVersion()));
            }
        }
        return b.build();
    }

    record Custom(String name, List<Map<String, String>> props) {}

    static Weighted<Custom> customs(String domain) {
        List<Map<String, String>> outbound = new ArrayList<>();
        for (String host : List.of("github.com/footfall/footfall", "plausible.io/docs", "duckdb.org", "clickhouse.com/docs",
                "news.ycombinator.com/item?id=1", "twitter.com/footfall", "discord.gg/footfall", "docs.docker.com")) {
            outbound.add(Map.of("url", "https://" + host));
        }
        List<Map<String, String>> downloads = new ArrayList<>();
        for (String file : List.of("footfall-linux-amd64.tar.gz", "footfall-darwin-arm64.tar.gz", "whitepaper.pdf", "dpa.pdf")) {
            downloads.add(Map.of("url", "https://" + domain + "/downloads/" + file));
        }
        return Weighted.<Custom>builder()
                .add(4, new Custom("Outbound Link: Click", outbound))
                .add(2, new Custom("Signup", List.of(Map.of("plan", "free"), Map.of("plan", "free"), Map.of("plan", "pro"), Map.of("plan", "team"))))
                .add(1.5, new Custom("File Download", downloads))
                .add(1, new Custom("Newsletter Subscribe", List.of(Map.of("position", "footer"), Map.of("position", "blog"))))
                .add(0.5, new Custom("404", List.of(Map.of("path", "/old-page"), Map.of("path", "/wp-login.php"))))
                .build();
    }

    // --- finding a previous generation ------------------------------------------------------

    /** The site {@code domain} in the database of {@code dataDir}, if there is one; read without locking out other readers. */
    public static Optional<Stored> find(Path dataDir, String domain) throws SQLException {
        Path file = dataDir.resolve(DuckDbStorage.FILE_NAME);
        if (!Files.exists(file)) return Optional.empty();
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly)) {
            if (!exists(conn, "SELECT 1 FROM sites WHERE domain = ?", domain)) return Optional.empty();
            Optional<Spec> spec = Optional.empty();
            try (PreparedStatement ps = conn.prepareStatement("SELECT file_name FROM imports WHERE fingerprint = ? AND site = ?")) {
                ps.setString(1, MARKER);
                ps.setString(2, domain);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) spec = Spec.parse(rs.getString(1));
                }
            }
            return Optional.of(new Stored(spec, count(conn, "SELECT count(*) FROM events WHERE site = ?", domain),
                    count(conn, "SELECT count(*) FROM sessions WHERE site = ?", domain)));
        }
    }

    private static boolean exists(Connection conn, String sql, String domain) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long count(Connection conn, String sql, String domain) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
