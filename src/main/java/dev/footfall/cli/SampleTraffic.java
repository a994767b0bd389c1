package dev.footfall.cli;

import java.util.List;

/** Visitors' user agents and referrers for generated traffic: the ingest benchmark and the demo site. */
public final class SampleTraffic {
    /** Current desktop, tablet and mobile browsers: every one must pass the bot filter, or counts would not match. */
    public static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");

    /** Listed more than once = more frequent: most page views have no referrer. */
    public static final List<String> REFERRERS = List.of("", "", "", "https://www.google.com/", "https://www.google.co.uk/",
            "https://news.ycombinator.com/", "https://duckduckgo.com/", "https://github.com/footfall", "https://t.co/abc",
            "https://www.reddit.com/r/selfhosted/", "https://blog.example.org/post");

    private SampleTraffic() {}
}
