package dev.footfall.enrich;

import java.net.URI;

/**
 * Turns the referrer into a source: a known name from the bundled map, else the referring host.
 * A referral from the site's own hostnames is internal navigation, not a source. UTM source (or
 * the {@code source}/{@code ref} parameters) wins over the referrer, as in Plausible. Spam
 * referrers drop the event.
 */
public final class ReferrerSource implements Step {
    private final ReferrerSources sources;

    public ReferrerSource(ReferrerSources sources) {
        this.sources = sources;
    }

    @Override
    public String name() {
        return "referrer_source";
    }

    @Override
    public void apply(EventDraft draft) {
        String referrer = draft.request.referrer();
        String host = "";
        if (referrer != null && !referrer.isBlank()) {
            try {
                host = Hosts.withoutWww(URI.create(referrer.strip()).getHost());
            } catch (IllegalArgumentException notAUrl) {
                host = ""; // an unparseable referrer counts as none
            }
        }
        if (!host.isEmpty() && sources.isSpam(host)) {
            draft.drop(DropReason.SPAM_REFERRER);
            return;
        }
        boolean internal = host.equals(draft.hostname) || host.equals(Hosts.withoutWww(draft.site.domain()))
                || draft.site.allowedHostnames().contains(host);
        if (!host.isEmpty() && !internal) {
            draft.referrer = referrer.strip();
            draft.referrerSource = sources.sourceOf(host).orElse(host);
        }
        var query = PageUrl.queryParameters(draft.request.url().getRawQuery());
        String tagged = query.getOrDefault("utm_source", query.getOrDefault("source", query.getOrDefault("ref", "")));
        if (!tagged.isBlank()) draft.referrerSource = sources.sourceOf(tagged.toLowerCase()).orElse(tagged);
    }
}
