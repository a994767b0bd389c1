package dev.footfall.enrich;

import dev.footfall.metrics.FootfallMetrics;

import java.util.List;

/** Runs the named steps in order, timing each, and stops at the first drop. */
public final class Enricher {
    private final List<Step> steps;
    private final FootfallMetrics metrics;

    public Enricher(List<Step> steps, FootfallMetrics metrics) {
        this.steps = List.copyOf(steps);
        this.metrics = metrics;
    }

    /** Enriches the draft in place; check {@link EventDraft#dropped()} afterwards. */
    public void enrich(EventDraft draft) {
        for (Step step : steps) {
            long start = System.nanoTime();
            step.apply(draft);
            metrics.stepTime(step.name(), System.nanoTime() - start);
            if (draft.dropped()) return;
        }
    }

    public List<String> stepNames() {
        return steps.stream().map(Step::name).toList();
    }
}
