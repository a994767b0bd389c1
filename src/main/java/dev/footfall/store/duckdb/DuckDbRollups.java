package dev.footfall.store.duckdb;

import dev.footfall.query.Attribute;
import dev.footfall.query.Subject;
import dev.footfall.plan.Tier;
import dev.footfall.rollup.Coverage;
import dev.footfall.rollup.RollupDimensions;
import dev.footfall.rollup.RollupStore;
import dev.footfall.site.Site;
import dev.footfall.store.StorageException;
import dev.footfall.store.sql.CollapsedVisits;
import dev.footfall.store.sql.Columns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

import static dev.footfall.store.duckdb.DuckDbDialect.DUCKDB;

/**
 * Builds and reads the rollup tables of the embedded engine. A day is built from the raw tier in
 * three statements (events, visits, engagement), each grouping the day by every rollup dimension
 * at once with GROUPING SETS; a month is the sum of its days. The rows of pairs (a filter value
 * with a panel's dimension) go to tables of their own ({@link #PAIR_DAY_TABLE}).
 */
final class DuckDbRollups implements RollupStore {
    static final String HOUR_TABLE = "rollup_hour";
    static final String DAY_TABLE = "rollup_day";
    static final String MONTH_TABLE = "rollup_month";
    /**
     * The pairs' rows, apart from the single dimensions': about 8 in 9 of a day's rows are pairs',
     * and DuckDB skips rows only by the min and max of a stretch of rows (and of a string's first
     * 8 bytes), so within one table every read of a dimension scanned the pairs' rows of its days
     * too (30 days of top stats: 4.4 M rows read to use 30). Hours are not paired.
     */
    static final String PAIR_DAY_TABLE = "rollup_pair_day";
    static final String PAIR_MONTH_TABLE = "rollup_pair_month";

    /**
     * Every rollup table's columns after (site, bucket, dim, value), in table order; the statement
     * reads them by these names (store/sql's Partial).
     */
    private static final List<String> SUMS = List.of("events", "pageviews", "event_visitors", "event_visits", "visits",
            "visit_visitors", "visit_pageviews", "bounces", "duration_s", "engaged_visits", "engaged_ms", "scroll_sum", "scroll_visits");

    private static final Columns COLUMNS = new Columns(DUCKDB);

    /**
     * Visit dimensions grouped by one statement of a day's build: a grouping set's distinct counts
     * keep hash tables of their own, and the statement's memory grows with their number. All 27
     * in one statement outgrew the 256 MB limit on a day of 6,400 visits (about 13 K events).
     */
    private static final int VISIT_DIMENSIONS_PER_STATEMENT = 8;

    /**
     * Raised when the rows a build writes change in a way {@link #LAYOUT}'s inputs do not show (what
     * a sum counts, how visits are collapsed), so that buckets built before are built again.
     */
    private static final int REVISION = 2; // 2: pairs' rows moved to rollup_pair_day and rollup_pair_month

    /**
     * The layout of the buckets this code builds: a fingerprint of every subject's rollup dimensions,
     * the SQL that gives their values and {@link #REVISION}. Each bucket is recorded with the layout
     * it was built with, and {@link #coverage} lists only buckets of this one. A bucket built before
     * a dimension existed holds no rows for it, and one built before a labelling rule changed (a
     * channel rule, a source's category) holds the old labels; listing it would answer "none" or
     * the old label. Not listed, it is read raw until the builder's next catch-up builds it again,
     * as it does for a day it never built. Simpler than a layout per dimension checked by the
     * planner, and the price is paid once per upgrade: the catch-up after it builds every bucket again.
     */
    static final String LAYOUT = layout();

