package dev.footfall.site;

import java.time.Duration;
import java.time.Instant;

/**
 * A site's earlier domain: events still sent under it count for the site it became until the
 * change is {@link #TRANSITION} old (Plausible's {@code domain_changed_from}), time enough to
 * update every snippet.
 */
public record DomainChange(String oldDomain, String newDomain, Instant changedAt) {
    /** Plausible's transition period for a changed domain: 72 hours. */
    public static final Duration TRANSITION = Duration.ofHours(72);

    /** Whether events sent under the old domain still count at {@code now}. */
    public boolean inTransition(Instant now) {
        return now.isBefore(changedAt.plus(TRANSITION));
    }
}
