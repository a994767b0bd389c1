package dev.footfall.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.PatternSyntaxException;
import com.google.re2j.Re2Syntax;
import dev.footfall.site.Goal;
import dev.footfall.site.Site;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads a Plausible Stats API v2 query body into a {@link StatsQuery}, rejecting with a
 * {@link QueryException} that names the part at fault whatever Plausible rejects.
 */
public final class QueryParser {
    /** Plausible's page size cap: larger pages belong to the raw export, not the stats API. */
    public static final int MAX_LIMIT = 10_000;
    /** How deep pages go: each page groups every row before it again; reading further means reading the data whole, which the events export does. */
    public static final int MAX_OFFSET = 1_000_000;
    /** Buckets of a time dimension in one answer: a daily series over the longest date_range (100 years, 36,525 days) fits; hours over years do not. */
    public static final int MAX_TIME_BUCKETS = 40_000;
    /** Dimensions in one query: the dashboard groups by two at most, and each one multiplies the groups an answer can hold. */
    public static final int MAX_DIMENSIONS = 10;
    /** The longest filter value, pattern or property name: the Events API stores no URL, referrer or property longer, so a longer one matches nothing. */
    public static final int MAX_TEXT_CHARS = 2_000;
    /**
     * Values in all the filters of one query: a dashboard filter holds a few; each is a comparison
     * the engine plans and runs on every row read, in time that grows faster than their number
     * (60,000 took 27 s; 1,000 contains values 0.85 s; 500, 0.18 s).
     */
    public static final int MAX_VALUES = 500;
    /** Conditions in one query, at any depth: each is a predicate on every row read (20,000 OR'd took 3.5 s). */
    public static final int MAX_CONDITIONS = 100;
    /** and / or / not inside one another: three levels express any dashboard filter; the bound keeps every walk of the tree shallow. */
    public static final int MAX_FILTER_DEPTH = 10;
    /**
     * The compiled size of all the patterns in one query, in RE2's byte instructions (estimated
     * from above): real patterns need hundreds; compile and match time grow with it, and the
     * engine's own ceiling (~700,000) takes seconds to compile.
     */
    public static final long MAX_PATTERN_SIZE = 10_000;
    /**
     * Optional or repeated pieces in all the patterns of one query, once counts are expanded:
     * 1,000 of them in one pattern ((a?){1000}) took the engine 0.1-0.5 s to compile, 100 take
     * milliseconds.
     */
    public static final long MAX_PATTERN_QUANTIFIERS = 100;
    /** Minute buckets are for the realtime view and a day's close-up: two days is 2,880 buckets, enough. */
    private static final Duration MAX_MINUTE_RANGE = Duration.ofHours(48);
    private static final Set<Metric> VISIT_ONLY = EnumSet.of(Metric.BOUNCE_RATE, Metric.VISIT_DURATION, Metric.VIEWS_PER_VISIT);
    /** Filter and label values are inlined as SQL literals, which cannot hold NUL. */
    private static final Pattern NUL = Pattern.compile("\u0000");

    private QueryParser() {}

