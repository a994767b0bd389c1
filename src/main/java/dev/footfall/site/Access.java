package dev.footfall.site;

/**
 * What the sender of a request may do: an API key, a logged-in user, or a shared link's visitor.
 * Every API asks this, never the kind of credential.
 */
public interface Access {
    /** Dashboards and the Stats APIs of the site. */
    boolean canSee(String domain);

    /** The site's raw events and their export. */
    boolean canReadEvents(String domain);

    /** Settings, goals, members, keys, shared links, and deleting data. */
    boolean canAdmin(String domain);

    boolean canAddSites();

    /**
     * Whether a Stats query may explain itself ({@code include.explain}): the explanation shows
     * the SQL run and paths in the data directory, which are for those who run the site, not for
     * its viewers or a shared link's visitors.
     */
    default boolean canExplain(String domain) {
        return canAdmin(domain);
    }
}
