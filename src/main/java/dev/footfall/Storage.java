package dev.footfall;

import dev.footfall.account.AccountStore;
import dev.footfall.enrich.SaltStore;
import dev.footfall.events.EventReader;
import dev.footfall.imported.ImportStore;
import dev.footfall.query.ImportedStats;
import dev.footfall.loader.EventStore;
import dev.footfall.plan.StatsEngine;
import dev.footfall.retention.Archive;
import dev.footfall.rollup.RollupStore;
import dev.footfall.segment.SegmentStore;
import dev.footfall.site.SiteStore;

import java.util.Map;

/**
 * One storage engine as a whole: what each stage declares it needs from storage (beside the
 * stage: {@link SiteStore}, {@link SaltStore}, {@link EventStore}, {@link EventReader},
 * {@link AccountStore}, {@link SegmentStore}, {@link StatsEngine}, {@link RollupStore}, {@link Archive}), opened and
 * closed together. The embedded engine is {@code store/duckdb}; the server and the commands are
 * wired with one of these at start and hand each stage only its part.
 *
 * <p>Writes of events and session rows go through one {@link EventStore.EventWriter} owned by one
 * thread (the group committer); every other method may be called from any thread.
 */
public interface Storage extends SiteStore, SaltStore, EventStore, EventReader, AutoCloseable {

    /** Dashboard accounts, sessions, memberships and shared links. */
    AccountStore accounts();

    /** The sites' saved segments. */
    SegmentStore segments();

    /** The engine that answers Stats queries over the raw tables and the rollups. */
    StatsEngine stats();

    /** The warm tier's tables. */
    RollupStore rollups();

    /** The cold tier: raw months moved out of the hot tables, still read by every query. */
    Archive archive();

    /** Imports of Plausible history: the imported tables and the list of imports. */
    ImportStore imports();

    /** The imported tables as Stats queries read them. */
    ImportedStats importedStats();

    /** Health facts for /api/health: engine name and a few sizes. */
    Map<String, Object> health();

    @Override
    void close();
}
