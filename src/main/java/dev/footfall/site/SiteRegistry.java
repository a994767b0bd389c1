package dev.footfall.site;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The sites and their goals, cached in memory: ingest looks a site up for every event and each
 * Stats query reads the goals, and a round trip to the database costs about a millisecond. Every
 * change goes through here so the cache stays exact.
 */
public final class SiteRegistry {
    private final SiteStore storage;
    private final Map<String, Site> byDomain = new ConcurrentHashMap<>();
    private final Map<String, List<Goal>> goals = new ConcurrentHashMap<>();
    private final List<Consumer<String>> changed = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> dataDeleted = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> deleted = new CopyOnWriteArrayList<>();

    public SiteRegistry(SiteStore storage) {
        this.storage = storage;
        storage.sites().forEach(s -> byDomain.put(s.domain(), s));
    }

    public Optional<Site> find(String domain) {
        return Optional.ofNullable(byDomain.get(domain));
    }

    /** The site's goals (none for an unknown site). */
    public List<Goal> goals(String domain) {
        return goals.computeIfAbsent(domain, storage::goals);
    }

    /** Adds a goal, or returns the existing identical one. */
    public Goal putGoal(Goal goal) {
        Goal stored = storage.putGoal(goal);
        goalsChanged(goal.site());
        return stored;
    }

    public boolean deleteGoal(String domain, long goalId) {
        boolean deleted = storage.deleteGoal(domain, goalId);
        if (deleted) goalsChanged(domain);
        return deleted;
    }

    /** Goal definitions decide which events are conversions: answers about them are stale. */
    private void goalsChanged(String domain) {
        goals.remove(domain);
        changed.forEach(c -> c.accept(domain));
    }

    public boolean add(Site site) {
        if (!storage.addSite(site)) return false;
        byDomain.put(site.domain(), site);
        return true;
    }

    public void update(Site site) {
        storage.updateSite(site);
        byDomain.put(site.domain(), site);
        changed.forEach(c -> c.accept(site.domain()));
    }

    /** Removes the site first from ingest, then deletes it and all its data. */
    public boolean delete(String domain) {
        byDomain.remove(domain);
        boolean deleted = storage.deleteSite(domain);
        goals.remove(domain);
        changed.forEach(c -> c.accept(domain));
        dataDeleted.forEach(c -> c.accept(domain));
        this.deleted.forEach(c -> c.accept(domain));
        return deleted;
    }

    /** Deletes everything the site has counted, keeping the site and its settings. */
    public void reset(String domain) {
        storage.resetSite(domain);
        changed.forEach(c -> c.accept(domain));
        dataDeleted.forEach(c -> c.accept(domain));
    }

    /** Tells {@code listener} the domain of every site updated or deleted (answers about it are stale). */
    public void onChange(Consumer<String> listener) {
        changed.add(listener);
    }

    /** Tells {@code listener} the domain of every site whose stored events were deleted (reset or deleted). */
    public void onDataDeleted(Consumer<String> listener) {
        dataDeleted.add(listener);
    }

    /** Tells {@code listener} the domain of every site deleted, with its keys, members and links. */
    public void onDeleted(Consumer<String> listener) {
        deleted.add(listener);
    }
}
