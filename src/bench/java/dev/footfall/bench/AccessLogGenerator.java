package dev.footfall.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a combined-format access log with a known mix, for the import test and {@code footfall bench import}
 * (which writes one itself), or by hand: {@code java -cp target/footfall-bench.jar dev.footfall.bench.AccessLogGenerator FILE[.gz] LINES [SITE]}.
 * It lives with the benchmarks so that the benchmark jar has it; the tests see the benchmark classes too.
 * The mix is roughly a small content site's: per 100 lines, 30 human pageviews, 40 static assets,
 * 14 bot requests, 8 404s, 5 POSTs, and the rest HEAD requests; malformed lines are added on request.
 */
public final class AccessLogGenerator {
    /** Real desktop and mobile browsers that every user-agent parser takes for people. */
    static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36");
    /** Crawlers Yauaa knows, and HTTP tools the bot filter's own list catches. */
    static final List<String> BOTS = List.of(
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "curl/8.5.0",
            "python-requests/2.31.0",
            "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)");
    private static final List<String> PAGES = List.of("/", "/pricing", "/about", "/blog/", "/blog/why-privacy",
            "/blog/launch?utm_source=newsletter&utm_medium=email", "/docs/install", "/docs/api");
    private static final List<String> ASSETS = List.of("/assets/app.css", "/assets/app.js", "/img/logo.png",
            "/favicon.ico", "/fonts/inter.woff2", "/img/hero.jpg?v=3");
    private static final List<String> REFERRERS = List.of("-", "-", "https://www.google.com/", "https://news.ycombinator.com/",
            "https://t.co/abc123");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Distinct visitors (address + browser): enough for many concurrent visits, few enough that visitors return. */
    private static final int VISITORS = 5_000;

    /** How many lines of each kind were written. */
    public record Counts(long pageviews, long assets, long bots, long notFound, long notGet, long malformed) {
        public long total() {
            return pageviews + assets + bots + notFound + notGet + malformed;
        }
    }

    private final Random random;
    private final String site;
    private Instant time;

    public AccessLogGenerator(long seed, String site, Instant start) {
        this.random = new Random(seed);
        this.site = site;
        this.time = start;
    }

    /** Appends {@code lines} well-formed lines plus {@code malformed} broken ones (spread through the file). */
    public Counts write(Path file, long lines, long malformed) throws IOException {
        long pageviews = 0, assets = 0, bots = 0, notFound = 0, notGet = 0;
        long malformedEvery = malformed == 0 ? Long.MAX_VALUE : Math.max(1, lines / malformed);
        long malformedLeft = malformed;
        try (BufferedWriter out = writer(file)) {
            for (long i = 0; i < lines; i++) {
                time = time.plusSeconds(random.nextInt(3));
                int visitor = random.nextInt(VISITORS);
                String ip = "10." + (visitor >> 16 & 255) + "." + (visitor >> 8 & 255) + "." + (visitor & 255);
                String browser = BROWSERS.get(visitor % BROWSERS.size());
                int kind = random.nextInt(100);
                if (kind < 30) {
                    line(out, ip, "GET", pick(PAGES), random.nextInt(10) == 0 ? 304 : 200, pick(REFERRERS), browser);
                    pageviews++;
                } else if (kind < 70) {
                    line(out, ip, "GET", pick(ASSETS), 200, "https://" + site + "/", browser);
                    assets++;
                } else if (kind < 84) {
                    line(out, "66.249.66." + random.nextInt(256), "GET", pick(PAGES), 200, "-", pick(BOTS));
                    bots++;
                } else if (kind < 92) {
                    line(out, ip, "GET", "/wp-login.php", 404, "-", browser);
                    notFound++;
                } else {
                    line(out, ip, kind < 97 ? "POST" : "HEAD", "/contact", 200, "https://" + site + "/contact", browser);
                    notGet++;
                }
                if (malformedLeft > 0 && i % malformedEvery == malformedEvery - 1) {
                    out.write(ip + " - - [not a time] \"GET / HTTP/1.1\" 200 12 \"-\" \"" + browser + "\"\n");
                    malformedLeft--;
                }
            }
            for (; malformedLeft > 0; malformedLeft--) out.write("garbage\n");
        }
        return new Counts(pageviews, assets, bots, notFound, notGet, malformed);
    }

    private void line(BufferedWriter out, String ip, String method, String path, int status, String referrer, String agent) throws IOException {
        out.write(ip + " - - [" + TIME.format(time) + "] \"" + method + " " + path + " HTTP/1.1\" " + status + " "
                + (status == 304 ? "0" : String.valueOf(200 + random.nextInt(20_000))) + " \"" + referrer + "\" \"" + agent + "\"\n");
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Appends to a plain file; writes a new gzip file (gzip files are not grown in place). */
    private static BufferedWriter writer(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: AccessLogGenerator FILE[.gz] LINES [SITE]");
            System.exit(2);
        }
        long lines = Long.parseLong(args[1]);
        Counts counts = new AccessLogGenerator(42, args.length > 2 ? args[2] : "example.com", Instant.parse("2024-03-01T00:00:00Z"))
                .write(Path.of(args[0]), lines, lines / 1000);
        System.out.println(counts);
    }
}
