package dev.footfall.journal;

import dev.footfall.store.Event;

/**
 * One record of the journal: an enriched event waiting for its visit and the store, or how far an
 * import got (loaded in the same store transaction as the events journaled before it).
 */
public sealed interface JournalEntry {

    /**
     * @param event             as enriched; its session id is assigned by the loader
     * @param previousVisitorId the visitor's id under yesterday's salt (0 if none): a visit that
     *                          crossed midnight continues under the id it started with
     */
    record Accepted(Event event, long previousVisitorId) implements JournalEntry {}

    /** Lines {@code 1..linesDone} of the file with this fingerprint are journaled for {@code site}. */
    record ImportProgress(String fingerprint, String site, String fileName, long linesDone) implements JournalEntry {}
}