    private static String layout() {
        StringBuilder text = new StringBuilder("revision ").append(REVISION);
        RollupDimensions.EVENTS.forEach(a -> text.append("\nevents ").append(a.apiName).append(' ').append(Columns.event(a, "e")));
        RollupDimensions.VISITS.forEach(a -> text.append("\nvisits ").append(a.apiName).append(' ').append(COLUMNS.visitLabel(a, "v")));
        RollupDimensions.ENGAGEMENT.forEach(a -> text.append("\nengagement ").append(a.apiName).append(' ').append(Columns.event(a, "e")));
        for (Subject subject : Subject.values()) {
            RollupDimensions.pairs(subject).forEach(p -> text.append("\npair ").append(subject).append(' ').append(p.name("*"))
                    .append(' ').append(COLUMNS.visitLabel(p.filter(), "e")));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            // 64 bits tell layouts apart; the column stays short to read.
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private final DuckDbStorage storage;

    DuckDbRollups(DuckDbStorage storage) {
        this.storage = storage;
    }

    /** The rollup table of a tier: of pairs or of single dimensions. */
    static String table(Tier tier, boolean pairs) {
        return switch (tier) {
            case HOUR -> {
                if (pairs) throw new IllegalArgumentException("hours are not rolled up in pairs");
                yield HOUR_TABLE;
            }
            case DAY -> pairs ? PAIR_DAY_TABLE : DAY_TABLE;
            case MONTH -> pairs ? PAIR_MONTH_TABLE : MONTH_TABLE;
            case RAW -> throw new IllegalArgumentException("the raw tier has no rollup table");
        };
    }

    @Override
    public Coverage coverage(Site site) {
        Map<LocalDate, Set<String>> days = new HashMap<>();
        Map<YearMonth, Set<String>> months = new HashMap<>();
        try (Connection c = storage.reader();
             PreparedStatement ps = c.prepareStatement("SELECT granularity, bucket, skipped FROM rollup_buckets "
                     + "WHERE site = ? AND timezone = ? AND layout = ?")) {
            ps.setString(1, site.domain());
            ps.setString(2, site.timezone().getId());
            ps.setString(3, LAYOUT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate bucket = rs.getObject(2, LocalDate.class);
                    Set<String> skipped = Set.of(strings(rs.getArray(3)));
                    if (rs.getString(1).equals("day")) days.put(bucket, skipped);
                    else months.put(YearMonth.from(bucket), skipped);
                }
            }
        } catch (SQLException e) {
            throw new StorageException("reading rollup coverage of " + site.domain(), e);
        }
        return new Coverage(days, months);
    }

    private static String[] strings(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (String) values[i];
        return out;
    }

    @Override
    public void buildDay(List<Site> sites, LocalDate day, int maxValues) {
        if (sites.isEmpty()) return;
        ZoneId zone = sites.getFirst().timezone();
        if (sites.stream().anyMatch(site -> !site.timezone().equals(zone))) {
            throw new IllegalArgumentException("the sites of one day's build share a time zone");
        }
        Instant start = day.atStartOfDay(zone).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
        String what = sites.size() == 1 ? sites.getFirst().domain() : sites.size() + " sites";
        transaction("building rollups of " + what + " on " + day, st -> {
            // Read first, so the transaction's snapshot lists the archived months its reads cover:
            // a day of an archived month rebuilds from the month's files, one site at a time (the
            // files are the site's own); every other site reads the hot tables in one statement.
            List<Site> hot = new ArrayList<>();
            for (Site site : sites) {
                RawTables raw = storage.rawTables(st.getConnection(), site.domain());
                String events = raw.events(start, end), sessions = raw.sessionsStarted(start, end);
                if (events.equals("events") && sessions.equals("sessions")) hot.add(site);
                else buildDay(st, List.of(site), day, start, end, events, sessions, maxValues);
            }
            if (!hot.isEmpty()) buildDay(st, hot, day, start, end, "events", "sessions", maxValues);
        });
    }

    /**
     * One day of the sites from the relations named, in one statement per kind of row however
     * many sites: a statement's fixed cost (planning, the grouping sets' hash tables, a scan) is
     * paid once per time zone and night instead of once per site.
     */
    private void buildDay(Statement st, List<Site> sites, LocalDate day, Instant start, Instant end, String events, String sessions,
                          int maxValues) throws SQLException {
        ZoneId zone = sites.getFirst().timezone();
        String from = DUCKDB.timestamp(start);
        String until = DUCKDB.timestamp(end);
        String bucket = "TIMESTAMP '" + day.atStartOfDay() + "'";
        String nextBucket = "TIMESTAMP '" + day.plusDays(1).atStartOfDay() + "'";
        String all = sitesIn(sites.stream().map(Site::domain).toList());
        // The pairs' table too: a day of the layout before it held the pairs' rows in DAY_TABLE.
        deleteBucket(st, DAY_TABLE, all, bucket, nextBucket);
        deleteBucket(st, PAIR_DAY_TABLE, all, bucket, nextBucket);
        deleteBucket(st, HOUR_TABLE, all, bucket, nextBucket);
        // A site without an event that day has no rows to roll up (a visit starts with an event):
        // marked built without the twenty-odd statements below, which cost about 0.5 s a day
        // even when they find nothing (quiet days of small sites, and the days a catch-up walks
        // through before a site's traffic began).
        List<String> active = sitesWithEvents(st, events, all, from, until);
        Map<String, List<String>> skipped = new HashMap<>();
        if (!active.isEmpty()) {
            buildRows(st, zone, sitesIn(active), bucket, from, until, events, sessions);
            for (String table : List.of(DAY_TABLE, PAIR_DAY_TABLE)) {
                overCap(st, table, all, bucket, maxValues).forEach((site, dims) -> skipped.computeIfAbsent(site, k -> new ArrayList<>()).addAll(dims));
            }
        }
        for (Site site : sites) markBuilt(st, site, "day", day, skipped.getOrDefault(site.domain(), List.of()));
    }

    /** The domains among {@code in} with an event in the range of {@code events}. */
    private static List<String> sitesWithEvents(Statement st, String events, String in, String from, String until) throws SQLException {
        List<String> active = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT DISTINCT e.site FROM " + events + " e WHERE e.site " + in
                + " AND e.ts >= " + from + " AND e.ts < " + until)) {
            while (rs.next()) active.add(rs.getString(1));
        }
        return active;
    }

    /** The day's and its hours' rows of the sites {@code in}. */
    private static void buildRows(Statement st, ZoneId zone, String in, String bucket, String from, String until, String events,
                                  String sessions) throws SQLException {
        String tz = DUCKDB.literal(zone.getId());
        String eventRange = "e.site " + in + " AND e.ts >= " + from + " AND e.ts < " + until;
        String localHour = "date_trunc('hour', timezone(" + tz + ", %s::TIMESTAMPTZ))";
        // Day rows per dimension value.
        st.execute(insert(DAY_TABLE, bucket, eventsSelect(events, eventRange, RollupDimensions.EVENTS)));
        // Visits in parts of a few dimensions each, and pairs of a filter property with the panels'
        // dimensions one property at a time: every grouping set holds its own distinct-count hash
        // tables, and all of them in one statement outgrew the 256 MB memory limit on a day of
        // 6,400 visits (and all pairs of the four filters on a day of 4,000).
        List<Attribute> visits = RollupDimensions.VISITS;
        for (int i = 0; i < visits.size(); i += VISIT_DIMENSIONS_PER_STATEMENT) {
            List<Attribute> part = visits.subList(i, Math.min(visits.size(), i + VISIT_DIMENSIONS_PER_STATEMENT));
            st.execute(insert(DAY_TABLE, bucket, visitsSelect(sessions, in, from, until, part, i == 0, List.of())));
        }
        st.execute(insert(DAY_TABLE, bucket, engagementSelect(events, eventRange)));
        for (List<Attribute> filters : RollupDimensions.FILTERS.stream().map(List::of).toList()) {
            st.execute(insert(PAIR_DAY_TABLE, bucket, eventsSelect(events, eventRange, RollupDimensions.EVENTS, filters)));
            List<Attribute> paired = new ArrayList<>(filters);
            RollupDimensions.pairs(Subject.VISITS).stream().filter(p -> filters.contains(p.filter()) && !paired.contains(p.dimension()))
                    .forEach(p -> paired.add(p.dimension()));
            st.execute(insert(PAIR_DAY_TABLE, bucket, visitsSelect(sessions, in, from, until, paired, false, filters)));
        }
        // Hours: site totals per local hour (the repeated hour of a DST change is one bucket, as labels are).
        st.execute(insert(HOUR_TABLE, localHour.formatted("e.ts"), eventsSelect(events, eventRange, List.of()), "e.site, " + localHour.formatted("e.ts")));
        st.execute(insert(HOUR_TABLE, localHour.formatted("v.started"), visitsSelect(sessions, in, from, until, List.of()),
                "v.site, " + localHour.formatted("v.started")));
        st.execute(insert(HOUR_TABLE, "x.hour", engagementHours(events, eventRange, localHour.formatted("e.ts"))));
    }

    /** {@code IN (...)} of the sites' domains. */
    private static String sitesIn(List<String> domains) {
        StringJoiner in = new StringJoiner(", ", "IN (", ")");
        domains.forEach(d -> in.add(DUCKDB.literal(d)));
        return in.toString();
    }

    @Override
    public void buildMonth(Site site, YearMonth month, int maxValues) {
        String s = DUCKDB.literal(site.domain());
        String first = "TIMESTAMP '" + month.atDay(1).atStartOfDay() + "'";
        String next = "TIMESTAMP '" + month.plusMonths(1).atDay(1).atStartOfDay() + "'";
        transaction("building rollups of " + site.domain() + " for " + month, st -> {
            deleteBucket(st, MONTH_TABLE, "= " + s, first, next);
            deleteBucket(st, PAIR_MONTH_TABLE, "= " + s, first, next);
            // A dimension left out of any of the month's days is left out of the month.
            List<String> skipped = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT DISTINCT unnest(skipped) FROM rollup_buckets WHERE site = " + s
                    + " AND granularity = 'day' AND bucket >= " + first + "::DATE AND bucket < " + next + "::DATE")) {
                while (rs.next()) skipped.add(rs.getString(1));
            }
            StringJoiner sums = new StringJoiner(", ");
            for (String c : SUMS) sums.add("sum(" + c + ")");
            String notSkipped = skipped.isEmpty() ? "" : " AND dim NOT IN (" + String.join(", ", skipped.stream().map(DUCKDB::literal).toList()) + ")";
            for (String[] tables : new String[][] {{DAY_TABLE, MONTH_TABLE}, {PAIR_DAY_TABLE, PAIR_MONTH_TABLE}}) {
                st.execute("INSERT INTO " + tables[1] + " SELECT site, " + first + ", dim, value, " + sums + " FROM " + tables[0]
                        + " WHERE site = " + s + " AND bucket >= " + first + " AND bucket < " + next + notSkipped
                        + " GROUP BY site, dim, value ORDER BY dim, value");
            }
            skipped.addAll(overCap(st, MONTH_TABLE, "= " + s, first, maxValues).getOrDefault(site.domain(), List.of()));
            skipped.addAll(overCap(st, PAIR_MONTH_TABLE, "= " + s, first, maxValues).getOrDefault(site.domain(), List.of()));
            markBuilt(st, site, "month", month.atDay(1), skipped);
        });
    }

    @Override
    public void drop(String site, LocalDate from, LocalDate to) {
        String s = DUCKDB.literal(site);
        String dayFrom = "TIMESTAMP '" + from.atStartOfDay() + "'";
        String dayUntil = "TIMESTAMP '" + to.plusDays(1).atStartOfDay() + "'";
        String monthFrom = "TIMESTAMP '" + from.withDayOfMonth(1).atStartOfDay() + "'";
        transaction("dropping rollups of " + site, st -> {
            deleteBucket(st, DAY_TABLE, "= " + s, dayFrom, dayUntil);
            deleteBucket(st, PAIR_DAY_TABLE, "= " + s, dayFrom, dayUntil);
            deleteBucket(st, HOUR_TABLE, "= " + s, dayFrom, dayUntil);
            deleteBucket(st, MONTH_TABLE, "= " + s, monthFrom, dayUntil);
            deleteBucket(st, PAIR_MONTH_TABLE, "= " + s, monthFrom, dayUntil);
            st.execute("DELETE FROM rollup_buckets WHERE site = " + s + " AND ((granularity = 'day' AND bucket >= " + dayFrom
                    + "::DATE AND bucket < " + dayUntil + "::DATE) OR (granularity = 'month' AND bucket >= " + monthFrom
                    + "::DATE AND bucket < " + dayUntil + "::DATE))");
        });
    }

    // --- statements -------------------------------------------------------------------------

    private interface Work {
        void run(Statement st) throws SQLException;
    }

    private void transaction(String what, Work work) {
        try (Connection c = storage.reader()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                work.run(st);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException(what, e);
        }
    }

    /** @param sites the condition on the site column: {@code = 'a'} or {@code IN ('a', 'b')} */
    private static void deleteBucket(Statement st, String table, String sites, String from, String until) throws SQLException {
        st.execute("DELETE FROM " + table + " WHERE site " + sites + " AND bucket >= " + from + " AND bucket < " + until);
    }

    /** Fills a rollup table from a select of (site, dim, value, some sums), zero or NULL in the other columns. */
    private static String insert(String table, String bucket, Select select) {
        return insert(table, bucket, select, null);
    }

    private static String insert(String table, String bucket, Select select, String extraGroup) {
        StringJoiner columns = new StringJoiner(", ");
        for (String c : SUMS) {
            String value = select.sums().get(c);
            boolean nullable = c.equals("engaged_ms") || c.equals("scroll_sum");
            columns.add(value == null ? (nullable ? "NULL" : "0") : value);
        }
        String sql = select.sql().replace("%BUCKET%", bucket).replace("%COLUMNS%", columns.toString())
                .replace("%GROUP_CLAUSE%", extraGroup == null ? "" : " GROUP BY " + extraGroup);
        return "INSERT INTO " + table + " " + sql;
    }

    /** A select over the raw tier: its SQL with placeholders, and its expression per rollup column. */
    private record Select(String sql, Map<String, String> sums) {}

    /**
     * Pageviews and custom events grouped by each dimension (GROUPING SETS), or, without
     * dimensions, by the caller's grouping (the local hour).
     */
    private static Select eventsSelect(String events, String range, List<Attribute> dimensions) {
        return eventsSelect(events, range, dimensions, List.of());
    }

    /** As above, or only the pairs of these filter properties with the dimensions (RollupDimensions.FILTERS). */
    private static Select eventsSelect(String events, String range, List<Attribute> dimensions, List<Attribute> pairsOf) {
        Map<String, String> sums = Map.of("events", "count(*)", "pageviews", "count(*) FILTER (WHERE e.name = 'pageview')",
                "event_visitors", "count(DISTINCT e.visitor_id)", "event_visits", "count(DISTINCT e.session_id)");
        List<String> columns = dimensions.stream().map(a -> Columns.event(a, "e")).toList();
        String rows = events + " e WHERE " + range + " AND e.name <> 'engagement'";
        if (pairsOf.isEmpty()) {
            return new Select("SELECT e.site, %BUCKET%, " + dimValue(dimensions, columns, List.of()) + ", %COLUMNS% FROM " + rows
                    + grouping("e.site", columns, List.of(), true), sums);
        }
        // The filters' labels computed before grouping, as the visits' labels are; the filter
        // properties are carried by every event of a visit (RollupDimensions.FILTERS).
        StringBuilder labelled = new StringBuilder("SELECT e.*");
        for (int i = 0; i < pairsOf.size(); i++) labelled.append(", ").append(COLUMNS.visitLabel(pairsOf.get(i), "e")).append(" AS f").append(i);
        rows = "(" + labelled + " FROM " + rows + ") e";
        List<PairColumns> pairs = RollupDimensions.pairs(Subject.EVENTS).stream().filter(p -> pairsOf.contains(p.filter()))
                .map(p -> new PairColumns(p, "e.f" + pairsOf.indexOf(p.filter()), columns.get(dimensions.indexOf(p.dimension())))).toList();
        return new Select("SELECT e.site, %BUCKET%, " + dimValue(List.of(), List.of(), pairs) + ", %COLUMNS% FROM " + rows
                + grouping("e.site", List.of(), pairs, false), sums);
    }

    /** A pair's grouping columns: its filter's label and its dimension's. */
    private record PairColumns(RollupDimensions.Pair pair, String filter, String dimension) {}

    /**
     * Visits that started in the range, each collapsed to its final state (its latest exit page and
     * host, its summed counters) and labelled as the API labels each visit dimension, then grouped
     * by each label.
     */
    private static Select visitsSelect(String sessions, String sites, String from, String until, List<Attribute> dimensions) {
        return visitsSelect(sessions, sites, from, until, dimensions, true, List.of());
    }

    /**
     * As above, with or without the site's totals, or only the pairs of these filter properties
     * with the dimensions paired with them (RollupDimensions.FILTERS).
     */
    private static Select visitsSelect(String sessions, String sites, String from, String until, List<Attribute> dimensions,
                                       boolean totals, List<Attribute> pairsOf) {
        Map<String, String> sums = Map.of("visits", "sum(v.n)", "visit_visitors", "count(DISTINCT v.visitor_id)",
                "visit_pageviews", "sum(v.pageviews)", "bounces", "sum(v.bounces)", "duration_s", "sum(v.duration_s)");
        String collapsed = "SELECT site, session_id, any_value(visitor_id) AS visitor_id, any_value(started) AS started, "
                + new CollapsedVisits(DUCKDB).pages() + ", "
                + String.join(", ", Columns.VISIT_PROPERTIES.stream().map(Columns::visit).map(c -> "any_value(" + c + ") AS " + c).toList())
                + ", sum(sign)::BIGINT AS n, sum(sign * pageviews) AS pageviews, sum(sign * is_bounce::INTEGER) AS bounces, "
                + "sum(sign * duration_s) AS duration_s FROM " + sessions + " WHERE site " + sites + " AND started >= " + from
                + " AND started < " + until + " GROUP BY site, session_id";
        // Each visit's labels, computed before grouping: a grouping set groups by plain columns, and
        // the channel's label is a subquery over the visit's source and UTM tags.
        StringBuilder labelled = new StringBuilder("SELECT v.*");
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < dimensions.size(); i++) {
            labelled.append(", ").append(COLUMNS.visitLabel(dimensions.get(i), "v")).append(" AS d").append(i);
            columns.add("v.d" + i);
        }
        String rows = " FROM (" + labelled + " FROM (" + collapsed + ") v) v";
        if (pairsOf.isEmpty()) {
            return new Select("SELECT v.site, %BUCKET%, " + dimValue(dimensions, columns, List.of()) + ", %COLUMNS%" + rows
                    + grouping("v.site", columns, List.of(), totals), sums);
        }
        List<PairColumns> pairs = RollupDimensions.pairs(Subject.VISITS).stream().filter(p -> pairsOf.contains(p.filter()))
                .map(p -> new PairColumns(p, columns.get(dimensions.indexOf(p.filter())), columns.get(dimensions.indexOf(p.dimension()))))
                .toList();
        return new Select("SELECT v.site, %BUCKET%, " + dimValue(List.of(), List.of(), pairs) + ", %COLUMNS%" + rows
                + grouping("v.site", List.of(), pairs, false), sums);
    }

    /** Engagement per visit (deepest scroll, summed time), then per page and for the site. */
    private static Select engagementSelect(String events, String range) {
        Map<String, String> sums = Map.of("engaged_visits", "count(*)", "engaged_ms", "sum(x.ms)", "scroll_sum", "sum(x.depth)",
                "scroll_visits", "count(x.depth)");
        String perVisit = "SELECT e.site, grouping(e.pathname) AS totals, e.pathname, e.session_id, "
                + "max(e.scroll_depth) FILTER (WHERE e.scroll_depth <= 100) AS depth, sum(e.engagement_ms) AS ms FROM " + events + " e WHERE "
                + range + " AND e.name = 'engagement' GROUP BY GROUPING SETS ((e.site, e.session_id), (e.site, e.pathname, e.session_id))";
        return new Select("SELECT x.site, %BUCKET%, CASE WHEN x.totals = 1 THEN '' ELSE " + DUCKDB.literal(Attribute.PAGE.apiName)
                + " END, coalesce(x.pathname, ''), %COLUMNS% FROM (" + perVisit + ") x GROUP BY ALL", sums);
    }

    /** Engagement totals per local hour. */
    private static Select engagementHours(String events, String range, String localHour) {
        Map<String, String> sums = Map.of("engaged_visits", "count(*)", "engaged_ms", "sum(x.ms)", "scroll_sum", "sum(x.depth)",
                "scroll_visits", "count(x.depth)");
        String perVisit = "SELECT e.site, " + localHour + " AS hour, e.session_id, max(e.scroll_depth) FILTER (WHERE e.scroll_depth <= 100) AS depth, "
                + "sum(e.engagement_ms) AS ms FROM " + events + " e WHERE " + range + " AND e.name = 'engagement' GROUP BY ALL";
        return new Select("SELECT x.site, x.hour, '', '', %COLUMNS% FROM (" + perVisit + ") x GROUP BY x.site, x.hour", sums);
    }

    /**
     * The (dim, value) columns: which grouping set a row belongs to, and its value there. A pair's
     * rows are named by their filter value too ({@link RollupDimensions.Pair#name}); its sets are
     * tested first, as a pair's columns are also grouped alone.
     */
    private static String dimValue(List<Attribute> dimensions, List<String> columns, List<PairColumns> pairs) {
        if (dimensions.isEmpty() && pairs.isEmpty()) return "'', ''";
        StringJoiner dim = new StringJoiner(" ", "CASE ", " ELSE '' END");
        StringJoiner value = new StringJoiner(" ", "CASE ", " ELSE '' END");
        for (PairColumns p : pairs) {
            String both = "grouping(" + p.filter() + ") = 0 AND grouping(" + p.dimension() + ") = 0";
            dim.add("WHEN " + both + " THEN " + DUCKDB.literal(p.pair().prefix()) + " || " + p.filter() + " || "
                    + DUCKDB.literal(p.pair().suffix()));
            value.add("WHEN " + both + " THEN " + p.dimension());
        }
        for (int i = 0; i < dimensions.size(); i++) {
            dim.add("WHEN grouping(" + columns.get(i) + ") = 0 THEN " + DUCKDB.literal(dimensions.get(i).apiName));
            value.add("WHEN grouping(" + columns.get(i) + ") = 0 THEN " + columns.get(i));
        }
        return dim + ", " + value;
    }

    /** Each site's totals plus one grouping set per dimension, or one per pair; without either, the caller's grouping (site and local hour). */
    private static String grouping(String site, List<String> columns, List<PairColumns> pairs, boolean totals) {
        if (!pairs.isEmpty()) {
            StringJoiner sets = new StringJoiner(", ", " GROUP BY GROUPING SETS (", ")");
            for (PairColumns p : pairs) sets.add("(" + site + ", " + p.filter() + ", " + p.dimension() + ")");
            return sets + " HAVING count(*) > 0";
        }
        if (columns.isEmpty()) return "%GROUP_CLAUSE%";
        StringJoiner sets = new StringJoiner(", ", " GROUP BY GROUPING SETS (", ")");
        if (totals) sets.add("(" + site + ")");
        for (String c : columns) sets.add("(" + site + ", " + c + ")");
        // An empty day's () set is still one row, of nothing: not worth storing.
        return sets + " HAVING count(*) > 0";
    }

    /**
     * Dimensions of the bucket with more than {@code maxValues} values, by site: their rows are
     * deleted, and returned.
     *
     * @param sites the condition on the site column: {@code = 'a'} or {@code IN ('a', 'b')}
     */
    private static Map<String, List<String>> overCap(Statement st, String table, String sites, String bucket, int maxValues) throws SQLException {
        Map<String, List<String>> over = new HashMap<>();
        try (ResultSet rs = st.executeQuery("SELECT site, dim FROM " + table + " WHERE site " + sites + " AND bucket = " + bucket
                + " GROUP BY site, dim HAVING count(DISTINCT value) > " + maxValues)) {
            while (rs.next()) over.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
        for (var site : over.entrySet()) {
            for (String dim : site.getValue()) {
                st.execute("DELETE FROM " + table + " WHERE site = " + DUCKDB.literal(site.getKey()) + " AND bucket = " + bucket
                        + " AND dim = " + DUCKDB.literal(dim));
            }
        }
        return over;
    }

    private static void markBuilt(Statement st, Site site, String granularity, LocalDate bucket, List<String> skipped) throws SQLException {
        StringJoiner list = new StringJoiner(", ", "[", "]::VARCHAR[]");
        skipped.forEach(d -> list.add(DUCKDB.literal(d)));
        st.execute("INSERT OR REPLACE INTO rollup_buckets (site, granularity, bucket, timezone, skipped, built_at, layout) VALUES ("
                + DUCKDB.literal(site.domain()) + ", " + DUCKDB.literal(granularity) + ", DATE '" + bucket + "', "
                + DUCKDB.literal(site.timezone().getId()) + ", " + list + ", now(), " + DUCKDB.literal(LAYOUT) + ")");
    }
}