    public static StatsQuery parse(JsonNode body, Site site, List<Goal> goals, LocalDate today,
                                   Supplier<Optional<LocalDate>> firstEvent) {
        List<Metric> metrics = metrics(body.get("metrics"));
        List<Dimension> dimensions = dimensions(body.get("dimensions"));
        Optional<Filter> filter = filters(body.get("filters"));
        Interval interval = DateRanges.resolve(body.get("date_range"), site.timezone(), today, firstEvent);
        dimensions = dimensions.stream().map(d -> d instanceof Dimension.Time(var g, var name) && g == null ? TimeLabels.auto(interval) : d).toList();
        boolean minutes = dimensions.stream().anyMatch(d -> d instanceof Dimension.Time t && t.granularity() == Dimension.Granularity.MINUTE);
        if (minutes && Duration.between(interval.start(), interval.end()).compareTo(MAX_MINUTE_RANGE) > 0) {
            throw new QueryException("#/dimensions: time:minute needs a date_range of at most " + MAX_MINUTE_RANGE.toHours() + " hours");
        }
        for (Dimension d : dimensions) {
            if (d instanceof Dimension.Time(Dimension.Granularity g, String name)) {
                long buckets = TimeLabels.count(g, interval);
                if (buckets > MAX_TIME_BUCKETS) {
                    throw new QueryException("#/dimensions: " + name + " over this date_range makes " + buckets + " buckets; at most "
                            + MAX_TIME_BUCKETS + " are allowed in one answer (use a coarser time dimension or a shorter date_range)");
                }
            }
        }
        Include include = include(body.get("include"), dimensions);
        JsonNode compare = body.get("include") == null ? null : body.get("include").get("comparison");
        if (compare != null && compare.isObject()) {
            include = new Include(include.timeLabels(), include.totalRows(), Include.Comparison.CUSTOM, include.explain(),
                    Optional.of(DateRanges.resolve(compare.get("date_range"), site.timezone(), today, firstEvent)), include.imports());
        }
        List<Order> order = orderBy(body.get("order_by"), metrics, dimensions);
        if (order.isEmpty()) order = defaultOrder(metrics, dimensions);
        int limit = MAX_LIMIT;
        int offset = 0;
        JsonNode page = body.get("pagination");
        if (page != null && !page.isNull()) {
            if (!page.isObject()) throw new QueryException("Invalid pagination: expected an object {\"limit\": n, \"offset\": n}");
            limit = integer(page, "limit", limit, 1, MAX_LIMIT);
            offset = integer(page, "offset", 0, 0, MAX_OFFSET);
        }
        filter = Filters.withVisitHostnames(filter, dimensions);
        StatsQuery query = new StatsQuery(site, metrics, interval, body.get("date_range"), dimensions, filter, order, include,
                limit, offset, goals);
        // The other period must lie in the years every date may name, too (the previous one of a range from year 1 does not).
        StatsService.comparisonInterval(query).ifPresent(other -> DateRanges.checkBounds(other, "#/include/comparison"));
        validate(query);
        return query;
    }

