package dev.footfall.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.footfall.Storage;
import dev.footfall.query.Dimension;
import dev.footfall.query.ImportedMerge;
import dev.footfall.query.Metric;
import dev.footfall.query.MetricValues;
import dev.footfall.query.QueryException;
import dev.footfall.query.QueryParser;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.StatsService;
import dev.footfall.query.TimeLabels;
import dev.footfall.site.Access;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plausible's legacy Stats API v1 ({@code GET /api/v1/stats/...}). Each request is checked with
 * v1's rules and messages, then translated into a v2 query body, so the v2 parser's rules and
 * the one engine answer it; only the response shapes are v1's own.
 */
public final class StatsV1Api implements HttpService {
    private static final String MISSING_SITE = "Missing site ID. Please provide the required site_id parameter with your request.";
    /** Plausible's window for "current visitors". */
    private static final Duration REALTIME = Duration.ofMinutes(5);
    private static final int MAX_BREAKDOWN_LIMIT = 1000, DEFAULT_BREAKDOWN_LIMIT = 100;
    /**
     * Breakdown groups Plausible leaves out: visits with no value for the property (v1 only; v2
     * shows them). UTM tags are matched by their label, "(not set)", the rest by the empty value.
     */
    private static final Map<String, String> BREAKDOWN_HIDES = Map.ofEntries(
            Map.entry("visit:country", ""), Map.entry("visit:region", ""), Map.entry("visit:city", ""),
            Map.entry("visit:entry_page", ""), Map.entry("visit:exit_page", ""),
            Map.entry("visit:utm_medium", "(not set)"), Map.entry("visit:utm_source", "(not set)"),
            Map.entry("visit:utm_campaign", "(not set)"), Map.entry("visit:utm_content", "(not set)"),
            Map.entry("visit:utm_term", "(not set)"));

    private final StatsSites sites;
    private final StatsService stats;
    private final Auth auth;

    public StatsV1Api(SiteRegistry sites, Storage storage, StatsService stats, Auth auth, Clock clock) {
        this.sites = new StatsSites(sites, storage, clock);
        this.stats = stats;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/api/v1/stats/realtime/visitors", this::realtime)
                .get("/api/v1/stats/aggregate", this::aggregate)
                .get("/api/v1/stats/timeseries", this::timeseries)
                .get("/api/v1/stats/breakdown", this::breakdown);
    }

    /** A v1 error: 400 with Plausible's message. */
    static ApiException invalid(String message) {
        return ApiException.of(Status.BAD_REQUEST_400, message);
    }

    /** Visitors with an event in the last five minutes: a bare number. */
    private void realtime(ServerRequest req, ServerResponse res) {
        Site site = site(req);
        Instant now = sites.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("metrics").add(Metric.VISITORS.apiName);
        body.putArray("date_range").add(iso(now.minus(REALTIME))).add(iso(now));
        // An event condition makes the engine count visitors on events, so a visit that started
        // before the window and is still active counts; every counted event meets this one.
        body.putArray("filters").addArray().add("is_not").add("event:name").addArray().add("engagement");
        Json.send(res, Status.OK_200, stats.run(parse(body, site)).rows().getFirst().metrics().getFirst());
    }

