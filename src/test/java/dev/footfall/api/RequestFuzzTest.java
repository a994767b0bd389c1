package dev.footfall.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.footfall.TestServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated and mutated requests to {@code POST /api/event} and {@code POST /api/v2/query}
 * against a real server: none may answer 5xx, and a refused event (4xx) stores nothing.
 *
 * <p>Each try sends a batch of {@value #PER_TRY} requests, 4 at a time; with 75 tries per
 * property a CI run sends 3,000. For a nightly-sized run, multiply the batches with the
 * environment variable {@code FOOTFALL_FUZZ_SCALE} (or {@code -Dfootfall.fuzz.scale}), e.g. 30
 * for 90,000 requests. jqwik prints the seed of a failing run and replays it first next time.
 *
 * <p>How "nothing stored from a refused event" is checked without replicating the parser: the
 * test server has one site, fuzz.test, and every event names it, an unknown domain, or a value no
 * parser takes, never a list mixing them; random edits never touch the domain. So the events
 * stored by a batch, once the loader has caught up with the journal, are exactly its 202
 * answers that dropped nothing (no X-Footfall-Dropped header). Names never say "engagement": an engagement ping without a visit is dropped without
 * that header, which would blur the count.
 */
class RequestFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "fuzz.test";
    static final int PER_TRY = 20;
    /** Batches grow by this factor for a nightly-sized run. */
    static final int SCALE = Optional.ofNullable(System.getenv("FOOTFALL_FUZZ_SCALE"))
            .or(() -> Optional.ofNullable(System.getProperty("footfall.fuzz.scale"))).map(Integer::parseInt).orElse(1);

    private static TestServer server;
    private static Path dataDir;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ExecutorService SENDERS = Executors.newFixedThreadPool(4);
    private static int events, eventsStored, queries, queriesAnswered;
    /** How often each refusal was seen: what the generators reach, printed at the end. */
    private static final java.util.Map<String, Integer> REFUSALS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeContainer
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("footfall-fuzz");
        server = TestServer.start(dataDir);
        server.addSite(SITE);
        server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"" + SITE + "\",\"goal_type\":\"event\",\"event_name\":\"Signup\"}");
        server.admin("PUT", "/api/v1/sites/goals", "{\"site_id\":\"" + SITE + "\",\"goal_type\":\"page\",\"page_path\":\"/blog*\"}");
    }

    @AfterContainer
    static void stop() {
        SENDERS.shutdownNow();
        if (server != null) server.close();
        // A nightly-sized run leaves a sizeable data directory; nothing in it is needed afterwards.
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.out.println("fuzz: could not delete " + dataDir + ": " + e);
        }
        System.out.printf("fuzz: %d events sent, %d stored; %d queries sent, %d answered 200%n", events, eventsStored, queries, queriesAnswered);
        REFUSALS.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf("%6d  %s%n", e.getValue(), e.getKey()));
    }

    // --- properties ---------------------------------------------------------------------------

    // No edge cases: jqwik would favour them (null members, first choices, zero chances) far beyond their weights.
    @Property(tries = 75, edgeCases = EdgeCasesMode.NONE)
    void eventsNeverAnswer5xxAndRefusedOnesStoreNothing(@ForAll("eventBatches") List<byte[]> batch) throws Exception {
        long before = server.server.storage().countEvents(SITE);
        List<HttpResponse<String>> answers = sendAll(batch, body -> HttpRequest.newBuilder(server.uri("/api/event"))
                .header("User-Agent", TestServer.BROWSER_UA).header("X-Forwarded-For", "203.0.113.7")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        long stored = 0;
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> res = answers.get(i);
            assertThat(res.statusCode()).as("event %s answered %s", text(batch.get(i)), res.body()).isLessThan(500).isIn(202, 400);
            if (res.statusCode() == 202 && res.headers().firstValue("X-Footfall-Dropped").isEmpty()) stored++;
            if (res.statusCode() != 202) REFUSALS.merge("event " + reason(res.body()), 1, Integer::sum);
        }
        // 202 comes once the event is journaled; the loader stores it a moment later.
        server.awaitLoaded();
        assertThat(server.server.storage().countEvents(SITE) - before).as("events stored by the batch").isEqualTo(stored);
        synchronized (RequestFuzzTest.class) {
            events += batch.size();
            eventsStored += stored;
        }
    }

    @Property(tries = 75, edgeCases = EdgeCasesMode.NONE)
    void queriesNeverAnswer5xx(@ForAll("queryBatches") List<byte[]> batch) throws Exception {
        List<HttpResponse<String>> answers = sendAll(batch, body -> HttpRequest.newBuilder(server.uri("/api/v2/query"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        int answered = 0;
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> res = answers.get(i);
            assertThat(res.statusCode()).as("query %s answered %s", text(batch.get(i)), res.body()).isLessThan(500);
            if (res.statusCode() == 200) answered++;
            else REFUSALS.merge("query " + reason(res.body()), 1, Integer::sum);
        }
        synchronized (RequestFuzzTest.class) {
            queries += batch.size();
            queriesAnswered += answered;
        }
    }

    private static List<HttpResponse<String>> sendAll(List<byte[]> bodies, java.util.function.Function<byte[], HttpRequest.Builder> request)
            throws Exception {
        List<Future<HttpResponse<String>>> pending = new ArrayList<>();
        for (byte[] body : bodies) {
            pending.add(SENDERS.submit(() -> HTTP.send(request.apply(body).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString())));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : pending) answers.add(answer.get());
        return answers;
    }

    /** A refusal's message, digits and quoted request text left out, so alike ones count together. */
    private static String reason(String body) {
        String r;
        try {
            var json = JSON.readTree(body);
            r = json.has("error") ? json.get("error").asText() : json.path("errors").properties().stream()
                    .map(e -> e.getKey() + " " + e.getValue().asText()).sorted().collect(Collectors.joining("; "));
        } catch (JsonProcessingException e) {
            r = body;
        }
        r = r.replaceAll("\\[.*\\]|'[^']*'|\"[^\"]*\"", "…").replaceAll("[0-9]+", "N");
        return r.length() > 100 ? r.substring(0, 100) : r;
    }

    private static String text(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }

    // --- events -------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<byte[]>> eventBatches() {
        return RequestFuzzTest.<byte[]>weighted(20, event(), 1, garbage()).list().ofSize(PER_TRY * SCALE);
    }

    /** An event body: fields in any order, each valid, at a bound, past it, or of the wrong type; some edited at random. */
    Arbitrary<byte[]> event() {
        Arbitrary<String> name = weighted(
                24, Arbitraries.of("pageview", "Signup", "Outbound Link: Click", "404").map(RequestFuzzTest::quote),
                2, Arbitraries.of("", "  ", "x".repeat(120), "x".repeat(121), "\u0000", "é🎉").map(RequestFuzzTest::quote),
                1, anyString().filter(s -> !s.equals("engagement")).map(RequestFuzzTest::quote),
                1, wrongTypes());
        Arbitrary<String> url = weighted(
                24, Arbitraries.of("/", "/blog/post", "/a?utm_source=news&utm_medium=mail", "/%zz", "/é", "/#frag", "//x")
                        .map(p -> quote("https://fuzz.test" + p)),
                2, Arbitraries.of("http://fuzz.test", "ftp://fuzz.test/", "not a url", "https://", "https://[::1]:99999/x",
                        "https://user:pw@fuzz.test/", "javascript:alert(1)", "https://" + "a".repeat(1990) + ".test/",
                        "https://" + "a".repeat(2000) + ".test/", "https://fuzz.test/" + "p".repeat(3000)).map(RequestFuzzTest::quote),
                1, anyString().map(RequestFuzzTest::quote),
                1, wrongTypes());
        Arbitrary<String> domain = weighted(
                30, Arbitraries.of(quote(SITE)),
                2, Arbitraries.of(" FUZZ.test ", "fuzz.test,fuzz.test", "Fuzz.Test").map(RequestFuzzTest::quote),
                2, Arbitraries.of("unknown.test", "fuzz.test.evil", "").map(RequestFuzzTest::quote),
                1, Arbitraries.of(quote(",".repeat(5)), quote(String.join(",", java.util.Collections.nCopies(21, "x.test")))),
                1, wrongTypes());
        Arbitrary<String> referrer = weighted(
                12, Arbitraries.of("", "https://www.google.com/", "https://news.ycombinator.com/item?id=1", "android-app://x",
                        "https://semalt.com/", "r".repeat(2001)).map(RequestFuzzTest::quote),
                1, anyString().map(RequestFuzzTest::quote),
                1, wrongTypes());
        Arbitrary<String> number = weighted(
                12, Arbitraries.integers().between(-5, 105).map(String::valueOf),
                1, Arbitraries.of("1e400", "-0", "2147483648", "9223372036854775808", "1.5", "\"50\"", "true", "null", "[]", "{}"));
        Arbitrary<String> bool = weighted(12, Arbitraries.of("true", "false"), 1, Arbitraries.of("1", "0", "\"true\"", "null", "[]"));
        List<Arbitrary<String>> fields = List.of(
                field("n", "name", name, 0.97), field("u", "url", url, 0.97), field("r", "referrer", referrer, 0.5),
                field("p", "props", props(), 0.4), field("i", "interactive", bool, 0.3), field("h", "hashMode", bool, 0.3),
                field("sd", "scroll_depth", number, 0.2), field("e", "engagement_time", number, 0.2));
        Arbitrary<List<String>> others = Combinators.combine(fields).as(all -> all.stream().filter(f -> !f.isEmpty()).toList());
        return Combinators.combine(others, field("d", "domain", domain, 0.97),
                Arbitraries.integers().between(0, 8), edits()).as((rest, d, at, edit) -> {
            // Random edits apply to the fields around the domain, never to it (see the class comment).
            List<String> parts = new ArrayList<>(edit.apply(rest));
            if (!d.isEmpty()) parts.add(Math.min(at, parts.size()), d);
            return ("{" + String.join(",", parts) + "}").getBytes(StandardCharsets.UTF_8);
        });
    }

    /** A field under its short or long name, present with the given chance, else "". */
    private static Arbitrary<String> field(String shortName, String longName, Arbitrary<String> value, double present) {
        return Combinators.combine(Arbitraries.of(quote(shortName), quote(longName)), value, Arbitraries.doubles().between(0, 1))
                .as((key, v, chance) -> chance < present ? key + ":" + v : "");
    }

    private static Arbitrary<String> props() {
        Arbitrary<String> key = weighted(40, Arbitraries.of("plan", "author", "a b", "é").map(RequestFuzzTest::quote),
                1, Arbitraries.of(quote(""), quote("k".repeat(301)), quote("k".repeat(300))), 1, anyString().map(RequestFuzzTest::quote));
        Arbitrary<String> value = weighted(12, Arbitraries.of("pro", "", "é🎉").map(RequestFuzzTest::quote),
                1, Arbitraries.of(quote("v".repeat(2000)), quote("v".repeat(2001)), "1", "true", "null", "[1]", "{\"x\":1}"),
                1, anyString().map(RequestFuzzTest::quote));
        Arbitrary<String> object = RequestFuzzTest.<List<String>>weighted(12, Combinators.combine(key, value).as((k, v) -> k + ":" + v).list().ofMaxSize(4),
                        1, Combinators.combine(key, value).as((k, v) -> k + ":" + v).list().ofMinSize(28).ofMaxSize(33))
                .map(entries -> "{" + String.join(",", entries) + "}");
        return weighted(12, object, 2, object.map(RequestFuzzTest::quote), 1, Arbitraries.of("\"{not json\"", "[]", "1", "null"));
    }

    /** Whole bodies that are not an event: empty, another JSON type, not JSON, not UTF-8, too deep. */
    Arbitrary<byte[]> garbage() {
        return weighted(
                3, Arbitraries.of("", " ", "null", "[]", "\"event\"", "{", "{}", "{\"n\":}", "[".repeat(2000), "{\"p\":" + "[".repeat(1500) + "}")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                1, Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
    }

    // --- queries ------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<byte[]>> queryBatches() {
        return RequestFuzzTest.<byte[]>weighted(15, query(), 5, patternQuery(), 1, garbage()).list().ofSize(PER_TRY * SCALE);
    }

    /**
     * A query valid but for its pattern, so that every pattern the parser takes reaches the engine:
     * where RE2/J and the engine's RE2 disagree, this is where a 5xx would come from.
     */
    Arbitrary<byte[]> patternQuery() {
        return Combinators.combine(Arbitraries.of("matches", "matches_not"), Arbitraries.of("event:page", "event:props:plan", "visit:source"),
                        pattern().list().ofMinSize(1).ofMaxSize(2))
                .as((op, dimension, patterns) -> ("{\"site_id\":\"" + SITE + "\",\"metrics\":[\"visitors\"],\"date_range\":\"7d\","
                        + "\"filters\":[[" + quote(op) + "," + quote(dimension) + "," + array(patterns.stream().map(RequestFuzzTest::quote).toList())
                        + "]]}").getBytes(StandardCharsets.UTF_8));
    }

    Arbitrary<byte[]> query() {
        Arbitrary<String> siteId = weighted(12, Arbitraries.of(quote(SITE)), 1, Arbitraries.of(quote("other.test"), "1", "null"));
        Arbitrary<String> metrics = weighted(
                12, Arbitraries.of("visitors", "visits", "pageviews", "events").map(m -> array(List.of(quote(m)))),
                2, Arbitraries.of("visitors", "visits", "pageviews", "events", "views_per_visit", "bounce_rate", "visit_duration",
                        "conversion_rate", "group_conversion_rate", "percentage", "scroll_depth", "time_on_page", "bogus")
                        .map(RequestFuzzTest::quote).list().ofMinSize(0).ofMaxSize(4).map(RequestFuzzTest::array));
        Arbitrary<String> dimension = Arbitraries.of("event:page", "event:name", "event:goal", "event:hostname", "visit:source",
                "visit:browser", "visit:browser_version", "visit:country", "visit:city", "visit:entry_page", "visit:exit_page",
                "visit:utm_source", "time", "time:minute", "time:hour", "time:day", "time:week", "time:month", "event:props:plan",
                "event:props:", "bogus").map(RequestFuzzTest::quote);
        Arbitrary<String> dimensions = weighted(6, dimension.map(d -> array(List.of(d))), 1, dimension.list().ofMaxSize(3).map(RequestFuzzTest::array));
        Arbitrary<String> include = Combinators.combine(
                        Arbitraries.of("", "\"time_labels\":true", "\"time_labels\":1"),
                        Arbitraries.of("", "\"total_rows\":true", "\"explain\":true"),
                        Arbitraries.of("", "\"comparison\":\"previous_period\"", "\"comparison\":\"year_over_year\"", "\"comparison\":\"x\"",
                                "\"comparison\":null", "\"imports\":true", "\"bogus\":1"))
                .as((a, b, c) -> "{" + List.of(a, b, c).stream().filter(s -> !s.isEmpty()).collect(Collectors.joining(",")) + "}");
        Arbitrary<String> orderBy = Combinators.combine(Arbitraries.of("visitors", "pageviews", "event:page", "time", "time:day", "bogus"),
                        Arbitraries.of("asc", "desc", "up")).as((n, d) -> "[" + quote(n) + "," + quote(d) + "]")
                .list().ofMaxSize(2).map(RequestFuzzTest::array);
        Arbitrary<String> pagination = Combinators.combine(
                Arbitraries.of("0", "1", "10", "10000", "10001", "-1", "1.5", "\"5\""),
                Arbitraries.of("0", "5", "1000000", "1000001", "2147483648", "-1")).as((l, o) -> "{\"limit\":" + l + ",\"offset\":" + o + "}");
        List<Arbitrary<String>> members = List.of(
                member("site_id", siteId, 0.02), member("metrics", metrics, 0.02), member("date_range", dateRange(), 0.02),
                member("dimensions", dimensions, 0.5), member("filters", filters(), 0.4), member("include", include, 0.7),
                member("order_by", orderBy, 0.85), member("pagination", pagination, 0.8));
        return Combinators.combine(Combinators.combine(members).as(all -> all.stream().filter(m -> !m.isEmpty()).toList()), edits())
                .as((parts, edit) -> {
                    // Edits here may break anything, the site_id too: no storage invariant depends on a query.
                    return ("{" + String.join(",", edit.apply(parts)) + "}").getBytes(StandardCharsets.UTF_8);
                });
    }

    private static Arbitrary<String> member(String name, Arbitrary<String> value, double absent) {
        return value.map(v -> quote(name) + ":" + v).injectNull(absent).map(m -> m == null ? "" : m);
    }

    private static Arbitrary<String> dateRange() {
        Arbitrary<String> date = Arbitraries.of("-999999999-01-01", "+999999999-12-30", "+999999999-12-31", "9999-12-31", "9998-12-31", "0000-01-01",
                        "0001-01-01", "0001-01-02", "1900-01-01", "1925-01-01", "2024-02-30", "2024-13-01", "2024-01-01T00:00:00Z",
                        "2024-01-01T10:00:00+14:00", "9998-12-31T23:59:59-12:00", "2024-01-01T00:00:00", "", "today", "2024-1-1");
        Arbitrary<String> recent = Combinators.combine(Arbitraries.integers().between(0, 2000), Arbitraries.integers().between(0, 400))
                .as((ago, days) -> {
                    java.time.LocalDate start = java.time.LocalDate.now().minusDays(ago);
                    return "[" + quote(start.toString()) + "," + quote(start.plusDays(days).toString()) + "]";
                });
        return weighted(
                4, Arbitraries.of("day", "7d", "30d", "month", "year", "all", "12mo", "5000d", "5001d", "0d", "100mo", "101mo", "week")
                        .map(RequestFuzzTest::quote),
                10, recent,
                2, Combinators.combine(date, date).as((a, b) -> "[" + quote(a) + "," + quote(b) + "]"),
                1, Arbitraries.of("[]", "[\"day\"]", "[\"2024-01-01\",\"2024-01-02\",\"2024-01-03\"]", "{}", "1", "null", "[1,2]"));
    }

    /** Filter trees up to three levels deep, with values, patterns and shapes Plausible accepts and not. */
    private static Arbitrary<String> filters() {
        return filter(3).list().ofMinSize(1).ofMaxSize(3).map(RequestFuzzTest::array);
    }

    private static Arbitrary<String> filter(int depth) {
        Arbitrary<String> condition = Combinators.combine(
                RequestFuzzTest.<String>weighted(20, Arbitraries.of("is", "is_not", "contains", "contains_not", "matches", "matches_not"),
                        1, Arbitraries.of("bogus")).map(RequestFuzzTest::quote),
                RequestFuzzTest.<String>weighted(20, Arbitraries.of("event:page", "event:name", "event:goal", "event:hostname", "visit:source", "visit:country",
                        "visit:entry_page", "visit:browser", "event:props:plan"), 1, Arbitraries.of("time", "bogus")).map(RequestFuzzTest::quote),
                weighted(20, filterValue().list().ofMinSize(1).ofMaxSize(3).map(RequestFuzzTest::array), 1, Arbitraries.of("[]", "\"x\"", "[[]]")),
                weighted(12, Arbitraries.of(""), 2, Arbitraries.of(",{\"case_sensitive\":false}", ",{\"case_sensitive\":true}"),
                        1, Arbitraries.of(",{\"case_sensitive\":\"no\"}", ",{\"x\":1}", ",[]")))
                .as((op, dim, values, mods) -> "[" + op + "," + dim + "," + values + mods + "]");
        if (depth == 0) return condition;
        Arbitrary<String> inner = Arbitraries.lazy(() -> filter(depth - 1));
        return weighted(
                12, condition,
                2, inner.list().ofMinSize(1).ofMaxSize(3).map(list -> "[\"and\"," + array(list) + "]"),
                2, inner.list().ofMinSize(1).ofMaxSize(3).map(list -> "[\"or\"," + array(list) + "]"),
                2, inner.map(f -> "[\"not\"," + f + "]"),
                1, Arbitraries.of("[]", "[\"is\"]", "\"is\"", "[\"not\"]", "[\"and\",[]]", "[\"or\",[]]", "[1,2,3]", "null"));
    }

    private static Arbitrary<String> filterValue() {
        return weighted(
                12, Arbitraries.of("/", "/blog/post", "Signup", "Visit /blog*", "Google", "Chrome", "pro", "EE", "", "é🎉").map(RequestFuzzTest::quote),
                6, pattern().map(RequestFuzzTest::quote),
                1, Arbitraries.of("x".repeat(2000), "x".repeat(2001)).map(RequestFuzzTest::quote),
                1, Arbitraries.of("1", "1.5", "true", "null", "[]", "\"\\ud800\"", "\"a\\u0000b\""),
                1, anyString().map(RequestFuzzTest::quote));
    }

    /**
     * Patterns RE2 takes, built from atoms and repetitions, and soups of tokens from RE2's and
     * Perl's syntax alike, where the two engines' grammars differ.
     */
    private static Arbitrary<String> pattern() {
        Arbitrary<String> atom = Arbitraries.of("a", "é", "\u1C80", "😀", ".", "\\d", "\\w", "\\s", "\\pL", "\\p{Greek}", "\\PN", "[a-z]",
                "[^/]", "[[:alpha:]]", "(?:ab|cd)", "(x)", "(?P<n>y)", "/blog/", "\\Qa.b\\E", "\\x41", "\\x{10FFFF}", "\\b", "\\z", "^", "$");
        Arbitrary<String> repeat = weighted(6, Arbitraries.of(""), 3, Arbitraries.of("*", "+", "?", "*?", "+?", "??"),
                1, Arbitraries.of("{2}", "{2,5}", "{0,3}", "{3,}", "{100}", "{1000}", "{0,1000}"));
        Arbitrary<String> valid = Combinators.combine(Arbitraries.of("", "", "(?i)", "(?s)", "(?U)", "(?i-s)"),
                        Combinators.combine(atom, repeat).as(String::concat).list().ofMinSize(1).ofMaxSize(4))
                .as((flags, pieces) -> flags + String.join("", pieces));
        Arbitrary<String> soup = Arbitraries.of("a", "é", "\u1C80", "😀", ".", "*", "+", "?", "*?", "{2}", "{2,}", "{2,5}", "{,3}", "{0}", "{1000}", "{1001}",
                        "{", "}", "(", ")", "(?:", "(?i)", "(?i:", "(?s)", "(?m)", "(?U)", "(?-i)", "(?P<n>", "(?<n>", "(?P=n)", "(?=", "(?!",
                        "(?<=", "(?#", "(?>", "|", "^", "$", "\\b", "\\B", "\\A", "\\z", "\\Z", "\\G", "\\d", "\\w", "\\s", "\\pL", "\\PL",
                        "\\p{Greek}", "\\p{^Greek}", "\\p{Han}", "\\p{Kawi}", "\\pN", "\\p{Lu}", "\\C", "\\Q", "\\E", "\\x41", "\\x{10FFFF}",
                        "\\x{110000}", "\\0", "\\1", "\\8", "\\e", "\\cA", "\\R", "\\X", "\\h", "\\K", "\\é", "\\", "[", "]", "[^",
                        "[:alpha:]", "[[:alpha:]]", "[[:^alpha:]]", "[[:foo:]]", "-", "a-z", "z-a", "\\[", "\\.", "/blog/", "(a?){100}",
                        "(a?){101}", "\\pL{100}")
                .list().ofMinSize(1).ofMaxSize(6).map(tokens -> String.join("", tokens));
        return weighted(2, valid, 1, soup);
    }

    // --- shared -------------------------------------------------------------------------------

    /** Strings of any characters, lone surrogates and NUL included. */
    private static Arbitrary<String> anyString() {
        return Arbitraries.strings().all().ofMaxLength(24);
    }

    private static Arbitrary<String> wrongTypes() {
        return Arbitraries.of("1", "-1.5e300", "true", "null", "[]", "[\"a\"]", "{}", "{\"a\":1}");
    }

    /** A random edit of one part of a body, or none: delete, insert, truncate or repeat characters. */
    private static Arbitrary<java.util.function.UnaryOperator<List<String>>> edits() {
        Arbitrary<java.util.function.UnaryOperator<List<String>>> one = Combinators.combine(
                Arbitraries.of("delete", "insert", "truncate", "repeat"), Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 99),
                Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', ' ', '\u0000', 'é', 'x', '0', '-'))
                .as((kind, where, which, c) -> parts -> {
                    if (parts.isEmpty()) return parts;
                    List<String> edited = new ArrayList<>(parts);
                    int index = which % parts.size();
                    String s = edited.get(index);
                    int at = (int) (where * s.length());
                    edited.set(index, switch (kind) {
                        case "delete" -> s.substring(0, at) + s.substring(Math.min(s.length(), at + 1));
                        case "insert" -> s.substring(0, at) + c + s.substring(at);
                        case "truncate" -> s.substring(0, at);
                        default -> s.substring(0, at) + s.substring(at).repeat(2);
                    });
                    return edited;
                });
        // Most bodies arrive intact, so that most reach the deeper checks; the rest take one to three edits.
        return weighted(9, Arbitraries.just(java.util.function.UnaryOperator.<List<String>>identity()),
                1, one.list().ofMinSize(1).ofMaxSize(3).map(all -> (java.util.function.UnaryOperator<List<String>>) parts -> {
                    List<String> edited = parts;
                    for (var edit : all) edited = edit.apply(edited);
                    return edited;
                }));
    }

    /** jqwik's frequencyOf with the weights and choices side by side: weighted(3, a, 1, b) picks a three times as often as b. */
    @SuppressWarnings("unchecked")
    private static <T> Arbitrary<T> weighted(Object... weightsAndChoices) {
        List<Tuple.Tuple2<Integer, Arbitrary<T>>> choices = new ArrayList<>();
        for (int i = 0; i < weightsAndChoices.length; i += 2) {
            choices.add(Tuple.of((Integer) weightsAndChoices[i], (Arbitrary<T>) weightsAndChoices[i + 1]));
        }
        return Arbitraries.frequencyOf(choices);
    }

    private static String array(List<String> items) {
        return "[" + String.join(",", items) + "]";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