    private static int integer(JsonNode node, String field, int fallback, int min, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw new QueryException("#/pagination/" + field + ": Expected an integer " + (v.isNumber() && v.asLong() > max
                    ? "<= " + max : ">= " + min) + " but got " + shortened(v.toString()));
        }
        return v.asInt();
    }

    private static List<Metric> metrics(JsonNode node) {
        if (node == null || node.isNull()) throw new QueryException("#: Required property metrics was not present.");
        if (!node.isArray()) throw new QueryException("#/metrics: Type mismatch. Expected Array but got " + type(node) + ".");
        if (node.isEmpty()) throw new QueryException("#/metrics: Expected a minimum of 1 items but got 0.");
        // Each metric may appear once, so no longer list can be valid; saying so first keeps the check below short.
        if (node.size() > Metric.values().length) {
            throw new QueryException("#/metrics: Expected a maximum of " + Metric.values().length + " items but got " + node.size() + ".");
        }
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            int at = i;
            Metric metric = Metric.byName(m.asText()).filter(x -> m.isTextual())
                    .orElseThrow(() -> new QueryException("#/metrics/" + at + ": Invalid metric " + shortened(m.toString())));
            if (metrics.contains(metric)) throw new QueryException("#/metrics: Expected items to be unique but they were not.");
            metrics.add(metric);
        }
        return metrics;
    }

    private static List<Dimension> dimensions(JsonNode node) {
        List<Dimension> dims = new ArrayList<>();
        if (node == null || node.isNull()) return dims;
        if (!node.isArray()) throw new QueryException("#/dimensions: Type mismatch. Expected Array but got " + type(node) + ".");
        if (node.size() > MAX_DIMENSIONS) {
            throw new QueryException("#/dimensions: Expected a maximum of " + MAX_DIMENSIONS + " items but got " + node.size() + ".");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode d = node.get(i);
            int at = i;
            if (d.isTextual() && d.asText().length() > MAX_TEXT_CHARS) {
                throw new QueryException("#/dimensions/" + at + ": the dimension's name is longer than " + MAX_TEXT_CHARS + " characters; that is the limit");
            }
            Dimension dim = (d.isTextual() ? dimension(d.asText(), true) : Optional.<Dimension>empty())
                    .orElseThrow(() -> new QueryException("#/dimensions/" + at + ": Invalid dimension " + shortened(d.toString())));
            if (dims.contains(dim)) throw new QueryException("#/dimensions: Expected items to be unique but they were not.");
            if (dim instanceof Dimension.Time && dims.stream().anyMatch(x -> x instanceof Dimension.Time)) {
                throw new QueryException("#/dimensions/" + at + ": only one time dimension can be queried at a time");
            }
            dims.add(dim);
        }
        return dims;
    }

    private static Optional<Dimension> dimension(String name, boolean allowTime) {
        if (name.startsWith("event:props:")) {
            String key = name.substring("event:props:".length());
            return key.isEmpty() || !validText(key) ? Optional.empty() : Optional.of(new Dimension.Prop(key));
        }
        if (name.equals("event:goal")) return Optional.of(new Dimension.Goal());
        if (allowTime) {
            Optional<Dimension.Granularity> g = switch (name) {
                case "time:minute" -> Optional.of(Dimension.Granularity.MINUTE);
                case "time:hour" -> Optional.of(Dimension.Granularity.HOUR);
                case "time:day" -> Optional.of(Dimension.Granularity.DAY);
                case "time:week" -> Optional.of(Dimension.Granularity.WEEK);
                case "time:month" -> Optional.of(Dimension.Granularity.MONTH);
                default -> Optional.empty();
            };
            if (g.isPresent()) return Optional.of(new Dimension.Time(g.get(), name));
            if (name.equals("time")) return Optional.of(new Dimension.Time(null, name));
        }
        return Attribute.byName(name).map(Dimension.Of::new);
    }

    // --- filters ----------------------------------------------------------------------------

    private static Optional<Filter> filters(JsonNode node) {
        if (node == null || node.isNull()) return Optional.empty();
        if (!node.isArray()) throw new QueryException("#/filters: Type mismatch. Expected Array but got " + type(node) + ".");
        FilterReader reader = new FilterReader();
        List<Filter> all = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Filter f;
            try {
                f = reader.filter(node.get(i), 0);
            } catch (QueryException e) {
                throw new QueryException("#/filters/" + i + ": " + e.getMessage());
            }
            // Plausible evaluates goal and hostname filters against whole queries, never nested.
            if (!(f instanceof Filter.Condition)) {
                for (Dimension topOnly : List.of(new Dimension.Goal(), new Dimension.Of(Attribute.HOSTNAME))) {
                    if (mentions(f, topOnly)) {
                        throw new QueryException("Invalid filters. Dimension `" + topOnly.apiName() + "` can only be filtered at the top level.");
                    }
                }
            }
            all.add(f);
        }
        if (all.isEmpty()) return Optional.empty();
        return Optional.of(all.size() == 1 ? all.getFirst() : new Filter.And(all));
    }

    /** Reads one query's filter tree, counting what the limits bound (conditions, values, patterns) as it goes. */
    private static final class FilterReader {
        private int conditions, values;
        private long patternSize, patternQuantifiers;

        Filter filter(JsonNode f, int depth) {
            if (!f.isArray() || f.isEmpty() || !f.get(0).isTextual()) throw invalidFilter(f, "expected [operator, dimension, values]");
            if (f.size() >= 2 && f.get(1).isTextual() && f.get(1).asText().equals("event:goal")
                    && !(f.get(0).asText().equals("is") || f.get(0).asText().equals("contains"))) {
                throw invalidFilter(f, "event:goal takes only the is and contains operators");
            }
            String op = f.get(0).asText();
            switch (op) {
                case "has_done", "has_not_done" -> {
                    if (f.size() != 2) throw invalidFilter(f, "'" + op + "' takes one filter");
                    if (depth >= MAX_FILTER_DEPTH) {
                        throw invalidFilter(f, "filters are nested more than " + MAX_FILTER_DEPTH + " deep; that is the limit");
                    }
                    Filter events = filter(f.get(1), depth + 1);
                    // Plausible's rules: what a visit did is said with event properties, once.
                    if (behavioural(events)) throw new QueryException("Invalid filters. Behavioral filters cannot be nested.");
                    if (Filters.anyCondition(events, c -> !c.dimension().eventScoped())) {
                        throw new QueryException("Invalid filters. Behavioral filters can only be used with event dimension filters.");
                    }
                    return new Filter.Behavioural(op.equals("has_done"), events);
                }
                case "and", "or", "not" -> {
                    if (depth >= MAX_FILTER_DEPTH) {
                        throw invalidFilter(f, "and / or / not are nested more than " + MAX_FILTER_DEPTH + " deep; that is the limit");
                    }
                    if (op.equals("not")) {
                        if (f.size() != 2) throw invalidFilter(f, "'not' takes one filter");
                        return new Filter.Not(filter(f.get(1), depth + 1));
                    }
                    if (f.size() != 2 || !f.get(1).isArray() || f.get(1).isEmpty()) throw invalidFilter(f, "'" + op + "' takes a non-empty list of filters");
                    List<Filter> parts = new ArrayList<>();
                    for (JsonNode part : f.get(1)) parts.add(filter(part, depth + 1));
                    return op.equals("and") ? new Filter.And(parts) : new Filter.Or(parts);
                }
                default -> {
                    return condition(f, op);
                }
            }
        }

        private Filter condition(JsonNode f, String op) {
            if (++conditions > MAX_CONDITIONS) {
                throw new QueryException("Invalid filters: more than " + MAX_CONDITIONS + " conditions in one query; that is the limit");
            }
            Filter.Operator operator = operator(op).orElseThrow(() -> invalidFilter(f, "unknown operator '" + op + "'"));
            if (f.size() < 3 || f.size() > 4 || !f.get(1).isTextual()) throw invalidFilter(f, "expected [operator, dimension, values]");
            String dimName = f.get(1).asText();
            if (dimName.startsWith("time")) throw invalidFilter(f, "filter on the date_range instead of '" + dimName + "'");
            if (dimName.length() > MAX_TEXT_CHARS) throw tooLong(f, "the dimension");
            Dimension dim = dimension(dimName, false).orElseThrow(() -> invalidFilter(f, "unknown dimension '" + dimName + "'"));
            JsonNode values = f.get(2);
            if (!values.isArray() || values.isEmpty()) throw invalidFilter(f, "values must be a non-empty list");
            // Counted before they are read: 60,000 values are refused without looking at each.
            this.values += values.size();
            if (this.values > MAX_VALUES) {
                throw new QueryException("Invalid filters: more than " + MAX_VALUES + " values in the filters of one query; that is the limit");
            }
            boolean pattern = operator == Filter.Operator.MATCHES || operator == Filter.Operator.MATCHES_NOT;
            List<String> list = new ArrayList<>();
            for (JsonNode v : values) {
                if (!(v.isTextual() || v.isNumber()) || !validText(v.asText())) throw invalidFilter(f, "values must be strings");
                if (v.asText().length() > MAX_TEXT_CHARS) throw tooLong(f, "a value");
                if (pattern) pattern(f, v.asText());
                list.add(v.asText());
            }
            boolean caseSensitive = true;
            if (f.size() == 4) {
                JsonNode mods = f.get(3);
                if (!mods.isObject()) throw invalidFilter(f, "modifiers must be an object like {\"case_sensitive\": false}");
                for (var it = mods.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (pattern) {
                        throw invalidFilter(f, "the case_sensitive modifier is not allowed with pattern operators (use (?i) in the pattern)");
                    }
                    if (!key.equals("case_sensitive") || !mods.get(key).isBoolean()) {
                        throw invalidFilter(f, "unknown modifier '" + key + "' (only case_sensitive: true|false)");
                    }
                }
                if (mods.has("case_sensitive")) caseSensitive = mods.get("case_sensitive").asBoolean();
            }
            return new Filter.Condition(operator, dim, List.copyOf(list), caseSensitive);
        }

        /**
         * A pattern is checked with RE2's grammar, the engine's (RE2/J's parser, never a compile,
         * and never java.util.regex, which reads another grammar and backtracks), then counted
         * with the query's other patterns against the limits.
         */
        private void pattern(JsonNode f, String regex) {
            Re2Syntax.Program program;
            try {
                program = Re2Syntax.estimate(regex);
            } catch (PatternSyntaxException e) {
                throw invalidFilter(f, "'" + shortened(regex) + "' is not a valid regular expression (RE2 syntax): " + e.getDescription());
            }
            patternSize += program.size();
            patternQuantifiers += program.quantifiers();
            if (patternSize > MAX_PATTERN_SIZE) {
                throw invalidFilter(f, "the patterns of this query compile to about " + patternSize + " instructions; at most "
                        + MAX_PATTERN_SIZE + " are allowed (use fewer or smaller repetitions and classes)");
            }
            if (patternQuantifiers > MAX_PATTERN_QUANTIFIERS) {
                throw invalidFilter(f, "the patterns of this query have " + patternQuantifiers
                        + " optional or repeated pieces once their counts are expanded; at most " + MAX_PATTERN_QUANTIFIERS + " are allowed");
            }
        }
    }

    /** Text the engine can take as a literal: no NUL, and no half of a surrogate pair (which becomes '?' in UTF-8). */
    private static boolean validText(String s) {
        if (NUL.matcher(s).find()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return false;
        }
        return true;
    }

    private static QueryException tooLong(JsonNode f, String what) {
        return new QueryException("Invalid filter " + shortened(f.toString()) + " (" + what + " is longer than " + MAX_TEXT_CHARS
                + " characters; that is the limit)");
    }

    /** Error messages quote what was sent, but not a megabyte of it. */
    private static String shortened(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    private static Optional<Filter.Operator> operator(String name) {
        for (Filter.Operator op : Filter.Operator.values()) if (op.apiName.equals(name)) return Optional.of(op);
        return Optional.empty();
    }

    private static QueryException invalidFilter(JsonNode f, String why) {
        return new QueryException("Invalid filter " + shortened(f.toString()) + " (" + why + ")");
    }

    // --- include and order --------------------------------------------------------------------

    private static Include include(JsonNode node, List<Dimension> dims) {
        if (node == null || node.isNull()) return Include.NONE;
        if (!node.isObject()) throw new QueryException("Invalid include: expected an object");
        boolean timeLabels = false, totalRows = false, explain = false, imports = false;
        Include.Comparison comparison = Include.Comparison.NONE;
        for (var it = node.fields(); it.hasNext(); ) {
            var field = it.next();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "time_labels" -> timeLabels = bool(field.getKey(), v);
                case "total_rows" -> totalRows = bool(field.getKey(), v);
                case "explain" -> explain = bool(field.getKey(), v);
                case "imports" -> imports = bool(field.getKey(), v);
                case "comparison" -> {
                    if (v.isNull() || v.isObject()) break; // an object: a custom range, resolved by parse()
                    comparison = switch (v.isTextual() ? v.asText() : "") {
                        case "previous_period" -> Include.Comparison.PREVIOUS_PERIOD;
                        case "year_over_year" -> Include.Comparison.YEAR_OVER_YEAR;
                        default -> throw new QueryException("Invalid include.comparison: use \"previous_period\", \"year_over_year\" or {\"date_range\": [from, to]}");
                    };
                }
                default -> throw new QueryException("Invalid include: unknown option '" + shortened(field.getKey()) + "'");
            }
        }
        if (timeLabels && dims.stream().noneMatch(d -> d instanceof Dimension.Time)) {
            throw new QueryException("Invalid include.time_labels: requires a time dimension.");
        }
        return new Include(timeLabels, totalRows, comparison, explain, Optional.empty(), imports);
    }

    private static boolean bool(String name, JsonNode v) {
        if (!v.isBoolean()) throw new QueryException("Invalid include." + name + ": expected true or false");
        return v.asBoolean();
    }

    private static List<Order> orderBy(JsonNode node, List<Metric> metrics, List<Dimension> dims) {
        List<Order> order = new ArrayList<>();
        if (node == null || node.isNull()) return order;
        if (!node.isArray()) throw new QueryException("Invalid order_by: expected a list of [name, \"asc\"|\"desc\"]");
        Set<String> queried = new HashSet<>();
        metrics.forEach(m -> queried.add(m.apiName));
        dims.forEach(d -> queried.add(d.apiName()));
        Set<String> ordered = new HashSet<>();
        for (JsonNode o : node) {
            if (!o.isArray() || o.size() != 2 || !o.get(0).isTextual() || !o.get(1).isTextual()
                    || !(o.get(1).asText().equals("asc") || o.get(1).asText().equals("desc"))) {
                throw new QueryException("Invalid order_by entry " + shortened(o.toString()) + ": expected [name, \"asc\"|\"desc\"]");
            }
            String name = o.get(0).asText();
            if (name.equals("time")) {
                name = dims.stream().filter(d -> d instanceof Dimension.Time).map(Dimension::apiName).findFirst().orElse(name);
            }
            if (!queried.contains(name)) {
                throw new QueryException("Invalid order_by entry " + shortened(o.toString()) + ". Entry is not a queried metric or dimension.");
            }
            // Each queried name once, so order_by is never longer than the query.
            if (!ordered.add(name)) throw new QueryException("Invalid order_by: " + name + " appears more than once");
            order.add(new Order(name, o.get(1).asText().equals("desc")));
        }
        return order;
    }

    /** Plausible's default: time ascending when grouped by time, then the first metric descending. */
    private static List<Order> defaultOrder(List<Metric> metrics, List<Dimension> dims) {
        List<Order> order = new ArrayList<>();
        dims.stream().filter(d -> d instanceof Dimension.Time).findFirst().ifPresent(t -> order.add(new Order(t.apiName(), false)));
        order.add(new Order(metrics.getFirst().apiName, true));
        return order;
    }

    // --- what Plausible refuses to mix ----------------------------------------------------------

    private static void validate(StatsQuery q) {
        List<String> eventDims = q.dimensions().stream().filter(Dimension::eventScoped).map(Dimension::apiName).toList();
        List<String> visitOnly = q.metrics().stream().filter(VISIT_ONLY::contains).map(m -> m.apiName).toList();
        // Plausible's exceptions: visit metrics by event:page (event:hostname) are those of visits entering on the page (host).
        if (!visitOnly.isEmpty() && !List.of("event:page", "event:hostname").containsAll(eventDims)) {
            throw new QueryException("Session metric(s) `" + String.join("`, `", visitOnly)
                    + "` cannot be queried along with event dimension(s) `" + String.join("`, `", eventDims) + "`");
        }
        List<String> visitDims = q.dimensions().stream()
                .filter(d -> d.equals(new Dimension.Of(Attribute.ENTRY_PAGE)) || d.equals(new Dimension.Of(Attribute.EXIT_PAGE)))
                .map(Dimension::apiName).toList();
        List<String> eventOnly = q.metrics().stream().filter(m -> m.source == Metric.Source.EVENTS || m == Metric.SCROLL_DEPTH)
                .map(m -> m.apiName).toList();
        if (!visitDims.isEmpty() && !eventOnly.isEmpty()) {
            throw new QueryException("Event metric(s) `" + String.join("`, `", eventOnly)
                    + "` cannot be queried along with session dimension(s) `" + String.join("`, `", visitDims) + "`");
        }
        if (q.metrics().contains(Metric.VIEWS_PER_VISIT)) {
            if (q.filter().map(f -> mentions(f, new Dimension.Of(Attribute.PAGE))).orElse(false)) {
                throw new QueryException("Metric `views_per_visit` cannot be queried with a filter on `event:page`.");
            }
            // Plausible refuses every dimension here; Footfall allows time so the dashboard can chart it.
            if (q.dimensions().stream().anyMatch(d -> !(d instanceof Dimension.Time))) {
                throw new QueryException("Metric `views_per_visit` cannot be queried with `dimensions`.");
            }
        }
        boolean goal = q.dimensions().contains(new Dimension.Goal()) || q.filter().map(f -> mentions(f, new Dimension.Goal())).orElse(false);
        for (Metric m : List.of(Metric.CONVERSION_RATE, Metric.GROUP_CONVERSION_RATE)) {
            if (q.metrics().contains(m) && !goal) {
                throw new QueryException("Metric `" + m.apiName + "` can only be queried with event:goal filters or dimensions.");
            }
        }
        Dimension page = new Dimension.Of(Attribute.PAGE);
        boolean pageDim = q.dimensions().contains(page);
        if (q.metrics().contains(Metric.SCROLL_DEPTH) && !pageDim && !q.filter().map(f -> topLevel(f, page)).orElse(false)) {
            throw new QueryException("Metric `scroll_depth` can only be queried with event:page filters or dimensions.");
        }
        if (q.metrics().contains(Metric.TIME_ON_PAGE) && !pageDim && !q.filter().map(f -> mentions(f, page)).orElse(false)) {
            throw new QueryException("Metric `time_on_page` can only be queried with event:page filters or dimensions.");
        }
        if (q.dimensions().contains(new Dimension.Goal()) && (q.metrics().contains(Metric.SCROLL_DEPTH) || q.metrics().contains(Metric.TIME_ON_PAGE))) {
            throw new QueryException("Metrics `scroll_depth` and `time_on_page` cannot be queried with the event:goal dimension.");
        }
        q.filter().ifPresent(f -> checkGoalsExist(f, q.goals()));
    }

    /** Whether the tree holds a behavioural filter anywhere. */
    private static boolean behavioural(Filter f) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> all.stream().anyMatch(QueryParser::behavioural);
            case Filter.Or(List<Filter> any) -> any.stream().anyMatch(QueryParser::behavioural);
            case Filter.Not(Filter inner) -> behavioural(inner);
            case Filter.Behavioural b -> true;
            case Filter.Condition c -> false;
        };
    }

    private static void checkGoalsExist(Filter f, List<Goal> goals) {
        switch (f) {
            case Filter.And(List<Filter> all) -> all.forEach(x -> checkGoalsExist(x, goals));
            case Filter.Behavioural(boolean done, Filter events) -> checkGoalsExist(events, goals);
            case Filter.Condition c when c.dimension() instanceof Dimension.Goal && c.op() == Filter.Operator.IS -> {
                for (String name : c.values()) {
                    if (goals.stream().noneMatch(g -> c.caseSensitive() ? g.displayName().equals(name) : g.displayName().equalsIgnoreCase(name))) {
                        throw new QueryException("Invalid filters. The goal `" + name + "` is not configured for this site. "
                                + "Find out how to configure goals here: https://plausible.io/docs/stats-api#filtering-by-goals");
                    }
                }
            }
            default -> { }
        }
    }

    private static boolean topLevel(Filter f, Dimension dim) {
        return switch (f) {
            case Filter.And(List<Filter> all) -> all.stream().anyMatch(x -> x instanceof Filter.Condition c && c.dimension().equals(dim));
            case Filter.Condition c -> c.dimension().equals(dim);
            default -> false;
        };
    }

    private static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "String";
            case NUMBER -> node.isIntegralNumber() ? "Integer" : "Number";
            case BOOLEAN -> "Boolean";
            case OBJECT -> "Object";
            case ARRAY -> "Array";
            default -> "Null";
        };
    }

    static boolean mentions(Filter f, Dimension dim) {
        return Filters.anyCondition(f, c -> c.dimension().equals(dim));
    }
}
