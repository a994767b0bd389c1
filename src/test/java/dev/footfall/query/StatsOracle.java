package dev.footfall.query;

import dev.footfall.site.Goal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A second implementation of the Stats metrics: plain loops over the raw events in memory. It
 * shares nothing with the SQL path (no engine, no StatsService, no session rows: visits are
 * rebuilt here from the events' session ids), so agreeing with it is evidence, not a tautology.
 * It reads only the query's records, which are the question, not the answer.
 *
 * <p>The semantics it encodes (docs/stats.md): event metrics count events in the range; visit
 * metrics count visits that started in the range; "either" metrics (visitors, visits) follow the
 * events when the query names an event property, else the visits. Distinct counts (visitors,
 * visits of events, engagement per visit) are per local day and summed over the days: a visitor
 * or visit seen on two days counts on each.
 */
public final class StatsOracle {
    /** One stored event, as read back from the events table. */
    public record Ev(Instant ts, String name, long visitor, long session, String hostname, String pathname,
                     String referrer, String source, String utmMedium, String utmSource, String utmCampaign,
                     String utmContent, String utmTerm, String country, String region, String city, String device,
                     String browser, String browserVersion, String os, String osVersion, Map<String, String> props,
                     boolean interactive, Integer scrollDepth, Integer engagementMs) {
        boolean engagement() { return name.equals("engagement"); }
        boolean pageview() { return name.equals("pageview"); }
    }

    private static final class Visit {
        final long id;
        final long visitor;
        final Ev first;
        final List<Ev> events = new ArrayList<>();
        Instant started;
        Instant lastSeen;
        String exitPage;
        String exitHostname;
        int pageviews;
        boolean interactive;

        Visit(Ev first) {
            this.id = first.session();
            this.visitor = first.visitor();
            this.first = first;
            this.started = first.ts();
            this.lastSeen = first.ts();
            this.exitPage = first.pathname();
            this.exitHostname = first.hostname();
        }

        void add(Ev e) {
            events.add(e);
            if (e.ts().isAfter(lastSeen)) lastSeen = e.ts();
            if (e.pageview()) {
                pageviews++;
                if (events.size() > 1) {
                    exitPage = e.pathname();
                    exitHostname = e.hostname();
                }
            }
            if (!e.engagement() && !e.pageview() && e.interactive()) interactive = true;
        }

        boolean bounce() { return pageviews <= 1 && !interactive; }
        long duration() { return lastSeen.getEpochSecond() - started.getEpochSecond(); }
    }

    /** One answer row, exact. */
    public record Row(List<String> dimensions, List<Number> metrics) {}

    public record Result(List<Row> rows, long totalRows) {}

    private final List<Ev> events;
    private final Map<Long, Visit> visits = new HashMap<>();
    private final ZoneId zone;
    private final List<Goal> goals;

    /** @param events the site's events in the order they were stored */
    public StatsOracle(List<Ev> events, ZoneId zone, List<Goal> goals) {
        this.events = events;
        this.zone = zone;
        this.goals = goals;
        for (Ev e : events) visits.computeIfAbsent(e.session(), id -> new Visit(e)).add(e);
    }

    public Result answer(StatsQuery q) {
        List<Row> rows = new ArrayList<>(unordered(q, q.metrics(), q.dimensions(), q.filter()));
        Comparator<Row> order = (a, b) -> 0;
        for (Order o : q.orderBy()) {
            int m = indexOf(q.metrics().stream().map(x -> x.apiName).toList(), o.name());
            int d = indexOf(q.dimensions().stream().map(Dimension::apiName).toList(), o.name());
            Comparator<Row> c;
            if (m >= 0) {
                Comparator<Double> numbers = o.descending() ? Comparator.reverseOrder() : Comparator.naturalOrder();
                c = Comparator.comparing(r -> r.metrics().get(m) == null ? null : r.metrics().get(m).doubleValue(), Comparator.nullsLast(numbers));
            } else {
                Comparator<String> strings = o.descending() ? Comparator.<String>reverseOrder() : Comparator.<String>naturalOrder();
                c = Comparator.comparing(r -> r.dimensions().get(d), strings);
            }
            order = order.thenComparing(c);
        }
        for (int i = 0; i < q.dimensions().size(); i++) {
            int at = i;
            order = order.thenComparing(r -> r.dimensions().get(at));
        }
        rows.sort(order);
        long total = rows.size();
        int from = Math.min(q.offset(), rows.size());
        int to = q.limit() > 0 ? Math.min(rows.size(), q.offset() + q.limit()) : rows.size();
        return new Result(rows.subList(from, to), total);
    }

    private static int indexOf(List<String> names, String name) {
        return names.indexOf(name);
    }

    // --- groups and metrics -------------------------------------------------------------------

    private List<Row> unordered(StatsQuery q, List<Metric> metrics, List<Dimension> dims, java.util.Optional<Filter> filter) {
        boolean eventScoped = dims.stream().anyMatch(Dimension::eventScoped) || filter.map(StatsOracle::eventScoped).orElse(false);
        Instant from = q.interval().from(), until = q.interval().until();

        Set<Metric> fromEvents = new HashSet<>(), fromVisits = new HashSet<>(), fromEngagement = new HashSet<>();
        for (Metric m : metrics) {
            switch (m) {
                case PAGEVIEWS, EVENTS -> fromEvents.add(m);
                case BOUNCE_RATE, VISIT_DURATION, VIEWS_PER_VISIT -> fromVisits.add(m);
                case VISITORS, VISITS -> (eventScoped ? fromEvents : fromVisits).add(m);
                case SCROLL_DEPTH, TIME_ON_PAGE -> fromEngagement.add(m);
                case PERCENTAGE, CONVERSION_RATE, GROUP_CONVERSION_RATE -> (eventScoped ? fromEvents : fromVisits).add(Metric.VISITORS);
            }
        }
        // events subject
        Map<List<String>, Acc> ev = new LinkedHashMap<>();
        Map<List<String>, Map<List<Object>, long[]>> eng = new LinkedHashMap<>(); // key -> (day, session) -> {maxDepth or -1, sumMs, hasMs}
        for (Ev e : events) {
            if (e.ts().isBefore(from) || !e.ts().isBefore(until)) continue;
            Visit v = visits.get(e.session());
            if (filter.isPresent() && !onEvent(filter.get(), e, v, q)) continue;
            for (List<String> key : eventKeys(dims, e, v, q)) {
                if (e.engagement()) {
                    long[] s = eng.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(List.of(day(e.ts()), e.session()), k -> new long[]{-1, 0, 0});
                    if (e.scrollDepth() != null && e.scrollDepth() <= 100) s[0] = Math.max(s[0], e.scrollDepth());
                    if (e.engagementMs() != null) {
                        s[1] += e.engagementMs();
                        s[2] = 1;
                    }
                } else {
                    Acc a = ev.computeIfAbsent(key, k -> new Acc());
                    a.visitors.add(List.of(day(e.ts()), e.visitor()));
                    a.sessions.add(List.of(day(e.ts()), e.session()));
                    a.events++;
                    if (e.pageview()) a.pageviews++;
                }
            }
        }
        // visits subject
        Map<List<String>, Acc> vis = new LinkedHashMap<>();
        // Plausible: the first top-level event:page condition also means the entry page, for bounce rates only.
        Filter.Condition entering = null;
        if (filter.isPresent()) {
            for (Filter f : filter.get() instanceof Filter.And(List<Filter> all) ? all : List.of(filter.get())) {
                if (f instanceof Filter.Condition c && c.dimension() instanceof Dimension.Of(Attribute a) && a == Attribute.PAGE) {
                    entering = c;
                    break;
                }
            }
        }
        for (Visit v : fromVisits.isEmpty() ? List.<Visit>of() : visits.values()) {
            if (v.started.isBefore(from) || !v.started.isBefore(until)) continue;
            if (filter.isPresent() && !onVisit(filter.get(), v, q)) continue;
            List<String> key = new ArrayList<>();
            for (Dimension d : dims) key.add(visitKey(d, v, q));
            Acc a = vis.computeIfAbsent(key, k -> new Acc());
            a.visitors.add(List.of(day(v.started), v.visitor));
            a.visitCount++;
            a.visitPageviews += v.pageviews;
            if (entering == null || test(entering, v.first.pathname())) {
                a.bounceVisits++;
                a.bounces += v.bounce() ? 1 : 0;
            }
            a.durations += v.duration();
        }

        List<List<String>> keys = new ArrayList<>();
        Set<List<String>> seen = new HashSet<>();
        if (dims.isEmpty()) keys.add(List.of());
        else {
            if (!fromEvents.isEmpty()) ev.keySet().forEach(k -> { if (seen.add(k)) keys.add(k); });
            if (!fromVisits.isEmpty()) vis.keySet().forEach(k -> { if (seen.add(k)) keys.add(k); });
            if (!fromEngagement.isEmpty()) eng.keySet().forEach(k -> { if (seen.add(k)) keys.add(k); });
        }

        Long total = null, converting = null;
        Map<List<String>, Long> groupTotals = new HashMap<>();
        List<Integer> groupDims = new ArrayList<>();
        if (metrics.contains(Metric.PERCENTAGE)) total = visitorsOf(q, List.of(), filter).getOrDefault(List.of(), 0L);
        java.util.Optional<Filter> withoutGoals = withoutTopLevelGoalsAndProps(filter);
        if (metrics.contains(Metric.CONVERSION_RATE)) converting = visitorsOf(q, List.of(), withoutGoals).getOrDefault(List.of(), 0L);
        if (metrics.contains(Metric.GROUP_CONVERSION_RATE)) {
            List<Dimension> gd = new ArrayList<>();
            for (int i = 0; i < dims.size(); i++) if (!(dims.get(i) instanceof Dimension.Goal)) { gd.add(dims.get(i)); groupDims.add(i); }
            groupTotals = visitorsOf(q, gd, withoutGoals);
        }

        List<Row> rows = new ArrayList<>();
        for (List<String> key : keys) {
            Acc e = ev.getOrDefault(key, new Acc());
            Acc v = vis.getOrDefault(key, new Acc());
            Map<List<Object>, long[]> g = eng.getOrDefault(key, Map.of());
            long visitors = eventScoped ? e.visitors.size() : v.visitors.size();
            List<Number> values = new ArrayList<>();
            for (Metric m : metrics) {
                values.add(switch (m) {
                    case VISITORS -> visitors;
                    case VISITS -> eventScoped ? (long) e.sessions.size() : (long) v.visitCount;
                    case PAGEVIEWS -> e.pageviews;
                    case EVENTS -> e.events;
                    case VIEWS_PER_VISIT -> v.visitCount == 0 ? 0.0 : (double) v.visitPageviews / v.visitCount;
                    case BOUNCE_RATE -> v.bounceVisits == 0 ? 0.0 : 100.0 * v.bounces / v.bounceVisits;
                    case VISIT_DURATION -> v.visitCount == 0 ? 0.0 : (double) v.durations / v.visitCount;
                    case SCROLL_DEPTH -> {
                        long sum = 0, n = 0;
                        for (long[] s : g.values()) if (s[0] >= 0) { sum += s[0]; n++; }
                        yield n == 0 ? null : (double) sum / n;
                    }
                    case TIME_ON_PAGE -> {
                        long sum = 0;
                        boolean any = false;
                        for (long[] s : g.values()) if (s[2] == 1) { sum += s[1]; any = true; }
                        yield !any || g.isEmpty() ? null : (double) sum / g.size() / 1000.0;
                    }
                    case PERCENTAGE -> total == 0 ? null : 100.0 * visitors / total;
                    case CONVERSION_RATE -> converting == 0 ? 0.0 : 100.0 * visitors / converting;
                    case GROUP_CONVERSION_RATE -> {
                        List<String> gk = groupDims.stream().map(key::get).toList();
                        long of = groupTotals.getOrDefault(gk, 0L);
                        yield of == 0 ? 0.0 : 100.0 * visitors / of;
                    }
                });
            }
            rows.add(new Row(key, values));
        }
        return rows;
    }

    private Map<List<String>, Long> visitorsOf(StatsQuery q, List<Dimension> dims, java.util.Optional<Filter> filter) {
        Map<List<String>, Long> out = new HashMap<>();
        for (Row r : unordered(q, List.of(Metric.VISITORS), dims, filter)) out.put(r.dimensions(), r.metrics().getFirst().longValue());
        return out;
    }

    private static java.util.Optional<Filter> withoutTopLevelGoalsAndProps(java.util.Optional<Filter> filter) {
        if (filter.isEmpty()) return filter;
        List<Filter> top = filter.get() instanceof Filter.And(List<Filter> all) ? all : List.of(filter.get());
        List<Filter> kept = new ArrayList<>();
        for (Filter f : top) {
            boolean drop = f instanceof Filter.Condition c && (c.dimension() instanceof Dimension.Goal || c.dimension() instanceof Dimension.Prop);
            if (!drop) kept.add(f);
        }
        if (kept.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of(kept.size() == 1 ? kept.getFirst() : new Filter.And(kept));
    }

    private static final class Acc {
        /** (local day, visitor id) and (local day, session id): distinct per day. */
        final Set<List<Object>> visitors = new HashSet<>();
        final Set<List<Object>> sessions = new HashSet<>();
        long pageviews, events;
        int visitCount;
        /** Visits a bounce rate divides by: those entering on a top-level event:page filter's page, if there is one. */
        int bounceVisits;
        long visitPageviews, bounces, durations;
    }

    // --- keys ---------------------------------------------------------------------------------

    private LocalDate day(Instant t) {
        return t.atZone(zone).toLocalDate();
    }

    private List<List<String>> eventKeys(List<Dimension> dims, Ev e, Visit v, StatsQuery q) {
        List<List<String>> keys = new ArrayList<>();
        keys.add(new ArrayList<>());
        for (Dimension d : dims) {
            List<String> values = d instanceof Dimension.Goal ? reachedGoals(e) : List.of(eventKey(d, e, v, q));
            List<List<String>> next = new ArrayList<>();
            for (List<String> k : keys) for (String value : values) {
                List<String> extended = new ArrayList<>(k);
                extended.add(value);
                next.add(extended);
            }
            keys = next;
        }
        return keys;
    }

    private List<String> reachedGoals(Ev e) {
        List<String> names = new ArrayList<>();
        for (Goal g : goals) if (reaches(g, e)) names.add(g.displayName());
        return names;
    }

    private String eventKey(Dimension d, Ev e, Visit v, StatsQuery q) {
        return switch (d) {
            case Dimension.Of(Attribute a) when a == Attribute.NAME -> e.name();
            case Dimension.Of(Attribute a) when a == Attribute.PAGE -> e.pathname();
            case Dimension.Of(Attribute a) when a == Attribute.HOSTNAME -> e.hostname();
            case Dimension.Of(Attribute a) -> visitLabel(a, v);
            case Dimension.Prop(String key) -> propLabel(e, key);
            case Dimension.Time t -> timeLabel(t.granularity(), e.ts(), q);
            case Dimension.Goal g -> throw new IllegalStateException();
        };
    }

    private String visitKey(Dimension d, Visit v, StatsQuery q) {
        return switch (d) {
            case Dimension.Of(Attribute a) -> visitLabel(asEntry(a), v);
            case Dimension.Time t -> timeLabel(t.granularity(), v.started, q);
            default -> throw new IllegalStateException(d.apiName());
        };
    }

    /** Visits grouped by a page or host are grouped by the page or host they entered on. */
    private static Attribute asEntry(Attribute a) {
        return a == Attribute.PAGE ? Attribute.ENTRY_PAGE : a == Attribute.HOSTNAME ? Attribute.ENTRY_PAGE_HOSTNAME : a;
    }

    private static String propLabel(Ev e, String key) {
        String value = e.props().get(key);
        return value == null || value.isEmpty() ? "(none)" : value;
    }

    private static String visitLabel(Attribute a, Visit v) {
        Ev f = v.first;
        String raw = switch (a) {
            case ENTRY_PAGE -> f.pathname();
            case EXIT_PAGE -> v.exitPage;
            case SOURCE -> f.source();
            case REFERRER -> f.referrer();
            case UTM_MEDIUM -> f.utmMedium();
            case UTM_SOURCE -> f.utmSource();
            case UTM_CAMPAIGN -> f.utmCampaign();
            case UTM_CONTENT -> f.utmContent();
            case UTM_TERM -> f.utmTerm();
            case DEVICE -> f.device();
            case BROWSER -> f.browser();
            case BROWSER_VERSION -> f.browserVersion();
            case OS -> f.os();
            case OS_VERSION -> f.osVersion();
            case COUNTRY -> f.country();
            case REGION -> f.region();
            case CITY, CITY_NAME -> f.city();
            case COUNTRY_NAME -> countryName(f.country());
            case REGION_NAME -> REGION_NAMES.getOrDefault(f.region(), f.region());
            case ENTRY_PAGE_HOSTNAME -> f.hostname();
            case EXIT_PAGE_HOSTNAME -> v.exitHostname;
            case CHANNEL -> OracleChannels.of(f.source(), f.utmMedium(), f.utmCampaign(), f.utmSource());
            default -> throw new IllegalStateException(a.apiName);
        };
        if (!raw.isEmpty()) return raw;
        return switch (a) {
            case SOURCE, REFERRER -> "Direct / None";
            case COUNTRY, REGION, CITY, ENTRY_PAGE, EXIT_PAGE, COUNTRY_NAME, REGION_NAME, CITY_NAME, ENTRY_PAGE_HOSTNAME, EXIT_PAGE_HOSTNAME, CHANNEL -> raw;
            default -> "(not set)";
        };
    }

    /**
     * Region names by ISO 3166-2 code, read from Debian's iso-codes file by a pattern over its
     * text (the engine parses it as JSON): {"code": "US-CA", "name": "California", ...}.
     */
    private static final Map<String, String> REGION_NAMES = regionNames();

    private static Map<String, String> regionNames() {
        try {
            String text = java.nio.file.Files.readString(java.nio.file.Path.of("/usr/share/iso-codes/json/iso_3166-2.json"));
            Map<String, String> names = new HashMap<>();
            var entry = Pattern.compile("\\{\\s*\"code\":\\s*\"([^\"]+)\",\\s*\"name\":\\s*\"([^\"]+)\"").matcher(text);
            while (entry.find()) names.put(entry.group(1), entry.group(2));
            return names;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Debian's iso-codes are missing (./footfall test installs them)", e);
        }
    }

    /** An ISO country code's English name; a code that is not an ISO country (nor Kosovo's XK) stays as it is. */
    private static String countryName(String code) {
        boolean known = code.equals("XK") || Set.of(Locale.getISOCountries()).contains(code);
        return known ? Locale.of("", code).getDisplayCountry(Locale.ENGLISH) : code;
    }

    private String timeLabel(Dimension.Granularity g, Instant t, StatsQuery q) {
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        LocalDate day = local.toLocalDate();
        return switch (g) {
            case MINUTE -> local.truncatedTo(ChronoUnit.MINUTES).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:00"));
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00:00"));
            case DAY -> day.toString();
            case WEEK -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                LocalDate first = ZonedDateTime.ofInstant(q.interval().from(), zone).toLocalDate();
                yield (monday.isBefore(first) ? first : monday).toString();
            }
            case MONTH -> day.withDayOfMonth(1).toString();
        };
    }

    // --- filters ------------------------------------------------------------------------------

    private static boolean eventScoped(Filter f) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> all.stream().anyMatch(StatsOracle::eventScoped);
            case Filter.Or(List<Filter> any) -> any.stream().anyMatch(StatsOracle::eventScoped);
            case Filter.Not(Filter inner) -> eventScoped(inner);
            // What a visit did is a property of the visit.
            case Filter.Behavioural b -> false;
            case Filter.Condition c -> c.dimension() instanceof Dimension.Goal || c.dimension() instanceof Dimension.Prop
                    || (c.dimension() instanceof Dimension.Of(Attribute a) && a.apiName.startsWith("event:"));
        };
    }

    private boolean onEvent(Filter f, Ev e, Visit v, StatsQuery q) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> all.stream().allMatch(x -> onEvent(x, e, v, q));
            case Filter.Or(List<Filter> any) -> any.stream().anyMatch(x -> onEvent(x, e, v, q));
            case Filter.Not(Filter inner) -> !onEvent(inner, e, v, q);
            case Filter.Behavioural b -> did(b, v, q);
            case Filter.Condition c -> eventScoped(c) ? eventCondition(c, e) : test(c, visitLabel(((Dimension.Of) c.dimension()).attribute(), v));
        };
    }

    private boolean onVisit(Filter f, Visit v, StatsQuery q) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> all.stream().allMatch(x -> onVisit(x, v, q));
            case Filter.Or(List<Filter> any) -> any.stream().anyMatch(x -> onVisit(x, v, q));
            case Filter.Not(Filter inner) -> !onVisit(inner, v, q);
            case Filter.Behavioural b -> did(b, v, q);
            // Grouped by the page (host), visits read a condition on it as one on their entry page (host).
            case Filter.Condition c when c.dimension() instanceof Dimension.Of(Attribute a) && asEntry(a) != a
                    && q.dimensions().contains(c.dimension()) -> test(c, visitLabel(asEntry(a), v));
            case Filter.Condition c when eventScoped(c) -> v.events.stream().anyMatch(e -> !e.engagement()
                    && !e.ts().isBefore(q.interval().from()) && e.ts().isBefore(q.interval().until()) && eventCondition(c, e));
            case Filter.Condition c -> test(c, visitLabel(((Dimension.Of) c.dimension()).attribute(), v));
        };
    }

    /** Whether the visit has (has not, for has_not_done) an event in the range that satisfies the filter's event conditions. */
    private boolean did(Filter.Behavioural b, Visit v, StatsQuery q) {
        boolean any = v.events.stream().anyMatch(e -> !e.engagement() && !e.ts().isBefore(q.interval().from())
                && e.ts().isBefore(q.interval().until()) && eventsOnly(b.events(), e));
        return any == b.done();
    }

    private boolean eventsOnly(Filter f, Ev e) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> all.stream().allMatch(x -> eventsOnly(x, e));
            case Filter.Or(List<Filter> any) -> any.stream().anyMatch(x -> eventsOnly(x, e));
            case Filter.Not(Filter inner) -> !eventsOnly(inner, e);
            case Filter.Condition c -> eventCondition(c, e);
            case Filter.Behavioural b -> throw new IllegalStateException("nested behavioural filter");
        };
    }

    private boolean eventCondition(Filter.Condition c, Ev e) {
        return switch (c.dimension()) {
            case Dimension.Of(Attribute a) when a == Attribute.NAME -> test(c, e.name());
            case Dimension.Of(Attribute a) when a == Attribute.PAGE -> test(c, e.pathname());
            case Dimension.Of(Attribute a) when a == Attribute.HOSTNAME -> test(c, e.hostname());
            case Dimension.Prop(String key) -> switch (c.op()) {
                case IS, IS_NOT -> test(c, propLabel(e, key));
                default -> {
                    String raw = e.props().get(key);
                    boolean positive = raw != null && anyValue(c, raw);
                    yield c.op().negated != positive;
                }
            };
            case Dimension.Goal g -> {
                boolean reached = false;
                for (Goal goal : goals) {
                    boolean named = c.values().stream().anyMatch(v -> goalNamed(goal.displayName(), v, c));
                    if (named && reaches(goal, e)) reached = true;
                }
                yield c.op().negated != reached;
            }
            default -> throw new IllegalStateException(c.dimension().apiName());
        };
    }

    private static boolean goalNamed(String name, String value, Filter.Condition c) {
        String n = c.caseSensitive() ? name : name.toLowerCase(Locale.ROOT);
        String v = c.caseSensitive() ? value : value.toLowerCase(Locale.ROOT);
        return c.op() == Filter.Operator.IS ? n.equals(v) : n.contains(v);
    }

    /** Page goals: {@code *} matches anything; the whole path must match. */
    private static boolean reaches(Goal goal, Ev e) {
        if (goal.type() == Goal.Type.EVENT) return e.name().equals(goal.eventName());
        return e.pageview() && wildcard(goal.pagePath(), e.pathname());
    }

    /** Glob matching by dynamic programming, no regular expressions involved. */
    private static boolean wildcard(String pattern, String text) {
        boolean[][] m = new boolean[pattern.length() + 1][text.length() + 1];
        m[0][0] = true;
        for (int i = 1; i <= pattern.length(); i++) {
            char p = pattern.charAt(i - 1);
            m[i][0] = p == '*' && m[i - 1][0];
            for (int j = 1; j <= text.length(); j++) {
                m[i][j] = p == '*' ? m[i - 1][j] || m[i][j - 1] : m[i - 1][j - 1] && p == text.charAt(j - 1);
            }
        }
        return m[pattern.length()][text.length()];
    }

    private static boolean test(Filter.Condition c, String value) {
        boolean positive = anyValue(c, value);
        return c.op().negated != positive;
    }

    private static boolean anyValue(Filter.Condition c, String value) {
        for (String v : c.values()) {
            boolean hit = switch (c.op()) {
                case IS, IS_NOT -> c.caseSensitive() ? value.equals(v) : value.toLowerCase(Locale.ROOT).equals(v.toLowerCase(Locale.ROOT));
                case CONTAINS, CONTAINS_NOT -> c.caseSensitive() ? value.contains(v) : value.toLowerCase(Locale.ROOT).contains(v.toLowerCase(Locale.ROOT));
                case MATCHES, MATCHES_NOT -> Pattern.compile(v).matcher(value).find();
            };
            if (hit) return true;
        }
        return false;
    }

    static boolean same(Object a, Object b) {
        return Objects.equals(a, b);
    }
}