    private void aggregate(ServerRequest req, ServerResponse res) {
        Site site = site(req);
        V1Period period = V1Period.of(param(req, "period"), param(req, "date"), sites.today(site));
        ArrayNode filters = filters(req, site);
        List<Metric> metrics = V1Metrics.parse(param(req, "metrics"), V1Filters.properties(filters), Optional.empty());
        ObjectNode body = body(metrics, period, filters, withImported(req));
        // Plausible ignores any other value: no comparison.
        if (param(req, "compare").equals(Optional.of("previous_period"))) include(body).put("comparison", "previous_period");
        StatsService.Answer answer = stats.run(parse(body, site));
        StatsService.Row row = answer.rows().getFirst();
        Map<String, Object> results = new LinkedHashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            Metric m = metrics.get(i);
            Map<String, Object> value = new LinkedHashMap<>();
            Number now = MetricValues.round(m, row.metrics().get(i));
            value.put("value", now);
            if (row.comparison() != null) {
                Number before = MetricValues.round(m, row.comparison().metrics().get(i));
                value.put("comparison_value", before);
                value.put("change", MetricValues.change(m, now, before));
            }
            results.put(m.apiName, value);
        }
        send(res, results, answer);
    }

    private void timeseries(ServerRequest req, ServerResponse res) {
        Site site = site(req);
        V1Period period = V1Period.of(param(req, "period"), param(req, "date"), sites.today(site));
        Dimension.Granularity interval = param(req, "interval").map(StatsV1Api::interval).orElse(period.defaultInterval());
        ArrayNode filters = filters(req, site);
        List<Metric> metrics = V1Metrics.parse(param(req, "metrics"), V1Filters.properties(filters), Optional.empty());
        // v1's conversion rate in a bucket is the bucket's own: converted over all visitors of that bucket.
        List<Metric> asked = metrics.stream().map(m -> m == Metric.CONVERSION_RATE ? Metric.GROUP_CONVERSION_RATE : m).toList();
        ObjectNode body = body(asked, period, filters, withImported(req));
        body.putArray("dimensions").add("time:" + interval.name().toLowerCase(Locale.ROOT));
        StatsQuery query = parse(body, site);
        // One row per bucket at most, however many buckets: no page may cut the series short.
        int buckets = TimeLabels.of(interval, query.interval()).size();
        query = query.with(query.metrics(), query.dimensions(), query.filter(), query.orderBy(), buckets, 0);
        StatsService.Answer answer = stats.run(query);
        Map<String, StatsService.Row> byLabel = new HashMap<>();
        answer.rows().forEach(r -> byLabel.put(r.dimensions().getFirst(), r));
        List<Object> results = new ArrayList<>();
        for (String label : answer.timeLabels()) {
            StatsService.Row row = byLabel.get(label);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("date", label);
            for (int i = 0; i < metrics.size(); i++) {
                Metric m = asked.get(i);
                point.put(metrics.get(i).apiName, MetricValues.round(m, row != null ? row.metrics().get(i) : MetricValues.empty(m)));
            }
            results.add(point);
        }
        send(res, results, answer);
    }

    private void breakdown(ServerRequest req, ServerResponse res) {
        Site site = site(req);
        V1Period period = V1Period.of(param(req, "period"), param(req, "date"), sites.today(site));
        String property = property(param(req, "property"));
        ArrayNode filters = filters(req, site);
        List<Metric> metrics = V1Metrics.parse(param(req, "metrics"), V1Filters.properties(filters), Optional.of(property));
        int limit = limit(param(req, "limit"));
        long page = page(param(req, "page"), limit);

        // v1's conversion rate per group is the group's own, except by goal or property, where
        // it is over all visitors (as in v2).
        boolean ownGroup = !(property.equals("event:goal") || property.startsWith("event:props:"));
        List<Metric> asked = new ArrayList<>(metrics.stream()
                .map(m -> m == Metric.CONVERSION_RATE && ownGroup ? Metric.GROUP_CONVERSION_RATE : m).toList());
        // Rows are ordered by the first metric other than time on page; visitors when there is none.
        Metric orderBy = asked.stream().filter(m -> m != Metric.TIME_ON_PAGE).findFirst().orElse(Metric.VISITORS);
        if (!asked.contains(orderBy)) asked.add(orderBy);
        if (BREAKDOWN_HIDES.containsKey(property)) {
            filters.addArray().add("is_not").add(property).addArray().add(BREAKDOWN_HIDES.get(property));
        }
        ObjectNode body = body(asked, period, filters, withImported(req));
        List<String> dimensions = switch (property) {
            case "visit:browser_version" -> List.of("visit:browser", property);
            case "visit:os_version" -> List.of("visit:os", property);
            default -> List.of(property);
        };
        ArrayNode dims = body.putArray("dimensions");
        dimensions.forEach(dims::add);
        ArrayNode order = body.putArray("order_by");
        order.addArray().add(orderBy.apiName).add("desc");
        if (!property.equals("event:goal")) order.addArray().add(property).add("asc");
        body.putObject("pagination").put("limit", limit).put("offset", (int) ((page - 1) * limit));

        List<Object> results = new ArrayList<>();
        StatsService.Answer answer = stats.run(parse(body, site));
        for (StatsService.Row row : answer.rows()) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (int i = 0; i < dimensions.size(); i++) r.put(resultKey(dimensions.get(i)), row.dimensions().get(i));
            for (int i = 0; i < metrics.size(); i++) r.put(metrics.get(i).apiName, MetricValues.round(asked.get(i), row.metrics().get(i)));
            results.add(r);
        }
        send(res, results, answer);
    }

    // --- parameters ---------------------------------------------------------------------------

    /** The key first (401), then the site_id (400), then whether the key may see it (404). */
    private Site site(ServerRequest req) {
        Access key = auth.access(req);
        String domain = param(req, "site_id").filter(s -> !s.isBlank()).orElseThrow(() -> invalid(MISSING_SITE));
        return sites.visible(key, domain);
    }

    private static Optional<String> param(ServerRequest req, String name) {
        return req.query().first(name).asOptional();
    }

    private ArrayNode filters(ServerRequest req, Site site) {
        ArrayNode filters = V1Filters.parse(param(req, "filters"));
        V1Filters.check(filters, sites.goals(site));
        return filters;
    }

    /**
     * {@code with_imported}: "true" adds imported history where v2's {@code include.imports} would
     * (Plausible's v1 maps it so); "false" or none leaves it out. Plausible reads any other value as
     * false; Footfall says so rather than answer a typo without the history it asked for.
     */
    private static boolean withImported(ServerRequest req) {
        return switch (param(req, "with_imported").orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid("Error parsing `with_imported` parameter: expected `true` or `false`.");
        };
    }

    private static Dimension.Granularity interval(String name) {
        return switch (name) {
            case "day", "date" -> Dimension.Granularity.DAY;
            case "month" -> Dimension.Granularity.MONTH;
            default -> throw invalid("Error parsing `interval` parameter: invalid interval `" + name + "`. Valid intervals are `day`, `month`");
        };
    }

    private static String property(Optional<String> param) {
        String property = param.orElseThrow(() -> invalid(
                "The `property` parameter is required. Please provide at least one property to show a breakdown by."));
        if (property.equals("event:hostname")) {
            throw invalid("Property 'event:hostname' is currently not supported for breakdowns.  "
                    + "Please provide a valid property for the breakdown endpoint: " + V1Filters.PROPERTIES_DOCS);
        }
        if (!V1Filters.validProperty(property)) {
            throw invalid("Invalid property '" + property + "'. Please provide a valid property for the breakdown endpoint: " + V1Filters.PROPERTIES_DOCS);
        }
        return property;
    }

    private static int limit(Optional<String> param) {
        if (param.isEmpty()) return DEFAULT_BREAKDOWN_LIMIT;
        long limit = number(param.get());
        if (limit < 1 || limit > MAX_BREAKDOWN_LIMIT) {
            throw invalid("Please provide limit as a number between 1 and " + MAX_BREAKDOWN_LIMIT + ".");
        }
        return (int) limit;
    }

    private static long page(Optional<String> param, int limit) {
        if (param.isEmpty()) return 1;
        long page = number(param.get());
        if (page < 1 || page > Integer.MAX_VALUE) throw invalid("Please provide page as a positive number.");
        if ((page - 1) * limit > QueryParser.MAX_OFFSET) {
            throw invalid("Please provide a smaller page: rows past " + QueryParser.MAX_OFFSET + " (page × limit) are not served; export the data instead.");
        }
        return page;
    }

    /** The whole text as an integer, or 0 (which no limit or page accepts). */
    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // --- the v2 query -------------------------------------------------------------------------

    private static ObjectNode body(List<Metric> metrics, V1Period period, ArrayNode filters, boolean withImported) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode names = body.putArray("metrics");
        metrics.forEach(m -> names.add(m.apiName));
        body.putArray("date_range").add(period.first().toString()).add(period.last().toString());
        body.set("filters", filters);
        if (withImported) include(body).put("imports", true);
        return body;
    }

    private static ObjectNode include(ObjectNode body) {
        return body.has("include") ? (ObjectNode) body.get("include") : body.putObject("include");
    }

    /** The results, and Plausible's {@code warning} when imported history was asked for and left out for a reason it explains. */
    private static void send(ServerResponse res, Object results, StatsService.Answer answer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", results);
        answer.imports().flatMap(ImportedMerge.Decision::warning).ifPresent(w -> body.put("warning", w));
        Json.send(res, Status.OK_200, body);
    }

    /** The v2 parser's verdict on the translated query, as a v1 error. */
    private StatsQuery parse(ObjectNode body, Site site) {
        try {
            return sites.parse(body, site);
        } catch (QueryException e) {
            throw invalid(e.getMessage());
        }
    }

    private static String iso(Instant t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    /** Plausible's row keys: the property without its prefix; a custom property by its own name. */
    private static String resultKey(String property) {
        if (property.startsWith("event:props:")) return property.substring("event:props:".length());
        return property.substring(property.indexOf(':') + 1);
    }
}
