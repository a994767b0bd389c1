package dev.footfall.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.footfall.Storage;
import dev.footfall.query.Aggregator;
import dev.footfall.query.Interval;
import dev.footfall.query.MetricValues;
import dev.footfall.query.Order;
import dev.footfall.query.QueryException;
import dev.footfall.query.StatsQuery;
import dev.footfall.query.Include;
import dev.footfall.query.StatsService;
import dev.footfall.site.Access;
import dev.footfall.site.Site;
import dev.footfall.site.SiteRegistry;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plausible's Stats API v2: {@code POST /api/v2/query}. */
public final class StatsApi implements io.helidon.webserver.http.HttpService {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    /** Plausible (Elixir) writes Z rather than +00:00 for sites in Etc/UTC. */
    private static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private final StatsSites sites;
    private final StatsService stats;
    private final Auth auth;

    public StatsApi(SiteRegistry sites, Storage storage, StatsService stats, Auth auth, Clock clock) {
        this.sites = new StatsSites(sites, storage, clock);
        this.stats = stats;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/api/v2/query", this::query);
    }

    private void query(ServerRequest req, ServerResponse res) {
        Access key = auth.access(req);
        JsonNode body = Json.body(req);
        JsonNode siteId = body.get("site_id");
        if (siteId == null || !siteId.isTextual()) throw ApiException.of(Status.BAD_REQUEST_400, "#: Required property site_id was not present.");
        Site site = sites.visible(key, siteId.asText());
        // Explain is ignored rather than refused for the others, so a dashboard URL with
        // explain on still opens for them; the echoed query shows it was not applied.
        if (!key.canExplain(site.domain()) && body.get("include") instanceof ObjectNode include) include.remove("explain");
        StatsQuery query;
        try {
            query = sites.parse(body, site);
        } catch (QueryException e) {
            throw ApiException.of(Status.BAD_REQUEST_400, e.getMessage());
        }
        Json.send(res, Status.OK_200, response(stats.run(query), body));
    }

    private static Map<String, Object> response(StatsService.Answer answer, JsonNode body) {
        StatsQuery q = answer.query();
        List<Object> results = new ArrayList<>();
        for (StatsService.Row row : answer.rows()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("dimensions", row.dimensions());
            List<Number> metrics = rounded(q, row.metrics());
            r.put("metrics", metrics);
            if (row.comparison() != null) {
                List<Number> before = rounded(q, row.comparison().metrics());
                List<Number> change = new ArrayList<>();
                for (int i = 0; i < q.metrics().size(); i++) change.add(MetricValues.change(q.metrics().get(i), metrics.get(i), before.get(i)));
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("dimensions", row.comparison().dimensions());
                c.put("metrics", before);
                c.put("change", change);
                r.put("comparison", c);
            }
            results.add(r);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        answer.imports().ifPresent(imports -> {
            meta.put("imports_included", imports.included());
            imports.skipReason().ifPresent(reason -> meta.put("imports_skip_reason", reason));
            imports.warning().ifPresent(warning -> meta.put("imports_warning", warning));
        });
        if (q.include().timeLabels()) meta.put("time_labels", answer.timeLabels());
        if (q.include().totalRows()) meta.put("total_rows", answer.totalRows());
        answer.comparisonInterval().ifPresent(i -> meta.put("comparison_date_range", dateRange(i, q.site().timezone())));
        if (q.include().explain()) {
            List<Object> explained = new ArrayList<>();
            for (Aggregator.Explained e : answer.explain()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("tier", e.tier());
                List<Object> parts = new ArrayList<>();
                for (Aggregator.Range p : e.parts()) {
                    Map<String, Object> part = new LinkedHashMap<>();
                    part.put("tier", p.tier());
                    part.put("date_range", dateRange(p.interval(), q.site().timezone()));
                    parts.add(part);
                }
                x.put("parts", parts);
                x.put("sql", e.sql());
                x.put("rows_read", e.rowsRead());
                x.put("ms", Math.round(e.millis() * 100) / 100.0);
                explained.add(x);
            }
            meta.put("explain", explained);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("results", results);
        out.put("meta", meta);
        out.put("query", echo(q, body));
        return out;
    }

    private static List<Number> rounded(StatsQuery q, List<Number> exact) {
        List<Number> out = new ArrayList<>();
        for (int i = 0; i < q.metrics().size(); i++) out.add(MetricValues.round(q.metrics().get(i), exact.get(i)));
        return out;
    }

    /** The query as understood: resolved dates, "time" resolved, default order and pagination filled in. */
    private static Map<String, Object> echo(StatsQuery q, JsonNode body) {
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("site_id", q.site().domain());
        echo.put("metrics", q.metrics().stream().map(m -> m.apiName).toList());
        echo.put("date_range", dateRange(q.interval(), q.site().timezone()));
        echo.put("filters", body.has("filters") && body.get("filters").isArray() ? body.get("filters") : List.of());
        echo.put("dimensions", q.dimensions().stream().map(d -> d.apiName()).toList());
        echo.put("order_by", q.orderBy().stream().map((Order o) -> List.of(o.name(), o.descending() ? "desc" : "asc")).toList());
        Map<String, Object> include = new LinkedHashMap<>();
        if (q.include().timeLabels()) include.put("time_labels", true);
        if (q.include().totalRows()) include.put("total_rows", true);
        if (q.include().explain()) include.put("explain", true);
        if (q.include().imports()) include.put("imports", true);
        if (q.include().comparison() == Include.Comparison.CUSTOM) {
            include.put("comparison", Map.of("date_range", dateRange(q.include().customComparison().orElseThrow(), q.site().timezone())));
        } else if (q.include().comparison().apiName != null) include.put("comparison", q.include().comparison().apiName);
        echo.put("include", include);
        echo.put("pagination", Map.of("limit", q.limit(), "offset", q.offset()));
        return echo;
    }

    /** [first second, last second] in the site's timezone, as Plausible echoes it. */
    static List<String> dateRange(Interval interval, ZoneId zone) {
        return List.of(iso(interval.start(), zone), iso(interval.end().minusSeconds(1), zone));
    }

    private static String iso(ZonedDateTime t, ZoneId zone) {
        ZonedDateTime local = t.withZoneSameInstant(zone);
        boolean utc = zone.normalized().equals(ZoneOffset.UTC) && (zone.getId().equals("Etc/UTC") || zone.getId().equals("UTC"));
        return utc ? local.format(ISO_UTC) : local.format(ISO);
    }
}
