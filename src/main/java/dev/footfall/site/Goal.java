package dev.footfall.site;

/** A conversion goal: a custom event name, or a page path (with * wildcards), Plausible-style. */
public record Goal(long id, String site, Type type, String eventName, String pagePath, String displayName) {
    public enum Type { EVENT, PAGE }
}
