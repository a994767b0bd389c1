package dev.footfall.importer;

import dev.footfall.enrich.DropReason;

/** Why a well-formed log line did not become a pageview. The first reason that applies is counted. */
public enum SkipReason {
    STATUS("status not 2xx or 3xx"),
    NOT_GET("not a GET request"),
    /** Stylesheets, scripts, images, fonts, feeds, downloads: no tracker runs there, so live traffic would not count them. */
    STATIC_ASSET("static asset or file"),
    /** The live Events API would refuse the request with 400. */
    TOO_LONG("URL or referrer too long"),
    BOT("bot or HTTP library"),
    SPAM_REFERRER("spam referrer"),
    DISALLOWED_HOSTNAME("hostname not allowed for the site");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The skip reason for an enrichment drop; an import only ever sees pageviews for one known site. */
    static SkipReason of(DropReason reason) {
        return switch (reason) {
            case BOT -> BOT;
            case SPAM_REFERRER -> SPAM_REFERRER;
            case DISALLOWED_HOSTNAME -> DISALLOWED_HOSTNAME;
            case UNKNOWN_SITE, NO_SESSION_FOR_ENGAGEMENT ->
                    throw new IllegalStateException("an import cannot cause " + reason + ": the site was checked and there are no engagement events");
        };
    }
}
