package dev.footfall.web;

import dev.footfall.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The tracker's names, variants and delivery, without a browser: every one of the 2^10 Plausible
 * variants (and the per-site script) is built, checked to hold exactly the code its name asks for,
 * and parsed by Node; the server answers each name as Plausible's TrackerPlug would; the sizes in
 * docs/tracker.md are the real ones. What the scripts do is PlausibleScriptsBrowserTest's.
 */
class TrackerScriptTest {
    /**
     * A string only the code of one feature contains, and whether it is there when the feature is
     * on (local and manual take code out: the localhost rule and the automatic pageviews).
     */
    private record Marker(String text, boolean presentWhenOn) {}

    private static final Map<String, Marker> MARKERS = Map.of(
            "compat", new Marker("XMLHttpRequest", true),
            "exclusions", new Marker("data-exclude", true),
            "file-downloads", new Marker("File Download", true),
            "hash", new Marker("e.h = 1", true),
            "local", new Marker("webdriver", false),
            "manual", new Marker("pushState", false),
            "outbound-links", new Marker("Outbound Link: Click", true),
            "pageview-props", new Marker("'event-'", true),
            "revenue", new Marker("e.$", true),
            "tagged-events", new Marker("plausible-event-", true));
    /**
     * No variant may grow past this gzipped: the largest, the per-site script with every feature,
     * is about 3.2 KB; more is a regression to justify, every visitor downloads it.
     */
    private static final int GZIP_BUDGET_BYTES = 3500;
    /** Documented sizes may lag the script by this much before the table must be redone (a comment's worth of code). */
    private static final double DOCUMENTED_SIZE_TOLERANCE = 0.03;
    private static final Path DOCS = Path.of("docs/tracker.md");

