package dev.footfall.bench;

import dev.footfall.enrich.ReferrerSources;
import dev.footfall.enrich.UserAgents;
import dev.footfall.site.Site;
import dev.footfall.store.duckdb.DuckDbStorage;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.footfall.bench.SiteGenerator.CUSTOM_EVENT_PER_VISIT;
import static dev.footfall.bench.SiteGenerator.ENGAGEMENT_PER_PAGEVIEW;
import static dev.footfall.bench.SiteGenerator.MAX_GAP_SECONDS;
import static dev.footfall.bench.SiteGenerator.MAX_PAGEVIEWS;
import static dev.footfall.bench.SiteGenerator.MEAN_PAGE_SECONDS;
import static dev.footfall.bench.SiteGenerator.PAGEVIEWS_PER_VISIT;
import static dev.footfall.bench.SiteGenerator.VISITS_PER_VISITOR;

/**
 * Months of history for one large site and many small ones, written straight into the raw tables
 * with DuckDB SQL ({@code INSERT ... SELECT} over {@code range()}), a batch of days of every
 * site per statement. The pipeline stores thousands of events a second and {@link SiteGenerator} tens of
 * thousands; this stores hundreds of thousands, so a year of a large site fits in minutes.
 *
 * <p>Traffic has {@link SiteGenerator}'s shape and vocabulary (its day weights, hour curve, Zipf
 * pages, referrers with their sources, countries, classified browsers, custom events with
 * properties, engagement with scroll depth and engaged time), drawn from hashes of the seed, so a
 * spec always gives the same rows. Rows have the live writer's layout ({@code DuckDbEventWriter},
 * {@code SessionTracker}): each event carries its visit's session and visitor id (a visit past
 * midnight keeps the id it started with); the landing page's events carry the referrer and
 * campaign; a visit's session row is its final state — entry page, last pageview's page, counts
 * of pageviews and of non-engagement events, duration to its last event, bounce, version = events
 * registered. Differences no query can see: one +1 session row per visit where the tracker writes
 * +1 and then a −1/+1 pair per change (the sum over a visit of {@code sign * x} is the same); event
 * ids follow no order within a batch of days; and two visits of one visitor on one day may overlap,
 * which the tracker would have made one visit.
 *
 * <p>A finished run leaves a marker row in the imports table (fingerprint {@link #MARKER}) naming
 * its spec, so a later run reuses the data.
 */
public final class BulkHistory {
    /** The imports-table fingerprint of a finished generation. */
    public static final String MARKER = "footfall-bench-history";
    /** The large site: the one the dashboards are timed on. */
    public static final String DOMAIN = "history.footfall.local";
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** Small sites' zones in turn: whole-hour, half-hour and southern-hemisphere offsets, with and without DST. */
    private static final List<ZoneId> SMALL_ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Sydney"), ZoneId.of("Europe/London"), ZoneId.of("Asia/Tokyo"));
    /** A small site's traffic as a share of the large one's: a hundred of them add a tenth. */
    private static final double SMALL_SITE_SHARE = 0.001;
    /** Draws per vocabulary table: the rarest value (a tail path, about 4e-5 of pageviews) still gets a few. */
    private static final int SLOTS = 100_000;
    /**
     * Events a batch (one statement) generates, about: large enough that a statement's start costs
     * little and both cores work, small enough that the batch's temporary table stays within a
     * memory limit of a few hundred MB.
     */
    private static final double BATCH_EVENTS = 1_000_000;
    /** Pageviews, about 0.35 engagement events and a few custom events per pageview: sizes a batch. */
    private static final double EVENTS_PER_PAGEVIEW = 1 + ENGAGEMENT_PER_PAGEVIEW + CUSTOM_EVENT_PER_VISIT / PAGEVIEWS_PER_VISIT;
    /** 2^53: a hash's top 53 bits over this are a uniform double in [0, 1). */
    private static final String UNIT = "9007199254740992.0";

    /** What to generate: {@code months} of history ending with {@code lastDay}, for the large site and {@code smallSites}. */
    public record Spec(int months, long pageviewsPerMonth, int smallSites, LocalDate lastDay, long seed) {
        private static final Pattern FORM = Pattern.compile(
                "months=(\\d+) pageviews_per_month=(\\d+) small_sites=(\\d+) last_day=(\\S+) seed=(-?\\d+)");

