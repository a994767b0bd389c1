package dev.footfall.enrich;

/**
 * One named step of the enrichment pipeline. A step fills in part of the draft or drops it with a
 * {@link DropReason}; the pipeline stops at the first drop.
 */
public interface Step {
    /** A short name, used for the per-step timing in /metrics. */
    String name();

    void apply(EventDraft draft);
}