    @TempDir
    static Path dataDir;
    static TestServer server;
    static final TrackerScript scripts = new TrackerScript();

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
        if (headers.length > 0) request.headers(headers);
        return server.sendBytes(request);
    }

    /** Every set of Plausible's features: 2^10 of them. */
    static List<Set<String>> allVariants() {
        List<Set<String>> variants = new ArrayList<>();
        int n = TrackerScript.FEATURES.size();
        for (int mask = 0; mask < 1 << n; mask++) {
            Set<String> features = new TreeSet<>();
            for (int i = 0; i < n; i++) if ((mask & 1 << i) != 0) features.add(TrackerScript.FEATURES.get(i));
            variants.add(features);
        }
        return variants;
    }

    static String text(Set<String> features) {
        return new String(scripts.script(features).plain(), StandardCharsets.UTF_8);
    }

    @Test
    void everyVariantHoldsExactlyTheCodeItsNameAsksFor() {
        for (Set<String> features : allVariants()) {
            String script = text(features);
            MARKERS.forEach((feature, marker) -> assertThat(script.contains(marker.text()))
                    .as("'%s' (%s) in the variant with %s", marker.text(), feature, features)
                    .isEqualTo(features.contains(feature) == marker.presentWhenOn()));
            assertThat(script).as("comments and indentation are for the source only").doesNotContain("\n//").doesNotContain("\n ");
            // Cookieless: no variant reads or writes a cookie, and fetch sends none to Footfall.
            assertThat(script).doesNotContainIgnoringCase("cookie");
            if (!features.contains("compat")) assertThat(script).contains("credentials: 'omit'");
        }
        // The per-site script has everything but the compat code, switched at run time.
        String web = text(TrackerScript.WEB_FEATURES);
        MARKERS.forEach((feature, marker) -> assertThat(web.contains(marker.text())).as("%s in the per-site script", feature)
                .isEqualTo(!feature.equals("compat")));
        assertThat(web).contains("plausible.o");
    }

    @Test
    void everyVariantParsesAsJavaScript(@TempDir Path dir) throws Exception {
        for (Set<String> features : allVariants()) {
            String name = features.isEmpty() ? "script.js" : "script." + String.join(".", features) + ".js";
            Files.write(dir.resolve(name), scripts.script(features).plain());
        }
        Files.write(dir.resolve("pa-site.js"), scripts.script(TrackerScript.WEB_FEATURES).plain());
        // One Node process compiles them all (vm.Script parses without running): a syntax error in any variant fails here.
        String check = """
                const fs = require('fs'), path = require('path'), vm = require('vm'); let bad = 0;
                for (const f of fs.readdirSync(process.argv[1])) {
                  try { new vm.Script(fs.readFileSync(path.join(process.argv[1], f), 'utf8'), {filename: f}) }
                  catch (e) { bad++; console.log(f + ': ' + e.message) }
                }
                console.log('checked ' + fs.readdirSync(process.argv[1]).length); process.exit(bad ? 1 : 0);""";
        Process node;
        try {
            node = new ProcessBuilder("node", "-e", check, dir.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("the variant syntax check needs Node.js (`node` on the PATH), as the official-tracker test does: " + e.getMessage());
            return;
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).contains("checked " + ((1 << TrackerScript.FEATURES.size()) + 1));
    }

    @Test
    void featuresInAnyOrderAndUnderEveryBaseNameServeTheSameScript() {
        byte[] expected = get("/js/script.hash.outbound-links.js").body();
        assertThat(new String(expected, StandardCharsets.UTF_8)).contains("hashchange").contains("Outbound Link: Click");
        for (String name : List.of("script.outbound-links.hash.js", "plausible.hash.outbound-links.js",
                "analytics.outbound-links.hash.js", "script.hash.pageleave.outbound-links.js", "script.hash.outbound-links.js.js")) {
            HttpResponse<byte[]> res = get("/js/" + name);
            assertThat(res.statusCode()).as(name).isEqualTo(200);
            assertThat(res.body()).as(name).isEqualTo(expected);
        }
        assertThat(get("/js/pa-AbC_12-x.js").body()).isEqualTo(get("/js/s-other.js").body())
                .isEqualTo(scripts.script(TrackerScript.WEB_FEATURES).plain());
    }

    /** Plausible's TrackerPlug serves only sorted names from its set of built variants; nothing else is a script. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"script.bogus.js", "script.hash.hash.js", "other.js", "script.hash", "pa-.js", "pa-a.b.js",
            "script..js", "p.js", "Script.js"})
    void otherNamesAreNotFound(String name) {
        assertThat(get("/js/" + name).statusCode()).isEqualTo(404);
    }

    @Test
    void servedGzippedWhenAcceptedWithCacheHeadersAndAnEtag() throws IOException {
        HttpResponse<byte[]> plain = get("/js/script.tagged-events.js");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/javascript; charset=utf-8");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(plain.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("cross-origin");
        assertThat(plain.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("max-age="));
        assertThat(plain.headers().firstValue("Vary")).hasValue("Accept-Encoding");

        HttpResponse<byte[]> gzipped = get("/js/script.tagged-events.js", "Accept-Encoding", "br, gzip;q=0.8");
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes()).isEqualTo(plain.body());
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
        assertThat(get("/js/script.js", "Accept-Encoding", "gzip;q=0").headers().firstValue("Content-Encoding")).isEmpty();

        String etag = plain.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = get("/js/script.tagged-events.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/js/script.hash.js").headers().firstValue("ETag")).isNotEqualTo(plain.headers().firstValue("ETag"));
    }

    @Test
    void everyVariantFitsTheBudgetAndDocsTellTheRealSizes() throws IOException {
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (Set<String> features : allVariants()) {
            int size = scripts.script(features).gzip().length;
            assertThat(size).as("gzipped bytes of the variant with %s", features).isLessThanOrEqualTo(GZIP_BUDGET_BYTES);
        }
        assertThat(scripts.script(TrackerScript.WEB_FEATURES).gzip().length).as("per-site script").isLessThanOrEqualTo(GZIP_BUDGET_BYTES);

        Pattern row = Pattern.compile("^\\| `/js/([^`]+)` \\|.*\\| (\\d+) \\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(DOCS));
        Map<String, Integer> documented = new LinkedHashMap<>();
        while (m.find()) documented.put(m.group(1), Integer.parseInt(m.group(2)));
        assertThat(documented).as("size table rows in %s", DOCS).hasSizeGreaterThanOrEqualTo(10);
        documented.keySet().forEach(name -> actual.put(name, scripts.script(TrackerScript.features(name)
                .orElseThrow(() -> new AssertionError(DOCS + " names " + name + ", which is not served"))).gzip().length));
        String table = actual.entrySet().stream().map(e -> "/js/" + e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n"));
        documented.forEach((name, size) -> assertThat((double) size).as("documented gzipped size of %s; the real sizes:%n%s", name, table)
                .isCloseTo(actual.get(name), org.assertj.core.data.Percentage.withPercentage(DOCUMENTED_SIZE_TOLERANCE * 100)));
    }
}