        public Spec {
            if (months < 1 || pageviewsPerMonth < 1 || smallSites < 0) {
                throw new IllegalArgumentException("--months and --pageviews-per-month must be positive, --small-sites not negative");
            }
        }

        public LocalDate firstDay() {
            return lastDay.minusMonths(months).plusDays(1);
        }

        public int days() {
            return (int) ChronoUnit.DAYS.between(firstDay(), lastDay) + 1;
        }

        /** Every site: the large one first. */
        public List<Site> sites() {
            List<Site> sites = new ArrayList<>(List.of(largeSite()));
            for (int i = 1; i <= smallSites; i++) sites.add(new Site("small-" + i + ".footfall.local", SMALL_ZONES.get(i % SMALL_ZONES.size()), List.of()));
            return sites;
        }

        public String describe() {
            return "months=" + months + " pageviews_per_month=" + pageviewsPerMonth + " small_sites=" + smallSites
                    + " last_day=" + lastDay + " seed=" + seed;
        }

        static Optional<Spec> parse(String described) {
            Matcher m = FORM.matcher(described == null ? "" : described);
            if (!m.matches()) return Optional.empty();
            return Optional.of(new Spec(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)),
                    LocalDate.parse(m.group(4)), Long.parseLong(m.group(5))));
        }
    }

    /** The site the dashboards are timed on. */
    public static Site largeSite() {
        return new Site(DOMAIN, ZONE, List.of());
    }

    /** What a generation wrote, over every site. */
    public record Result(long events, long pageviews, long visits) {}

    private final Spec spec;

    public BulkHistory(Spec spec) {
        this.spec = spec;
    }

    /** The finished generation's spec in {@code dataDir}, if there is one; empty also when there is no database. */
    public static Optional<Spec> find(Path dataDir) throws SQLException {
        return readOnly(dataDir, conn -> {
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT file_name FROM imports WHERE fingerprint = '" + MARKER + "'")) {
                return rs.next() ? Spec.parse(rs.getString(1)) : Optional.<Spec>empty();
            }
        }).flatMap(s -> s);
    }

    /** One number (the first column of the first row) from the database of {@code dataDir}, read-only. */
    public static long count(Path dataDir, String sql) throws SQLException {
        return readOnly(dataDir, conn -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }).orElseThrow(() -> new IllegalArgumentException("no database in " + dataDir));
    }

    private interface Read<T> {
        T apply(Connection conn) throws SQLException;
    }

    private static <T> Optional<T> readOnly(Path dataDir, Read<T> read) throws SQLException {
        Path file = dataDir.resolve(DuckDbStorage.FILE_NAME);
        if (!Files.exists(file)) return Optional.empty();
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:" + file, props)) {
            return Optional.of(read.apply(conn));
        }
    }

    /**
     * Creates the sites (the data directory must hold none of them) and writes every day;
     * {@code progress} hears about each batch of days.
     */
    public Result writeTo(Path dataDir, String memoryLimit, Consumer<String> progress) throws SQLException {
        try (DuckDbStorage storage = DuckDbStorage.open(dataDir, memoryLimit, Runtime.getRuntime().availableProcessors())) {
            for (Site site : spec.sites()) {
                if (!storage.addSite(site)) throw new IllegalArgumentException(site.domain() + " already exists in " + dataDir);
            }
        }
        try (DuckDBConnection conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve(DuckDbStorage.FILE_NAME));
             Statement st = conn.createStatement()) {
            st.execute("SET memory_limit = '" + memoryLimit.replace("'", "") + "'");
            vocabulary(conn, st);
            long nextId = single(st, "SELECT coalesce(max(id), 0) + 1 FROM events");
            double[] weights = SiteGenerator.dayWeights(spec.firstDay(), spec.days(), spec.seed());
            double weightSum = 0;
            for (double w : weights) weightSum += w;
            // Geometric pageviews per visit, capped: the mean stays PAGEVIEWS_PER_VISIT within a fraction of a percent.
            double visitsPerPageview = 1 / PAGEVIEWS_PER_VISIT;
            double eventsPerDay = (double) spec.pageviewsPerMonth() * spec.months() / spec.days() * EVENTS_PER_PAGEVIEW;
            int batchDays = (int) Math.max(1, BATCH_EVENTS / eventsPerDay);
            long events = 0, pageviews = 0, visits = 0;
            long start = System.nanoTime();
            List<Site> sites = spec.sites();
            for (int d = 0; d < spec.days(); d += batchDays) {
                StringJoiner rows = new StringJoiner(", ");
                for (int b = d; b < Math.min(d + batchDays, spec.days()); b++) {
                    double dayPageviews = (double) spec.pageviewsPerMonth() * spec.months() * weights[b] / weightSum;
                    for (int i = 0; i < sites.size(); i++) {
                        Site site = sites.get(i);
                        long siteVisits = Math.round(dayPageviews * visitsPerPageview * (i == 0 ? 1 : SMALL_SITE_SHARE));
                        if (siteVisits == 0) continue;
                        long persons = Math.max(1, Math.round(siteVisits / VISITS_PER_VISITOR));
                        LocalDate day = spec.firstDay().plusDays(b);
                        rows.add("(" + i + ", '" + site.domain() + "', DATE '" + day + "', " + siteVisits + ", " + persons + ", "
                                + utc(day.atStartOfDay(site.timezone())) + ", " + utc(spec.lastDay().plusDays(1).atStartOfDay(site.timezone())) + ")");
                    }
                }
                st.execute("DELETE FROM bench_day");
                st.execute("INSERT INTO bench_day VALUES " + rows);
                st.execute(batchEvents());
                long batchEvents = st.executeUpdate(eventsInsert(nextId));
                nextId += batchEvents;
                visits += st.executeUpdate(SESSIONS);
                events += batchEvents;
                pageviews += single(st, "SELECT count(*) FROM bench_events WHERE kind = 0");
                LocalDate last = spec.firstDay().plusDays(Math.min(d + batchDays, spec.days()) - 1);
                double seconds = (System.nanoTime() - start) / 1e9;
                progress.accept(String.format("to %s: %,d events, %.0f s, %,.0f events/s", last, events, seconds, events / seconds));
            }
            st.execute("INSERT OR REPLACE INTO imports VALUES ('" + MARKER + "', '" + DOMAIN + "', '" + spec.describe() + "', " + events + ", now())");
            st.execute("CHECKPOINT");
            return new Result(events, pageviews, visits);
        }
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A moment as the UTC TIMESTAMP literal the raw tables hold. */
    private static String utc(ZonedDateTime at) {
        return "TIMESTAMP '" + at.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime() + "'";
    }

    // --- statements ----------------------------------------------------------------------------

    /** The events table's columns, in table order. */
    private static final String EVENT_COLUMNS = "site, ts, name, visitor_id, session_id, hostname, pathname, referrer, referrer_source, "
            + "utm_medium, utm_source, utm_campaign, utm_content, utm_term, country, region, city, device, browser, browser_version, "
            + "os, os_version, props, interactive, scroll_depth, engagement_ms, id";

    /**
     * The events of every site and day of bench_day into bench_events: visits drawn per site, their
     * pageviews one after another, a custom event within the odd page's stay and an engagement
     * event at the end of a third of the stays; what falls after the generated period is cut.
     * Everything is drawn as numbers (the kind of event, vocabulary slots): the window that lays
     * out each visit's pages moves narrow rows, and the batch stays small in memory; the strings
     * are looked up only as rows are written.
     */
    private String batchEvents() {
        String seed = Long.toString(spec.seed());
        return "CREATE OR REPLACE TEMP TABLE bench_events AS "
                + "WITH visits AS (SELECT site_no, domain, day, persons, midnight, until, hash(" + seed + ", site_no, day, i) AS h "
                + "  FROM (SELECT *, unnest(range(visits)) AS i FROM bench_day)), "
                + "drawn AS (SELECT v.site_no, v.domain, v.until, v.h, (v.h >> 1)::BIGINT AS session_id, "
                + "  (hash(" + seed + ", v.site_no, v.day, floor(bench_u(v.h, 1) * v.persons)::BIGINT) >> 1)::BIGINT AS visitor_id, "
                + "  v.midnight + to_seconds(hr.hours[" + slot("v.h", 2) + " + 1] * 3600 + floor(bench_u(v.h, 3) * 3600)::BIGINT) AS started, "
                + "  least(" + MAX_PAGEVIEWS + ", 1 + floor(ln(1 - bench_u(v.h, 4)) / ln(1 - 1 / " + PAGEVIEWS_PER_VISIT + ")))::INTEGER AS views, "
                + "  CASE WHEN bench_u(v.h, 9) < " + CUSTOM_EVENT_PER_VISIT + " THEN floor(bench_u(v.h, 10) * 1000000)::BIGINT ELSE -1 END AS custom_draw, "
                + "  " + slot("v.h", 5) + " AS referral_slot, " + slot("v.h", 6) + " AS location_slot, " + slot("v.h", 7) + " AS client_slot, "
                + "  " + slot("v.h", 8) + " AS custom_slot "
                + "  FROM visits v CROSS JOIN bench_vocab hr), "
                + "viewed AS (SELECT *, unnest(range(views)) AS k FROM drawn), "
                + "paged AS (SELECT *, hash(h, k) AS hk, least(" + MAX_GAP_SECONDS + ", 5 + floor(-ln(1 - bench_u(hash(h, k), 1)) * "
                + MEAN_PAGE_SECONDS + "))::BIGINT AS stay, " + slot("hash(h, k)", 2) + " AS page_slot FROM viewed), "
                + "timed AS (SELECT *, started + to_seconds(sum(stay + 1) OVER (PARTITION BY session_id ORDER BY k) - (stay + 1)) AS viewed_at FROM paged), "
                // kind: 0 pageview, 1 custom event, 2 engagement
                + "generated AS ("
                + "  SELECT viewed_at AS ts, 0 AS kind, *, NULL::SMALLINT AS scroll_depth, NULL::INTEGER AS engagement_ms FROM timed "
                + "  UNION ALL SELECT viewed_at + to_seconds(1 + floor(bench_u(hk, 3) * stay)::BIGINT), 1, *, NULL, NULL FROM timed "
                + "    WHERE custom_draw >= 0 AND custom_draw % views = k "
                + "  UNION ALL SELECT viewed_at + to_seconds(stay), 2, *, "
                + "    least(100, floor(bench_u(hk, 4) * bench_u(hk, 5) * 140) + CASE WHEN bench_u(hk, 6) < 0.2 THEN 100 ELSE 0 END)::SMALLINT, "
                + "    floor(stay * 1000 * (0.2 + 0.8 * bench_u(hk, 7)))::INTEGER FROM timed WHERE bench_u(hk, 8) < " + ENGAGEMENT_PER_PAGEVIEW + ") "
                + "SELECT domain AS site, ts, kind, visitor_id, session_id, k, page_slot, referral_slot, location_slot, client_slot, custom_slot, "
                + "  scroll_depth, engagement_ms FROM generated WHERE ts < until";
    }

    /**
     * The events of bench_events, in the events table's layout: the vocabulary's strings looked
     * up, the landing page's events with the visit's referral and the rest without, ids from
     * {@code nextId} on in the batch's row order.
     */
    private static String eventsInsert(long nextId) {
        String referral = "vb.referrals[g.referral_slot + 1]";
        String landing = "CASE WHEN g.k = 0 THEN " + referral + ".%1$s ELSE '' END, ";
        return "INSERT INTO events (" + EVENT_COLUMNS + ") "
                + "SELECT g.site, g.ts, CASE g.kind WHEN 0 THEN 'pageview' WHEN 1 THEN vb.customs[g.custom_slot + 1].name ELSE 'engagement' END, "
                + "  g.visitor_id, g.session_id, g.site, vb.pages[g.page_slot + 1], "
                + landing.formatted("referrer") + landing.formatted("source") + landing.formatted("utm_medium") + landing.formatted("utm_source")
                + landing.formatted("utm_campaign") + landing.formatted("utm_content") + landing.formatted("utm_term")
                + "  " + fields("vb.locations[g.location_slot + 1]", "country", "region", "city") + ", "
                + "  " + fields("vb.clients[g.client_slot + 1]", "device", "browser", "browser_version", "os", "os_version") + ", "
                + "  CASE WHEN g.kind = 1 THEN vb.customs[g.custom_slot + 1].props ELSE MAP([]::VARCHAR[], []::VARCHAR[]) END, g.kind <> 2, "
                + "  g.scroll_depth, g.engagement_ms, " + nextId + " + g.rowid "
                + "FROM bench_events g CROSS JOIN bench_vocab vb";
    }

    /** Fields of a struct expression, each under its own name. */
    private static String fields(String struct, String... names) {
        StringJoiner out = new StringJoiner(", ");
        for (String n : names) out.add(struct + "." + n + " AS " + n);
        return out.toString();
    }

    /**
     * Every vocabulary as one list of SLOTS values in a one-row table: picking is indexing a
     * constant list, where a join would build a hash table of the whole batch per attribute.
     */
    private static final String VOCABULARY_LISTS = "CREATE OR REPLACE TEMP TABLE bench_vocab AS SELECT "
            + "(SELECT list(hour ORDER BY slot) FROM bench_hours) AS hours, (SELECT list(path ORDER BY slot) FROM bench_pages) AS pages, "
            + "(SELECT list({'referrer': referrer, 'source': source, 'utm_medium': utm_medium, 'utm_source': utm_source, "
            + "'utm_campaign': utm_campaign, 'utm_content': utm_content, 'utm_term': utm_term} ORDER BY slot) FROM bench_referrals) AS referrals, "
            + "(SELECT list({'country': country, 'region': region, 'city': city} ORDER BY slot) FROM bench_locations) AS locations, "
            + "(SELECT list({'device': device, 'browser': browser, 'browser_version': browser_version, 'os': os, 'os_version': os_version} "
            + "ORDER BY slot) FROM bench_clients) AS clients, "
            + "(SELECT list({'name': name, 'props': props} ORDER BY slot) FROM bench_customs) AS customs";

    /** A vocabulary slot drawn from hash {@code h}'s draw number {@code k}, as an INTEGER: joins on it are hash joins. */
    private static String slot(String h, int k) {
        return "floor(bench_u(" + h + ", " + k + ") * " + SLOTS + ")::INTEGER";
    }

    /**
     * One +1 row per visit of bench_events in its final state, as the tracker's last row for it:
     * the referral of its landing page, the page of its first event and of its last pageview,
     * version = events registered, bounce = at most one pageview and no (interactive) custom event.
     * Grouped on the visit's vocabulary slots, not its strings, which are looked up per visit after.
     */
    private static final String SESSIONS = "INSERT INTO sessions SELECT site, session_id, visitor_id, 1, version, started, last_seen, "
            + "vb.pages[entry_slot + 1], vb.pages[exit_slot + 1], site, "
            + fields("vb.referrals[referral_slot + 1]", "referrer", "source", "utm_medium", "utm_source", "utm_campaign", "utm_content", "utm_term")
            + ", " + fields("vb.locations[location_slot + 1]", "country", "region", "city") + ", "
            + fields("vb.clients[client_slot + 1]", "device", "browser", "browser_version", "os", "os_version")
            + ", pageviews, events, duration_s, pageviews <= 1 AND NOT interactive, site " // exit_hostname: one host per site
            + "FROM (SELECT site, session_id, visitor_id, referral_slot, location_slot, client_slot, count(*)::INTEGER AS version, "
            + "  min(ts) AS started, max(ts) AS last_seen, arg_min(page_slot, ts) AS entry_slot, "
            + "  arg_max(page_slot, ts) FILTER (WHERE kind = 0) AS exit_slot, count(*) FILTER (WHERE kind = 0)::INTEGER AS pageviews, "
            + "  count(*) FILTER (WHERE kind <> 2)::INTEGER AS events, (epoch(max(ts)) - epoch(min(ts)))::INTEGER AS duration_s, "
            + "  bool_or(kind = 1) AS interactive "
            + "  FROM bench_events GROUP BY site, session_id, visitor_id, referral_slot, location_slot, client_slot) CROSS JOIN bench_vocab vb";

    // --- vocabulary: one table per drawn attribute, SLOTS rows each in proportion to the weights --------

    private void vocabulary(DuckDBConnection conn, Statement st) throws SQLException {
        // midnight: the day's start in UTC; a visit's local hour counts from it, so on the day of a DST change the hours after
        // the change are off by one (the curve shifts, which nothing measured here depends on).
        st.execute("CREATE OR REPLACE TEMP TABLE bench_day (site_no INTEGER, domain VARCHAR, day DATE, visits BIGINT, persons BIGINT, "
                + "midnight TIMESTAMP, until TIMESTAMP)");
        // hash(h, k) alone combines weakly (draws k = 4 and k = 8 of one h correlate at -0.6); hashing it again mixes them apart.
        st.execute("CREATE OR REPLACE TEMP MACRO bench_u(h, k) AS (hash(hash(h, k)) >> 11)::DOUBLE / " + UNIT);
        Weighted.Builder<Integer> byHour = Weighted.builder();
        for (int h = 0; h < SiteGenerator.HOURS.length; h++) byHour.add(SiteGenerator.HOURS[h], h);
        fill(conn, st, "bench_hours", "hour INTEGER", byHour.build(), (a, slot, h) -> a.append(h));
        fill(conn, st, "bench_pages", "path VARCHAR", SiteGenerator.pages(spec.seed()), (a, slot, p) -> a.append(p));
        fill(conn, st, "bench_referrals", "referrer VARCHAR, source VARCHAR, utm_medium VARCHAR, utm_source VARCHAR, "
                        + "utm_campaign VARCHAR, utm_content VARCHAR, utm_term VARCHAR", SiteGenerator.referrals(ReferrerSources.bundled()),
                (a, slot, r) -> a.append(r.referrer()).append(r.source()).append(r.utm().medium()).append(r.utm().source())
                        .append(r.utm().campaign()).append(r.utm().content()).append(r.utm().term()));
        fill(conn, st, "bench_locations", "country VARCHAR, region VARCHAR, city VARCHAR", SiteGenerator.locations(),
                (a, slot, l) -> a.append(l.country()).append(l.region()).append(l.city()));
        fill(conn, st, "bench_clients", "device VARCHAR, browser VARCHAR, browser_version VARCHAR, os VARCHAR, os_version VARCHAR",
                SiteGenerator.clients(new UserAgents()), (a, slot, c) -> a.append(c.device()).append(c.browser()).append(c.browserVersion())
                        .append(c.os()).append(c.osVersion()));
        // Each kind's property choices in turn over its slots: as even a spread as SiteGenerator's uniform pick.
        fill(conn, st, "bench_customs", "name VARCHAR, props MAP(VARCHAR, VARCHAR)", SiteGenerator.customs(DOMAIN),
                (a, slot, c) -> a.append(c.name()).append(c.props().get(slot % c.props().size())));
        st.execute(VOCABULARY_LISTS);
    }

    private interface Columns<T> {
        void append(DuckDBAppender appender, int slot, T value) throws SQLException;
    }

    /**
     * A temporary table {@code name(slot, columns)} of SLOTS rows: slot s holds the value at
     * quantile (s + 0.5) / SLOTS. Appenders write to the database's own tables only, so it is filled
     * there and copied; the blocks it leaves free are reused by the first day's events.
     */
    private static <T> void fill(DuckDBConnection conn, Statement st, String name, String columns, Weighted<T> values, Columns<T> append)
            throws SQLException {
        String staging = name + "_staging";
        st.execute("CREATE OR REPLACE TABLE " + staging + " (slot INTEGER, " + columns + ")");
        try (DuckDBAppender a = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, staging)) {
            for (int slot = 0; slot < SLOTS; slot++) {
                a.beginRow().append(slot);
                append.append(a, slot, values.at((slot + 0.5) / SLOTS));
                a.endRow();
            }
        }
        st.execute("CREATE OR REPLACE TEMP TABLE " + name + " AS SELECT * FROM " + staging);
        st.execute("DROP TABLE " + staging);
    }
}
