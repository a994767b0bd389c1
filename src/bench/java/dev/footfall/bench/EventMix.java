package dev.footfall.bench;

import dev.footfall.cli.SampleTraffic;

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
    private static final List<String> USER_AGENTS = SampleTraffic.USER_AGENTS;
    private static final List<String> REFERRERS = SampleTraffic.REFERRERS;
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
