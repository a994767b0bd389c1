package dev.footfall.enrich;

import dev.footfall.store.Event;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Classifies user agents with Yauaa (cached), tells people from robots, and names people's
 * browsers as Plausible does ({@link PlausibleClient}). The user agent string is only read here;
 * it is never stored or logged.
 */
public final class UserAgents {
    static {
        // Yauaa logs through log4j-api; without this, log4j complains at start that it has no backend.
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
    }

    /**
     * Distinct user agents repeat heavily, so whole answers are cached: a Yauaa parse costs ~255 µs, and
     * even its own cache (~3 µs) plus the robot pattern was a fifth of the ingest CPU. Cleared when full,
     * which keeps it bounded without bookkeeping on the hot path.
     */
    private static final int CACHE_SIZE = 20_000;

    /** Yauaa device classes of crawlers, scanners and tools rather than people. */
    private static final Set<String> ROBOT_CLASSES = Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Spy");

    /** HTTP libraries and headless browsers, which Yauaa may classify as ordinary agents. */
    private static final Pattern NON_HUMAN = Pattern.compile(
            "headless|phantomjs|curl/|wget/|python-|go-http-client|okhttp|java/|java-http-client|libwww-perl"
                    + "|axios/|node-fetch|httpclient|scrapy|puppeteer|playwright|selenium|\\bbot\\b|crawler|spider");

    /**
     * One Yauaa analyzer per JVM: it holds a large matcher tree and parses under its own
     * lock, so every server, import and benchmark in a process shares it instead of building another
     * (test runs start dozens of servers in one JVM and ran out of heap with one each).
     */
    private static final class SharedAnalyzer {
        static final UserAgentAnalyzer INSTANCE = UserAgentAnalyzer.newBuilder()
                .hideMatcherLoadStats()
                .withoutCache() // answers are cached whole below
                .withFields(UserAgent.DEVICE_CLASS, UserAgent.AGENT_NAME, UserAgent.AGENT_VERSION, UserAgent.AGENT_CLASS,
                        UserAgent.OPERATING_SYSTEM_NAME, UserAgent.OPERATING_SYSTEM_VERSION, UserAgent.WEBVIEW_APP_NAME)
                .dropTests() // the rule set's own test cases: 24 MB of the live heap (146 -> 122 MB), never used here
                .immediateInitialization()
                .build();
    }

    private final UserAgentAnalyzer analyzer = SharedAnalyzer.INSTANCE;

    /**
     * Starts building the shared analyzer on a thread of its own: loading its rules is seconds of
     * CPU, most of a server's start, and a starting server opens its data directory meanwhile. The
     * first {@code new UserAgents()} waits for the build (the JVM's class initialization lock).
     */
    public static void loadRulesInBackground() {
        Thread.ofPlatform().name("footfall-user-agent-rules").daemon().start(() -> Objects.requireNonNull(SharedAnalyzer.INSTANCE));
    }

    /** Classified user agents; an empty answer is a robot. */
    private final Map<String, Optional<Event.Client>> answers = new ConcurrentHashMap<>();

    /** What the user agent says, or {@code null} when it is not a person's browser. */
    public Event.Client classify(String userAgent) {
        Optional<Event.Client> answer = answers.get(userAgent);
        if (answer == null) {
            if (answers.size() >= CACHE_SIZE) answers.clear();
            answer = Optional.ofNullable(parse(userAgent));
            answers.put(userAgent, answer);
        }
        return answer.orElse(null);
    }

    private Event.Client parse(String userAgent) {
        if (NON_HUMAN.matcher(userAgent.toLowerCase(Locale.ROOT)).find()) return null;
        UserAgent ua = analyzer.parse(userAgent);
        String deviceClass = ua.getValue(UserAgent.DEVICE_CLASS);
        if (ROBOT_CLASSES.contains(deviceClass) || ua.getValue(UserAgent.AGENT_CLASS).startsWith("Robot")
                || "Hacker".equals(ua.getValue(UserAgent.AGENT_CLASS))) return null;
        return PlausibleClient.of(ua, userAgent);
    }
}
