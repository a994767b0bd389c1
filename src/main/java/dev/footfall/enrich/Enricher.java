package dev.footfall.enrich;

import dev.footfall.metrics.FootfallMetrics;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

import java.util.List;

/** Runs the named steps in order, timing each, and stops at the first drop. */
public final class Enricher {
    private final List<Step> steps;
    /** Each step's timing series, by the step's index. */
    private final List<DistributionDataPoint> timers;

    public Enricher(List<Step> steps, FootfallMetrics metrics) {
        this.steps = List.copyOf(steps);
        this.timers = this.steps.stream().map(step -> metrics.stepTimer(step.name())).toList();
    }

    /** Enriches the draft in place; check {@link EventDraft#dropped()} afterwards. */
    public void enrich(EventDraft draft) {
        for (int i = 0; i < steps.size(); i++) {
            long start = System.nanoTime();
            steps.get(i).apply(draft);
            timers.get(i).observe((System.nanoTime() - start) / 1e9);
            if (draft.dropped()) return;
        }
    }

    public List<String> stepNames() {
        return steps.stream().map(Step::name).toList();
    }
}
