package dev.footfall.site;

import dev.footfall.store.Storage;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sites, cached in memory for the ingest path (one lookup per event must not cost a query).
 * Every change goes through here so the cache stays exact.
 */
public final class SiteRegistry {
    private final Storage storage;
    private final Map<String, Site> byDomain = new ConcurrentHashMap<>();

    public SiteRegistry(Storage storage) {
        this.storage = storage;
        storage.sites().forEach(s -> byDomain.put(s.domain(), s));
    }

    private final java.util.List<java.util.function.Consumer<String>> changed = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Optional<Site> find(String domain) {
        return Optional.ofNullable(byDomain.get(domain));
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
        changed.forEach(c -> c.accept(domain));
        return deleted;
    }

    /** Tells {@code listener} the domain of every site updated or deleted (answers about it are stale). */
    public void onChange(java.util.function.Consumer<String> listener) {
        changed.add(listener);
    }
}
