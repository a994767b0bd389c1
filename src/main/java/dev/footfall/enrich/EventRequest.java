package dev.footfall.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated Plausible Events API request. Short and long field names are both accepted
 * ({@code n}/{@code name}, {@code u}/{@code url}, {@code d}/{@code domain}, {@code r}/{@code referrer},
 * {@code m}/{@code meta}/{@code p}/{@code props}, {@code i}/{@code interactive}, {@code h}/{@code hashMode},
 * {@code sd}/{@code scroll_depth}, {@code e}/{@code engagement_time}).
 *
 * <p>As lenient as Plausible's own ingestion ({@code Plausible.Ingestion.Request} in
 * lib/plausible/ingestion/request.ex): what Plausible accepts, trims or ignores is accepted, trimmed
 * or ignored here, so a client written against Plausible loses nothing; what Plausible answers 400
 * (an unreadable body, no or an over-long name, no or an over-long URL, a {@code data:} URL, no
 * domain to be had, an over-long property key or value, an engagement event with neither scroll
 * depth nor time) is answered 400 here too, naming the field.
 *
 * @param domains      one or more sites; "a.com,b.com" fans the event out to both
 * @param props        custom properties; nested values are dropped, numbers and booleans kept as text
 * @param scrollDepth  engagement events: percent scrolled 0..100
 * @param engagementMs engagement events: milliseconds engaged
 */
