package dev.footfall.imported;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A Stats API v2 answer's results as "label|label=metric,metric" lines, for compact comparisons. */
final class ResultRows {
    private ResultRows() {}

    static List<String> of(JsonNode answer) {
        List<String> rows = new ArrayList<>();
        for (JsonNode r : answer.get("results")) {
            List<String> dims = new ArrayList<>();
            r.get("dimensions").forEach(d -> dims.add(d.asText()));
            List<String> metrics = new ArrayList<>();
            r.get("metrics").forEach(m -> metrics.add(m.asText()));
            rows.add(String.join("|", dims) + "=" + String.join(",", metrics));
        }
        return rows;
    }
}
