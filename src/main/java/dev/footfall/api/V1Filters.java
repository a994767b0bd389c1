package dev.footfall.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.footfall.query.Attribute;
import dev.footfall.site.Goal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Stats API v1 filters as v2 filters. The v1 syntax is {@code prop==value;prop!=value}: parts
 * are ANDed, {@code a|b} lists alternatives, {@code *} is a wildcard and {@code \|} a literal
 * pipe. Like Plausible, a filters parameter holding a JSON array is taken as v2 filters.
 */
final class V1Filters {
    private static final Pattern UNESCAPED_PIPE = Pattern.compile("(?<!\\\\)\\|");
    private static final String REGEX_SPECIAL = "\\.[]{}()+?^$|";
    static final String PROPERTIES_DOCS = "https://plausible.io/docs/stats-api#properties";
    private static final String GOALS_DOCS = "https://plausible.io/docs/stats-api#filtering-by-goals";

    private V1Filters() {}

    static ArrayNode parse(Optional<String> filters) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (filters.isEmpty() || filters.get().isBlank()) return out;
        String text = filters.get().strip();
        if (text.startsWith("[") || text.startsWith("{")) {
            Optional<JsonNode> json = json(text);
            if (json.isPresent() && json.get().isArray()) return (ArrayNode) json.get();
            if (json.isPresent()) {
                throw StatsV1Api.invalid("Invalid filters: use property==value;property!=value or a JSON array of Stats API v2 filters");
            }
        }
        for (String part : text.split(";")) {
            if (!part.isBlank()) out.add(condition(part.strip()));
        }
        return out;
    }

    private static Optional<JsonNode> json(String text) {
        try {
            return Optional.of(Json.MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** One {@code prop==value} or {@code prop!=value}; Plausible drops what it cannot read, Footfall says so. */
    private static ArrayNode condition(String part) {
        int is = part.indexOf("=="), isNot = part.indexOf("!=");
        int at = is < 0 ? isNot : isNot < 0 ? is : Math.min(is, isNot);
        String property = at < 0 ? "" : part.substring(0, at).strip();
        String value = at < 0 ? "" : part.substring(at + 2).strip();
        if (property.isEmpty() || value.isEmpty()) {
            throw StatsV1Api.invalid("Invalid filter '" + part + "': expected property==value or property!=value, joined by ;");
        }
        boolean negated = at == isNot;
        List<String> alternatives = List.of(UNESCAPED_PIPE.split(value, -1));
        ArrayNode condition = Json.MAPPER.createArrayNode();
        // Goal names are matched whole, as Plausible does: a * in one is not a wildcard.
        if (value.contains("*") && !property.equals("event:goal")) {
            condition.add(negated ? "matches_not" : "matches").add(property);
            ArrayNode regexes = condition.addArray();
            alternatives.forEach(v -> regexes.add(wildcardRegex(v)));
        } else {
            condition.add(negated ? "is_not" : "is").add(property);
            ArrayNode values = condition.addArray();
            alternatives.forEach(v -> values.add(v.replace("\\|", "|")));
        }
        return condition;
    }

    /** The whole value as a regex: {@code *} (and {@code **}) is any run of characters, all else literal. */
    static String wildcardRegex(String value) {
        StringBuilder regex = new StringBuilder("^");
        String literal = value.replace("\\|", "|");
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*') {
                while (i + 1 < literal.length() && literal.charAt(i + 1) == '*') i++;
                regex.append(".*");
            } else {
                if (REGEX_SPECIAL.indexOf(c) >= 0) regex.append('\\');
                regex.append(c);
            }
        }
        return regex.append('$').toString();
    }

    /** The properties the filters name, at any depth, in order. */
    static List<String> properties(JsonNode filters) {
        List<String> names = new ArrayList<>();
        conditions(filters, c -> names.add(c.get(1).asText()));
        return names;
    }

    /**
     * Plausible's v1 checks, before the v2 rules: every property is one v1 knows, and every goal
     * named by an is / is_not condition is configured.
     */
    static void check(JsonNode filters, List<Goal> goals) {
        conditions(filters, c -> {
            String property = c.get(1).asText();
            if (!validProperty(property)) {
                throw StatsV1Api.invalid("Invalid filter property '" + property + "'. Please provide a valid filter property: " + PROPERTIES_DOCS);
            }
            String op = c.get(0).asText();
            if (property.equals("event:goal") && (op.equals("is") || op.equals("is_not")) && c.size() > 2 && c.get(2).isArray()) {
                for (JsonNode name : c.get(2)) {
                    if (goals.stream().noneMatch(g -> g.displayName().equals(name.asText()))) throw goalNotConfigured(name.asText());
                }
            }
        });
    }

    private static ApiException goalNotConfigured(String name) {
        String what = name.startsWith("Visit ") ? "The pageview goal for the pathname `" + name.substring(6) + "`" : "The goal `" + name + "`";
        return StatsV1Api.invalid(what + " is not configured for this site. Find out how to configure goals here: " + GOALS_DOCS);
    }

    /**
     * The properties v1 filters and breakdowns take: Footfall's attributes (v2's names, hosts and
     * channel among them), goals and custom properties.
     */
    static boolean validProperty(String property) {
        if (property.startsWith("event:props:")) return property.length() > "event:props:".length();
        return property.equals("event:goal") || Attribute.byName(property).isPresent();
    }

    /** Each [op, property, ...] condition, inside and / or / not too; shapes v2 rejects are left to its parser. */
    private static void conditions(JsonNode filter, Consumer<JsonNode> each) {
        if (!filter.isArray() || filter.isEmpty() || !filter.get(0).isTextual() && !filter.get(0).isArray()) return;
        if (filter.get(0).isArray()) {
            filter.forEach(f -> conditions(f, each));
            return;
        }
        switch (filter.get(0).asText()) {
            case "and", "or", "not" -> { if (filter.size() == 2) conditions(filter.get(1), each); }
            default -> { if (filter.size() >= 2 && filter.get(1).isTextual()) each.accept(filter); }
        }
    }
}
