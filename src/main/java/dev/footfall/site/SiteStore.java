package dev.footfall.site;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where sites, their goals and the API keys are kept; implemented by each storage engine. */
public interface SiteStore {

    List<Site> sites();

    Optional<Site> site(String domain);

    /** Adds a site; false when the domain already exists. */
    boolean addSite(Site site);

    void updateSite(Site site);

    /** Deletes a site with all its events, sessions, rollups, goals, keys, members and links in one transaction, then its archive. */
    boolean deleteSite(String domain);

    /**
     * Moves a site and everything it has (events, sessions, rollups, archive, goals, keys, members,
     * invitations, shared links, custom properties) from {@code oldDomain} to {@code newDomain}
     * in one transaction, and records the change; {@code newDomain} must not be a site.
     */
    void renameSite(String oldDomain, String newDomain, Instant at);

    /** Every recorded domain change, the most recent last. */
    List<DomainChange> domainChanges();

    /** Deletes a site's events, sessions, rollups and archive, keeping the site and its settings. */
    void resetSite(String domain);

    List<Goal> goals(String domain);

    /** Adds a goal, or returns the existing identical one (Plausible's PUT is idempotent). */
    Goal putGoal(Goal goal);

    boolean deleteGoal(String domain, long goalId);

    /** The site's allowed custom properties (Plausible's allowed_event_props), by name. */
    List<String> customProps(String domain);

    /** Adds an allowed custom property; false when the site already has it. */
    boolean addCustomProp(String domain, String property);

    /** Removes an allowed custom property; false when the site did not have it. */
    boolean deleteCustomProp(String domain, String property);

    void addApiKey(String secretHash, ApiKey key);

    Optional<ApiKey> apiKey(String secretHash);

    List<ApiKey> apiKeys();

    /** Revokes a site's key by its prefix; false when the site has no such key. */
    boolean deleteApiKey(String domain, String prefix);
}
