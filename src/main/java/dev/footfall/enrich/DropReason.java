package dev.footfall.enrich;

/**
 * Why an event was deliberately not stored. The request is still answered 202: the sender did
 * nothing wrong that it could fix, and telling a bot it was spotted only teaches it to hide.
 * The reason is named in the {@code X-Footfall-Dropped} header and counted in /metrics.
 */
public enum DropReason {
    /** The domain names no site registered here. */
    UNKNOWN_SITE,
    /** The page's hostname is not in the site's allowed hostnames. */
    DISALLOWED_HOSTNAME,
    /** The referrer is on the bundled referrer-spam list. */
    SPAM_REFERRER,
    /** The user agent is a crawler, a headless browser or an HTTP library, not a person. */
    BOT,
    /** An engagement ping arrived for a visit that does not exist (Plausible drops these too). */
    NO_SESSION_FOR_ENGAGEMENT;

    /** The lower-case form used in headers and metric labels. */
    public String label() {
        return name().toLowerCase();
    }
}
