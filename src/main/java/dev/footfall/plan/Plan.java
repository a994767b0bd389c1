package dev.footfall.plan;

import dev.footfall.query.Aggregator;
import dev.footfall.query.Interval;
import dev.footfall.query.Subject;

import java.util.List;
import java.util.Map;

/**
 * How one query is answered: its range cut into parts, each served by one tier, in time order.
 *
 * @param keys for each subject the query reads, the rollup rows that serve it; empty when every
 *             part is raw
 */
public record Plan(List<Part> parts, Map<Subject, RollupKey> keys) {
    public Plan {
        parts = List.copyOf(parts);
        keys = Map.copyOf(keys);
        if (parts.isEmpty()) throw new IllegalArgumentException("a plan has at least one part");
        if (keys.isEmpty() && parts.stream().anyMatch(p -> p.tier() != Tier.RAW)) {
            throw new IllegalArgumentException("rollup parts need rollup keys");
        }
    }

    public static Plan raw(Interval interval) {
        return new Plan(List.of(new Part(Tier.RAW, interval)), Map.of());
    }

    public boolean rawOnly() {
        return parts.stream().allMatch(p -> p.tier() == Tier.RAW);
    }

    /** The parts as meta.explain reports them. */
    public List<Aggregator.Range> explained() {
        return parts.stream().map(p -> new Aggregator.Range(p.tier().label, p.interval())).toList();
    }

    /** The tiers used, most aggregated first, as one label: "rollup:month+rollup:day+raw". */
    public String tiers() {
        return String.join("+", parts.stream().map(Part::tier).distinct().sorted((a, b) -> b.compareTo(a)).map(t -> t.label).toList());
    }
}
