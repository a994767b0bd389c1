package dev.footfall.session;

import java.util.HashMap;
import java.util.Map;

/**
 * One shared instance per distinct value (site, page, referrer, location, client, ...) for the
 * open visits. Every journal entry decodes into fresh strings and records, and an open visit
 * keeps them for half an hour: without sharing, each visit held ~760 bytes of copies of values
 * that take a few hundred distinct forms on a site.
 *
 * <p>Bounded: when {@value #MAX_VALUES} values are held it starts afresh (values already shared
 * stay shared by the visits holding them), so high-cardinality values such as unique page paths
 * cost at most that many entries. Confined to the tracker's thread.
 */
final class Interner {
    /** A few megabytes of map: far beyond the distinct pages, referrers and clients of a busy site's half hour. */
    static final int MAX_VALUES = 50_000;

    private final Map<Object, Object> values = new HashMap<>();

    @SuppressWarnings("unchecked")
    <T> T of(T value) {
        if (value == null) return null;
        Object shared = values.get(value);
        if (shared != null) return (T) shared;
        if (values.size() >= MAX_VALUES) values.clear();
        values.put(value, value);
        return value;
    }

    int size() {
        return values.size();
    }
}
