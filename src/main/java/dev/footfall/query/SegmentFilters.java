package dev.footfall.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Puts saved segments in place of their filter, {@code ["is", "segment", [id, ...]]}, before a
 * query is parsed, as Plausible resolves them: one segment at the top level becomes its own
 * filters (so a goal or hostname condition in it stays top-level), elsewhere {@code ["and",
 * filters]}; several ids are alternatives, {@code ["or", [["and", ...], ...]]}. What comes out
 * is parsed and bounded as if it had been sent, so a segment answers exactly what its filters do.
 */
public final class SegmentFilters {
    /** The filter's dimension. */
    public static final String DIMENSION = "segment";
    /** Plausible's bound on segment ids in one query: each brings up to a dashboard's worth of conditions. */
    public static final int MAX_SEGMENTS = 10;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SegmentFilters() {}

    /** Whether any filter, at any depth, is a segment. */
    public static boolean mentionsSegment(JsonNode filters) {
        for (JsonNode f : filters) if (mentions(f, 0)) return true;
        return false;
    }

    private static boolean mentions(JsonNode f, int depth) {
        if (!f.isArray() || f.size() < 2 || depth > QueryParser.MAX_FILTER_DEPTH) return false;
        if (isSegment(f)) return true;
        JsonNode inner = f.get(1);
        if (f.get(0).asText().equals("not")) return mentions(inner, depth + 1);
        if (inner.isArray() && (f.get(0).asText().equals("and") || f.get(0).asText().equals("or"))) {
            for (JsonNode part : inner) if (mentions(part, depth + 1)) return true;
        }
        return false;
    }

    private static boolean isSegment(JsonNode f) {
        return f.isArray() && f.size() >= 2 && f.get(1).isTextual() && f.get(1).asText().equals(DIMENSION);
    }

    /**
     * The body with its segment filters resolved; the body itself when it has none.
     *
     * @param segmentFilters the filters of the queried site's segment of that id, empty when the
     *                       site has none of that id
     */
    public static JsonNode expand(JsonNode body, LongFunction<Optional<JsonNode>> segmentFilters) {
        JsonNode filters = body.get("filters");
        if (filters == null || !filters.isArray() || !mentionsSegment(filters)) return body;
        Resolver resolver = new Resolver(segmentFilters);
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < filters.size(); i++) {
            JsonNode f = filters.get(i);
            try {
                if (isSegment(f) && resolver.ids(f).size() == 1) out.addAll((ArrayNode) resolver.filtersOf(resolver.ids(f).get(0).asLong()).deepCopy());
                else out.add(resolver.resolve(f, 0));
            } catch (QueryException e) {
                throw new QueryException("#/filters/" + i + ": " + e.getMessage());
            }
        }
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        copy.set("filters", out);
        return copy;
    }

    /** One query's resolution, counting the ids it meets against {@link #MAX_SEGMENTS}. */
    private static final class Resolver {
        private final LongFunction<Optional<JsonNode>> segmentFilters;
        private int seen;

        Resolver(LongFunction<Optional<JsonNode>> segmentFilters) {
            this.segmentFilters = segmentFilters;
        }

        JsonNode resolve(JsonNode f, int depth) {
            if (!f.isArray() || f.size() < 2 || depth > QueryParser.MAX_FILTER_DEPTH) return f; // the parser says what is wrong
            if (isSegment(f)) {
                ArrayNode ids = ids(f);
                if (ids.size() == 1) return and(filtersOf(ids.get(0).asLong()));
                ArrayNode alternatives = NODES.arrayNode();
                for (JsonNode id : ids) alternatives.add(and(filtersOf(id.asLong())));
                return NODES.arrayNode().add("or").add(alternatives);
            }
            String op = f.get(0).asText();
            if (op.equals("not")) return NODES.arrayNode().add("not").add(resolve(f.get(1), depth + 1));
            if ((op.equals("and") || op.equals("or")) && f.get(1).isArray()) {
                ArrayNode parts = NODES.arrayNode();
                for (JsonNode part : f.get(1)) parts.add(resolve(part, depth + 1));
                return NODES.arrayNode().add(op).add(parts);
            }
            return f;
        }

        /** The ids of a segment filter, checked: "is", a non-empty list of integers, within the bound. */
        ArrayNode ids(JsonNode f) {
            if (!f.get(0).asText().equals("is")) throw invalid(f, "a segment takes only the is operator");
            if (f.size() != 3 || !f.get(2).isArray() || f.get(2).isEmpty()) throw invalid(f, "expected [\"is\", \"segment\", [id, ...]]");
            ArrayNode ids = (ArrayNode) f.get(2);
            for (JsonNode id : ids) {
                if (!id.isIntegralNumber() || !id.canConvertToLong()) throw invalid(f, "segment ids are integers");
            }
            return ids;
        }

        JsonNode filtersOf(long id) {
            if (++seen > MAX_SEGMENTS) {
                throw new QueryException("Invalid filters. You can only use up to " + MAX_SEGMENTS + " segment filters in a query.");
            }
            return segmentFilters.apply(id)
                    .orElseThrow(() -> new QueryException("Invalid filters. Segment " + id + " does not exist on this site (or is not accessible)."));
        }

        private static JsonNode and(JsonNode filters) {
            return NODES.arrayNode().add("and").add(filters.deepCopy());
        }

        private static QueryException invalid(JsonNode f, String why) {
            String text = f.toString();
            return new QueryException("Invalid filter " + (text.length() <= 100 ? text : text.substring(0, 100) + "…") + " (" + why + ")");
        }
    }
}
