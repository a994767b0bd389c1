package dev.footfall.site;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
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
    private final List<BiConsumer<String, String>> renamed = new CopyOnWriteArrayList<>();
    /** Earlier domains of sites, by the old domain: ingest still takes them during the transition. */
    private final Map<String, DomainChange> formerDomains = new ConcurrentHashMap<>();
    private final Clock clock;

    public SiteRegistry(SiteStore storage) {
        this(storage, Clock.systemUTC());
    }

    public SiteRegistry(SiteStore storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
        storage.sites().forEach(s -> byDomain.put(s.domain(), s));
        storage.domainChanges().forEach(c -> formerDomains.put(c.oldDomain(), c));
    }

    public Optional<Site> find(String domain) {
        return Optional.ofNullable(byDomain.get(domain));
    }

    /**
     * The site an event sent for {@code domain} counts for: the site of that domain, or the site
     * that had it until a domain change less than {@link DomainChange#TRANSITION} ago.
     */
    public Optional<Site> forIngest(String domain) {
        Site site = byDomain.get(domain);
        if (site != null) return Optional.of(site);
        DomainChange change = formerDomains.get(domain);
        if (change == null || !change.inTransition(clock.instant())) return Optional.empty();
        return find(change.newDomain());
    }

    /** The change that made {@code domain} another site's former domain, while ingest still takes it for that site. */
    public Optional<DomainChange> formerDomain(String domain) {
        return Optional.ofNullable(formerDomains.get(domain)).filter(c -> c.inTransition(clock.instant()));
    }

    /**
     * Moves a site to a new domain with all its data. Events sent under either name count for the
     * renamed site from the start; {@code drained} must then wait until everything journaled under
     * the old name is stored, so no row is left behind under it. False (and nothing changed) when
     * it does not; {@link IllegalArgumentException} when the new domain is taken.
     */
    public synchronized boolean rename(String oldDomain, String newDomain, BooleanSupplier drained) {
        Site site = find(oldDomain).orElseThrow(() -> new IllegalArgumentException("'" + oldDomain + "' is no site"));
        Site moved = site.withDomain(newDomain);
        if (byDomain.putIfAbsent(newDomain, moved) != null) throw new IllegalArgumentException("'" + newDomain + "' already exists");
        Instant at = clock.instant();
        DomainChange change = new DomainChange(oldDomain, newDomain, at);
        DomainChange replaced = formerDomains.put(oldDomain, change);
        byDomain.remove(oldDomain);
        boolean done = false;
        try {
            if (!drained.getAsBoolean()) return false;
            storage.renameSite(oldDomain, newDomain, at);
            done = true;
        } finally {
            if (!done) {
                byDomain.put(oldDomain, site);
                byDomain.remove(newDomain);
                if (replaced == null) formerDomains.remove(oldDomain);
                else formerDomains.put(oldDomain, replaced);
            }
        }
        formerDomains.remove(newDomain);
        formerDomains.replaceAll((old, c) -> c.newDomain().equals(oldDomain) ? new DomainChange(old, newDomain, c.changedAt()) : c);
        goals.remove(oldDomain);
        goals.remove(newDomain);
        for (String domain : List.of(oldDomain, newDomain)) changed.forEach(c -> c.accept(domain));
        renamed.forEach(c -> c.accept(oldDomain, newDomain));
        return true;
    }

    /** The site's allowed custom properties, by name. */
    public List<String> customProps(String domain) {
        return storage.customProps(domain);
    }

    public boolean addCustomProp(String domain, String property) {
        return storage.addCustomProp(domain, property);
    }

    public boolean deleteCustomProp(String domain, String property) {
        return storage.deleteCustomProp(domain, property);
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

    public synchronized boolean add(Site site) {
        if (!storage.addSite(site)) return false;
        byDomain.put(site.domain(), site);
        formerDomains.remove(site.domain()); // a site of its own now: its events are its own
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
        formerDomains.values().removeIf(c -> c.newDomain().equals(domain));
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

    /** Tells {@code listener} the old and new domain of every site renamed, with its data, keys, members and links. */
    public void onRenamed(BiConsumer<String, String> listener) {
        renamed.add(listener);
    }

    /** Tells {@code listener} the domain of every site deleted, with its keys, members and links. */
    public void onDeleted(Consumer<String> listener) {
        deleted.add(listener);
    }
}
