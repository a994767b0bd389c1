package dev.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holds the planner's answers and fails loudly when the raw tier answers any of the same queries
 * differently: a benchmark that timed wrong answers would measure nothing.
 */
public final class TierCheck {
    /** Takes one query's answer ({@code results}), named by the query. */
    public interface Sink {
        void accept(String query, JsonNode results) throws Exception;
    }

    private final Map<String, JsonNode> expected = new LinkedHashMap<>();
    private int compared;

    /** Records the planner's answer to a query. */
    public void expect(String query, JsonNode results) {
        expected.put(query, results);
    }

    /** Checks the raw tier's answer against the planner's; throws with both when they differ or the planner's is missing. */
    public void compare(String query, JsonNode results) {
        JsonNode planned = expected.get(query);
        if (planned == null) throw new IllegalStateException("no planner answer to compare for " + query);
        if (!planned.equals(results)) {
            throw new IllegalStateException("planner and raw-only answers differ for " + query + "\nplanner:  " + planned + "\nraw-only: " + results);
        }
        compared++;
    }

    public int compared() {
        return compared;
    }
}
