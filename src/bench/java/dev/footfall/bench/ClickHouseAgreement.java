package dev.footfall.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether ClickHouse's answer to a panel ({@link ClickHousePanels}) is Footfall's: a timing of
 * ClickHouse means something only when it answered the same question. Rows are matched by their
 * labels and their metrics compared as the Stats API writes them (rounded).
 */
public final class ClickHouseAgreement {
    private ClickHouseAgreement() {}

    /** Footfall's {@code results} as rows: dimension labels as text, metrics as the API wrote them. */
    public static List<ClickHousePanels.Row> rows(JsonNode results) {
        List<ClickHousePanels.Row> rows = new ArrayList<>();
        for (JsonNode r : results) {
            List<String> dims = new ArrayList<>();
            for (JsonNode d : r.path("dimensions")) dims.add(d.asText());
            List<Number> metrics = new ArrayList<>();
            for (JsonNode m : r.path("metrics")) metrics.add(m.isIntegralNumber() ? (Number) m.asLong() : (Number) m.asDouble());
            rows.add(new ClickHousePanels.Row(dims, metrics));
        }
        return rows;
    }

    /**
     * One line per row on which the answers differ, naming the panel; empty when they agree. Rows
     * tied at a breakdown's tenth place may name different labels on the two sides: they differ here.
     */
    public static List<String> differences(String panel, List<ClickHousePanels.Row> footfall, List<ClickHousePanels.Row> clickhouse) {
        Map<List<String>, List<Double>> expected = byLabels(footfall), actual = byLabels(clickhouse);
        List<String> differences = new ArrayList<>();
        expected.forEach((labels, metrics) -> {
            List<Double> other = actual.get(labels);
            if (!metrics.equals(other)) {
                differences.add(panel + " " + labels + ": Footfall " + metrics + ", ClickHouse " + (other == null ? "no row" : other));
            }
        });
        actual.forEach((labels, metrics) -> {
            if (!expected.containsKey(labels)) differences.add(panel + " " + labels + ": Footfall no row, ClickHouse " + metrics);
        });
        return differences;
    }

    /** Metrics as doubles, so that a whole 0 and 0.0 compare equal. */
    private static Map<List<String>, List<Double>> byLabels(List<ClickHousePanels.Row> rows) {
        Map<List<String>, List<Double>> map = new LinkedHashMap<>();
        for (ClickHousePanels.Row r : rows) map.put(r.dimensions(), r.metrics().stream().map(Number::doubleValue).toList());
        return map;
    }
}
