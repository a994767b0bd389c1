package dev.footfall.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Realistic Events API requests for one site: skewed pages, a mix of referrers, real browser user
 * agents, a few custom events with properties, and client IPs spread over 10.0.0.0/8 (sent as
 * X-Forwarded-For; loopback is a trusted proxy by default) so visitors and sessions vary as on a
 * real site. The same mix is written in Lua for wrk (ingest.lua beside this class's resources).
 */
final class EventMix {
    /** Current desktop and mobile browsers: every one must pass the bot filter, or the counts would not match. */
    private static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0");
    /** Listed more than once = more frequent: most page views have no referrer or an internal one. */
    private static final List<String> REFERRERS = List.of("", "", "", "https://www.google.com/", "https://news.ycombinator.com/",
            "https://duckduckgo.com/", "https://github.com/footfall", "https://t.co/abc", "https://www.reddit.com/r/selfhosted/");
    private static final List<String> PAGES = List.of("/", "/", "/", "/pricing", "/docs", "/docs/install", "/docs/api",
            "/blog", "/blog/why-rollups", "/blog/privacy", "/about", "/contact", "/pricing?utm_source=newsletter&utm_medium=email");
    /** One request in this many is a custom event with properties rather than a page view. */
    private static final int CUSTOM_EVENT_EVERY = 20;

    private final String domain;

    EventMix(String domain) {
        this.domain = domain;
    }

    /** One complete HTTP/1.1 request (keep-alive) for {@code host}. */
    byte[] request(RandomGenerator random, String host) {
        String body = random.nextInt(CUSTOM_EVENT_EVERY) == 0
                ? "{\"n\":\"Signup\",\"u\":\"https://" + domain + "/pricing\",\"d\":\"" + domain + "\",\"p\":{\"plan\":\"pro\"}}"
                : "{\"n\":\"pageview\",\"u\":\"https://" + domain + pick(random, PAGES) + "\",\"d\":\"" + domain
                + "\",\"r\":\"" + pick(random, REFERRERS) + "\"}";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String ip = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
        String head = "POST /api/event HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: text/plain\r\nUser-Agent: "
                + pick(random, USER_AGENTS) + "\r\nX-Forwarded-For: " + ip + "\r\nContent-Length: " + bodyBytes.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, request, headBytes.length, bodyBytes.length);
        return request;
    }

    private static String pick(RandomGenerator random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
