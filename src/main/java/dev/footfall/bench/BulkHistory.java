package dev.footfall.bench;

import dev.footfall.enrich.ReferrerSources;
import dev.footfall.enrich.UserAgents;
import dev.footfall.site.Site;
import dev.footfall.store.Event;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
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
 * with DuckDB SQL ({@code INSERT ... SELECT} over {@code range()}), a day of every site per
 * statement. The pipeline stores thousands of events a second and {@link SiteGenerator} tens of
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
 * ids increase in time order within a day; and two visits of one visitor on one day may overlap,
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
            List<Site> sites = new ArrayList<>(List.of(new Site(DOMAIN, ZONE, List.of())));
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
     * {@code progress} hears about each finished month.
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
            long events = 0, pageviews = 0, visits = 0;
            long start = System.nanoTime();
            for (int d = 0; d < spec.days(); d++) {
                LocalDate day = spec.firstDay().plusDays(d);
                double dayPageviews = (double) spec.pageviewsPerMonth() * spec.months() * weights[d] / weightSum;
                st.execute("DELETE FROM bench_day");
                List<Site> sites = spec.sites();
                for (int i = 0; i < sites.size(); i++) {
                    Site site = sites.get(i);
                    long siteVisits = Math.round(dayPageviews * visitsPerPageview * (i == 0 ? 1 : SMALL_SITE_SHARE));
                    if (siteVisits == 0) continue;
                    long persons = Math.max(1, Math.round(siteVisits / VISITS_PER_VISITOR));
                    st.execute("INSERT INTO bench_day VALUES (" + i + ", '" + site.domain() + "', '" + site.timezone().getId() + "', DATE '"
                            + day + "', " + siteVisits + ", " + persons + ", " + localToUtc("TIMESTAMP '" + spec.lastDay().plusDays(1) + "'", "'" + site.timezone().getId() + "'") + ")");
                }
                st.execute(dayEvents());
                long dayEvents = single(st, "SELECT count(*) FROM bench_events");
                st.execute("INSERT INTO events (" + EVENT_COLUMNS + ") SELECT " + EVENT_COLUMNS.replace(", id", ", " + nextId
                        + " - 1 + row_number() OVER (ORDER BY ts) AS id") + " FROM bench_events ORDER BY ts");
                nextId += dayEvents;
                st.execute(SESSIONS);
                events += dayEvents;
                pageviews += single(st, "SELECT count(*) FROM bench_events WHERE name = 'pageview'");
                visits += single(st, "SELECT count(DISTINCT session_id) FROM bench_events");
                if (d == spec.days() - 1 || day.plusDays(1).getDayOfMonth() == 1) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    progress.accept(String.format("%s: %,d events so far, %.0f s, %,.0f events/s", day.withDayOfMonth(1).toString().substring(0, 7),
                            events, seconds, events / seconds));
                }
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

    /** A local wall-clock TIMESTAMP in a zone, as the UTC TIMESTAMP the raw tables hold. */
    private static String localToUtc(String local, String zone) {
        return "timezone('UTC', timezone(" + zone + ", " + local + "))";
    }

    // --- statements ----------------------------------------------------------------------------

    /** The events table's columns, in table order. */
    private static final String EVENT_COLUMNS = "site, ts, name, visitor_id, session_id, hostname, pathname, referrer, referrer_source, "
            + "utm_medium, utm_source, utm_campaign, utm_content, utm_term, country, region, city, device, browser, browser_version, "
            + "os, os_version, props, interactive, scroll_depth, engagement_ms, id";

    /**
     * The day's events of every site of bench_day into bench_events: visits drawn per site, their
     * pageviews one after another, a custom event within the odd page's stay and an engagement
     * event at the end of a third of the stays; what falls after the generated period is cut.
     * Besides the event columns, each row carries its visit's referral (v_*) for the session row.
     */
    private String dayEvents() {
        String seed = Long.toString(spec.seed());
        String sameForAll = "domain AS site, visitor_id, session_id, domain AS hostname, path AS pathname, "
                + "CASE WHEN k = 0 THEN v_referrer ELSE '' END AS referrer, CASE WHEN k = 0 THEN v_source ELSE '' END AS referrer_source, "
                + "CASE WHEN k = 0 THEN v_utm_medium ELSE '' END AS utm_medium, CASE WHEN k = 0 THEN v_utm_source ELSE '' END AS utm_source, "
                + "CASE WHEN k = 0 THEN v_utm_campaign ELSE '' END AS utm_campaign, CASE WHEN k = 0 THEN v_utm_content ELSE '' END AS utm_content, "
                + "CASE WHEN k = 0 THEN v_utm_term ELSE '' END AS utm_term, country, region, city, device, browser, browser_version, os, os_version, "
                + "v_referrer, v_source, v_utm_medium, v_utm_source, v_utm_campaign, v_utm_content, v_utm_term, until";
        String noProps = "MAP([]::VARCHAR[], []::VARCHAR[])";
        return "CREATE OR REPLACE TEMP TABLE bench_events AS "
                + "WITH visits AS (SELECT site_no, domain, zone, day, persons, until, hash(" + seed + ", site_no, day, i) AS h "
                + "  FROM (SELECT *, unnest(range(visits)) AS i FROM bench_day)), "
                + "drawn AS (SELECT v.*, (v.h >> 1)::BIGINT AS session_id, "
                + "  (hash(" + seed + ", v.site_no, v.day, floor(bench_u(v.h, 1) * v.persons)::BIGINT) >> 1)::BIGINT AS visitor_id, "
                + "  " + localToUtc("v.day::TIMESTAMP + to_hours(hr.hour) + to_seconds(floor(bench_u(v.h, 3) * 3600)::BIGINT)", "v.zone") + " AS started, "
                + "  least(" + MAX_PAGEVIEWS + ", 1 + floor(ln(1 - bench_u(v.h, 4)) / ln(1 - 1 / " + PAGEVIEWS_PER_VISIT + ")))::INTEGER AS views, "
                + "  CASE WHEN bench_u(v.h, 9) < " + CUSTOM_EVENT_PER_VISIT + " THEN floor(bench_u(v.h, 10) * 1000000)::BIGINT ELSE -1 END AS custom_draw, "
                + "  r.referrer AS v_referrer, r.source AS v_source, r.utm_medium AS v_utm_medium, r.utm_source AS v_utm_source, "
                + "  r.utm_campaign AS v_utm_campaign, r.utm_content AS v_utm_content, r.utm_term AS v_utm_term, "
                + "  l.country, l.region, l.city, c.device, c.browser, c.browser_version, c.os, c.os_version, cu.name AS custom_name, cu.props AS custom_props "
                + "  FROM visits v "
                + "  JOIN bench_hours hr ON hr.slot = floor(bench_u(v.h, 2) * " + SLOTS + ") "
                + "  JOIN bench_referrals r ON r.slot = floor(bench_u(v.h, 5) * " + SLOTS + ") "
                + "  JOIN bench_locations l ON l.slot = floor(bench_u(v.h, 6) * " + SLOTS + ") "
                + "  JOIN bench_clients c ON c.slot = floor(bench_u(v.h, 7) * " + SLOTS + ") "
                + "  JOIN bench_customs cu ON cu.slot = floor(bench_u(v.h, 8) * " + SLOTS + ")), "
                + "viewed AS (SELECT *, unnest(range(views)) AS k FROM drawn), "
                + "paged AS (SELECT w.*, hash(w.h, w.k) AS hk, p.path, "
                + "  least(" + MAX_GAP_SECONDS + ", 5 + floor(-ln(1 - bench_u(hash(w.h, w.k), 1)) * " + MEAN_PAGE_SECONDS + "))::BIGINT AS stay "
                + "  FROM viewed w JOIN bench_pages p ON p.slot = floor(bench_u(hash(w.h, w.k), 2) * " + SLOTS + ")), "
                + "timed AS (SELECT *, started + to_seconds(sum(stay + 1) OVER (PARTITION BY session_id ORDER BY k) - (stay + 1)) AS at FROM paged), "
                + "generated AS ("
                + "  SELECT at AS ts, 'pageview' AS name, " + sameForAll + ", " + noProps + " AS props, true AS interactive, "
                + "    NULL::SMALLINT AS scroll_depth, NULL::INTEGER AS engagement_ms FROM timed "
                + "  UNION ALL SELECT at + to_seconds(1 + floor(bench_u(hk, 3) * stay)::BIGINT), custom_name, " + sameForAll + ", custom_props, true, "
                + "    NULL, NULL FROM timed WHERE custom_draw % views = k "
                + "  UNION ALL SELECT at + to_seconds(stay), 'engagement', " + sameForAll + ", " + noProps + ", false, "
                + "    least(100, floor(bench_u(hk, 4) * bench_u(hk, 5) * 140) + CASE WHEN bench_u(hk, 6) < 0.2 THEN 100 ELSE 0 END)::SMALLINT, "
                + "    floor(stay * 1000 * (0.2 + 0.8 * bench_u(hk, 7)))::INTEGER FROM timed WHERE bench_u(hk, 8) < " + ENGAGEMENT_PER_PAGEVIEW + ") "
                + "SELECT * EXCLUDE (until), NULL::BIGINT AS id FROM generated WHERE ts < until";
    }

    /**
     * One +1 row per visit of bench_events in its final state, as the tracker's last row for it:
     * the referral of its landing page, the page of its first event and of its last pageview,
     * version = events registered, bounce = at most one pageview and no (interactive) custom event.
     */
    private static final String SESSIONS = "INSERT INTO sessions SELECT site, session_id, any_value(visitor_id), 1, count(*)::INTEGER, "
            + "min(ts), max(ts), arg_min(pathname, ts), arg_max(pathname, ts) FILTER (WHERE name = 'pageview'), any_value(hostname), "
            + "any_value(v_referrer), any_value(v_source), any_value(v_utm_medium), any_value(v_utm_source), any_value(v_utm_campaign), "
            + "any_value(v_utm_content), any_value(v_utm_term), any_value(country), any_value(region), any_value(city), any_value(device), "
            + "any_value(browser), any_value(browser_version), any_value(os), any_value(os_version), "
            + "count(*) FILTER (WHERE name = 'pageview')::INTEGER, count(*) FILTER (WHERE name <> 'engagement')::INTEGER, "
            + "(epoch(max(ts)) - epoch(min(ts)))::INTEGER, "
            + "count(*) FILTER (WHERE name = 'pageview') <= 1 AND NOT bool_or(name NOT IN ('pageview', 'engagement')) "
            + "FROM bench_events GROUP BY site, session_id ORDER BY 6";

    // --- vocabulary: one table per drawn attribute, SLOTS rows each in proportion to the weights --------

    private void vocabulary(DuckDBConnection conn, Statement st) throws SQLException {
        st.execute("CREATE OR REPLACE TEMP TABLE bench_day (site_no INTEGER, domain VARCHAR, zone VARCHAR, day DATE, visits BIGINT, "
                + "persons BIGINT, until TIMESTAMP)");
        st.execute("CREATE OR REPLACE TEMP MACRO bench_u(h, k) AS (hash(h, k) >> 11)::DOUBLE / " + UNIT);
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
