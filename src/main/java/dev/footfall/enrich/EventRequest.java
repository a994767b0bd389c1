package dev.footfall.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validated Plausible Events API request. Short and long field names are both accepted
 * ({@code n}/{@code name}, {@code u}/{@code url}, {@code d}/{@code domain}, {@code r}/{@code referrer},
 * {@code p}/{@code props}, {@code i}/{@code interactive}, {@code h}/{@code hashMode},
 * {@code sd}/{@code scroll_depth}, {@code e}/{@code engagement_time}).
 *
 * @param domains      one or more sites; "a.com,b.com" fans the event out to both
 * @param props        custom properties; nested values are dropped, numbers and booleans kept as text
 * @param scrollDepth  engagement events: percent scrolled 0..100
 * @param engagementMs engagement events: milliseconds engaged
 */
public record EventRequest(String name, URI url, List<String> domains, String referrer, Map<String, String> props,
                           boolean interactive, boolean hashMode, Integer scrollDepth, Integer engagementMs) {

    /** Plausible's limit on event names. */
    public static final int MAX_NAME_CHARS = 120;
    /** Longer URLs are almost always tracking junk; Plausible caps them too. */
    public static final int MAX_URL_BYTES = 2000;
    public static final int MAX_REFERRER_BYTES = 2000;
    /** Property limits: enough for real use, small enough that one event cannot bloat a table. */
    public static final int MAX_PROPS = 30;
    public static final int MAX_PROP_KEY_BYTES = 300;
    public static final int MAX_PROP_VALUE_BYTES = 2000;
    /** One request may fan out to this many sites; more is a misconfiguration or abuse. */
    public static final int MAX_DOMAINS = 20;

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
        if (root == null || !root.isObject()) throw new InvalidEventException(Map.of("body", "must be a JSON object"));

        Map<String, String> errors = new LinkedHashMap<>();
        String name = text(root, "n", "name", errors);
        String url = text(root, "u", "url", errors);
        String domain = text(root, "d", "domain", errors);
        String referrer = text(root, "r", "referrer", errors);

        if (name == null || name.isBlank()) errors.putIfAbsent("name", "is required");
        else if (name.length() > MAX_NAME_CHARS) errors.put("name", "must be at most " + MAX_NAME_CHARS + " characters");

        URI uri = null;
        if (url == null || url.isBlank()) errors.putIfAbsent("url", "is required");
        else if (url.getBytes(StandardCharsets.UTF_8).length > MAX_URL_BYTES) errors.put("url", "must be at most " + MAX_URL_BYTES + " bytes");
        else {
            uri = parseUrl(url);
            if (uri == null) errors.put("url", "must be an absolute http or https URL");
        }

        List<String> domains = new ArrayList<>();
        if (domain == null || domain.isBlank()) errors.putIfAbsent("domain", "is required");
        else {
            Arrays.stream(domain.split(",")).map(String::strip).filter(d -> !d.isEmpty())
                    .map(d -> d.toLowerCase(Locale.ROOT)).distinct().forEach(domains::add);
            if (domains.isEmpty()) errors.put("domain", "is required");
            else if (domains.size() > MAX_DOMAINS) errors.put("domain", "names more than " + MAX_DOMAINS + " sites");
        }

        if (referrer != null && referrer.getBytes(StandardCharsets.UTF_8).length > MAX_REFERRER_BYTES) {
            errors.put("referrer", "must be at most " + MAX_REFERRER_BYTES + " bytes");
        }

        Map<String, String> props = props(field(root, "p", "props"), errors);
        boolean interactive = bool(root, "i", "interactive", true, errors);
        boolean hashMode = bool(root, "h", "hashMode", false, errors);
        Integer scrollDepth = integer(root, "sd", "scroll_depth", 0, 100, errors);
        Integer engagement = integer(root, "e", "engagement_time", 0, Integer.MAX_VALUE, errors);

        if (!errors.isEmpty()) throw new InvalidEventException(errors);
        return new EventRequest(name, uri, List.copyOf(domains), referrer, props, interactive, hashMode, scrollDepth, engagement);
    }

    /** Whether a body holds nothing but JSON whitespace (usually decided by its first byte). */
    private static boolean blank(byte[] body) {
        for (byte b : body) if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return false;
        return true;
    }

    private static URI parseUrl(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isEmpty()) return null;
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static JsonNode field(JsonNode root, String shortName, String longName) {
        JsonNode node = root.get(shortName);
        return node == null || node.isNull() ? root.get(longName) : node;
    }

    private static String text(JsonNode root, String shortName, String longName, Map<String, String> errors) {
        JsonNode node = field(root, shortName, longName);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) {
            errors.put(longName, "must be a string");
            return null;
        }
        return node.asText();
    }

    private static boolean bool(JsonNode root, String shortName, String longName, boolean absent, Map<String, String> errors) {
        JsonNode node = field(root, shortName, longName);
        if (node == null || node.isNull()) return absent;
        if (node.isBoolean()) return node.asBoolean();
        if (node.isNumber()) return node.asInt() != 0; // the tracker sends h: 1
        errors.put(longName, "must be a boolean");
        return absent;
    }

    private static Integer integer(JsonNode root, String shortName, String longName, int min, int max, Map<String, String> errors) {
        JsonNode node = field(root, shortName, longName);
        if (node == null || node.isNull()) return null;
        if (!node.isNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            errors.put(longName, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return node.asInt();
    }

    private static Map<String, String> props(JsonNode node, Map<String, String> errors) {
        if (node == null || node.isNull()) return Map.of();
        if (node.isTextual()) { // the old tracker sends props as a JSON string
            try {
                node = JSON.readTree(node.asText());
            } catch (JsonProcessingException e) {
                errors.put("props", "must be an object or a JSON string of one");
                return Map.of();
            }
        }
        if (node == null || !node.isObject()) {
            errors.put("props", "must be an object or a JSON string of one");
            return Map.of();
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (var entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (value.isContainerNode() || value.isNull()) continue; // nested values are dropped, as in Plausible
            String key = entry.getKey();
            String text = value.asText();
            if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_PROP_KEY_BYTES) {
                errors.put("props", "keys must be 1 to " + MAX_PROP_KEY_BYTES + " bytes");
                return Map.of();
            }
            if (text.getBytes(StandardCharsets.UTF_8).length > MAX_PROP_VALUE_BYTES) {
                errors.put("props", "value of '" + key + "' must be at most " + MAX_PROP_VALUE_BYTES + " bytes");
                return Map.of();
            }
            props.put(key, text);
        }
        if (props.size() > MAX_PROPS) {
            errors.put("props", "at most " + MAX_PROPS + " properties are allowed");
            return Map.of();
        }
        return props;
    }
}