public record EventRequest(String name, URI url, List<String> domains, String referrer, Map<String, String> props,
                           boolean interactive, boolean hashMode, Integer scrollDepth, Integer engagementMs) {

    /** Plausible's limit on event names (validate_length(:event_name, max: 120)). */
    public static final int MAX_NAME_CHARS = 120;
    /** Longer URLs are almost always tracking junk; Plausible refuses them too (@max_url_size 2_000). */
    public static final int MAX_URL_BYTES = 2000;
    /** Plausible's limit on referrers, which it trims to rather than refusing the event. */
    public static final int MAX_REFERRER_BYTES = 2000;
    /** Plausible keeps the first 30 properties and drops the rest (@max_props 30). */
    public static final int MAX_PROPS = 30;
    /** Plausible's property limits (Plausible.Props): a longer key or value is a 400 there too. */
    public static final int MAX_PROP_KEY_BYTES = 300;
    public static final int MAX_PROP_VALUE_BYTES = 2000;
    /** One request may fan out to this many sites; more is a misconfiguration or abuse. */
    public static final int MAX_DOMAINS = 20;
    /**
     * Plausible ignores engaged times of 30 days or more (old trackers sent huge values); what is
     * left is capped at the largest the stored int holds (about 24.8 days), as unlikely as it is.
     */
    static final long MAX_ENGAGEMENT_MS = 30L * 24 * 3600 * 1000;
    /** The event whose scroll depth and engaged time count; Plausible reads sd and e only for it. */
    private static final String ENGAGEMENT = "engagement";
    /** Plausible refuses only this scheme: a data: URL is a document, not a page with an address. */
    private static final String DATA_SCHEME = "data";
    /** Characters browsers leave unescaped now and then but java.net.URI refuses; escaped before parsing. */
    private static final String UNSAFE_URL_CHARS = " \"<>\\^`{|}";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static EventRequest parse(byte[] body) throws InvalidEventException {
        if (blank(body)) throw new InvalidEventException(Map.of("body", "is empty: send the event as a JSON object"));
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidEventException(Map.of("body", "is not valid JSON"));
        } catch (java.io.IOException e) {
            throw new InvalidEventException(Map.of("body", "could not be read"));
        }
        // Plausible too refuses a body that is JSON but not an object ("malicious input, technically valid json").
        if (root == null || !root.isObject()) throw new InvalidEventException(Map.of("body", "must be a JSON object"));

        Map<String, String> errors = new LinkedHashMap<>();
        String name = name(field(root, "n", "name"), errors);
        URI uri = url(field(root, "u", "url"), errors);
        List<String> domains = domains(field(root, "d", "domain"), uri, errors);
        String referrer = referrer(field(root, "r", "referrer"));
        Map<String, String> props = props(propsField(root), errors);
        boolean interactive = interactive(field(root, "i", "interactive"));
        boolean hashMode = hashMode(field(root, "h", "hashMode"), errors);

        Integer scrollDepth = null;
        Integer engagement = null;
        if (ENGAGEMENT.equals(name)) {
            scrollDepth = scrollDepth(field(root, "sd", "scroll_depth"));
            engagement = engagementMs(field(root, "e", "engagement_time"));
            if (scrollDepth == null && engagement == null) {
                errors.put("name", "an engagement event needs a whole number in sd (scroll depth) or e (engaged milliseconds)");
            }
        }

        if (!errors.isEmpty()) throw new InvalidEventException(errors);
        return new EventRequest(name, uri, List.copyOf(domains), referrer, props, interactive, hashMode, scrollDepth, engagement);
    }

    /** Whether a body holds nothing but JSON whitespace (usually decided by its first byte). */
    private static boolean blank(byte[] body) {
        for (byte b : body) if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return false;
        return true;
    }

    /** A string, or an integer taken as its decimal text: Plausible accepts {@code n: 404} "for 404 tracking". */
    private static String name(JsonNode node, Map<String, String> errors) {
        String name;
        if (node == null || node.isNull()) name = null;
        else if (node.isTextual()) name = node.asText();
        else if (node.isIntegralNumber()) name = node.bigIntegerValue().toString();
        else {
            errors.put("name", "must be a string or an integer");
            return null;
        }
        if (name == null || name.isBlank()) errors.put("name", "is required");
        else if (name.length() > MAX_NAME_CHARS) errors.put("name", "must be at most " + MAX_NAME_CHARS + " characters");
        return name;
    }

    /**
     * Any URL but a {@code data:} one, as in Plausible: mobile apps send {@code app://localhost/login},
     * and a URL without a host is stored with the hostname "(none)".
     */
    private static URI url(JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) {
            errors.put("url", "is required");
            return null;
        }
        if (!node.isTextual()) {
            errors.put("url", "must be a string");
            return null;
        }
        String url = node.asText().strip();
        if (url.isEmpty()) {
            errors.put("url", "is required");
            return null;
        }
        if (url.getBytes(StandardCharsets.UTF_8).length > MAX_URL_BYTES) {
            errors.put("url", "must be at most " + MAX_URL_BYTES + " bytes");
            return null;
        }
        URI uri = parseUrl(url);
        if (uri == null) errors.put("url", "must be a valid URL");
        else if (DATA_SCHEME.equalsIgnoreCase(uri.getScheme())) {
            errors.put("url", "scheme is not allowed");
            return null;
        }
        return uri;
    }

    private static URI parseUrl(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            StringBuilder escaped = new StringBuilder(url.length() + 16);
            for (char c : url.toCharArray()) {
                if (UNSAFE_URL_CHARS.indexOf(c) >= 0) escaped.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
                else escaped.append(c);
            }
            try {
                return new URI(escaped.toString());
            } catch (URISyntaxException again) {
                return null;
            }
        }
    }

    /** The URL's host without "www.", or null when it has none (an opaque URL such as about:blank). */
    public static String host(URI uri) {
        if (uri == null) return null;
        String host = uri.getHost();
        if (host == null && uri.getRawAuthority() != null) {
            // A registry-based authority (an app scheme with "_" in its name, say): the host is what is left
            // without user info and port.
            host = uri.getRawAuthority().replaceFirst("^.*@", "").replaceFirst(":\\d*$", "");
        }
        if (host == null || host.isBlank()) return null;
        return Hosts.withoutWww(host.strip());
    }

    /**
     * Comma-separated sites; each trimmed and without "www.", as Plausible's sanitize_hostname does.
     * Absent (or not a string, which Plausible reads as absent), the site is the URL's host.
     */
    private static List<String> domains(JsonNode node, URI uri, Map<String, String> errors) {
        List<String> domains = new ArrayList<>();
        if (node == null || !node.isTextual()) {
            String host = host(uri);
            if (host != null) domains.add(host);
            else if (uri != null) errors.put("domain", "is required when the URL has no host");
            return domains;
        }
        Arrays.stream(node.asText().split(",")).map(String::strip).filter(d -> !d.isEmpty())
                .map(Hosts::withoutWww).distinct().forEach(domains::add);
        if (domains.isEmpty()) errors.put("domain", "must not be blank");
        else if (domains.size() > MAX_DOMAINS) errors.put("domain", "names more than " + MAX_DOMAINS + " sites");
        return domains;
    }

    /** Trimmed to {@link #MAX_REFERRER_BYTES} rather than refused ("truncates referrer when too long"); not a string: none. */
    private static String referrer(JsonNode node) {
        if (node == null || !node.isTextual()) return null;
        return truncate(node.asText(), MAX_REFERRER_BYTES);
    }

    /** The longest prefix of {@code text} that fits {@code maxBytes} of UTF-8, never splitting a character. */
    static String truncate(String text, int maxBytes) {
        if (text.length() <= maxBytes / 3) return text; // at most 3 bytes per UTF-16 unit: fits without counting
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) return text.substring(0, i);
            bytes += size;
            i += Character.charCount(cp);
        }
        return text;
    }

    /** Plausible reads m, meta, p, props, the first one present: the old tracker sent {@code m} for "meta". */
    private static JsonNode propsField(JsonNode root) {
        for (String name : List.of("m", "meta", "p", "props")) {
            JsonNode node = root.get(name);
            if (node != null && !node.isNull() && !(node.isBoolean() && !node.asBoolean())) return node;
        }
        return null;
    }

    /**
     * An object, or a JSON string of one (the old tracker's form); anything else is no properties,
     * as Plausible's decode_or_fallback has it. Nested values and blank keys or values are dropped,
     * the first {@link #MAX_PROPS} kept; an over-long key or value is a 400, as in Plausible.
     */
    private static Map<String, String> props(JsonNode node, Map<String, String> errors) {
        if (node == null) return Map.of();
        if (node.isTextual()) {
            try {
                node = JSON.readTree(node.asText());
            } catch (JsonProcessingException e) {
                return Map.of();
            }
        }
        if (node == null || !node.isObject()) return Map.of();
        Map<String, String> props = new LinkedHashMap<>();
        for (var entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (value.isContainerNode() || value.isNull()) continue;
            String key = entry.getKey();
            String text = value.asText();
            if (key.isBlank() || text.isBlank()) continue;
            if (props.size() == MAX_PROPS) break;
            if (key.getBytes(StandardCharsets.UTF_8).length > MAX_PROP_KEY_BYTES
                    || text.getBytes(StandardCharsets.UTF_8).length > MAX_PROP_VALUE_BYTES) {
                errors.put("props", "keys must be at most " + MAX_PROP_KEY_BYTES + " bytes and values " + MAX_PROP_VALUE_BYTES + " bytes ('"
                        + truncate(key, 40) + "')");
                return Map.of();
            }
            props.put(key, text);
        }
        return props;
    }

    private static JsonNode field(JsonNode root, String shortName, String longName) {
        JsonNode node = root.get(shortName);
        return node == null || node.isNull() ? root.get(longName) : node;
    }

    /** Only a boolean counts; anything else leaves the default, as Plausible ignores it. */
    private static boolean interactive(JsonNode node) {
        return node == null || !node.isBoolean() || node.asBoolean();
    }

    /**
     * Plausible casts h to an integer and keeps the fragment only for 1 (a non-number is a 400
     * there); Footfall also takes a boolean, as its tracker once sent one.
     */
    private static boolean hashMode(JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) return false;
        if (node.isBoolean()) return node.asBoolean();
        Long value = wholeNumber(node);
        if (value == null) {
            errors.put("hashMode", "must be 1, 0 or a boolean");
            return false;
        }
        return value == 1;
    }

    /** 0..100; more is clamped to 100 and anything else is "not measured", as in Plausible. */
    private static Integer scrollDepth(JsonNode node) {
        Long value = wholeNumber(node);
        if (value == null || value < 0) return null;
        return (int) Math.min(value, 100);
    }

    /** 0 up to (not including) 30 days; anything else is "not measured", as in Plausible. */
    private static Integer engagementMs(JsonNode node) {
        Long value = wholeNumber(node);
        if (value == null || value < 0 || value >= MAX_ENGAGEMENT_MS) return null;
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    /** An integer, or a string of one (Plausible's Integer.parse of sd and e); null for anything else. */
    private static Long wholeNumber(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (node.isIntegralNumber()) return node.canConvertToLong() ? node.asLong() : null;
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
