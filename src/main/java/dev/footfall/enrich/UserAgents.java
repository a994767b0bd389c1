package dev.footfall.enrich;

import dev.footfall.store.Event;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Classifies user agents with Yauaa (cached), and tells people from robots. The user agent string
 * is only read here; it is never stored or logged.
 */
public final class UserAgents {
    static {
        // Yauaa logs through log4j-api; without this, log4j complains at start that it has no backend.
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
    }

    /** Yauaa's cache: distinct user agents repeat heavily, and a cached parse costs ~3 µs instead of ~255 µs. */
    private static final int CACHE_SIZE = 20_000;

    /** Yauaa device classes of crawlers, scanners and tools rather than people. */
    private static final Set<String> ROBOT_CLASSES = Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Spy");

    /** HTTP libraries and headless browsers, which Yauaa may classify as ordinary agents. */
    private static final Pattern NON_HUMAN = Pattern.compile(
            "headless|phantomjs|curl/|wget/|python-|go-http-client|okhttp|java/|java-http-client|libwww-perl"
                    + "|axios/|node-fetch|httpclient|scrapy|puppeteer|playwright|selenium|\\bbot\\b|crawler|spider");

    private final UserAgentAnalyzer analyzer = UserAgentAnalyzer.newBuilder()
            .hideMatcherLoadStats()
            .withCache(CACHE_SIZE)
            .withFields(UserAgent.DEVICE_CLASS, UserAgent.AGENT_NAME, UserAgent.AGENT_VERSION_MAJOR, UserAgent.AGENT_CLASS,
                    UserAgent.OPERATING_SYSTEM_NAME, UserAgent.OPERATING_SYSTEM_VERSION_MAJOR)
            .immediateInitialization()
            .build();

    /** What the user agent says, or {@code null} when it is not a person's browser. */
    public Event.Client classify(String userAgent) {
        if (NON_HUMAN.matcher(userAgent.toLowerCase(Locale.ROOT)).find()) return null;
        UserAgent ua = analyzer.parse(userAgent);
        String deviceClass = ua.getValue(UserAgent.DEVICE_CLASS);
        if (ROBOT_CLASSES.contains(deviceClass) || ua.getValue(UserAgent.AGENT_CLASS).startsWith("Robot")
                || "Hacker".equals(ua.getValue(UserAgent.AGENT_CLASS))) return null;
        return new Event.Client(device(deviceClass), known(ua.getValue(UserAgent.AGENT_NAME)),
                known(ua.getValue(UserAgent.AGENT_VERSION_MAJOR)), known(ua.getValue(UserAgent.OPERATING_SYSTEM_NAME)),
                known(ua.getValue(UserAgent.OPERATING_SYSTEM_VERSION_MAJOR)));
    }

    /** Plausible's three device buckets, plus Yauaa's own name for the rest (TV, Watch, Game Console). */
    private static String device(String deviceClass) {
        return switch (deviceClass) {
            case "Desktop" -> "Desktop";
            case "Phone", "Mobile" -> "Mobile";
            case "Tablet" -> "Tablet";
            default -> known(deviceClass);
        };
    }

    private static String known(String value) {
        return value == null || value.startsWith("Unknown") || value.equals("??") ? "" : value;
    }
}
