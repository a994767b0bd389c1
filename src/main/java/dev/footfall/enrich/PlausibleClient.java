package dev.footfall.enrich;

import dev.footfall.store.Event;
import nl.basjes.parse.useragent.UserAgent;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names Plausible stores for a person's browser, as Yauaa read it. Plausible classifies user
 * agents with Matomo's Device Detector (through UAInspector), renames a few of its browsers and
 * buckets its device types; Yauaa names the same things differently ("Mac OS", "Windows NT",
 * "Edge") and reports the versions of reduced user agents as unknown. Filters and breakdowns
 * written for Plausible ({@code visit:os is Mac}) must find the same visits, so every name is
 * Plausible's, and versions are read from the user agent as Device Detector reads them: the
 * version the text carries, cut to major.minor.
 */
final class PlausibleClient {
    private PlausibleClient() {}

    /** Plausible's name for a browser embedded in an app. */
    private static final String MOBILE_APP = "Mobile App";

    /** Yauaa's browser names where Device Detector's, after Plausible's renaming, differ. */
    private static final Map<String, String> BROWSERS = Map.of(
            "Edge", "Microsoft Edge",
            "SamsungBrowser", "Samsung Browser",
            "Opera Mobile", "Opera", // Plausible folds Opera Mobile and Opera Mini into Opera
            "Opera Mini", "Opera",
            "DuckDuckGo", "DuckDuckGo Privacy Browser",
            "Chrome Webview", MOBILE_APP); // Plausible's name for Android's embedded browser too

    /** Yauaa's operating system names where Device Detector's differ. */
    private static final Map<String, String> SYSTEMS = Map.of(
            "Windows NT", "Windows",
            "Mac OS", "Mac",
            "Linux", "GNU/Linux",
            // Yauaa knows Amazon's devices run Fire OS; their agents say Android, and so does Device Detector.
            "FireOS", "Android");

    /**
     * Plausible's three device buckets over Yauaa's device classes, following Plausible's buckets
     * over Device Detector's types: wearables are mobile, televisions and consoles desktop, e-readers
     * tablets. Anything else (smart speakers, unknown) has no device, as in Plausible.
     */
    private static final Map<String, String> DEVICES = Map.ofEntries(
            Map.entry("Desktop", "Desktop"),
            Map.entry("Phone", "Mobile"),
            Map.entry("Mobile", "Mobile"),
            Map.entry("Watch", "Mobile"),
            Map.entry("Virtual Reality", "Mobile"), // Device Detector lists headsets as wearables
            Map.entry("Tablet", "Tablet"),
            Map.entry("eReader", "Tablet"),
            Map.entry("TV", "Desktop"),
            Map.entry("Set-top box", "Desktop"),
            Map.entry("Game Console", "Desktop"),
            Map.entry("Handheld Game Console", "Desktop"));

    /** Windows NT kernel versions as Device Detector names them; Windows 11 still says NT 10.0. */
    private static final Map<String, String> WINDOWS = Map.of(
            "10.0", "10", "6.4", "10", "6.3", "8.1", "6.2", "8", "6.1", "7", "6.0", "Vista", "5.2", "Server 2003",
            "5.1", "XP", "5.0", "2000");

    private static final Pattern WINDOWS_NT = Pattern.compile("Windows NT (\\d+\\.\\d+)");
    private static final Pattern MAC = Pattern.compile("Mac OS X (\\d+(?:[_.]\\d+)+)");
    private static final Pattern IOS = Pattern.compile("(?:CPU OS|iPhone OS) (\\d+(?:_\\d+)*)");
    private static final Pattern ANDROID = Pattern.compile("Android[ /]?(\\d+(?:\\.\\d+)*)");
    private static final Pattern CHROME_OS = Pattern.compile("CrOS \\S+ (\\d+(?:\\.\\d+)+)");
    /** iPads run "iPadOS" from version 13 on, in Device Detector's naming. */
    private static final int FIRST_IPADOS = 13;

    static Event.Client of(UserAgent ua, String userAgent) {
        String os = os(known(ua.getValue(UserAgent.OPERATING_SYSTEM_NAME)), userAgent);
        return new Event.Client(DEVICES.getOrDefault(ua.getValue(UserAgent.DEVICE_CLASS), ""), browser(ua),
                browserVersion(ua, userAgent), os, osVersion(os, ua, userAgent));
    }

    private static String browser(UserAgent ua) {
        if (inApp(ua)) return MOBILE_APP;
        // iOS's embedded browser without a known app is, to Device Detector, Mobile Safari.
        if ("UIWebView".equals(ua.getValue(UserAgent.AGENT_NAME))) return "Safari";
        String name = known(ua.getValue(UserAgent.AGENT_NAME));
        return BROWSERS.getOrDefault(name, name);
    }

    /** A browser inside a known app (Facebook, Instagram): Plausible keeps no version for apps. */
    private static boolean inApp(UserAgent ua) {
        String app = ua.getValue(UserAgent.WEBVIEW_APP_NAME);
        return ua.getValue(UserAgent.AGENT_CLASS).equals("Browser Webview") && !known(app).isEmpty() && !app.startsWith("Unknown");
    }

    private static String browserVersion(UserAgent ua, String userAgent) {
        if (inApp(ua) || "UIWebView".equals(ua.getValue(UserAgent.AGENT_NAME))) return "";
        String version = known(ua.getValue(UserAgent.AGENT_VERSION));
        if (version.matches("\\d+")) {
            // Yauaa reports a reduced user agent's "131.0.0.0" as "131"; the text's own is "131.0"
            // (in a product token: "Mozilla/5.0" is no browser's version).
            Matcher m = Pattern.compile("(?<!Mozilla)/" + version + "\\.(\\d+)").matcher(userAgent);
            if (m.find()) version = version + "." + m.group(1);
        }
        return majorMinor(version);
    }

    private static String os(String yauaaName, String userAgent) {
        if (yauaaName.equals("iOS") && userAgent.contains("iPad")) {
            Matcher m = IOS.matcher(userAgent);
            if (m.find() && Integer.parseInt(m.group(1).split("_")[0]) >= FIRST_IPADOS) return "iPadOS";
        }
        return SYSTEMS.getOrDefault(yauaaName, yauaaName);
    }

    /** The version the user agent's text carries where Yauaa reads past it (frozen or reduced forms). */
    private static String osVersion(String os, UserAgent ua, String userAgent) {
        return switch (os) {
            case "Windows" -> first(WINDOWS_NT, userAgent).map(v -> WINDOWS.getOrDefault(v, "")).orElse("");
            case "Mac" -> majorMinor(first(MAC, userAgent).orElse("").replace('_', '.'));
            case "iOS", "iPadOS" -> majorMinor(first(IOS, userAgent).orElse("").replace('_', '.'));
            case "Android" -> majorMinor(first(ANDROID, userAgent).orElse(""));
            case "Chrome OS" -> majorMinor(first(CHROME_OS, userAgent).orElse(""));
            case "GNU/Linux" -> ""; // Device Detector reads no version from an ordinary desktop Linux agent
            default -> majorMinor(known(ua.getValue(UserAgent.OPERATING_SYSTEM_VERSION)).replace(">=", ""));
        };
    }

    private static Optional<String> first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Plausible keeps the first two parts of a version: "131.0.6778.104" is "131.0", "10" stays "10". */
    static String majorMinor(String version) {
        String[] parts = version.split("\\.", 3);
        return parts.length == 1 ? parts[0] : parts[0] + "." + parts[1];
    }

    private static String known(String value) {
        return value == null || value.startsWith("Unknown") || value.equals("??") ? "" : value;
    }
}
